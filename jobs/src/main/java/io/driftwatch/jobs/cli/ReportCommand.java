package io.driftwatch.jobs.cli;

import io.driftwatch.jobs.app.ReportRun;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code report}: one self-contained HTML file from an output directory — per model the latest
 * decision and its reasons, KPI trends with anomalies and reference levels, the drift heatmap,
 * reference-against-window distributions, data quality and the {@code runs} audit trail. Reads the
 * tables in the client through their own schemas; no engine is needed to build or to view it.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Render a self-contained HTML report (opens from disk, no network) from an output directory.",
        footer = {"", "Example:", "  driftwatch report --output out --html report.html --from 2026-11-01"})
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "An analyze or stream output directory.")
    String output;

    @Option(names = "--html", paramLabel = "FILE", description = "The HTML file to write (default: <output>/report.html).")
    java.nio.file.Path html;

    @Option(names = "--model", paramLabel = "NAME", description = "Only this model (repeatable; default: every model).")
    List<String> models;

    @Option(names = "--from", paramLabel = "DATE|INSTANT", description = "First window shown (UTC; default: the first stored).")
    String from;

    @Option(names = "--to", paramLabel = "DATE|INSTANT", description = "End of the windows shown, exclusive (default: the last stored).")
    String to;

    @Option(names = "--reference-profile", paramLabel = "DIR",
            description = "Reference for the reference levels and distributions (default: the one the latest run used,"
                    + " or <output>/reference).")
    String referenceProfile;

    @Override
    public Integer call() throws Exception {
        ReportRun.write(new ReportRun.Request(output, html, models, from, to, referenceProfile));
        return Driftwatch.OK;
    }
}
