package io.driftwatch.common.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.model.Task;
import java.util.HashMap;
import java.util.Map;

/**
 * Infers a model's task when the config does not give it, from a sample of its records, by the
 * bulk of the values: mostly text predictions → multiclass classification; otherwise, all numeric
 * predictions in [0, 1] and all labels 0/1/true/false → binary classification; else regression. A
 * stray text value among numbers ({@code "nan"}, {@code "error"}) does not decide the task: it is
 * a {@code bad_prediction} dead letter of the numeric task.
 */
public final class TaskInference {
    private final Map<String, Evidence> byModel = new HashMap<>();

    private static final class Evidence {
        long textPredictions;
        long numberPredictions;
        boolean predictionOutsideUnit;
        boolean nonBinaryLabel;
        long records;
    }

    /** Adds one sampled record (prediction and label nodes may be null). */
    public void add(String model, JsonNode prediction, JsonNode label) {
        Evidence e = byModel.computeIfAbsent(model, m -> new Evidence());
        e.records++;
        if (prediction != null && !prediction.isNull()) {
            double p = prediction.isNumber() ? prediction.asDouble() : numberOrNaN(prediction.asText());
            if (Double.isNaN(p)) {
                e.textPredictions++;
            } else {
                e.numberPredictions++;
                if (!(p >= 0 && p <= 1)) e.predictionOutsideUnit = true;
            }
        }
        if (label != null && !label.isNull()) {
            double n = label.isNumber() ? label.asDouble() : numberOrNaN(label.asText());
            boolean binary = !Double.isNaN(n)
                    ? n == 0 || n == 1
                    : label.isBoolean() || label.asText().equalsIgnoreCase("true") || label.asText().equalsIgnoreCase("false");
            if (!binary) e.nonBinaryLabel = true;
        }
    }

    /** The inferred task per model seen. */
    public Map<String, Task> tasks() {
        Map<String, Task> out = new HashMap<>();
        byModel.forEach((m, e) -> out.put(m, e.textPredictions > e.numberPredictions ? Task.MULTICLASS_CLASSIFICATION
                : (!e.predictionOutsideUnit && !e.nonBinaryLabel) ? Task.BINARY_CLASSIFICATION : Task.REGRESSION));
        return out;
    }

    /** How many records were sampled per model. */
    public long records(String model) {
        Evidence e = byModel.get(model);
        return e == null ? 0 : e.records;
    }

    /** The value of a finite number written as text, or NaN. */
    public static double numberOrNaN(String text) {
        if (text == null || text.isEmpty()) return Double.NaN;
        char c = text.charAt(0);
        if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.')) return Double.NaN;
        try {
            double d = Double.parseDouble(text);
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The fallback for a model absent from the sample: judged from one prediction. */
    public static Task fromPrediction(JsonNode prediction) {
        double p = prediction.isNumber() ? prediction.asDouble() : numberOrNaN(prediction.asText());
        if (Double.isNaN(p)) return Task.MULTICLASS_CLASSIFICATION;
        return p >= 0 && p <= 1 ? Task.BINARY_CLASSIFICATION : Task.REGRESSION;
    }
}
