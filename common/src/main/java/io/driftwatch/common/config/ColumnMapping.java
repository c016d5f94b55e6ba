package io.driftwatch.common.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the canonical fields (contract §2) are found in a user's log, so existing logs need no
 * rewriting. Paths are dotted ({@code meta.model_name}) for nested JSON; a flat CSV/Parquet column
 * is a one-part path.
 *
 * <p>Resource figures are read from {@code resources.<field>}, or, in flat logs, from top-level
 * columns of their names, unless a sub-field is mapped on its own ({@code columns.resources:
 * {cpu_pct: host_stats.cpu}}): then from that path.
 *
 * @param paths canonical field name → path in the record (only the fields that differ); also
 *     {@code cpu_pct}, {@code memory_mb}, {@code gpu_pct} when mapped one by one
 * @param featureColumns flat columns that are features (empty: all non-canonical columns)
 */
public record ColumnMapping(Map<String, String> paths, List<String> featureColumns) implements Serializable {

    public static final ColumnMapping IDENTITY = new ColumnMapping(Map.of(), List.of());

    /** The canonical fields a log record may carry. */
    public static final List<String> CANONICAL = List.of(
            "prediction_id", "timestamp", "model", "model_version", "features", "prediction", "label",
            "latency_ms", "status", "resources", "probabilities");

    /** The resource figures, each mappable on its own (see the class comment). */
    public static final List<String> RESOURCE_FIELDS = List.of("cpu_pct", "memory_mb", "gpu_pct");

    /** The path of a canonical field in the user's records. */
    public String pathOf(String canonical) {
        return paths.getOrDefault(canonical, canonical);
    }

    /** The path of a resource figure mapped on its own ({@code cpu_pct} ...), when there is one. */
    public Optional<String> resourcePath(String field) {
        return Optional.ofNullable(paths.get(field));
    }

    /** The first part of every path the mapping reads (the top-level fields a decoder must keep). */
    public java.util.Set<String> topLevelFields() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String c : CANONICAL) out.add(first(pathOf(c)));
        for (String r : RESOURCE_FIELDS) {
            out.add(r);
            resourcePath(r).ifPresent(p -> out.add(first(p)));
        }
        return out;
    }

    private static String first(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    /** The path of the features object, when the mapping names one. */
    public Optional<String> featuresPath() {
        return Optional.ofNullable(paths.get("features"));
    }
}
