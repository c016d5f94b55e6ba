package io.driftwatch.jobs.cli;

import io.driftwatch.jobs.app.Rollup;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rollup}: coarser windows from stored profiles and KPI states, without logs ({@link Rollup}). */
@Command(name = "rollup", mixinStandardHelpOptions = true,
        description = "Merge stored profiles and KPI windows into coarser windows (e.g. daily into weekly), with their drift"
                + " and decisions, without reading logs.")
public final class RollupCommand implements Callable<Integer> {

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "An analyze output directory.")
    String output;

    @Option(names = "--window", paramLabel = "DURATION", required = true, description = "Coarse window: 1d, 1w (ISO weeks),"
            + " 1mo (calendar months); aligned by the --config file's window_offset.")
    String window;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config: drift and retraining settings (optional).")
    java.nio.file.Path configFile;

    @Option(names = "--reference-profile", paramLabel = "DIR",
            description = "Reference for the coarse windows' drift and decisions (default: <output>/reference when it holds one).")
    String referenceProfile;

    @Override
    public Integer call() throws Exception {
        new Rollup(output, window, configFile, referenceProfile).run();
        return Driftwatch.OK;
    }
}
