package io.driftwatch.jobs.cli;

import io.driftwatch.jobs.parquet.TableReader;
import io.driftwatch.jobs.report.HtmlReport;
import io.driftwatch.jobs.report.ReportData;
import io.driftwatch.jobs.tables.RunRow;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.core.fs.Path;
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
        run();
        return Driftwatch.OK;
    }

    /** Writes the report; returns its file. */
    public java.nio.file.Path run() throws Exception {
        long started = System.nanoTime();
        long fromMs = BatchCommand.bound(from, "--from", Long.MIN_VALUE);
        long toMs = BatchCommand.bound(to, "--to", Long.MAX_VALUE);
        if (fromMs >= toMs) throw new io.driftwatch.common.config.ConfigException("--from: must be before --to");
        Path dir = new Path(output);
        if (!dir.getFileSystem().exists(dir)) {
            throw new InputRejectedException("--output: " + output + " does not exist");
        }
        dir = dir.makeQualified(dir.getFileSystem());
        Path reference = reference(dir);
        ReportData data = ReportData.read(dir, new LinkedHashSet<>(models == null ? List.of() : models), fromMs, toMs,
                reference);
        @SuppressWarnings("unchecked")
        List<Object> shown = (List<Object>) data.page().get("models");
        if (models != null && !models.isEmpty() && shown.isEmpty()) {
            throw new InputRejectedException("--model: no " + String.join(", ", models) + " in " + output
                    + " (models there: " + String.join(", ", ReportData.read(dir, java.util.Set.of(), fromMs, toMs, null)
                            .modelNames()) + ")");
        }
        if (shown.isEmpty() && (Integer) data.page().get("runCount") == 0) {
            throw new InputRejectedException("--output: no Driftwatch tables in " + output);
        }
        if (html == null && !"file".equals(dir.toUri().getScheme())) {
            throw new io.driftwatch.common.config.ConfigException("--html: needed for an output on "
                    + dir.toUri().getScheme() + ":// (the report is written to a local file)");
        }
        java.nio.file.Path file = html != null ? html : java.nio.file.Path.of(new Path(dir, "report.html").toUri());
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            HtmlReport.render(data, w);
        }
        BatchCommand.info(String.format(java.util.Locale.ROOT, "report: %d model(s), windows %s, %,d KB in %s (%.1f s)",
                shown.size(), data.page().get("range"), Files.size(file) / 1024, file, (System.nanoTime() - started) / 1e9));
        return file;
    }

    /** The reference: the option, else a directory the latest run names as its reference, else {@code <output>/reference}. */
    private Path reference(Path dir) throws java.io.IOException {
        if (referenceProfile != null) return new Path(referenceProfile);
        RunRow latest = TableReader.readAll(dir, RunRow.SCHEMA).stream().filter(r -> r.reference() != null)
                .max(Comparator.comparingLong(RunRow::startedAt)).orElse(null);
        if (latest != null && latest.referenceProfile() != null) {
            Path p = new Path(latest.referenceProfile());
            if (p.getFileSystem().exists(new Path(p, "feature_profiles"))) return p;
        } else if (latest != null) {
            // a row written before runs had reference_profile: its description ends with the directory
            String named = latest.reference();
            int into = named.lastIndexOf(" into ");
            String candidate = into >= 0 ? named.substring(into + " into ".length()).trim() : named.trim();
            try {
                Path p = new Path(candidate);
                if (p.getFileSystem().exists(new Path(p, "feature_profiles"))) return p;
            } catch (RuntimeException | java.io.IOException e) {
                // not a path: a description
            }
        }
        Path own = new Path(dir, "reference");
        return own.getFileSystem().exists(own) ? own : null;
    }
}
