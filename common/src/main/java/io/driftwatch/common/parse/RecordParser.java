package io.driftwatch.common.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.config.ColumnMapping;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.ModelConfig;
import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one decoded log record (a JSON object, or a CSV/Parquet row seen as a flat object) into an
 * {@link Observation}, applying the {@code columns:} mapping and the model's task. Everything that
 * makes a record unusable is a {@link BadRecordException} with a reason a person can act on.
 *
 * <p>Resource use comes from the {@code resources} object, or, in flat logs, from top-level
 * {@code cpu_pct}, {@code memory_mb} and {@code gpu_pct} columns.
 *
 * <p>Task per model: from the config; else from {@code inferredTasks} (a sample of the input read
 * before the job, see {@link TaskInference}); else from the record itself (text prediction:
 * multiclass; number in [0, 1]: binary; other number: regression).
 */
public final class RecordParser implements Serializable {
    private static final long serialVersionUID = 1L;

    private final DriftwatchConfig config;
    private final Map<String, Task> inferredTasks;
    private final String[] idPath;
    private final String[] timestampPath;
    private final String[] modelPath;
    private final String[] versionPath;
    private final String[] predictionPath;
    private final String[] labelPath;
    private final String[] latencyPath;
    private final String[] statusPath;
    private final String[] resourcesPath;
    private final String[] featuresPath;

    private final boolean withFeatures;
    private final java.util.Set<String> nonFeatureColumns;

    /** A parser that reads features too ({@code drift.enabled}). */
    public RecordParser(DriftwatchConfig config, Map<String, Task> inferredTasks) {
        this(config, inferredTasks, config.drift().enabled());
    }

    /** @param withFeatures whether observations carry the feature values (profiles and drift need them) */
    public RecordParser(DriftwatchConfig config, Map<String, Task> inferredTasks, boolean withFeatures) {
        this.config = config;
        this.withFeatures = withFeatures;
        java.util.Set<String> nonFeatures = new java.util.HashSet<>(java.util.Set.of("cpu_pct", "memory_mb", "gpu_pct"));
        for (String canonical : ColumnMapping.CANONICAL) nonFeatures.add(config.columns().pathOf(canonical).split("\\.")[0]);
        this.nonFeatureColumns = java.util.Set.copyOf(nonFeatures);
        this.inferredTasks = Map.copyOf(inferredTasks);
        ColumnMapping c = config.columns();
        idPath = split(c.pathOf("prediction_id"));
        timestampPath = split(c.pathOf("timestamp"));
        modelPath = split(c.pathOf("model"));
        versionPath = split(c.pathOf("model_version"));
        predictionPath = split(c.pathOf("prediction"));
        labelPath = split(c.pathOf("label"));
        latencyPath = split(c.pathOf("latency_ms"));
        statusPath = split(c.pathOf("status"));
        resourcesPath = split(c.pathOf("resources"));
        featuresPath = split(c.pathOf("features"));
    }

    /** Parses a prediction record of a typed format (JSON, Parquet). */
    public Observation parse(JsonNode record) throws BadRecordException {
        return parse(record, false);
    }

    /**
     * Parses a prediction record.
     *
     * @param untyped the record comes from CSV, where every value is text: a feature value that
     *     reads as a number is then kept as a number too (see {@link Observation})
     */
    public Observation parse(JsonNode record, boolean untyped) throws BadRecordException {
        if (record == null || !record.isObject()) {
            throw new BadRecordException("record is not a JSON object");
        }
        String model = requiredText(record, modelPath, "model");
        JsonNode tsNode = at(record, timestampPath);
        if (isAbsent(tsNode)) {
            throw new BadRecordException("missing required field '" + String.join(".", timestampPath) + "'");
        }
        long ts = Timestamps.read(tsNode, "timestamp");
        String version = optionalText(record, versionPath, "model_version");
        if (version == null) version = "unknown";
        String id = optionalText(record, idPath, "prediction_id");

        JsonNode pred = at(record, predictionPath);
        if (isAbsent(pred)) {
            throw new BadRecordException("missing required field '" + String.join(".", predictionPath) + "'");
        }
        ModelConfig mc = config.model(model);
        Task task = taskOf(model, mc, pred);
        double predNumber;
        String predText;
        if (pred.isNumber()) {
            predNumber = pred.asDouble();
            if (!Double.isFinite(predNumber)) {
                throw new BadRecordException("prediction is not a finite number");
            }
            // only multiclass reads the text of a prediction (numeric class ids)
            predText = task == Task.MULTICLASS_CLASSIFICATION ? Labels.numberText(predNumber) : null;
        } else if (pred.isTextual() || pred.isBoolean()) {
            predText = pred.asText();
            // a number written as text (CSV, string-typed Parquet) still counts as a number
            predNumber = task == Task.MULTICLASS_CLASSIFICATION ? Double.NaN : TaskInference.numberOrNaN(predText);
        } else {
            throw new BadRecordException("prediction must be a number or a string");
        }
        if (task != Task.MULTICLASS_CLASSIFICATION && Double.isNaN(predNumber)) {
            throw new BadRecordException("prediction '" + abbreviate(predText) + "' is not a number, but model '"
                    + model + "' is " + task.configName());
        }

        boolean labeled = false;
        double labelNumber = Double.NaN;
        String labelText = null;
        JsonNode label = at(record, labelPath);
        if (!isAbsent(label)) {
            double[] n = new double[1];
            labelText = labelValue(label, n);
            labelNumber = normalizeLabel(task, mc, n[0], labelText, model);
            labeled = true;
        }

        double latency = optionalNumber(record, latencyPath, "latency_ms");
        if (latency < 0) {
            throw new BadRecordException("latency_ms is negative: " + latency);
        }
        String status = optionalText(record, statusPath, "status");
        boolean error = status != null && !status.toLowerCase(Locale.ROOT).equals("ok");

        double cpu = Double.NaN, mem = Double.NaN, gpu = Double.NaN;
        JsonNode res = at(record, resourcesPath);
        if (isAbsent(res) && (record.has("cpu_pct") || record.has("memory_mb") || record.has("gpu_pct"))) {
            // flat logs (CSV, flat Parquet) carry the resource figures as top-level columns
            res = record;
        }
        if (!isAbsent(res)) {
            if (!res.isObject()) {
                throw new BadRecordException("resources must be an object");
            }
            cpu = optionalNumber(res, new String[] {"cpu_pct"}, "resources.cpu_pct");
            mem = optionalNumber(res, new String[] {"memory_mb"}, "resources.memory_mb");
            gpu = optionalNumber(res, new String[] {"gpu_pct"}, "resources.gpu_pct");
        }
        if (!withFeatures) {
            return new Observation(model, version, Observation.ALL_SEGMENTS, segmentsOf(record, mc), id, ts, task,
                    predNumber, predText, labeled, labelNumber, labelText, latency, error, cpu, mem, gpu);
        }
        JsonNode featureObject = at(record, featuresPath);
        Features f = new Features();
        if (featureObject != null && featureObject.isObject()) {
            for (Map.Entry<String, JsonNode> e : featureObject.properties()) f.add(e.getKey(), e.getValue(), untyped);
            for (String name : config.columns().featureColumns()) f.add(name, record.get(name), untyped);
        } else if (!config.columns().featureColumns().isEmpty()) {
            for (String name : config.columns().featureColumns()) f.add(name, record.get(name), untyped);
        } else {
            // flat records (CSV, flat Parquet): every column that is not a canonical field
            for (Map.Entry<String, JsonNode> e : record.properties()) {
                if (!nonFeatureColumns.contains(e.getKey())) f.add(e.getKey(), e.getValue(), untyped);
            }
        }
        return new Observation(model, version, Observation.ALL_SEGMENTS, segmentsOf(record, mc), id, ts, task,
                predNumber, predText, labeled, labelNumber, labelText, latency, error, cpu, mem, gpu,
                java.util.Arrays.copyOf(f.names, f.size), java.util.Arrays.copyOf(f.numbers, f.size),
                java.util.Arrays.copyOf(f.texts, f.size));
    }

    /** Feature values of one record as they are read (absent and null values are left out). */
    private static final class Features {
        String[] names = new String[16];
        double[] numbers = new double[16];
        String[] texts = new String[16];
        int size;

        void add(String name, JsonNode v, boolean untyped) {
            if (isAbsent(v)) return;
            if (size == names.length) {
                names = java.util.Arrays.copyOf(names, size * 2);
                numbers = java.util.Arrays.copyOf(numbers, size * 2);
                texts = java.util.Arrays.copyOf(texts, size * 2);
            }
            double number = Double.NaN;
            String text = null;
            if (v.isNumber()) {
                number = v.asDouble();
            } else if (v.isTextual()) {
                text = v.asText();
                if (untyped) number = TaskInference.numberOrNaN(text);
            } else if (v.isBoolean()) {
                text = v.asText();
            } else {
                text = v.toString(); // an object or array value is profiled as its JSON text
            }
            names[size] = name;
            numbers[size] = number;
            texts[size++] = text;
        }
    }

    /** Parses a label record (SPEC §2: {@code prediction_id}, {@code timestamp}, {@code label}). */
    public LabelRecord parseLabel(JsonNode record) throws BadRecordException {
        if (record == null || !record.isObject()) {
            throw new BadRecordException("record is not a JSON object");
        }
        String id = requiredText(record, idPath, "prediction_id");
        JsonNode tsNode = at(record, timestampPath);
        if (isAbsent(tsNode)) {
            throw new BadRecordException("missing required field 'timestamp'");
        }
        long ts = Timestamps.read(tsNode, "timestamp");
        JsonNode label = at(record, labelPath);
        if (isAbsent(label)) {
            throw new BadRecordException("missing required field 'label'");
        }
        double[] n = new double[1];
        String text = labelValue(label, n);
        return new LabelRecord(id, ts, n[0], text);
    }

    /**
     * Reads a label that arrived separately as the task of its prediction expects it.
     *
     * @return the normalized number (binary 1/0, regression value; NaN for multiclass)
     */
    public double normalizeLabel(Task task, String model, double number, String text) throws BadRecordException {
        return normalizeLabel(task, config.model(model), number, text, model);
    }

    private double normalizeLabel(Task task, ModelConfig mc, double number, String text, String model)
            throws BadRecordException {
        switch (task) {
            case BINARY_CLASSIFICATION: {
                double b = Labels.binary(number, text, mc.positiveLabel());
                if (Double.isNaN(b)) {
                    throw new BadRecordException("label '" + abbreviate(text) + "' is not binary (1/0, true/false"
                            + " or models." + model + ".positive_label)");
                }
                return b;
            }
            case REGRESSION:
                if (Double.isNaN(number)) {
                    throw new BadRecordException("label '" + abbreviate(text) + "' is not a number, but model '"
                            + model + "' is regression");
                }
                return number;
            default:
                return Double.NaN;
        }
    }

    private Task taskOf(String model, ModelConfig mc, JsonNode pred) {
        if (mc.task() != null) return mc.task();
        Task inferred = inferredTasks.get(model);
        if (inferred != null) return inferred;
        return TaskInference.fromPrediction(pred);
    }

    private String[] segmentsOf(JsonNode record, ModelConfig mc) {
        List<String> fields = mc.segments();
        if (fields.isEmpty()) return new String[0];
        String[] out = new String[fields.size()];
        JsonNode features = at(record, featuresPath);
        for (int i = 0; i < out.length; i++) {
            String f = fields.get(i);
            JsonNode v = features != null && features.isObject() ? features.get(f) : null;
            if (isAbsent(v)) v = record.get(f);
            out[i] = f + "=" + (isAbsent(v) ? "__missing__" : v.asText());
        }
        return out;
    }

    private static String labelValue(JsonNode label, double[] number) throws BadRecordException {
        if (label.isNumber()) {
            double d = label.asDouble();
            if (!Double.isFinite(d)) throw new BadRecordException("label is not a finite number");
            number[0] = d;
            return Labels.numberText(d);
        }
        if (label.isTextual() || label.isBoolean()) {
            number[0] = TaskInference.numberOrNaN(label.asText());
            return label.asText();
        }
        throw new BadRecordException("label must be a number, string or boolean");
    }

    private static String requiredText(JsonNode record, String[] path, String name) throws BadRecordException {
        String v = optionalText(record, path, name);
        if (v == null || v.isEmpty()) {
            throw new BadRecordException("missing required field '" + String.join(".", path) + "'");
        }
        return v;
    }

    private static String optionalText(JsonNode record, String[] path, String name) throws BadRecordException {
        JsonNode n = at(record, path);
        if (isAbsent(n)) return null;
        if (n.isTextual()) return n.asText();
        if (n.isNumber()) return Labels.numberText(n.asDouble());
        throw new BadRecordException(name + " must be a string");
    }

    private static double optionalNumber(JsonNode record, String[] path, String name) throws BadRecordException {
        JsonNode n = at(record, path);
        if (isAbsent(n)) return Double.NaN;
        if (!n.isNumber()) {
            throw new BadRecordException(name + " must be a number, not '" + abbreviate(n.asText()) + "'");
        }
        double d = n.asDouble();
        if (!Double.isFinite(d)) throw new BadRecordException(name + " is not a finite number");
        return d;
    }

    private static JsonNode at(JsonNode record, String[] path) {
        JsonNode n = record;
        for (String p : path) {
            if (n == null || !n.isObject()) return null;
            n = n.get(p);
        }
        return n;
    }

    private static boolean isAbsent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    private static String[] split(String path) {
        return path.split("\\.");
    }

    static String abbreviate(String s) {
        if (s == null) return "null";
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    /** Whether observations carry feature values. */
    public boolean withFeatures() {
        return withFeatures;
    }

    /** The config this parser applies. */
    public DriftwatchConfig config() {
        return config;
    }

    /** The task a record of {@code model} is analyzed as (for logs and the label join). */
    public Optional<Task> configuredOrInferredTask(String model) {
        ModelConfig mc = config.model(model);
        return mc.task() != null ? Optional.of(mc.task()) : Optional.ofNullable(inferredTasks.get(model));
    }
}
