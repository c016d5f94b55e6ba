package io.driftwatch.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML config (contract §4, docs/guide/config.md): Jackson binds it into
 * {@link ConfigDocument}'s records and enums, strictly (unknown keys fail, a string is not read as a
 * number or a boolean, a fraction not as an integer); {@link ConfigDocument#toConfig()} checks the
 * values. Every error is one line starting with the key's dotted path
 * ({@code models.fraud.threshold: ...}), an unknown key with the closest known one.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper BINDER = binder();

    private ConfigLoader() {}

    private static ObjectMapper binder() {
        ObjectMapper m = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .build();
        // "0.5" is not a number here, nor "true" a boolean, nor 1 a boolean: the YAML says what it is
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return m;
    }

    /** Reads a config file; a missing or unreadable file is a {@link ConfigException} naming it. */
    public static DriftwatchConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config: file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("--config: cannot read " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    /** Parses config text. An empty document gives the defaults. */
    public static DriftwatchConfig parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String msg = String.valueOf(e.getOriginalMessage()).split("\n")[0];
            // a nesting or size limit has no location
            throw new ConfigException("config: not valid YAML" + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr()) + ": " + msg);
        } catch (RuntimeException | StackOverflowError e) {
            // SnakeYAML's own errors (aliases, recursion) are not Jackson's: still one line naming the file's fault
            throw new ConfigException("config: not valid YAML: " + String.valueOf(e.getMessage()).split("\n")[0]);
        }
        if (root == null || root.isMissingNode() || root.isNull()) return DriftwatchConfig.DEFAULT;
        if (!root.isObject()) throw new ConfigException("config: must be a mapping, not " + kind(root));
        ConfigDocument doc;
        try {
            doc = BINDER.treeToValue(root, ConfigDocument.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(message(e, root));
        } catch (JsonProcessingException e) {
            throw new ConfigException("config: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config: " + String.valueOf(e.getMessage()).split("\n")[0]);
        }
        return doc.toConfig();
    }

    /** A binding error as "path: what is wrong", the path as the user writes it ({@code drift.features.x.method}). */
    private static String message(JsonMappingException e, JsonNode root) {
        StringBuilder path = new StringBuilder();
        JsonNode node = root;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(r.getFieldName());
                node = node == null ? null : node.get(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                // a single value read as a list of one: the value itself is what is wrong
                if (node != null && !node.isArray()) {
                    return (path.isEmpty() ? "config" : path) + ": must be a list, not " + kind(node);
                }
                path.append('[').append(r.getIndex()).append(']');
                node = node == null ? null : node.get(r.getIndex());
            }
        }
        String at = path.isEmpty() ? "config" : path.toString();
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return unknownKey(at, u.getPropertyName(), known);
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return at + ": '" + f.getValue() + "' is not one of " + String.join(", ", ConfigDocument.names(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> t = m.getTargetType();
            if (t.isEnum()) return at + ": " + kind(node) + " is not one of " + String.join(", ", ConfigDocument.names(t));
            if (t == Boolean.class || t == boolean.class) return at + ": must be true or false";
            return at + ": must be " + expected(t) + ", not " + kind(node);
        }
        return at + ": " + e.getOriginalMessage();
    }

    private static String expected(Class<?> t) {
        if (t == String.class) return "a string";
        if (t == Double.class || t == double.class || t == Float.class) return "a number";
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "a non-negative integer";
        if (Collection.class.isAssignableFrom(t)) return "a list";
        if (Map.class.isAssignableFrom(t) || t.isRecord()) return "a mapping";
        return "a " + t.getSimpleName();
    }

    private static String unknownKey(String at, String key, Collection<String> allowed) {
        String prefix = at.endsWith("." + key) ? at.substring(0, at.length() - key.length()) : at.equals(key) ? "" : at + ".";
        return prefix + key + ": unknown key" + Suggestions.didYouMean(key, allowed) + " (expected one of "
                + String.join(", ", allowed.stream().sorted().toList()) + ")";
    }

    /** Keys of a section whose keys are data ({@code columns:}, {@code label_columns:}) checked against its list. */
    static void checkKeys(Collection<String> keys, String prefix, Collection<String> allowed) {
        for (String k : keys) {
            if (!allowed.contains(k)) throw new ConfigException(unknownKey(prefix + k, k, allowed));
        }
    }

    /** A string value of a section bound as a tree. */
    static String text(JsonNode node, String path) {
        if (node == null || !node.isTextual()) throw new ConfigException(path + ": must be a string, not " + kind(node));
        return node.asText();
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return "empty";
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        if (node.isNumber()) return "the number " + node.asText();
        if (node.isBoolean()) return "the boolean " + node.asText();
        return "'" + node.asText() + "'";
    }
}
