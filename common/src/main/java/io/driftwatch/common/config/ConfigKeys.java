package io.driftwatch.common.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key the config accepts, by where it may stand: the one list {@link ConfigLoader} checks
 * unknown keys against (with a did-you-mean from it), and from which {@code
 * docs/reference/config-keys.md} is generated ({@code ConfigKeysTest} fails when they disagree, and
 * when a key is missing from docs/guide/config.md). Paths use {@code <model>} and {@code <column>}
 * for names the user chooses.
 */
public final class ConfigKeys {
    static final List<String> THRESHOLDS =
            List.of("psi", "jensen_shannon", "hellinger", "ks", "wasserstein_norm", "l_infinity", "p_value");
    private static final List<String> DRIFT_TUNING = List.of("method", "bins", "thresholds", "multiple_testing",
            "features", "require_significance", "min_distance", "calibrate");

    /** Path (dotted, "" for the top level) → the keys allowed there, in the order the docs list them. */
    public static final Map<String, List<String>> ALL = build();

    private ConfigKeys() {}

    private static Map<String, List<String>> build() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("", List.of("window", "window_offset", "models", "columns", "label_columns", "features", "input",
                "status", "labels", "streaming", "output", "reference", "drift", "alarms", "retraining"));
        m.put("models.<model>", List.of("task", "threshold", "positive_label", "features", "segments", "drift"));
        m.put("models.<model>.drift", DRIFT_TUNING);
        m.put("models.<model>.drift.thresholds", THRESHOLDS);
        m.put("models.<model>.drift.features.<column>", List.of("method", "threshold"));
        m.put("columns", ColumnMapping.CANONICAL);
        m.put("columns.resources", ColumnMapping.RESOURCE_FIELDS);
        m.put("label_columns", DriftwatchConfig.LABEL_FIELDS);
        m.put("features", List.of("include", "exclude"));
        m.put("input", List.of("timezone", "timestamp_unit", "timestamp_format", "earliest_timestamp",
                "latest_timestamp", "max_line_bytes", "max_inflation_ratio"));
        m.put("status", List.of("success"));
        m.put("labels", List.of("wait", "horizon"));
        m.put("streaming", List.of("out_of_orderness", "idleness", "checkpoint_interval", "runs_every"));
        m.put("output", List.of("compression"));
        m.put("reference", List.of("from", "to", "profile"));
        java.util.List<String> drift = new java.util.ArrayList<>(List.of("enabled"));
        drift.addAll(DRIFT_TUNING);
        m.put("drift", List.copyOf(drift));
        m.put("drift.thresholds", THRESHOLDS);
        m.put("drift.features.<column>", List.of("method", "threshold"));
        m.put("alarms", List.of("budget"));
        m.put("retraining", List.of("max_accuracy_drop", "max_rmse_increase", "min_labels", "max_drift_share",
                "prediction_drift_windows", "labels_override_drift", "confidence", "within_noise", "feature_weights",
                "baseline_windows", "anomalies"));
        m.put("retraining.anomalies", List.of("kpis", "z_threshold", "min_relative_change", "min_baseline_windows",
                "min_predictions", "seasonality", "cusum"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The keys allowed at a path of {@link #ALL}. */
    static java.util.Set<String> at(String path) {
        List<String> keys = ALL.get(path);
        if (keys == null) throw new IllegalArgumentException("no config path " + path);
        return java.util.Set.copyOf(keys);
    }

    /** The generated reference, docs/reference/config-keys.md. */
    public static String markdown() {
        StringBuilder md = new StringBuilder("""
                # Config keys (generated)

                Generated from `common/.../config/ConfigKeys.java`, the list the config is checked against; do
                not edit. What each key means, its default and an example: [the config guide](../guide/config.md).
                An unknown key is an error (exit 2) naming its path, with the closest known key suggested.

                | where | keys |
                | --- | --- |
                """);
        ALL.forEach((path, keys) -> md.append("| `").append(path.isEmpty() ? "(top level)" : path).append("` | ")
                .append(String.join(", ", keys.stream().map(k -> "`" + k + "`").toList())).append(" |\n"));
        return md.toString();
    }
}
