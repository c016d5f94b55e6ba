package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model_versions} (issue 23) on a planted canary rollout: v2.0 alone on day 1, v2.1 on the
 * {@code canary} endpoint at 10 % on day 2 and 50 % on days 3 and 4, alone on day 5. The canary is
 * worse (accuracy 0.78 against 0.90) on days 2 and 3, as good on day 4. Shares, first and last seen
 * against DuckDB's own count of the input; {@code worse} and the reason on days 2 and 3 only.
 */
class ModelVersionsTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir Path dir;

    private static final long DAY = 86_400_000L;

    @Test
    void aCanaryRolloutIsVisibleAndAWorseCanaryIsFlaggedOnlyWhereItIsWorse() throws Exception {
        Random r = new Random(2310);
        long start = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
        double[] canaryShare = {0, 0.1, 0.5, 0.5, 1};
        boolean[] canaryWorse = {false, true, true, false, false};
        List<String> log = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            for (int i = 0; i < 3000; i++) {
                long t = start + day * DAY + (long) i * (DAY / 3000) + r.nextInt(1000);
                boolean canary = r.nextDouble() < canaryShare[day];
                double accuracy = canary && canaryWorse[day] ? 0.78 : 0.90;
                int label = r.nextInt(2);
                boolean correct = r.nextDouble() < accuracy;
                double score = Math.round(((label == 1) == correct ? 0.5 + 0.5 * r.nextDouble() : 0.5 * r.nextDouble())
                        * 1000) / 1000.0;
                log.add(String.format(Locale.ROOT, "{\"prediction_id\":\"p%d-%d\",\"timestamp\":\"%s\",\"model\":\"ranker\","
                        + "\"model_version\":\"%s\",\"endpoint\":\"%s\",\"latency_ms\":%d,\"features\":{\"x\":%.3f},"
                        + "\"prediction\":%s,\"label\":%d}", day, i, Instant.ofEpochMilli(t), canary ? "v2.1" : "v2.0",
                        canary ? "canary" : "default", 10 + r.nextInt(30), r.nextDouble(), score, label));
            }
        }
        Path input = Files.write(dir.resolve("ranker.jsonl"), log);
        Path config = Files.writeString(dir.resolve("c.yaml"),
                "window: 1d\nmodels: {ranker: {task: binary_classification}}\ndrift: {enabled: false}\n");
        Path out = dir.resolve("out");
        assertThat(Cli.run("analyze", "--config", config, "--input", input, "--from", "2026-10-01", "--to", "2026-10-06",
                "--output", out, "--parallelism", "2")).isZero();

        try (Duck duck = new Duck()) {
            List<Map<String, Object>> expected = duck.rows("""
                    with v as (select date_trunc('day', cast(timestamp as timestamp)) as d, model_version, endpoint,
                                      count(*) as n, min(cast(timestamp as timestamp)) as first, max(cast(timestamp as timestamp)) as last
                               from read_json_auto('%s') group by all)
                    select d, model_version, endpoint, n, n * 1.0 / sum(n) over (partition by d) as share,
                           epoch_ms(first) as first, epoch_ms(last) as last from v order by d, model_version""".formatted(input));
            List<Map<String, Object>> actual = duck.rows("select window_start, model_version, endpoint, prediction_count,"
                    + " traffic_share, epoch_ms(first_seen) as first, epoch_ms(last_seen) as last, baseline_version, worse,"
                    + " note from " + Duck.table(out, "model_versions") + " order by window_start, model_version");
            assertThat(actual).hasSize(expected.size()).hasSize(8);
            for (int i = 0; i < expected.size(); i++) {
                Map<String, Object> e = expected.get(i), a = actual.get(i);
                assertThat(a.get("model_version")).isEqualTo(e.get("model_version"));
                assertThat(a.get("endpoint")).isEqualTo(e.get("endpoint"));
                assertThat(((Number) a.get("prediction_count")).longValue()).isEqualTo(((Number) e.get("n")).longValue());
                assertThat((Double) a.get("traffic_share")).isCloseTo(((Number) e.get("share")).doubleValue(), within(1e-12));
                assertThat(((Number) a.get("first")).longValue()).isEqualTo(((Number) e.get("first")).longValue());
                assertThat(((Number) a.get("last")).longValue()).isEqualTo(((Number) e.get("last")).longValue());
            }
            assertThat(duck.rows("select strftime(window_start, '%Y-%m-%d') as day, model_version, baseline_version from "
                    + Duck.table(out, "model_versions") + " where worse order by all").toString()).isEqualTo(
                    "[{day=2026-10-02, model_version=v2.1, baseline_version=v2.0},"
                            + " {day=2026-10-03, model_version=v2.1, baseline_version=v2.0}]");
            // day 3: 50/50, the baseline is the larger of the two; day 4 alike: compared, not flagged
            assertThat(duck.value("select note from " + Duck.table(out, "model_versions")
                    + " where window_start = '2026-10-04' and baseline_version is not null").toString())
                    .startsWith("no difference from");
            List<Map<String, Object>> signals = duck.rows("select strftime(window_start, '%Y-%m-%d') as day, model_version,"
                    + " decision, cast(reasons as varchar) as reasons from " + Duck.table(out, "retraining_signals")
                    + " order by all");
            for (Map<String, Object> s : signals) {
                String reasons = (String) s.get("reasons");
                boolean flagged = "v2.1".equals(s.get("model_version"))
                        && ("2026-10-02".equals(s.get("day")) || "2026-10-03".equals(s.get("day")));
                assertThat(reasons.contains("v2.1 (canary, ")).as(s.toString()).isEqualTo(flagged);
                if (flagged) {
                    assertThat(reasons).containsPattern("v2\\.1 \\(canary, \\d+ %\\) accuracy -\\d+\\.\\d points vs v2\\.0, p = ");
                    assertThat(s.get("decision")).isNotEqualTo("OK");
                }
            }
        }
        // the report's versions chart: both versions' shares, by endpoint
        assertThat(Cli.run("report", "--output", out)).isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("id=\"m0-versions\" data-versions=\"2\"").contains("v2.1 (canary)")
                .contains("v2.0 (default)");
    }
}
