package io.driftwatch.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key the config accepts, by where it may stand, read from {@link ConfigDocument}'s records
 * (the ones Jackson binds the config into, so the list cannot differ from what is accepted) and the
 * field lists of the sections whose keys are data ({@code columns:}, {@code label_columns:}).
 * {@code docs/reference/config-keys.md} is generated from it ({@code ConfigKeysTest} fails when they
 * disagree, and when a key is missing from docs/guide/config.md). Paths use {@code <model>} and
 * {@code <column>} for names the user chooses.
 */
public final class ConfigKeys {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /** Path (dotted, "" for the top level) → the keys allowed there, in the order the docs list them. */
    public static final Map<String, List<String>> ALL = build();

    private ConfigKeys() {}

    private static Map<String, List<String>> build() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        walk(ConfigDocument.class, "", m);
        return Collections.unmodifiableMap(m);
    }

    /** The keys of a record at {@code path}, then its sections' keys (depth first, in declaration order). */
    private static void walk(Class<?> record, String path, Map<String, List<String>> out) {
        List<String> keys = new ArrayList<>();
        out.put(path, keys);
        for (RecordComponent c : record.getRecordComponents()) {
            JsonProperty named = c.getAccessor().getAnnotation(JsonProperty.class);
            String key = named != null ? named.value() : SNAKE.translate(c.getName());
            keys.add(key);
            String at = path.isEmpty() ? key : path + "." + key;
            if (c.getType().isRecord()) {
                walk(c.getType(), at, out);
            } else if (Map.class.isAssignableFrom(c.getType())
                    && c.getGenericType() instanceof ParameterizedType t
                    && t.getActualTypeArguments()[1] instanceof Class<?> value && value.isRecord()) {
                walk(value, at + (key.equals("models") ? ".<model>" : ".<column>"), out);
            } else if (List.class.isAssignableFrom(c.getType())
                    && c.getGenericType() instanceof ParameterizedType t
                    && t.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                walk(element, at + "[]", out);
            } else if (at.equals("columns")) {
                out.put("columns", ColumnMapping.CANONICAL);
                out.put("columns.resources", ColumnMapping.RESOURCE_FIELDS);
            } else if (at.equals("label_columns")) {
                out.put("label_columns", DriftwatchConfig.LABEL_FIELDS);
            }
        }
        out.put(path, List.copyOf(keys));
    }

    /** The generated reference, docs/reference/config-keys.md. */
    public static String markdown() {
        StringBuilder md = new StringBuilder("""
                # Config keys (generated)

                Generated from the records the config is bound into (`common/.../config/ConfigDocument.java`, by
                `ConfigKeys.java`); do not edit. What each key means, its default and an example: [the config guide](../guide/config.md).
                An unknown key is an error (exit 2) naming its path, with the closest known key suggested.

                | where | keys |
                | --- | --- |
                """);
        ALL.forEach((path, keys) -> md.append("| `").append(path.isEmpty() ? "(top level)" : path).append("` | ")
                .append(String.join(", ", keys.stream().map(k -> "`" + k + "`").toList())).append(" |\n"));
        return md.toString();
    }
}
