package io.driftwatch.common.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the canonical fields (SPEC §2) are found in a user's log, so existing logs need no
 * rewriting. Paths are dotted ({@code meta.model_name}) for nested JSON; a flat CSV/Parquet column
 * is a one-part path.
 *
 * @param paths canonical field name → path in the record (only the fields that differ)
 * @param featureColumns flat columns that are features (empty: all non-canonical columns)
 */
public record ColumnMapping(Map<String, String> paths, List<String> featureColumns) implements Serializable {

    public static final ColumnMapping IDENTITY = new ColumnMapping(Map.of(), List.of());

    /** The canonical fields a log record may carry. */
    public static final List<String> CANONICAL = List.of(
            "prediction_id", "timestamp", "model", "model_version", "features", "prediction", "label",
            "latency_ms", "status", "resources");

    /** The path of a canonical field in the user's records. */
    public String pathOf(String canonical) {
        return paths.getOrDefault(canonical, canonical);
    }

    /** The path of the features object, when the mapping names one. */
    public Optional<String> featuresPath() {
        return Optional.ofNullable(paths.get("features"));
    }
}
