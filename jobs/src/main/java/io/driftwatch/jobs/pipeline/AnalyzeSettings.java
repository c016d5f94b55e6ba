package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.parse.RecordParser;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * What the analyze pipeline body needs besides its input streams.
 *
 * @param config the parsed config (window already overridden by {@code --window})
 * @param inferredTasks tasks inferred from a sample for models the config does not type
 * @param from inclusive event-time lower bound (Long.MIN_VALUE: none)
 * @param to exclusive upper bound (Long.MAX_VALUE: none)
 * @param outOfOrderness watermark delay for streaming runs (batch runs ignore watermarks)
 */
public record AnalyzeSettings(
        DriftwatchConfig config, Map<String, Task> inferredTasks, long from, long to,
        Duration outOfOrderness) implements Serializable {

    public RecordParser parser() {
        return new RecordParser(config, inferredTasks);
    }

    public long windowMillis() {
        return config.window().toMillis();
    }
}
