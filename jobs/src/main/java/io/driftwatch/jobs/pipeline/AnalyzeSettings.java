package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.parse.RecordParser;
import io.driftwatch.common.window.WindowGrid;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import io.driftwatch.common.drift.ReferenceProfiles;

/**
 * What the analyze pipeline body needs besides its input streams.
 *
 * @param config the parsed config (window already overridden by {@code --window})
 * @param inferredTasks tasks inferred from a sample for models the config does not type
 * @param from inclusive event-time lower bound (Long.MIN_VALUE: none)
 * @param to exclusive upper bound (Long.MAX_VALUE: none)
 * @param outOfOrderness watermark delay for streaming runs (batch runs ignore watermarks)
 * @param reference reference profiles for {@code feature_drift}, or null (no drift rows, unless the
 *     reference is built in the job: {@code referencePeriod})
 * @param referencePeriod a reference period of the same logs, profiled in this job while it analyzes
 *     {@code [from, to)} (one read of the input), or null
 */
public record AnalyzeSettings(
        DriftwatchConfig config, Map<String, Task> inferredTasks, long from, long to,
        Duration outOfOrderness, ReferenceProfiles reference, ReferencePeriod referencePeriod) implements Serializable {

    /** Settings without a reference. */
    public AnalyzeSettings(DriftwatchConfig config, Map<String, Task> inferredTasks, long from, long to,
            Duration outOfOrderness) {
        this(config, inferredTasks, from, to, outOfOrderness, null, null);
    }

    /** A reference period {@code [from, to)} profiled in the job (one window over it). */
    public record ReferencePeriod(long from, long to) implements Serializable {}

    /** The settings of the reference branch: one window over the period, no reference of its own. */
    public AnalyzeSettings forReferencePeriod() {
        return new AnalyzeSettings(config.withWindow(WindowGrid.single(referencePeriod.from(), referencePeriod.to())),
                inferredTasks, referencePeriod.from(), referencePeriod.to(), outOfOrderness, null, null);
    }

    /** The windows (config {@code window}, a profile's single window). */
    public WindowGrid grid() {
        return config.window();
    }

    public RecordParser parser() {
        return new RecordParser(config, inferredTasks);
    }

}
