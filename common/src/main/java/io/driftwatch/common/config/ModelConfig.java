package io.driftwatch.common.config;

import io.driftwatch.common.model.Task;
import java.util.List;
import java.util.Map;
import java.io.Serializable;

/**
 * What the config says about one model.
 *
 * @param task the task, or null to infer it from the data (see {@code TaskInference})
 * @param threshold binary classification: predicted positive iff {@code prediction >= threshold}
 * @param positiveLabel binary classification: the label value meaning "positive" (null: 1/true)
 * @param features declared feature types by name ({@code numeric} | {@code categorical})
 * @param segments feature or field names whose values split the model into segments
 * @param drift the model's drift settings (top-level ones overridden by its keys), or null
 * @param fairness the sensitive attributes whose groups the {@code fairness} table compares
 * @param checks the model's service-level checks ({@code checks}, docs/guide/checks.md)
 */
public record ModelConfig(
        Task task,
        double threshold,
        String positiveLabel,
        Map<String, String> features,
        List<String> segments,
        DriftwatchConfig.DriftConfig drift,
        List<FairnessRule> fairness,
        List<Check> checks) implements Serializable {

    public static final ModelConfig DEFAULT =
            new ModelConfig(null, 0.5, null, Map.of(), List.of(), null, List.of(), List.of());

    /** A copy with other drift settings. */
    public ModelConfig withDrift(DriftwatchConfig.DriftConfig newDrift) {
        return new ModelConfig(task, threshold, positiveLabel, features, segments, newDrift, fairness, checks);
    }
}
