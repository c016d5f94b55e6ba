package io.driftwatch.common.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.common.parse.BadRecordException.Reason;
import java.util.List;

/** The rows of a serving platform's request and response payloads, shared by its readers. */
final class Payloads {
    private Payloads() {}

    /** The names of the prediction in an output object, in the order they are looked for. */
    private static final String[] PREDICTION_FIELDS = {"score", "predicted_label", "label", "prediction"};

    /**
     * One instance of a request as features: an object by its names; SageMaker's
     * {@code {"features": [..]}}, an array or a single value by {@code names} ({@code input.payload_columns}).
     */
    static ObjectNode instance(JsonNode n, List<String> names, String where) throws BadRecordException {
        if (n.isObject() && n.size() == 1 && n.has("features") && n.get("features").isArray()) n = n.get("features");
        if (n.isObject()) return (ObjectNode) n;
        if (n.isArray()) {
            List<JsonNode> values = new java.util.ArrayList<>(n.size());
            n.forEach(values::add);
            return named(values, names, where);
        }
        return named(List.of(n), names, where);
    }

    /** A prediction written as a value, or as an object with {@code score}, {@code predicted_label}, ... */
    static JsonNode output(JsonNode n, String where) throws BadRecordException {
        if (n.isValueNode()) return n;
        if (n.isObject()) {
            for (String k : PREDICTION_FIELDS) {
                if (n.has(k) && n.get(k).isValueNode()) return n.get(k);
            }
        }
        throw new BadRecordException(Reason.BAD_PREDICTION, where + ": an output " + abbreviate(n.toString())
                + " has no score, predicted_label, label or prediction");
    }

    /**
     * The prediction of an output row of several values: one value is the prediction; two are the
     * probabilities of classes 0 and 1 (scikit-learn's {@code predict_proba}), the second is the
     * score; more are class probabilities, the index of the largest (the first of ties) is the class.
     */
    static JsonNode prediction(List<JsonNode> row, String where) throws BadRecordException {
        if (row.size() == 1) return output(row.get(0), where);
        if (row.isEmpty()) throw new BadRecordException(Reason.BAD_PREDICTION, where + ": an empty output row");
        for (JsonNode v : row) {
            if (!v.isNumber()) {
                throw new BadRecordException(Reason.BAD_PREDICTION, where + ": an output row of " + row.size()
                        + " values that are not all probabilities");
            }
        }
        if (row.size() == 2) return row.get(1);
        int best = 0;
        for (int i = 1; i < row.size(); i++) if (row.get(i).asDouble() > row.get(best).asDouble()) best = i;
        return JsonNodeFactory.instance.textNode(Integer.toString(best));
    }

    /** Values named in order. */
    static ObjectNode named(List<JsonNode> values, List<String> names, String where) throws BadRecordException {
        if (names.isEmpty()) {
            throw new BadRecordException(Reason.MISSING_FIELD, where + ": " + values.size()
                    + " values without names; name them in order in input.payload_columns");
        }
        if (values.size() != names.size()) {
            throw new BadRecordException(Reason.INVALID_CSV, where + ": " + values.size() + " values, input.payload_columns names "
                    + names.size());
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < values.size(); i++) o.set(names.get(i), values.get(i));
        return o;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
