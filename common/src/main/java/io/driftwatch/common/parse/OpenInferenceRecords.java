package io.driftwatch.common.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a record of OpenInference tabular columns (the Arize open-inference-spec, {@code spec/}
 * overview, id, timestamp, feature, prediction, actual and tag pages, 2023) as Driftwatch's own
 * fields (contract §2), so the parser, {@code columns:} and everything after read it as any log.
 *
 * <p>A column name is {@code :<category>.<data_type>.<specifier>:<name>}; the spec's own examples
 * also separate the parts with {@code :} ({@code :prediction:float:score}, {@code :tag:str:ethnicity}),
 * so both are read: the parts are what lies between the first and the last {@code :}, split at
 * {@code .} or {@code :}, the name what follows the last {@code :}. Mapped:
 * <ul>
 *   <li>{@code :id:} (any data type) → {@code prediction_id}; {@code :timestamp.<type>:} → {@code timestamp}
 *       (ISO 8601, or epoch milliseconds or seconds: the reader tells them by magnitude);
 *       {@code :version:} → {@code model_version}</li>
 *   <li>{@code :feature.<type>:<name>} → {@code features.<name>}</li>
 *   <li>{@code :prediction.<type>.score:} → {@code prediction} (a score: binary classification and
 *       regression), else {@code :prediction.<type>.label:}; {@code :actual...} → {@code label} (the
 *       label if there is one, else the score)</li>
 *   <li>{@code :tag.<type>:<name>} → a top-level field {@code <name>}: usable as a segment
 *       ({@code models.<m>.segments}) or as the model ({@code columns: {model: <name>}}); a tag named
 *       {@code model} is the model</li>
 * </ul>
 * Embedding, text and importance columns are not read. Columns without the leading {@code :} are kept
 * as they are (a log may mix them in). OpenInference names no model: give {@code input.model} or a tag.
 */
public final class OpenInferenceRecords {
    private OpenInferenceRecords() {}

    /** The record in Driftwatch's own fields. */
    public static ObjectNode toCanonical(JsonNode row) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode features = JsonNodeFactory.instance.objectNode();
        JsonNode predictionScore = null, predictionLabel = null, actualScore = null, actualLabel = null;
        for (Map.Entry<String, JsonNode> e : row.properties()) {
            String column = e.getKey();
            JsonNode v = e.getValue();
            if (!column.startsWith(":") || column.length() < 2) {
                out.set(column, v);
                continue;
            }
            Column c = Column.parse(column);
            switch (c.category()) {
                case "id" -> out.set("prediction_id", v);
                case "timestamp" -> out.set("timestamp", v);
                case "version" -> out.set("model_version", v);
                case "feature" -> {
                    if (!c.name().isEmpty() && c.isPlain()) features.set(c.name(), v);
                }
                case "tag" -> {
                    if (!c.name().isEmpty()) out.set(c.name(), v);
                }
                case "prediction" -> {
                    if (c.is("score")) predictionScore = v;
                    else if (c.is("label")) predictionLabel = v;
                }
                case "actual" -> {
                    if (c.is("score")) actualScore = v;
                    else if (c.is("label")) actualLabel = v;
                }
                default -> out.set(column, v); // not a category of the spec: kept, as any unknown field
            }
        }
        JsonNode prediction = present(predictionScore) ? predictionScore : predictionLabel;
        if (prediction != null) out.set("prediction", prediction);
        JsonNode label = present(actualLabel) ? actualLabel : actualScore;
        if (label != null) out.set("label", label);
        if (!features.isEmpty()) out.set("features", features);
        return out;
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !(n.isTextual() && n.asText().isEmpty());
    }

    /** The parts of a column name: category, data type and specifier (each may be empty), and name. */
    record Column(String category, String type, String specifier, String name) {
        static Column parse(String column) {
            String body = column.substring(1);
            int last = body.lastIndexOf(':');
            String parts = last < 0 ? body : body.substring(0, last);
            String name = last < 0 ? "" : body.substring(last + 1);
            String[] p = parts.split("[.:]");
            // ":::name" splits into no parts at all: no category, kept as an unknown column
            String category = p.length > 0 ? p[0].toLowerCase(Locale.ROOT) : "";
            String type = p.length > 1 ? p[1].toLowerCase(Locale.ROOT) : "";
            String specifier = p.length > 2 ? p[2].toLowerCase(Locale.ROOT) : "";
            // ":prediction:float:score" — the specifier written where a name would stand
            if (specifier.isEmpty() && (category.equals("prediction") || category.equals("actual"))
                    && (name.equals("score") || name.equals("label"))) {
                return new Column(category, type, name, "");
            }
            return new Column(category, type, specifier, name);
        }

        boolean is(String s) {
            return specifier.equals(s);
        }

        /** A feature value column: not an embedding, text or importance column. */
        boolean isPlain() {
            return !type.equals("emb") && !type.equals("text") && !type.equals("vector") && !specifier.equals("importance");
        }
    }
}
