package io.driftwatch.jobs.commit;

import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.tables.RunRow;
import io.driftwatch.jobs.tables.RunStatus;

/** A run's {@code runs} row (contract §5) and the words for a rejected input, from its plan and counts. */
final class RunRecord {
    private RunRecord() {}

    /** The row of a run that ended with {@code status}. */
    static RunRow row(CommitPlan plan, RunStatus status, RunCounts c, long kpiWindows, String message) {
        return row(plan, status, c, kpiWindows, message, Long.MIN_VALUE);
    }

    /** @param inputStart where the judged input started inside its first window ({@code input_start}); MIN_VALUE: none */
    static RunRow row(CommitPlan plan, RunStatus status, RunCounts c, long kpiWindows, String message, long inputStart) {
        CommitPlan.Run run = plan.run();
        CommitPlan.Range range = plan.range();
        return new RunRow(run.id(), run.command(), run.startedAt(), System.currentTimeMillis(), status,
                run.configSha256(), run.inputs(), run.labelInputs(),
                range.from() == Long.MIN_VALUE ? null : range.from(), range.to() == Long.MAX_VALUE ? null : range.to(),
                c.recordsRead(), c.recordsValid(), c.recordsInvalid(), c.recordsOutOfRange(), c.recordsLate(),
                c.labelsRead(), c.labelsJoined(), c.labelsUnmatched(), c.labelsInvalid(), c.labelsLate(), kpiWindows,
                c.featureProfileRows(), c.featureDriftRows(), plan.reference().description(), plan.reference().tables(),
                message, c.validTimeMin(), c.validTimeMax(), c.deadLetters(), c.deadLetterExamples(), c.decisions(),
                c.anomaliesFired(), c.labelsOutOfRange(), run.version(), run.config(), run.inputFiles(), null, null, null,
                c.personalData(), c.personalScanned(), inputStart == Long.MIN_VALUE ? null : inputStart);
    }

    /**
     * Why label files none of whose records could be read are a configuration error: the reason, the
     * keys the fields were read by, one record as it is.
     */
    static String labelsRejection(CommitPlan plan, RunCounts c, String rawExample) {
        StringBuilder m = new StringBuilder(String.format("none of the %,d label records is usable", c.labelsRead()));
        for (Column.ValueCount r : c.deadLetters()) {
            if (!r.value().startsWith("label:")) continue;
            m.append(": ").append(r.value().substring("label:".length())).append(" (").append(r.count()).append(')');
            String e = c.exampleOf(r.value());
            if (e != null) m.append(", e.g. ").append(e);
            break;
        }
        m.append(". Label fields are read as: ").append(plan.run().labelFields());
        if (rawExample != null) {
            m.append(". A label record: ").append(rawExample.length() > 300 ? rawExample.substring(0, 300) + "..." : rawExample);
        }
        return m.append(". Map the fields with label_columns: (docs/guide/input.md)").toString();
    }

    /** Why the input was rejected: the main reasons first, the ratio last. */
    static String rejection(CommitPlan plan, RunCounts c) {
        long invalid = c.recordsInvalid(), read = c.recordsRead();
        StringBuilder m = new StringBuilder(String.format("%d of %d records (%.2f%%) are unusable", invalid, read,
                100.0 * invalid / read));
        int shown = 0;
        for (Column.ValueCount r : c.deadLetters()) {
            if (!r.value().startsWith("prediction:") || shown++ == 2) continue;
            m.append(shown == 1 ? ": " : "; ").append(r.value().substring("prediction:".length())).append(" (")
                    .append(r.count()).append(")");
            String e = c.exampleOf(r.value());
            if (e != null) m.append(", e.g. ").append(e);
        }
        m.append(" — more than --max-bad-ratio ").append(plan.range().maxBadRatio()).append("; see ")
                .append(plan.output().dir()).append("/dead_letter");
        return m.toString();
    }
}
