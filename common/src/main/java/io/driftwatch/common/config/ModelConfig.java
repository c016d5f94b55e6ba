package io.driftwatch.common.config;

import io.driftwatch.common.model.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the config says about one model.
 *
 * @param task the task, or empty to infer it from the data (see {@code TaskInference})
 * @param threshold binary classification: predicted positive iff {@code prediction >= threshold}
 * @param positiveLabel binary classification: the label value meaning "positive" besides 1/true
 * @param features declared feature types by name ({@code numeric} | {@code categorical})
 * @param segments feature or field names whose values split the model into segments
 */
public record ModelConfig(
        Optional<Task> task,
        double threshold,
        Optional<String> positiveLabel,
        Map<String, String> features,
        List<String> segments) {

    public static final ModelConfig DEFAULT =
            new ModelConfig(Optional.empty(), 0.5, Optional.empty(), Map.of(), List.of());
}
