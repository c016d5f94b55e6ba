package io.driftwatch.jobs.cli;

import io.driftwatch.jobs.generate.SyntheticLog;
import io.driftwatch.jobs.parquet.ParquetGroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.parquet.example.data.Group;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: generates a week of predictions for three models with planted problems (drift
 * from day 4, a latency spike on day 2, an error burst on day 5, 0.5 % malformed lines, late
 * labels), profiles its first day as the reference, analyzes the other days against it, and prints
 * daily KPIs and the drifted columns per model, and where the outputs are.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a sample log with planted problems, profile its first day, analyze the rest against it and print a summary.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--output", defaultValue = "demo-output", description = "Folder for the data and the outputs (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--rows", defaultValue = "60000", description = "Predictions to generate (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path data = output.resolve("data");
        Path predictions = data.resolve("predictions.jsonl");
        Path labels = data.resolve("labels.jsonl");
        Path out = output.resolve("out");
        SyntheticLog.Written w = SyntheticLog.write(new SyntheticLog.Spec(rows, 7, 3, seed, 8,
                LocalDate.parse("2026-11-01"), 4, 2, 5, 0.005, 0.3, 0.4), predictions, labels);
        AnalyzeCommand.info(String.format("demo: generated %d predictions (%d malformed) and %d late labels in %s",
                w.predictions(), w.malformed(), w.lateLabels(), data));
        Path demoConfig = demoConfig();
        // the reference: the first day, before anything was planted
        Path reference = output.resolve("reference");
        List<String> in = List.of(predictions.toString());
        List<String> late = List.of(labels.toString());
        new ProfileCommand().<ProfileCommand>with(in, late, demoConfig, null, 0.01, "2026-11-01", "2026-11-02",
                reference.toAbsolutePath().toString()).run();

        AnalyzeCommand analyze = new AnalyzeCommand().with(in, late, demoConfig, null, 0.01, "2026-11-02", "2026-11-08",
                out.toAbsolutePath().toString());
        analyze.referenceProfile = reference.toAbsolutePath().toString();
        analyze.run();
        printSummary(out.resolve("kpi_windows"));
        printDrift(out.resolve("feature_drift"));
        System.out.println();
        System.out.println("Outputs (Parquet, readable by DuckDB, Spark, pandas):");
        for (String t : new String[] {"kpi_windows", "feature_profiles", "feature_drift", "dead_letter", "runs"}) {
            System.out.println("  " + out.resolve(t));
        }
        System.out.println("  " + reference.resolve("feature_profiles") + " (the reference profile)");
        System.out.println("Try: duckdb -c \"select model, window_start, accuracy, latency_ms_p95 from read_parquet('"
                + out.resolve("kpi_windows") + "/**/*.parquet') where segment = '__all__' order by 1, 2\"");
        return Driftwatch.OK;
    }

    private static Path demoConfig() {
        String home = System.getProperty("driftwatch.home");
        if (home == null) return null;
        Path p = Path.of(home, "conf", "demo.yaml");
        return Files.isRegularFile(p) ? p : null;
    }

    /** Daily KPIs of the whole model (segment __all__, all versions pooled by day). */
    private static void printSummary(Path kpiWindows) throws Exception {
        Map<String, Map<String, double[]>> byModelDay = new TreeMap<>();
        forEachWholeModelRow(kpiWindows, g -> {
            String model = g.getString("model", 0);
            String day = Instant.ofEpochMilli(g.getLong("window_start", 0)).toString().substring(0, 10);
            double n = g.getLong("prediction_count", 0);
            double[] acc = byModelDay.computeIfAbsent(model, m -> new TreeMap<>()).computeIfAbsent(day, d -> new double[6]);
            acc[0] += n;
            acc[1] += g.getLong("error_count", 0);
            acc[2] = Math.max(acc[2], get(g, "latency_ms_p95"));
            double quality = !Double.isNaN(get(g, "accuracy")) ? get(g, "accuracy") : get(g, "rmse");
            long labeled = g.getLong("labeled_count", 0);
            acc[3] += Double.isNaN(quality) ? 0 : quality * labeled;
            acc[4] += Double.isNaN(quality) ? 0 : labeled;
            acc[5] = Double.isNaN(get(g, "accuracy")) ? 1 : 0;
        });
        System.out.println();
        System.out.printf("%-18s %-10s %9s %10s %12s %16s%n", "model", "day", "preds", "error_rate", "latency_p95", "accuracy|rmse");
        byModelDay.forEach((model, days) -> days.forEach((day, a) -> System.out.printf(
                "%-18s %-10s %9d %10.4f %12.1f %16s%n", model, day, (long) a[0], a[1] / a[0], a[2],
                a[4] == 0 ? "-" : String.format("%.4f%s", a[3] / a[4], a[5] == 1 ? " rmse" : ""))));
    }

    /** Per model, the columns flagged as drifted (whole model, all versions), and from which day. */
    private static void printDrift(Path featureDrift) throws Exception {
        Map<String, Map<String, List<String>>> flagged = new TreeMap<>();
        Map<String, Integer> columns = new TreeMap<>();
        forEachWholeModelRow(featureDrift, g -> {
            String model = g.getString("model", 0);
            String column = g.getString("feature", 0);
            columns.merge(model, 0, (a, b) -> a);
            int d = g.getType().getFieldIndex("drifted");
            if (g.getFieldRepetitionCount(d) == 0 || !g.getBoolean(d, 0)) return;
            String day = Instant.ofEpochMilli(g.getLong("window_start", 0)).toString().substring(0, 10);
            flagged.computeIfAbsent(model, m -> new TreeMap<>()).computeIfAbsent(
                    column + " (" + g.getString("method", 0) + ")", c -> new ArrayList<>()).add(day);
        });
        System.out.println();
        System.out.println("Drift against the reference day 2026-11-01 (planted from 2026-11-05: features country, x1, x2,"
                + " and concept drift, so prediction/label too):");
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

    /** Calls {@code action} with every row of a table whose segment is {@code __all__}. */
    private static void forEachWholeModelRow(Path table, java.util.function.Consumer<Group> action) throws Exception {
        List<Path> files = new ArrayList<>();
        try (var s = Files.walk(table)) {
            s.filter(p -> p.toString().endsWith(".parquet")).forEach(files::add);
        }
        for (Path f : files) {
            try (ParquetGroups rows = ParquetGroups.open(new org.apache.flink.core.fs.Path(f.toUri()))) {
                while (rows.hasNext()) {
                    Group g = rows.next();
                    if (g.getString("segment", 0).equals("__all__")) action.accept(g);
                }
            }
        }
    }

    private static double get(Group g, String field) {
        int i = g.getType().getFieldIndex(field);
        return g.getFieldRepetitionCount(i) == 0 ? Double.NaN : g.getDouble(i, 0);
    }
}
