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
 * The {@code fairness} table (issue 23) on a seeded log with a planted disparity: a credit model whose
 * positive rate for {@code sex=F} is that of {@code sex=M} for three days, then 40 % of it for three (a
 * disparity clear of the noise of 300 predictions at the daily budget's level, 0.0017 over three comparisons);
 * a small group {@code sex=X} always far below, but under {@code min_group_size}; {@code sex} is a
 * field of the record, not a model input; {@code age_band}, a feature, has no disparity at all. Half
 * the labels come in the record, half in a label file two days later. The table's counts and rates
 * are checked against DuckDB's own count over the input, the breaches against the planted days, and
 * the decisions name the breach on those days only.
 */
class FairnessTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir Path dir;

    private static final long DAY = 86_400_000L;

    @Test
    void aPlantedDisparityIsFlaggedOnItsDaysAndNothingElse() throws Exception {
        Random r = new Random(2323);
        long start = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
        List<String> log = new ArrayList<>(), labels = new ArrayList<>();
        String[] bands = {"18-30", "31-50", "51+"};
        int id = 0;
        for (int day = 0; day < 6; day++) {
            for (String sex : new String[] {"M", "F", "X"}) {
                int n = sex.equals("M") ? 400 : sex.equals("F") ? 300 : 15;
                double positive = sex.equals("X") ? 0.1 : sex.equals("F") && day >= 3 ? 0.2 : 0.5;
                for (int i = 0; i < n; i++) {
                    long t = start + day * DAY + r.nextInt((int) DAY);
                    boolean pos = r.nextDouble() < positive;
                    double score = Math.round((pos ? 0.5 + 0.5 * r.nextDouble() : 0.5 * r.nextDouble()) * 1000) / 1000.0;
                    int label = r.nextDouble() < score ? 1 : 0;
                    String pid = "p" + id++;
                    boolean inline = id % 2 == 0;
                    log.add(String.format(Locale.ROOT, "{\"prediction_id\":\"%s\",\"timestamp\":\"%s\",\"model\":\"credit\","
                            + "\"model_version\":\"v1\",\"sex\":\"%s\",\"latency_ms\":%d,\"features\":{\"income\":%d,"
                            + "\"age_band\":\"%s\"},\"prediction\":%s%s}", pid, Instant.ofEpochMilli(t), sex,
                            5 + r.nextInt(40), 20000 + r.nextInt(80000), bands[r.nextInt(3)], score,
                            inline ? ",\"label\":" + label : ""));
                    if (!inline) {
                        labels.add(String.format(Locale.ROOT, "{\"prediction_id\":\"%s\",\"timestamp\":\"%s\",\"label\":%d}",
                                pid, Instant.ofEpochMilli(t + 2 * DAY), label));
                    }
                }
            }
        }
        Path input = Files.write(dir.resolve("credit.jsonl"), log);
        Path labelFile = Files.write(dir.resolve("labels.jsonl"), labels);
        Path config = Files.writeString(dir.resolve("fair.yaml"), """
                window: 1d
                models:
                  credit:
                    task: binary_classification
                    fairness:
                      - {attribute: sex, reference_group: M}
                      - {attribute: age_band}
                """);
        Path out = dir.resolve("out");
        assertThat(Cli.run("analyze", "--config", config, "--input", input, "--labels", labelFile, "--from", "2026-10-01",
                "--to", "2026-10-07", "--output", out, "--parallelism", "2")).isZero();

        try (Duck duck = new Duck()) {
            String fairness = Duck.table(out, "fairness");
            // three groups of sex and three of age_band in each of six windows
            assertThat(duck.count("select count(*) from " + fairness + " where segment = '__all__'")).isEqualTo(36);
            // counts, positive rates and the disparate impact from DuckDB's own count over the input
            List<Map<String, Object>> expected = duck.rows("""
                    with p as (select date_trunc('day', cast(timestamp as timestamp)) as d, sex,
                                      count(*) as n, sum(case when prediction >= 0.5 then 1 else 0 end) as pos
                               from read_json_auto('%s') group by all),
                         m as (select d, pos * 1.0 / n as rate from p where sex = 'M')
                    select p.d, p.sex, p.n, p.pos * 1.0 / p.n as rate, (p.pos * 1.0 / p.n) / m.rate as di
                    from p join m using (d) order by p.d, p.sex""".formatted(input));
            List<Map<String, Object>> actual = duck.rows("select window_start, \"group\", count, positive_rate,"
                    + " disparate_impact, breach, judged, note from " + fairness
                    + " where attribute = 'sex' and segment = '__all__' order by window_start, \"group\"");
            assertThat(actual).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                Map<String, Object> e = expected.get(i), a = actual.get(i);
                assertThat(a.get("group")).isEqualTo(e.get("sex"));
                assertThat(((Number) a.get("count")).longValue()).isEqualTo(((Number) e.get("n")).longValue());
                assertThat((Double) a.get("positive_rate")).isCloseTo(((Number) e.get("rate")).doubleValue(), within(1e-12));
                if (!"M".equals(e.get("sex"))) {
                    assertThat((Double) a.get("disparate_impact")).isCloseTo(((Number) e.get("di")).doubleValue(),
                            within(1e-12));
                }
            }
            // flagged: F on the three planted days only; X never (below min_group_size); age_band never
            assertThat(duck.rows("select strftime(window_start, '%Y-%m-%d') as day, attribute, \"group\" from " + fairness
                    + " where breach order by all").toString()).isEqualTo(
                    "[{day=2026-10-04, attribute=sex, group=F}, {day=2026-10-05, attribute=sex, group=F},"
                            + " {day=2026-10-06, attribute=sex, group=F}]");
            assertThat(duck.count("select count(*) from " + fairness + " where \"group\" = 'X' and not judged"
                    + " and note like '%fewer than min_group_size 50%' and disparate_impact < 0.5")).isEqualTo(6);
            // the labels that came two days later count: every group's labeled_count is its count
            assertThat(duck.count("select count(*) from " + fairness + " where labeled_count <> count")).isZero();

            // over history (docs/guide/fairness.md "Over history"): F's rates, at parity for three days, fall on
            // the fourth. Against three baseline windows the disparate impact's own spread sets a high bar
            // (Student's t, 2 degrees of freedom); equal opportunity's spread is below its sampling noise, so the
            // noise sets the bar and its fall is found. From then on the breach is the window's own finding.
            String anomalies = Duck.table(out, "kpi_anomalies");
            assertThat(duck.rows("select strftime(window_start, '%Y-%m-%d') as day, segment, kpi, direction, worse from "
                    + anomalies + " where anomaly and segment like 'sex=%' order by all").toString()).isEqualTo(
                    "[{day=2026-10-04, segment=sex=F, kpi=tpr_difference, direction=down, worse=true}]");
            assertThat(duck.count("select count(*) from " + anomalies + " where segment = 'sex=F' and kpi ="
                    + " 'disparate_impact' and judged and window_start >= '2026-10-04'")).isEqualTo(3);
            assertThat(duck.count("select count(*) from " + anomalies + " where anomaly and (segment like 'age_band=%'"
                    + " or window_start < '2026-10-04')")).isZero();

            String signals = Duck.table(out, "retraining_signals");
            List<Map<String, Object>> days = duck.rows("select strftime(window_start, '%Y-%m-%d') as day, decision,"
                    + " cast(reasons as varchar) as reasons from " + signals + " order by window_start");
            assertThat(days).hasSize(6);
            for (Map<String, Object> d : days) {
                boolean planted = ((String) d.get("day")).compareTo("2026-10-04") >= 0;
                String reasons = (String) d.get("reasons");
                assertThat(reasons.contains("fairness: sex=F vs sex=M: disparate impact")).as(d.toString()).isEqualTo(planted);
                assertThat(reasons.contains("fairness drift: tpr_difference of sex=F vs sex=M"))
                        .isEqualTo(d.get("day").equals("2026-10-04"));
                assertThat(reasons).doesNotContain("age_band=");
                if (planted) assertThat(d.get("decision")).as(d.toString()).isNotEqualTo("OK");
            }
        }
    }
}
