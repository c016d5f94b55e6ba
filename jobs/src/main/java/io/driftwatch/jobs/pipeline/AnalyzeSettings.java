package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.parse.RecordParser;
import io.driftwatch.common.window.WindowGrid;
import java.io.Serializable;
import java.util.Map;
import io.driftwatch.common.drift.ReferenceProfiles;

/**
 * What the analyze pipeline body needs besides its input streams.
 *
 * @param config the parsed config (window already overridden by {@code --window})
 * @param inferredTasks tasks inferred from a sample for models the config does not type
 * @param from inclusive event-time lower bound (Long.MIN_VALUE: none)
 * @param to exclusive upper bound (Long.MAX_VALUE: none)
 * @param streaming whether the job runs continuously ({@code stream} without {@code --bounded}):
 *     watermarks at the sources ({@code streaming:} of the config), records later than their window's
 *     emission to {@code late_events}; batch runs ignore event-time progress until the end of input
 * @param reference reference profiles for {@code feature_drift}, or null (no drift rows, unless the
 *     reference is built in the job: {@code referencePeriod})
 * @param referencePeriod a reference period of the same logs, profiled in this job while it analyzes
 *     {@code [from, to)} (one read of the input), or null
 * @param carry the predictions kept for the next scheduled run and those taken from the last
 */
public record AnalyzeSettings(
        DriftwatchConfig config, Map<String, Task> inferredTasks, long from, long to,
        boolean streaming, ReferenceProfiles reference, ReferencePeriod referencePeriod, LabelCarry carry)
        implements Serializable {

    /** Settings without a label carry. */
    public AnalyzeSettings(DriftwatchConfig config, Map<String, Task> inferredTasks, long from, long to,
            boolean streaming, ReferenceProfiles reference, ReferencePeriod referencePeriod) {
        this(config, inferredTasks, from, to, streaming, reference, referencePeriod, LabelCarry.NONE);
    }

    /** Settings without a reference. */
    public AnalyzeSettings(DriftwatchConfig config, Map<String, Task> inferredTasks, long from, long to,
            boolean streaming) {
        this(config, inferredTasks, from, to, streaming, null, null);
    }

    /** A reference period {@code [from, to)} profiled in the job (one window over it). */
    public record ReferencePeriod(long from, long to) implements Serializable {}

    /** The settings of the reference branch: one window over the period, no reference of its own. */
    public AnalyzeSettings forReferencePeriod() {
        return new AnalyzeSettings(config.withWindow(WindowGrid.single(referencePeriod.from(), referencePeriod.to())),
                inferredTasks, referencePeriod.from(), referencePeriod.to(), streaming, null, null, LabelCarry.NONE);
    }

    /**
     * These settings without the reference profiles, for the operators that never read them: each operator
     * ships its settings in the job graph (Java serialization at submission, once more per task), and a
     * stored reference is large (0.8 MB for bench/incremental.sh's 3 keys of 20 features, in 4 operators).
     */
    public AnalyzeSettings withoutReference() {
        return reference == null ? this
                : new AnalyzeSettings(config, inferredTasks, from, to, streaming, null, referencePeriod, carry);
    }

    /** Where the records read from the logs are analyzed from: {@code from}, or later when windows come carried. */
    public long freshFrom() {
        return Math.max(from, carry.freshFrom());
    }

    /** The windows (config {@code window}, a profile's single window). */
    public WindowGrid grid() {
        return config.window();
    }

    /** How long after a window's end it is emitted ({@code labels.wait}), in millis. */
    public long labelWaitMillis() {
        return config.labelWait().toMillis();
    }

    /** The last instant a record of the window starting at {@code start} is still counted: end + label wait − 1 ms. */
    public long emittedAt(long windowStart) {
        return saturatedAdd(grid().end(windowStart) - 1, labelWaitMillis());
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    public RecordParser parser() {
        return new RecordParser(config, inferredTasks);
    }

}
