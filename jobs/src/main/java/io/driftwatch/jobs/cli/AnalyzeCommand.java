package io.driftwatch.jobs.cli;

import io.driftwatch.jobs.app.BatchRun;
import io.driftwatch.jobs.app.RunRequest;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code analyze}: the historical batch job (contract §1): {@code kpi_windows}, {@code feature_profiles},
 * against a reference {@code feature_drift}, and over the stored history {@code kpi_anomalies} and
 * {@code retraining_signals}, for the windows in {@code [--from, --to)}. The planner
 * ({@link io.driftwatch.jobs.app.RunPlanner}) resolves the range and the reference; {@link BatchRun} runs it.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Compute KPI windows, feature profiles, drift, KPI anomalies and retraining decisions for the"
                + " predictions in [--from, --to).")
public final class AnalyzeCommand implements Callable<Integer> {
    @Mixin RunOptions.Output out;
    @Mixin RunOptions.FileInputs in;
    @Mixin RunOptions.Range range;
    @Mixin RunOptions.Window window;
    @ArgGroup(exclusive = true) RunOptions.Reference reference;
    @Mixin RunOptions.AlertTopic alerts;

    @Option(names = "--since-last-run", description = "Continue from where the last successful run in --output stopped,"
            + " re-analyzing the windows whose labels may still arrive (labels.horizon); --to defaults to now,"
            + " --from is only needed for the first run; without a reference option it compares with the"
            + " reference of the run it continues.")
    boolean sinceLastRun;

    @Option(names = "--for", paramLabel = "RANGE", description = "A range relative to now (UTC), for schedulers:"
            + " yesterday, today, last-hour, last-week (the ISO week before this one).")
    String forRange;

    @Override
    public Integer call() throws Exception {
        BatchRun.run(request());
        return Driftwatch.OK;
    }

    RunRequest request() {
        return new RunRequest(RunRequest.Kind.ANALYZE, out.configFile, out.output, in.source(),
                new RunRequest.Range(range.from, range.to, forRange, sinceLastRun), window.window,
                RunOptions.Reference.spec(reference), out.parallelism, out.maxBadRatio, alerts.destination(null, Map.of()));
    }
}
