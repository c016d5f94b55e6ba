package io.driftwatch.common.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.common.config.ColumnMapping;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.ModelConfig;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Set;

/**
 * Decodes a JSON Lines record into a tree holding only the fields the job reads: the canonical
 * fields (as mapped by {@code columns:}), flat resource columns, and of the features only those
 * that name a segment. Everything else is skipped by the tokenizer without building nodes or
 * parsing numbers, which makes decoding several times faster than a full tree for logs with many
 * features. The result is read by {@link RecordParser} exactly as a full tree would be.
 *
 * <p>Duplicate keys: the last one wins, as with a full tree. A line that is not one JSON object
 * (or has trailing content) is a {@link BadRecordException}.
 */
public final class JsonFieldSelector implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private final Set<String> keep;
    private final String featuresField;
    private final Set<String> featuresKept;
    private final boolean allFeatures;

    /**
     * @param allFeatures keep every feature (drift needs them); otherwise only segment fields
     */
    public JsonFieldSelector(DriftwatchConfig config, boolean allFeatures) {
        ColumnMapping columns = config.columns();
        Set<String> segmentFields = new HashSet<>();
        for (ModelConfig m : config.models().values()) segmentFields.addAll(m.segments());
        Set<String> k = new HashSet<>();
        for (String canonical : ColumnMapping.CANONICAL) {
            k.add(columns.pathOf(canonical).split("\\.")[0]);
        }
        k.addAll(Set.of("cpu_pct", "memory_mb", "gpu_pct"));
        k.addAll(segmentFields);
        String features = columns.pathOf("features");
        // a nested features path is kept whole (under its top-level field)
        this.featuresField = features.contains(".") ? null : features;
        if (featuresField != null) k.remove(featuresField);
        this.keep = Set.copyOf(k);
        this.featuresKept = Set.copyOf(segmentFields);
        this.allFeatures = allFeatures;
    }

    /** Decodes one line. */
    public JsonNode decode(String line) throws BadRecordException {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRecordException("line is not a JSON object");
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(featuresField)) {
                    if (allFeatures || value != JsonToken.START_OBJECT) {
                        out.set(name, value(p));
                    } else {
                        out.set(name, selectFeatures(p));
                    }
                } else if (keep.contains(name)) {
                    out.set(name, value(p));
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new BadRecordException("invalid JSON: unexpected end of the object");
            }
            if (p.nextToken() != null) {
                throw new BadRecordException("invalid JSON: content after the object");
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new BadRecordException("invalid JSON: " + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new BadRecordException("invalid JSON: " + e.getMessage());
        }
    }

    /** The value at the current token, built directly (no deserialization context per value). */
    private static JsonNode value(JsonParser p) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case VALUE_STRING:
                return f.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? f.numberNode(p.getBigIntegerValue()) : f.numberNode(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return f.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return f.booleanNode(true);
            case VALUE_FALSE:
                return f.booleanNode(false);
            case VALUE_NULL:
                return f.nullNode();
            case START_OBJECT: {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.set(name, value(p));
                }
                return o;
            }
            default:
                return MAPPER.readTree(p);
        }
    }

    private ObjectNode selectFeatures(JsonParser p) throws IOException {
        ObjectNode features = JsonNodeFactory.instance.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (featuresKept.contains(name)) {
                features.set(name, value(p));
            } else {
                p.skipChildren();
            }
        }
        return features;
    }
}
