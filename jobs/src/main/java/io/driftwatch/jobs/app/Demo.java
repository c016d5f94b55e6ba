package io.driftwatch.jobs.app;

import io.driftwatch.jobs.store.Store;
import io.driftwatch.jobs.tables.RetrainingSignalTable;
import io.driftwatch.jobs.generate.SyntheticLog;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.common.model.Observation;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import io.driftwatch.common.trend.RetrainingSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo (contract §1, {@code demo}): generates ten days of predictions for three models with planted problems (a latency
 * spike on day 5, an error burst on day 6, drift and a new model version from day 7, 0.5 % malformed
 * lines, late labels), profiles its first day as the reference, analyzes all days against it, and
 * prints daily KPIs, the drifted columns, the decision per model and window, and where the outputs are.
 */
public final class Demo {
    private Demo() {}

    /** Runs the demo into {@code output} ({@code rows} predictions from {@code seed}). */
    public static void run(Path output, long rows, long seed) throws Exception {
        Path data = output.resolve("data");
        Path predictions = data.resolve("predictions.jsonl");
        Path labels = data.resolve("labels.jsonl");
        Path out = output.resolve("out");
        SyntheticLog.Written w = SyntheticLog.write(new SyntheticLog.Spec(rows, DAYS, 3, seed, 8,
                LocalDate.parse("2026-11-01"), DRIFT_DAY, LATENCY_DAY, ERROR_DAY, 0.005, 0.3, 0.4), predictions, labels);
        Console.info(String.format("demo: generated %d predictions (%d malformed) and %d late labels in %s",
                w.predictions(), w.malformed(), w.lateLabels(), data));
        Path demoConfig = demoConfig();
        // the reference: the first day, before anything was planted
        Path reference = output.resolve("reference");
        List<String> in = List.of(predictions.toString());
        List<String> late = List.of(labels.toString());
        RunRequest.Files logs = new RunRequest.Files(in, late);
        BatchRun.run(new RunRequest(RunRequest.Kind.PROFILE, demoConfig, reference.toAbsolutePath().toString(), logs,
                RunRequest.Range.of("2026-11-01", "2026-11-02"), null, RunRequest.ReferenceSpec.NONE, null, 0.01, null));
        BatchRun.run(new RunRequest(RunRequest.Kind.ANALYZE, demoConfig, out.toAbsolutePath().toString(), logs,
                RunRequest.Range.of("2026-11-01", "2026-11-11"), null,
                RunRequest.ReferenceSpec.profile(reference.toAbsolutePath().toString()), null, 0.01, null));
        org.apache.flink.core.fs.Path dir = new org.apache.flink.core.fs.Path(out.toAbsolutePath().toUri());
        printSummary(Store.at(dir).readAll(KpiWindowRow.SCHEMA));
        printDrift(Store.at(dir).readAll(FeatureDriftRow.SCHEMA));
        printDecisions(Store.at(dir).readAll(RetrainingSignalTable.SCHEMA));
        printChecks(Store.at(dir).readAll(io.driftwatch.jobs.tables.CheckResultTable.SCHEMA));
        System.out.println();
        System.out.println("Outputs (Parquet, readable by DuckDB, Spark, pandas):");
        for (String t : new String[] {"kpi_windows", "feature_profiles", "feature_drift", "kpi_anomalies",
                "retraining_signals", "check_results", "model_versions", "dead_letter", "runs"}) {
            System.out.println("  " + out.resolve(t));
        }
        System.out.println("  " + reference.resolve("feature_profiles") + " (the reference profile)");
        Path html = output.resolve("report.html").toAbsolutePath();
        System.out.println();
        ReportRun.write(new ReportRun.Request(out.toAbsolutePath().toString(), html, List.of(), null, null,
                reference.toAbsolutePath().toString()));
        System.out.println("Try: duckdb -c \"select model, window_start, decision, reasons[1] from read_parquet('"
                + out.resolve("retraining_signals") + "/**/*.parquet') order by 1, 2\"");
        System.out.println("Open the report: " + html.toUri());
    }

    /** The demo log: {@code DAYS} days from {@link #PLANTED}, problems planted on these day indexes. */
    private static final LocalDate PLANTED = LocalDate.parse("2026-11-01");
    private static final int DAYS = 10;
    private static final int LATENCY_DAY = 5;
    private static final int ERROR_DAY = 6;
    private static final int DRIFT_DAY = 7;

    private static Path demoConfig() {
        String home = System.getProperty("driftwatch.home");
        if (home == null) return null;
        Path p = Path.of(home, "conf", "demo.yaml");
        return Files.isRegularFile(p) ? p : null;
    }

    /** Daily KPIs of the whole model (segment __all__, all versions pooled by day). */
    private static void printSummary(List<KpiWindowRow> rows) {
        Map<String, Map<String, double[]>> byModelDay = new TreeMap<>();
        for (KpiWindowRow r : rows) {
            if (!r.segment().equals(Observation.ALL_SEGMENTS)) continue;
            KpiValues k = r.kpis();
            double[] acc = byModelDay.computeIfAbsent(r.model(), m -> new TreeMap<>())
                    .computeIfAbsent(day(r.windowStart()), d -> new double[6]);
            acc[0] += k.count(Kpi.PREDICTION_COUNT);
            acc[1] += k.count(Kpi.ERROR_COUNT);
            acc[2] = Math.max(acc[2], orNaN(k.value(Kpi.LATENCY_MS_P95)));
            boolean regression = k.value(Kpi.ACCURACY) == null;
            Double quality = regression ? k.value(Kpi.RMSE) : k.value(Kpi.ACCURACY);
            long labeled = k.count(Kpi.LABELED_COUNT);
            acc[3] += quality == null ? 0 : quality * labeled;
            acc[4] += quality == null ? 0 : labeled;
            acc[5] = regression ? 1 : 0;
        }
        System.out.println();
        System.out.printf("%-18s %-10s %9s %10s %12s %16s%n", "model", "day", "preds", "error_rate", "latency_p95", "accuracy|rmse");
        byModelDay.forEach((model, days) -> days.forEach((day, a) -> System.out.printf(
                "%-18s %-10s %9d %10.4f %12.1f %16s%n", model, day, (long) a[0], a[1] / a[0], a[2],
                a[4] == 0 ? "-" : String.format("%.4f%s", a[3] / a[4], a[5] == 1 ? " rmse" : ""))));
    }

    /** Per model, the columns flagged as drifted (whole model, all versions), and from which day. */
    private static void printDrift(List<FeatureDriftRow> rows) {
        Map<String, Map<String, List<String>>> flagged = new TreeMap<>();
        Map<String, Integer> columns = new TreeMap<>();
        for (FeatureDriftRow r : rows) {
            if (!r.segment().equals(Observation.ALL_SEGMENTS)) continue;
            columns.merge(r.model(), 0, (a, b) -> a);
            if (!Boolean.TRUE.equals(r.d().drifted())) continue;
            flagged.computeIfAbsent(r.model(), m -> new TreeMap<>()).computeIfAbsent(
                    r.d().feature() + " (" + r.d().method() + ")", c -> new ArrayList<>()).add(day(r.windowStart()));
        }
        System.out.println();
        System.out.println("Drift against the reference day 2026-11-01 (planted from " + PLANTED.plusDays(DRIFT_DAY)
                + ": features country, x1, x2, and concept drift, so prediction/label too):");
        for (String model : columns.keySet()) {
            Map<String, List<String>> m = flagged.getOrDefault(model, Map.of());
            if (m.isEmpty()) {
                System.out.printf("  %-18s no drifted column%n", model);
                continue;
            }
            m.forEach((column, days) -> {
                java.util.Collections.sort(days);
                System.out.printf("  %-18s %-32s drifted in %d window(s) from %s%n", model, column, days.size(),
                        days.get(0));
            });
        }
    }

    /** The decision per model, version and window, with its first reason. */
    private static void printDecisions(List<RetrainingSignal> rows) {
        rows.sort(java.util.Comparator.comparing(RetrainingSignal::model).thenComparingLong(RetrainingSignal::windowStart)
                .thenComparing(RetrainingSignal::modelVersion));
        System.out.println();
        System.out.println("Decisions (planted: latency spike " + PLANTED.plusDays(LATENCY_DAY) + ", error burst "
                + PLANTED.plusDays(ERROR_DAY) + ", drift and a new model version from " + PLANTED.plusDays(DRIFT_DAY) + "):");
        for (RetrainingSignal r : rows) {
            String reason = r.reasons().isEmpty() ? "" : r.reasons().get(0);
            if (reason.length() > 110) reason = reason.substring(0, 107) + "...";
            System.out.printf("  %-18s %-3s %-10s %-11s %s%n", r.model(), r.modelVersion(), day(r.windowStart()),
                    r.decision(), reason);
        }
    }

    /** The failed checks of whole models (conf/demo.yaml's checks; docs/guide/checks.md), by check. */
    private static void printChecks(List<io.driftwatch.common.trend.CheckResult> rows) {
        Map<String, List<String>> failed = new TreeMap<>();
        long judged = 0;
        for (io.driftwatch.common.trend.CheckResult c : rows) {
            if (!io.driftwatch.common.model.Observation.ALL_SEGMENTS.equals(c.segment())) continue;
            if (!c.status().equals(io.driftwatch.common.trend.CheckResult.NO_DATA)) judged++;
            if (c.failed()) failed.computeIfAbsent(c.model() + "  " + c.check(), k -> new ArrayList<>()).add(day(c.windowStart()));
        }
        if (rows.isEmpty()) return;
        System.out.println();
        System.out.println("Checks (models.<m>.checks in conf/demo.yaml): " + judged + " judged on whole models, failed:");
        failed.forEach((check, days) -> {
            java.util.Collections.sort(days);
            System.out.printf("  %-52s %s%n", check, String.join(", ", days));
        });
    }

    private static String day(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString().substring(0, 10);
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }
}
