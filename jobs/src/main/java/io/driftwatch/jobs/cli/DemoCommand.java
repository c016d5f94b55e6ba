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
 * labels), analyzes it, and prints daily KPIs per model and where the outputs are.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a sample log with planted problems, analyze it and print a summary.")
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
        AnalyzeCommand analyze = new AnalyzeCommand();
        analyze.inputs = List.of(predictions.toString());
        analyze.labels = List.of(labels.toString());
        analyze.output = out.toAbsolutePath().toString();
        analyze.maxBadRatio = 0.01;
        Path demoConfig = demoConfig();
        if (demoConfig != null) analyze.configFile = demoConfig;
        analyze.run();
        printSummary(out.resolve("kpi_windows"));
        System.out.println();
        System.out.println("Outputs (Parquet, readable by DuckDB, Spark, pandas):");
        for (String t : new String[] {"kpi_windows", "dead_letter", "runs"}) {
            System.out.println("  " + out.resolve(t));
        }
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
        List<Path> files = new ArrayList<>();
        try (var s = Files.walk(kpiWindows)) {
            s.filter(p -> p.toString().endsWith(".parquet")).forEach(files::add);
        }
        for (Path f : files) {
            try (ParquetGroups rows = ParquetGroups.open(new org.apache.flink.core.fs.Path(f.toUri()))) {
                while (rows.hasNext()) {
                    Group g = rows.next();
                    if (!g.getString("segment", 0).equals("__all__")) continue;
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
                }
            }
        }
        System.out.println();
        System.out.printf("%-18s %-10s %9s %10s %12s %16s%n", "model", "day", "preds", "error_rate", "latency_p95", "accuracy|rmse");
        byModelDay.forEach((model, days) -> days.forEach((day, a) -> System.out.printf(
                "%-18s %-10s %9d %10.4f %12.1f %16s%n", model, day, (long) a[0], a[1] / a[0], a[2],
                a[4] == 0 ? "-" : String.format("%.4f%s", a[3] / a[4], a[5] == 1 ? " rmse" : ""))));
    }

    private static double get(Group g, String field) {
        int i = g.getType().getFieldIndex(field);
        return g.getFieldRepetitionCount(i) == 0 ? Double.NaN : g.getDouble(i, 0);
    }
}
