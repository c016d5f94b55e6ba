package io.driftwatch.jobs.cli;

import io.driftwatch.jobs.app.Demo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: a generated log with planted problems, profiled, analyzed and reported ({@link Demo}). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a sample log with planted problems, profile its first day, analyze all days against it, print"
                + " the KPIs, the drift and the decisions, and write the HTML report.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--output", defaultValue = "demo-output", description = "Folder for the data and the outputs (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--rows", defaultValue = "60000", description = "Predictions to generate (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Demo.run(output, rows, seed);
        return Driftwatch.OK;
    }
}
