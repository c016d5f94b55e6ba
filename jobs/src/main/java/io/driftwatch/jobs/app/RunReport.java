package io.driftwatch.jobs.app;

import io.driftwatch.jobs.tables.RunRow;
import io.driftwatch.common.config.ColumnMapping;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.parse.TimestampFormats;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.commit.RunLog;
import io.driftwatch.jobs.parquet.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the console says about a finished run beyond its counts: the main dead-letter reasons with an
 * example and the config key that fixes them, and a warning when the records were not where the range
 * looked for them. Read from the run's {@code runs} row, so it is the same for every submitter.
 */
final class RunReport {
    /** Reasons listed on the console (all of them are in {@code runs.dead_letter_reasons}). */
    static final int TOP_REASONS = 5;

    private static final Pattern QUOTED_TIMESTAMP = Pattern.compile("timestamp '(.*)' is not ISO-8601");
    private static final Pattern MISSING = Pattern.compile("missing required field '([^']*)'");

    private RunReport() {}

    /** One line per main reason, most frequent first: count, reason, an example, a fix where one is known. */
    static List<String> deadLetters(RunRow run, DriftwatchConfig config) {
        List<String> lines = new ArrayList<>();
        List<Column.ValueCount> reasons = run.deadLetterReasons();
        if (reasons.isEmpty()) return lines;
        lines.add("  dead letters by reason (dead_letter.error; all in runs.dead_letter_reasons):");
        for (int i = 0; i < Math.min(TOP_REASONS, reasons.size()); i++) {
            Column.ValueCount r = reasons.get(i);
            String example = i < run.deadLetterExamples().size() ? run.deadLetterExamples().get(i) : "";
            lines.add(String.format("    %,d %s, e.g. %s", r.count(), r.value(), example));
            hint(r.value(), example, config).ifPresent(h -> lines.add("      fix: " + h));
        }
        if (reasons.size() > TOP_REASONS) lines.add("    ... and " + (reasons.size() - TOP_REASONS) + " more reasons");
        return lines;
    }

    /**
     * The columns whose text looks personal and is neither hashed nor dropped (counts only, never a
     * value; docs/guide/privacy.md), with the keys that fix it.
     */
    static List<String> personalData(RunRow run) {
        List<String> lines = new ArrayList<>();
        if (run.personalData().isEmpty()) return lines;
        java.util.TreeSet<String> columns = new java.util.TreeSet<>();
        StringBuilder b = new StringBuilder("columns look personal (runs.personal_data, of " + String.format("%,d",
                run.personalDataScanned()) + " records scanned): ");
        for (int i = 0; i < run.personalData().size(); i++) {
            Column.ValueCount v = run.personalData().get(i);
            int colon = v.value().lastIndexOf(':');
            columns.add(v.value().substring(0, colon));
            b.append(i > 0 ? ", " : "").append(v.value(), 0, colon).append(String.format(" (%,d %s)", v.count(),
                    switch (v.value().substring(colon + 1)) {
                        case "email" -> "e-mail addresses";
                        case "card" -> "card numbers";
                        default -> "phone numbers";
                    }));
        }
        lines.add(b.toString());
        lines.add("  their values are in the tables as they are: hash or drop them, privacy: {hash: " + columns
                + "} or {drop: " + columns + "} (docs/guide/privacy.md)");
        return lines;
    }

    /** The config key that fixes a reason, where the example tells it. */
    static Optional<String> hint(String kindAndReason, String example, DriftwatchConfig config) {
        boolean label = kindAndReason.startsWith("label:");
        String reason = kindAndReason.substring(kindAndReason.indexOf(':') + 1);
        switch (reason) {
            case "bad_timestamp": {
                Matcher m = QUOTED_TIMESTAMP.matcher(example);
                if (m.find()) return Optional.of(TimestampFormats.hint(m.group(1)));
                return Optional.of("see input.timestamp_unit, input.timestamp_format and input.timezone (docs/guide/input.md)");
            }
            case "missing_field": {
                Matcher m = MISSING.matcher(example);
                if (!m.find()) return Optional.empty();
                String field = m.group(1);
                if (label) return Optional.of(labelHint(field, config));
                String section = "columns";
                boolean canonical = label ? DriftwatchConfig.LABEL_FIELDS.contains(field) : ColumnMapping.CANONICAL.contains(field);
                return Optional.of(canonical
                        ? "if your " + (label ? "label files name" : "log names") + " it otherwise, map it: " + section + ": {"
                                + field + ": <its name in your " + (label ? "labels" : "log") + ">}"
                        : "'" + field + "' is the field " + section + ": names; these records lack it or leave it empty");
            }
            default:
                return Optional.empty();
        }
    }

    /** For a label field the label records lack: the config key that named it, and how to name it otherwise. */
    private static String labelHint(String missing, DriftwatchConfig config) {
        for (String f : DriftwatchConfig.LABEL_FIELDS) {
            if (!config.labelPathOf(f).equals(missing)) continue;
            String key = config.labelFieldKey(f);
            if (key == null) {
                return "the label files name " + f + " otherwise: map it, label_columns: {" + f + ": <its name there>}";
            }
            if (key.startsWith("columns.")) {
                return "'" + missing + "' comes from " + key + " (label files are read with columns: where label_columns:"
                        + " does not say): if the label files name " + f + " otherwise, set label_columns: {" + f
                        + ": <its name there>}";
            }
            return "'" + missing + "' is what " + key + " names; these label records lack it or leave it empty";
        }
        return "'" + missing + "' is a field the label records lack (see label_columns: in docs/guide/input.md)";
    }

    /**
     * When no valid record fell inside {@code [from, to)} (a warning), or most of them did not (a note:
     * normal for a day's run over a week's file, worth knowing otherwise), with the span of times seen.
     */
    static Optional<String> range(RunRow run, long from, long to) {
        long valid = run.recordsValid();
        long out = run.recordsOutOfRange();
        if (valid == 0 || out * 2 <= valid) return Optional.empty();
        String range = "[" + (from == Long.MIN_VALUE ? "-∞" : Timestamps.format(from)) + ", "
                + (to == Long.MAX_VALUE ? "∞" : Timestamps.format(to)) + ")";
        String span = run.eventTimeMin() == null ? ""
                : "; their event times span " + Timestamps.format(run.eventTimeMin()) + " to "
                        + Timestamps.format(run.eventTimeMax());
        String head = out == valid
                ? String.format("warning: none of the %,d valid records is in %s, so no window was written", valid, range)
                : String.format("  note: %,d of %,d valid records (%.0f%%) are outside %s", out, valid, 100.0 * out / valid, range);
        String unit = run.eventTimeMax() != null && run.eventTimeMax() < 315_532_800_000L
                ? " (times before 1980: are epoch numbers in another unit? see input.timestamp_unit)" : "";
        return Optional.of(head + span + unit);
    }

    /**
     * When labels were counted unmatched in a run that read only the prediction files dated within its range
     * ({@code predictionsByDate}): the labels of predictions dated outside it (label files are read up to
     * {@code labels.horizon} after it) are among them, expectedly, which "no prediction with their id" alone
     * does not say.
     */
    static Optional<String> unmatchedByDate(RunRow run, boolean predictionsByDate) {
        if (!predictionsByDate || run.labelsUnmatched() == 0) return Optional.empty();
        return Optional.of(String.format("  note: the %,d labels counted unmatched include those of predictions dated"
                + " outside the range, whose files were not read (only the prediction files dated within it were)",
                run.labelsUnmatched()));
    }

    /** The run's decisions and fired anomalies in one line, or empty when it judged nothing. */
    static Optional<String> decisions(RunRow run, String output) {
        if (run.decisions() == null || run.decisions().isEmpty()) return Optional.empty();
        StringBuilder b = new StringBuilder("decisions:");
        for (io.driftwatch.jobs.parquet.Column.ValueCount d : run.decisions()) {
            b.append(' ').append(d.count()).append(' ').append(d.value()).append(',');
        }
        b.setLength(b.length() - 1);
        b.append(" window(s); ").append(run.anomalies()).append(" KPI anomalies (")
                .append(output).append("/retraining_signals, ").append(output).append("/kpi_anomalies)");
        return Optional.of(b.toString());
    }

    /**
     * Warnings for the windows a run without {@code --from}/{@code --to} replaced with less than they held:
     * its input starts (or ends) inside a window that the last earlier run touching it covered before
     * that start (or after that end) — a log appended in two runs of their own files. The run owns every
     * window its records touch (docs/guide/output.md, Windows), so the earlier part is gone from it; a
     * rerun over the same records says nothing.
     *
     * @param earlier the output's earlier successful {@code analyze} runs, in any order
     */
    static List<String> windowsCutShort(RunRow run, List<RunRow> earlier, io.driftwatch.common.window.WindowGrid grid) {
        List<String> lines = new ArrayList<>();
        if (run.eventTimeMin() == null || run.recordsValid() == 0) return lines;
        if (run.from() == null) {
            long first = run.eventTimeMin();
            long start = grid.start(first);
            RunRow last = lastTouching(earlier, run.startedAt(), start, grid.end(start));
            if (first > start && last != null && Math.max(start, spanStart(last)) < first) {
                lines.add(cutShort(start, grid, "from " + Timestamps.format(Math.max(start, spanStart(last)))
                        + " (run " + last.runId() + ") before this input's first record at " + Timestamps.format(first)));
            }
        }
        if (run.to() == null) {
            long end = run.eventTimeMax() + 1;
            long start = grid.start(run.eventTimeMax());
            RunRow last = lastTouching(earlier, run.startedAt(), start, grid.end(start));
            if (end < grid.end(start) && last != null && Math.min(grid.end(start), spanEnd(last)) > end) {
                lines.add(cutShort(start, grid, "up to " + Timestamps.format(Math.min(grid.end(start), spanEnd(last)))
                        + " (run " + last.runId() + ") after this input's last record at " + Timestamps.format(end - 1)));
            }
        }
        return lines;
    }

    private static String cutShort(long start, io.driftwatch.common.window.WindowGrid grid, String held) {
        return "window [" + Timestamps.format(start) + ", " + Timestamps.format(grid.end(start)) + ") held records "
                + held + "; a run without --from/--to replaces every window its records touch, so it now holds only this"
                + " run's part. To keep both, analyze all of that window's logs in one run (--input on their directory;"
                + " --since-last-run for scheduled runs)";
    }

    /** The latest run started before {@code before} whose span touches {@code [start, end)}, or null. */
    private static RunRow lastTouching(List<RunRow> runs, long before, long start, long end) {
        RunRow last = null;
        for (RunRow r : runs) {
            if (r.startedAt() >= before || r.eventTimeMin() == null && r.from() == null) continue;
            if (spanStart(r) < end && spanEnd(r) > start && (last == null || r.startedAt() > last.startedAt())) last = r;
        }
        return last;
    }

    /** Where a run's records (or its range) start. */
    private static long spanStart(RunRow r) {
        return r.from() != null ? r.from() : r.eventTimeMin() == null ? Long.MAX_VALUE : r.eventTimeMin();
    }

    /** Where they end (exclusive). */
    private static long spanEnd(RunRow r) {
        return r.to() != null ? r.to() : r.eventTimeMax() == null ? Long.MIN_VALUE : r.eventTimeMax() + 1;
    }
}
