package io.driftwatch.jobs.app;

import io.driftwatch.jobs.store.Store;
import io.driftwatch.jobs.report.HtmlReport;
import io.driftwatch.jobs.report.ReportData;
import io.driftwatch.jobs.report.ReportPage;
import io.driftwatch.jobs.tables.RunRow;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.flink.core.fs.Path;

/**
 * The HTML report (contract §1, {@code report}): one self-contained file from an output directory —
 * per model the latest decision and its reasons, the KPI series with their intervals, drift and
 * anomalies — rendered by {@link HtmlReport} from {@link ReportData}.
 */
public final class ReportRun {

    /**
     * @param output an analyze or stream output directory
     * @param html the file to write, or null for {@code <output>/report.html}
     * @param models only these models (empty: every model)
     * @param from first window shown, or null
     * @param to end of the windows shown, or null
     * @param referenceProfile the reference, or null for the one the runs name or {@code <output>/reference}
     */
    public record Request(String output, java.nio.file.Path html, List<String> models, String from, String to,
            String referenceProfile) {
        public Request {
            models = models == null ? List.of() : List.copyOf(models);
        }
    }

    private ReportRun() {}

    /** Writes the report; returns its file. */
    public static java.nio.file.Path write(Request request) throws Exception {
        String output = request.output();
        String from = request.from();
        String to = request.to();
        List<String> models = request.models();
        java.nio.file.Path html = request.html();
        long started = System.nanoTime();
        long fromMs = RunPlanner.bound(from, "--from", Long.MIN_VALUE);
        long toMs = RunPlanner.bound(to, "--to", Long.MAX_VALUE);
        if (fromMs >= toMs) throw new io.driftwatch.common.config.ConfigException("--from: must be before --to");
        Path dir = new Path(output);
        if (!dir.getFileSystem().exists(dir)) {
            throw new InputRejectedException("--output: " + output + " does not exist");
        }
        dir = dir.makeQualified(dir.getFileSystem());
        Path reference = reference(dir, request.referenceProfile());
        ReportData data = ReportData.read(dir, new LinkedHashSet<>(models == null ? List.of() : models), fromMs, toMs,
                reference);
        List<ReportPage.Model> shown = data.page().models();
        if (models != null && !models.isEmpty() && shown.isEmpty()) {
            throw new InputRejectedException("--model: no " + String.join(", ", models) + " in " + output
                    + " (models there: " + String.join(", ", ReportData.read(dir, java.util.Set.of(), fromMs, toMs, null)
                            .modelNames()) + ")");
        }
        if (shown.isEmpty() && data.page().runCount() == 0) {
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
        Console.info(String.format(java.util.Locale.ROOT, "report: %d model(s), windows %s, %,d KB in %s (%.1f s)",
                shown.size(), data.page().range(), Files.size(file) / 1024, file, (System.nanoTime() - started) / 1e9));
        return file;
    }

    /** The reference: the option, else a directory the latest run names as its reference, else {@code <output>/reference}. */
    private static Path reference(Path dir, String referenceProfile) throws java.io.IOException {
        if (referenceProfile != null) return new Path(referenceProfile);
        RunRow latest = Store.at(dir).readAll(RunRow.SCHEMA).stream().filter(r -> r.reference() != null)
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
