package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.parse.RecordParser;
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
 * @param windowOffsetMillis where windows start relative to the epoch (0: aligned; a {@code profile}
 *     run makes its whole range one window)
 * @param reference reference profiles for {@code feature_drift}, or null (no drift rows)
 */
public record AnalyzeSettings(
        DriftwatchConfig config, Map<String, Task> inferredTasks, long from, long to,
        Duration outOfOrderness, long windowOffsetMillis, ReferenceProfiles reference) implements Serializable {

    /** Settings with epoch-aligned windows and no reference. */
    public AnalyzeSettings(DriftwatchConfig config, Map<String, Task> inferredTasks, long from, long to,
            Duration outOfOrderness) {
        this(config, inferredTasks, from, to, outOfOrderness, 0, null);
    }

    /** The start of the window holding {@code timestamp}. */
    public long windowStart(long timestamp) {
        return timestamp - Math.floorMod(timestamp - windowOffsetMillis, windowMillis());
    }

    public RecordParser parser() {
        return new RecordParser(config, inferredTasks);
    }

    public long windowMillis() {
        return config.window().toMillis();
    }
}
