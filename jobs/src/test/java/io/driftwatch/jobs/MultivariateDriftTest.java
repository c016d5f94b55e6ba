package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multivariate drift end to end (issue 24, docs/guide/drift.md "Multivariate drift"): a fraud model
 * whose features {@code amount_z} and {@code velocity} are correlated +0.8 for six days and −0.8 from
 * the seventh, every marginal unchanged, beside a model where nothing changes. Three reference days,
 * seven analyzed; run at parallelism 1, 2 and 4. The fraud model is segmented by country, each segment
 * with its own multivariate row ({@code drift.multivariate_segments}).
 */
class MultivariateDriftTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir
    static Path dir;
    static final long DAY = 86_400_000L;
    static final int CHANGE_DAY = 6;

    @BeforeAll
    static void analyze() throws Exception {
        Random r = new Random(24);
        long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        List<String> log = new ArrayList<>();
        String[] countries = {"DE", "FR", "US"};
        int id = 0;
        for (int day = 0; day < 10; day++) {
            for (String model : new String[] {"fraud", "stable"}) {
                for (int i = 0; i < 1500; i++) {
                    double a = r.nextGaussian(), e = r.nextGaussian();
                    double rho = model.equals("fraud") && day >= CHANGE_DAY ? -0.8 : 0.8;
                    double b = rho * a + Math.sqrt(1 - rho * rho) * e;
                    double c = 5 + 2 * r.nextGaussian();
                    double d = Math.exp(r.nextGaussian());
                    log.add(String.format(Locale.ROOT, "{\"prediction_id\":\"%s-%d\",\"timestamp\":\"%s\",\"model\":\"%s\","
                            + "\"features\":{\"amount_z\":%.4f,\"velocity\":%.4f,\"tenure\":%.3f,\"basket\":%.3f,"
                            + "\"country\":\"%s\"},\"prediction\":%.3f}", model, id++,
                            Instant.ofEpochMilli(start + day * DAY + r.nextInt((int) DAY)), model, a, b, c, d,
                            countries[r.nextInt(3)], r.nextDouble()));
                }
            }
        }
        Path input = Files.write(dir.resolve("log.jsonl"), log);
        // the fraud model by country too, with each segment's own multivariate row
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                window: 1d
                drift: {multivariate_segments: true}
                models:
                  fraud: {segments: [country]}
                """);
        for (String p : new String[] {"1", "2", "4"}) {
            assertThat(Cli.run("analyze", "--config", config, "--input", input, "--from", "2026-11-04", "--to", "2026-11-11",
                    "--reference-from", "2026-11-01", "--reference-to", "2026-11-04", "--output", dir.resolve("out-" + p),
                    "--parallelism", p)).isZero();
        }
    }

    @Test
    void aCorrelationChangeIsFoundFromItsFirstWindowAndNoSingleColumnMoves() throws Exception {
        try (Duck duck = new Duck()) {
            String drift = Duck.table(dir.resolve("out-2"), "feature_drift");
            List<Map<String, Object>> joint = duck.rows("select model, strftime(window_start, '%Y-%m-%d') as day, drifted,"
                    + " statistic, threshold, p_value, note from " + drift + " where feature = '__multivariate__' and segment = '__all__'"
                    + " order by model, day");
            assertThat(joint).hasSize(14);
            joint.forEach(j -> System.out.println("multivariate: " + j));
            // drift.multivariate_segments: each country of the fraud model (about 500 records a day) finds the flip too
            List<Map<String, Object>> segments = duck.rows("select segment, strftime(window_start, '%Y-%m-%d') as day,"
                    + " drifted from " + drift + " where feature = '__multivariate__' and segment <> '__all__' order by all");
            assertThat(segments).hasSize(3 * 7);
            for (Map<String, Object> s : segments) {
                assertThat(s.get("drifted")).as(s.toString()).isEqualTo(((String) s.get("day")).compareTo("2026-11-07") >= 0);
            }
            for (Map<String, Object> j : joint) {
                boolean changed = j.get("model").equals("fraud") && ((String) j.get("day")).compareTo("2026-11-07") >= 0;
                assertThat(j.get("drifted")).as(j.toString()).isEqualTo(changed);
            }
            // no single column of either whole model drifted in any window (segments' univariate tests are held to
            // the level per segment, not split over the segments: with 3 countries × 7 days × 6 columns, a few
            // chance findings there are expected — seen: 3 on one day — and are not this test's subject)
            assertThat(duck.rows("select segment, feature, strftime(window_start, '%Y-%m-%d') as day, method, p_value,"
                    + " p_value_adjusted from " + drift + " where drifted and feature <> '__multivariate__'"
                    + " and segment = '__all__'")).isEmpty();
            // the decision names the joint move on exactly the changed days
            List<Map<String, Object>> signals = duck.rows("select model, strftime(window_start, '%Y-%m-%d') as day,"
                    + " decision, cast(reasons as varchar) as reasons from "
                    + Duck.table(dir.resolve("out-2"), "retraining_signals") + " order by model, day");
            for (Map<String, Object> s : signals) {
                boolean changed = s.get("model").equals("fraud") && ((String) s.get("day")).compareTo("2026-11-07") >= 0;
                assertThat(((String) s.get("reasons")).contains("the numeric features moved together")).as(s.toString())
                        .isEqualTo(changed);
                if (changed) assertThat(s.get("decision")).isEqualTo("INVESTIGATE");
            }
        }
    }

    @Test
    void theTablesAreByteIdenticalAtParallelismOneTwoAndFour() throws Exception {
        try (Duck duck = new Duck()) {
            for (String table : List.of("feature_profiles", "feature_drift", "retraining_signals")) {
                String one = duck.comparable(dir.resolve("out-1"), table);
                assertThat(one).as(table).contains("__multivariate__").isNotEqualTo("[]");
                assertThat(duck.comparable(dir.resolve("out-2"), table)).as(table).isEqualTo(one);
                assertThat(duck.comparable(dir.resolve("out-4"), table)).as(table).isEqualTo(one);
            }
        }
    }
}
