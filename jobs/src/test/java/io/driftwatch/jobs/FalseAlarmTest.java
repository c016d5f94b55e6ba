package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.cli.Driftwatch;
import io.driftwatch.jobs.generate.SyntheticLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, measured: hourly windows of a log where nothing changes (7 days, a binary, a multiclass
 * and a regression model, about 200 predictions an hour each, 70 % labeled, 8 features; the first
 * two days the reference), against the alarm budget of one false alarm per model-week; and the same
 * log with the generator's planted changes, found in their first hourly window. Seeded, so the
 * counts are the same on every run; the bounds say what the budget promises with its margin.
 */
class FalseAlarmTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir
    Path dir;

    private Path[] log(int driftDay, int latencyDay, int errorDay) throws Exception {
        Path log = dir.resolve("log.jsonl");
        Path labels = dir.resolve("labels.jsonl");
        SyntheticLog.write(new SyntheticLog.Spec(100_000, 7, 3, 11, 8, LocalDate.parse("2026-11-01"), driftDay, latencyDay,
                errorDay, 0, 0.3, 0.4), log, labels);
        return new Path[] {log, labels};
    }

    private Path analyze(Path[] log, String config, String name) throws Exception {
        Path c = dir.resolve(name + ".yaml");
        Files.writeString(c, config);
        Path out = dir.resolve(name);
        assertThat(Driftwatch.run("analyze", "--config", c.toString(), "--input", log[0].toString(), "--labels",
                log[1].toString(), "--output", out.toString(), "--window", "1h", "--reference-from", "2026-11-01",
                "--reference-to", "2026-11-03", "--max-bad-ratio", "0.05")).isZero();
        return out;
    }

    /**
     * 5 judged days × 24 h × 3 models = 360 model-windows after the reference (504 in all). The
     * budget allows 1 per model-week: 3 in the week; as a Poisson count, 7 or more would happen with
     * probability 0.034 (scipy {@code poisson.sf(6, 3)}), so at most 6 are allowed. Measured
     * (2026-12-06, before and after the reference's own noise joined the rules): 3 INVESTIGATE, no RETRAIN.
     * Without a budget the same log raised 21.
     */
    @Test
    void aLogWhereNothingChangesStaysWithinTheBudget() throws Exception {
        Path[] log = log(-1, -1, -1);
        Path budgeted = analyze(log, "window: 1h\n", "budgeted");
        Path none = analyze(log, "window: 1h\nalarms: {budget: none}\n", "none");
        try (Duck duck = new Duck()) {
            String q = "select decision, count(*) n from %s group by all";
            Map<Object, Object> b = counts(duck.rows(q.formatted(Duck.table(budgeted, "retraining_signals"))));
            Map<Object, Object> n = counts(duck.rows(q.formatted(Duck.table(none, "retraining_signals"))));
            long flagged = (Long) b.getOrDefault("INVESTIGATE", 0L) + (Long) b.getOrDefault("RETRAIN", 0L);
            assertThat(b.values().stream().mapToLong(v -> (Long) v).sum()).isEqualTo(504);
            assertThat(b).doesNotContainKey("RETRAIN");
            assertThat(flagged).isLessThanOrEqualTo(6);
            long flaggedWithout = (Long) n.getOrDefault("INVESTIGATE", 0L) + (Long) n.getOrDefault("RETRAIN", 0L);
            assertThat(flaggedWithout).isGreaterThan(4 * Math.max(1, flagged));
        }
    }

    /** The generator's planted changes: drift from day 4, a 5× latency day 5, a 15 % error day 6. */
    @Test
    void plantedChangesAreFoundInTheirFirstHour() throws Exception {
        Path out = analyze(log(4, 5, 6), "window: 1h\n", "planted");
        try (Duck duck = new Duck()) {
            String signals = Duck.table(out, "retraining_signals");
            assertThat(duck.count("select count(*) from " + signals + " where decision <> 'OK' and window_start <"
                    + " '2026-11-05'")).isZero();
            assertThat(duck.rows("select model, strftime(min(window_start), '%Y-%m-%dT%H') t from " + signals
                    + " where decision <> 'OK' group by all order by 1")).extracting(r -> r.get("model") + " " + r.get("t"))
                    .containsExactly("demand_forecast 2026-11-05T00", "fraud_detector 2026-11-05T00",
                            "intent_classifier 2026-11-05T00");
            assertThat(duck.rows("select kpi, strftime(min(window_start), '%Y-%m-%dT%H') t, count(distinct model) m from "
                    + Duck.table(out, "kpi_anomalies") + " where anomaly and segment = '__all__' and kpi in"
                    + " ('latency_ms_p95', 'error_rate') group by all order by 1")).extracting(r -> r.get("kpi") + " "
                            + r.get("t") + " " + r.get("m"))
                    .containsExactly("error_rate 2026-11-07T00 3", "latency_ms_p95 2026-11-06T00 3");
        }
    }

    /**
     * Issue 20's subtle changes, all planted from day 10 of a 12-day log with a daily traffic cycle
     * (200–600 predictions an hour at the peak, a tenth at night), 60 % labeled, and a 200-category
     * Zipf feature: x3 shifted 0.3 sd, 2 % of devices a new "tv", about −10 points of accuracy (and
     * +20 % RMSE) with inputs unchanged, +20 % latency, errors 0.5 % → 2 %, traffic −30 %. Each must
     * show in its own evidence within 24 hourly windows for every model; the 7 judged days before
     * stay within the budget (3 expected at most; 7 or more has probability 0.034 as above).
     * Measured: 1 INVESTIGATE before; first evidence after 0–12 hours (docs/guide/decisions.md, "Alarm budget").
     */
    @Test
    void subtleChangesAreFoundWithinADayOfHourlyWindows() throws Exception {
        Path log = dir.resolve("subtle.jsonl");
        Path labels = dir.resolve("subtle-labels.jsonl");
        SyntheticLog.write(new SyntheticLog.Spec(525_000, 12, 3, 7, 8, LocalDate.parse("2026-11-01"), -1, -1, -1, 0, 0.3,
                0.3, java.util.EnumSet.complementOf(java.util.EnumSet.of(SyntheticLog.Change.NONE)), 10, true, 200), log,
                labels);
        Path out = analyze(new Path[] {log, labels}, "window: 1h\n", "subtle");
        String change = "timestamp '2026-11-11'";
        try (Duck duck = new Duck()) {
            String signals = Duck.table(out, "retraining_signals");
            assertThat(duck.count("select count(*) from " + signals + " where decision = 'RETRAIN' and window_start < "
                    + change)).isZero();
            assertThat(duck.count("select count(*) from " + signals + " where decision <> 'OK' and window_start < "
                    + change)).isLessThanOrEqualTo(6);
            String delay = "(epoch(min(window_start)) - epoch(" + change + ")) / 3600";
            List<String> found = new java.util.ArrayList<>();
            duck.rows("select 'drift ' || feature what, model, " + delay + " h from " + Duck.table(out, "feature_drift")
                    + " where drifted and segment = '__all__' and feature in ('x3', 'device') and window_start >= "
                    + change + " group by all").forEach(r -> found.add(r.get("what") + " " + r.get("model") + " " + r.get("h")));
            duck.rows("select 'anomaly ' || kpi what, model, " + delay + " h from " + Duck.table(out, "kpi_anomalies")
                    + " where anomaly and segment = '__all__' and kpi in ('latency_ms_p95', 'error_rate', 'throughput_per_s')"
                    + " and window_start >= " + change + " group by all").forEach(r -> found.add(r.get("what") + " "
                            + r.get("model") + " " + r.get("h")));
            duck.rows("select 'quality' what, model, " + delay + " h from " + signals + " where decision <> 'OK' and"
                    + " window_start >= " + change + " and len(list_filter(reasons, r -> starts_with(r, quality_kpi || ' ')"
                    + " and contains(r, ' vs reference '))) > 0 group by all").forEach(r -> found.add(r.get("what") + " "
                            + r.get("model") + " " + r.get("h")));
            // x4 moved by 0.1 sd: below one hourly window's power, found by the evidence over time (or a window)
            duck.rows("select 'persistent x4' what, model, " + delay + " h from " + signals + " where window_start >= "
                    + change + " and (list_contains(drifted_features, 'x4') or len(list_filter(reasons, r -> starts_with(r,"
                    + " 'feature x4 moves a little window after window: CUSUM'))) > 0) group by all").forEach(r -> found.add(
                            r.get("what") + " " + r.get("model") + " " + r.get("h")));
            List<String> expected = new java.util.ArrayList<>();
            for (String what : List.of("drift x3", "drift device", "anomaly latency_ms_p95", "anomaly error_rate",
                    "anomaly throughput_per_s", "quality", "persistent x4")) {
                for (String model : List.of("demand_forecast", "fraud_detector", "intent_classifier")) {
                    expected.add(what + " " + model);
                }
            }
            // every change in every model, each within its first 24 hourly windows
            assertThat(found).extracting(f -> f.substring(0, f.lastIndexOf(' '))).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(found).allSatisfy(f -> assertThat(Double.parseDouble(f.substring(f.lastIndexOf(' ') + 1)))
                    .as(f).isLessThan(24));
        }
    }

    private static Map<Object, Object> counts(List<Map<String, Object>> rows) {
        Map<Object, Object> out = new java.util.HashMap<>();
        for (Map<String, Object> r : rows) out.put(r.get("decision"), ((Number) r.get("n")).longValue());
        return out;
    }
}
