package io.driftwatch.jobs.commit;

import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.tables.RunRow;

/** A run's {@code runs} row (contract §5) and the words for a rejected input, from its plan and counts. */
final class RunRecord {
    private RunRecord() {}

    /** The row of a run that ended with {@code status} ({@code succeeded}, {@code rejected}, {@code failed}, {@code streaming}). */
    static RunRow row(CommitPlan plan, String status, RunCounts c, long kpiWindows, String message) {
        CommitPlan.Run run = plan.run();
        CommitPlan.Range range = plan.range();
        return new RunRow(run.id(), run.command(), run.startedAt(), System.currentTimeMillis(), status,
                run.configSha256(), run.inputs(), run.labelInputs(),
                range.from() == Long.MIN_VALUE ? null : range.from(), range.to() == Long.MAX_VALUE ? null : range.to(),
                c.recordsRead(), c.recordsValid(), c.recordsInvalid(), c.recordsOutOfRange(), c.recordsLate(),
                c.labelsRead(), c.labelsJoined(), c.labelsUnmatched(), c.labelsInvalid(), c.labelsLate(), kpiWindows,
                c.featureProfileRows(), c.featureDriftRows(), plan.reference().description(), plan.reference().tables(),
                message, c.validTimeMin(), c.validTimeMax(), c.deadLetters(), c.deadLetterExamples(), c.decisions(),
                c.anomaliesFired());
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
