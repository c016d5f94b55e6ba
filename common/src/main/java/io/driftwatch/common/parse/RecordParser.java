package io.driftwatch.common.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.config.ColumnMapping;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.FairnessRule;
import io.driftwatch.common.config.FeatureFilter;
import io.driftwatch.common.config.ModelConfig;
import io.driftwatch.common.config.Privacy;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.parse.BadRecordException.Reason;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one decoded log record (a JSON object, or a CSV/Parquet row seen as a flat object) into an
 * {@link Observation}, applying the {@code columns:} mapping and the model's task. Everything that
 * makes a record unusable is a {@link BadRecordException} with a reason a person can act on.
 *
 * <p>Resource use comes from a sub-field's own mapping ({@code columns.resources.cpu_pct}), else
 * from the {@code resources} object, else, in flat logs, from top-level {@code cpu_pct},
 * {@code memory_mb} and {@code gpu_pct} columns.
 *
 * <p>Status: {@code status.success} says which values are a success. A failed request (any other
 * status) needs no prediction: without one it counts as a request, an error, and in latency and
 * resources, but not in quality KPIs (its label, if any, is ignored), and it is never a dead letter
 * for lacking a prediction (or for carrying an unusable one).
 *
 * <p>Text values (features, class predictions, labels, segment values) are cut to
 * {@link TextValues#MAX_LENGTH} characters. Features are the columns {@code features.include} and
 * {@code features.exclude} select.
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
    private final String[] probabilitiesPath;
    private final String[] labelPath;
    private final String[] latencyPath;
    private final String[] statusPath;
    private final String[] resourcesPath;
    private final String[] featuresPath;
    private final String[][] resourcePaths;
    private final String[] labelIdPath;
    private final String[] labelTimestampPath;
    private final String[] labelLabelPath;
    private final TimestampReader timestamps;
    private transient java.util.HashMap<String, Boolean> featureDecisions;

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
        nonFeatures.addAll(config.columns().topLevelFields());
        this.nonFeatureColumns = java.util.Set.copyOf(nonFeatures);
        this.inferredTasks = Map.copyOf(inferredTasks);
        ColumnMapping c = config.columns();
        idPath = split(c.pathOf("prediction_id"));
        timestampPath = split(c.pathOf("timestamp"));
        modelPath = split(c.pathOf("model"));
        versionPath = split(c.pathOf("model_version"));
        predictionPath = split(c.pathOf("prediction"));
        probabilitiesPath = split(c.pathOf("probabilities"));
        labelPath = split(c.pathOf("label"));
        latencyPath = split(c.pathOf("latency_ms"));
        statusPath = split(c.pathOf("status"));
        resourcesPath = split(c.pathOf("resources"));
        featuresPath = split(c.pathOf("features"));
        resourcePaths = new String[ColumnMapping.RESOURCE_FIELDS.size()][];
        for (int i = 0; i < resourcePaths.length; i++) {
            resourcePaths[i] = c.resourcePath(ColumnMapping.RESOURCE_FIELDS.get(i)).map(RecordParser::split).orElse(null);
        }
        labelIdPath = split(config.labelPathOf("prediction_id"));
        labelTimestampPath = split(config.labelPathOf("timestamp"));
        labelLabelPath = split(config.labelPathOf("label"));
        timestamps = new TimestampReader(config.input());
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
            throw new BadRecordException(Reason.NOT_AN_OBJECT, "record is not a JSON object");
        }
        String model = modelName(record, modelPath, "model", config.input().model());
        JsonNode tsNode = at(record, timestampPath);
        if (isAbsent(tsNode)) throw missing(timestampPath);
        long ts = timestamps.read(tsNode, "timestamp");
        String version = optionalText(record, versionPath, "model_version", Reason.BAD_MODEL);
        if (version == null) version = "unknown";
        else if (version.length() > TextValues.MAX_LENGTH) {
            throw new BadRecordException(Reason.BAD_MODEL, "model_version is longer than " + TextValues.MAX_LENGTH
                    + " characters");
        }
        String id = optionalText(record, idPath, "prediction_id", Reason.BAD_FIELD);

        JsonNode statusNode = at(record, statusPath);
        if (statusNode != null && statusNode.isContainerNode()) {
            throw new BadRecordException(Reason.BAD_FIELD, "status must be a string, number or boolean");
        }
        boolean error = !config.status().isSuccess(statusNode);

        ModelConfig mc = config.model(model);
        JsonNode pred = at(record, predictionPath);
        Task task;
        double predNumber = Double.NaN;
        String predText = null;
        boolean predicted;
        if (isAbsent(pred)) {
            if (!error) throw missing(predictionPath);
            // a failed request without a prediction: an error, not a dead letter
            task = configuredOrInferredTask(model).orElse(null);
            predicted = false;
        } else {
            task = taskOf(model, mc, pred);
            try {
                if (pred.isNumber()) {
                    predNumber = pred.asDouble();
                    if (!Double.isFinite(predNumber)) {
                        throw new BadRecordException(Reason.BAD_PREDICTION, "prediction is not a finite number");
                    }
                    // only multiclass reads the text of a prediction (numeric class ids)
                    predText = task == Task.MULTICLASS_CLASSIFICATION ? Labels.numberText(predNumber) : null;
                } else if (pred.isTextual() || pred.isBoolean()) {
                    predText = TextValues.bound(pred.asText());
                    // a number written as text (CSV, string-typed Parquet) still counts as a number
                    predNumber = task == Task.MULTICLASS_CLASSIFICATION ? Double.NaN : TaskInference.numberOrNaN(predText);
                } else {
                    throw new BadRecordException(Reason.BAD_PREDICTION, "prediction must be a number or a string");
                }
                if (task != Task.MULTICLASS_CLASSIFICATION && Double.isNaN(predNumber)) {
                    throw new BadRecordException(Reason.BAD_PREDICTION, "prediction '" + abbreviate(predText)
                            + "' is not a number, but model '" + model + "' is " + task.configName());
                }
                predicted = true;
            } catch (BadRecordException e) {
                if (!error) throw e;
                // a failed request's prediction is not judged: an unusable one counts as none
                predNumber = Double.NaN;
                predText = null;
                predicted = false;
                if (configuredOrInferredTask(model).isEmpty()) task = null;
            }
        }

        boolean labeled = false;
        double labelNumber = Double.NaN;
        String labelText = null;
        JsonNode label = at(record, labelPath);
        if (predicted && !isAbsent(label)) {
            double[] n = new double[1];
            labelText = labelValue(label, n);
            labelNumber = normalizeLabel(task, mc, n[0], labelText, model);
            labeled = true;
        }

        double latency = optionalNumber(record, latencyPath, "latency_ms", Reason.BAD_LATENCY);
        if (latency < 0) {
            throw new BadRecordException(Reason.BAD_LATENCY, "latency_ms is negative: " + latency);
        }
        if (latency > MAX_LATENCY_MS) {
            // 1e300 made a window's mean latency 4e297: no request is served in more than a day
            throw new BadRecordException(Reason.BAD_LATENCY, "latency_ms " + latency + " is longer than a day ("
                    + (long) MAX_LATENCY_MS + " ms): not a serving latency");
        }

        double[] resources = resources(record);
        double cpu = resources[0], mem = resources[1], gpu = resources[2];
        String[] probClasses = NO_GROUPS;
        double[] probs = NO_NUMBERS;
        if (task == Task.MULTICLASS_CLASSIFICATION && predText != null) {
            JsonNode p = at(record, probabilitiesPath);
            if (!isAbsent(p)) {
                if (!p.isObject()) {
                    throw new BadRecordException(Reason.BAD_PREDICTION, "probabilities must be an object of class → score");
                }
                java.util.TreeMap<String, Double> sorted = new java.util.TreeMap<>();
                for (Map.Entry<String, JsonNode> e : p.properties()) {
                    JsonNode v = e.getValue();
                    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0 || v.asDouble() > 1) {
                        throw new BadRecordException(Reason.BAD_PREDICTION, "probabilities: the score of class '"
                                + abbreviate(e.getKey()) + "' is not a number in [0, 1]");
                    }
                    sorted.put(e.getKey(), v.asDouble());
                }
                probClasses = sorted.keySet().toArray(String[]::new);
                probs = sorted.values().stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
        if (!withFeatures) {
            return new Observation(model, version, Observation.ALL_SEGMENTS, segmentsOf(record, mc, model), id, ts, task,
                    predNumber, predText, labeled, labelNumber, labelText, latency, error, cpu, mem, gpu, NO_GROUPS,
                    NO_NUMBERS, NO_GROUPS, groupsOf(record, mc, model), probClasses, probs);
        }
        JsonNode featureObject = at(record, featuresPath);
        Features f = new Features();
        Privacy privacy = config.privacy();
        boolean open = privacy.isOff();
        if (featureObject != null && featureObject.isObject()) {
            for (Map.Entry<String, JsonNode> e : featureObject.properties()) {
                if (isFeature(e.getKey())) addFeature(f, model, e.getKey(), e.getValue(), untyped, open, privacy);
            }
            for (String name : config.columns().featureColumns()) addFeature(f, model, name, record.get(name), untyped, open, privacy);
        } else if (!config.columns().featureColumns().isEmpty()) {
            for (String name : config.columns().featureColumns()) addFeature(f, model, name, record.get(name), untyped, open, privacy);
        } else {
            // flat records (CSV, flat Parquet): every column that is not a canonical field
            for (Map.Entry<String, JsonNode> e : record.properties()) {
                if (!nonFeatureColumns.contains(e.getKey()) && isFeature(e.getKey())) {
                    addFeature(f, model, e.getKey(), e.getValue(), untyped, open, privacy);
                }
            }
        }
        return new Observation(model, version, Observation.ALL_SEGMENTS, segmentsOf(record, mc, model), id, ts, task,
                predNumber, predText, labeled, labelNumber, labelText, latency, error, cpu, mem, gpu,
                java.util.Arrays.copyOf(f.names, f.size), java.util.Arrays.copyOf(f.numbers, f.size),
                java.util.Arrays.copyOf(f.texts, f.size), groupsOf(record, mc, model), probClasses, probs);
    }

    /**
     * Adds a feature as {@code privacy:} allows: a dropped field is left out, a hashed one is kept as
     * its salted hash (text, so it is profiled as a category; docs/guide/privacy.md).
     */
    private static void addFeature(Features f, String model, String name, JsonNode v, boolean untyped, boolean open,
            Privacy privacy) {
        if (open) {
            f.add(name, v, untyped);
            return;
        }
        switch (privacy.action(model, name)) {
            case KEEP -> f.add(name, v, untyped);
            case DROP -> { }
            case HASH -> {
                if (!isAbsent(v)) f.add(name, com.fasterxml.jackson.databind.node.TextNode.valueOf(
                        privacy.hash(v.isValueNode() ? v.asText() : v.toString())), false);
            }
        }
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
                text = TextValues.bound(v.asText());
                if (untyped) number = TaskInference.numberOrNaN(text);
            } else if (v.isBoolean()) {
                text = v.asText();
            } else {
                text = TextValues.bound(v.toString()); // an object or array value is profiled as its JSON text
            }
            names[size] = name;
            numbers[size] = number;
            texts[size++] = text;
        }
    }

    /** Whether a column is a feature ({@code features.include/exclude}); decisions are cached per name. */
    private boolean isFeature(String name) {
        FeatureFilter filter = config.features();
        if (filter.acceptsAll()) return true;
        if (featureDecisions == null) featureDecisions = new java.util.HashMap<>();
        Boolean known = featureDecisions.get(name);
        if (known != null) return known;
        boolean accepted = filter.accepts(name);
        if (featureDecisions.size() < 10_000) featureDecisions.put(name, accepted);
        return accepted;
    }

    /** The longest plausible serving latency: a day. */
    static final double MAX_LATENCY_MS = 86_400_000;

    /** cpu_pct, memory_mb, gpu_pct (NaN where absent, never negative); see the class comment for where they are read. */
    private double[] resources(JsonNode record) throws BadRecordException {
        double[] out = {Double.NaN, Double.NaN, Double.NaN};
        JsonNode res = at(record, resourcesPath);
        if (!isAbsent(res) && !res.isObject()) {
            throw new BadRecordException(Reason.BAD_RESOURCES, String.join(".", resourcesPath) + " must be an object");
        }
        for (int i = 0; i < out.length; i++) {
            String field = ColumnMapping.RESOURCE_FIELDS.get(i);
            if (resourcePaths[i] != null) {
                out[i] = optionalNumber(record, resourcePaths[i], String.join(".", resourcePaths[i]), Reason.BAD_RESOURCES);
            } else if (!isAbsent(res)) {
                out[i] = optionalNumber(res, new String[] {field}, "resources." + field, Reason.BAD_RESOURCES);
            } else {
                // flat logs (CSV, flat Parquet) carry the resource figures as top-level columns
                out[i] = optionalNumber(record, new String[] {field}, field, Reason.BAD_RESOURCES);
            }
            if (out[i] < 0) {
                throw new BadRecordException(Reason.BAD_RESOURCES, field + " is negative: " + out[i]);
            }
        }
        return out;
    }

    /** Parses a label record (contract §2: {@code prediction_id}, {@code timestamp}, {@code label}; {@code label_columns:}). */
    public LabelRecord parseLabel(JsonNode record) throws BadRecordException {
        if (record == null || !record.isObject()) {
            throw new BadRecordException(Reason.NOT_AN_OBJECT, "record is not a JSON object");
        }
        String id = optionalText(record, labelIdPath, "prediction_id", Reason.BAD_FIELD);
        if (id == null || id.isEmpty()) throw missing(labelIdPath);
        JsonNode tsNode = at(record, labelTimestampPath);
        if (isAbsent(tsNode)) throw missing(labelTimestampPath);
        long ts = timestamps.read(tsNode, "timestamp");
        JsonNode label = at(record, labelLabelPath);
        if (isAbsent(label)) throw missing(labelLabelPath);
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
                    throw new BadRecordException(Reason.BAD_LABEL, "label '" + abbreviate(text) + "' is not binary (1/0, true/false"
                            + " or models." + model + ".positive_label)");
                }
                return b;
            }
            case REGRESSION:
                if (Double.isNaN(number)) {
                    throw new BadRecordException(Reason.BAD_LABEL, "label '" + abbreviate(text) + "' is not a number, but model '"
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

    private String[] segmentsOf(JsonNode record, ModelConfig mc, String model) {
        return groupKeys(record, mc.segments(), model);
    }

    /** The record's group of each fairness attribute of its model ({@link Observation#groups}). */
    private String[] groupsOf(JsonNode record, ModelConfig mc, String model) {
        List<FairnessRule> rules = mc.fairness();
        // the endpoint (canary, default) platforms' logs name: last, for model_versions
        JsonNode endpoint = record.get("endpoint");
        boolean hasEndpoint = !isAbsent(endpoint) && endpoint.isValueNode();
        if (rules.isEmpty() && !hasEndpoint) return NO_GROUPS;
        List<String> fields = new ArrayList<>(rules.size());
        for (FairnessRule r : rules) fields.add(r.attribute());
        String[] keys = groupKeys(record, fields, model);
        if (!hasEndpoint) return keys;
        String[] out = java.util.Arrays.copyOf(keys, keys.length + 1);
        out[keys.length] = KpiState.ENDPOINT + TextValues.bound(endpoint.asText());
        return out;
    }

    private static final String[] NO_GROUPS = new String[0];
    private static final double[] NO_NUMBERS = new double[0];

    /** {@code field=value} per field: a feature of that name, else a field of the record; {@code __missing__} without. */
    private String[] groupKeys(JsonNode record, List<String> fields, String model) {
        if (fields.isEmpty()) return NO_GROUPS;
        String[] out = new String[fields.size()];
        JsonNode features = at(record, featuresPath);
        for (int i = 0; i < out.length; i++) {
            String f = fields.get(i);
            JsonNode v = features != null && features.isObject() ? features.get(f) : null;
            if (isAbsent(v)) v = record.get(f);
            String value = isAbsent(v) ? "__missing__" : TextValues.bound(v.asText());
            if (!isAbsent(v) && !config.privacy().isOff()) {
                // a segment or group of a hashed field is named by its hash; of a dropped one, not at all
                switch (config.privacy().action(model, f)) {
                    case HASH -> value = config.privacy().hash(v.isValueNode() ? v.asText() : v.toString());
                    case DROP -> value = "__dropped__";
                    case KEEP -> { }
                }
            }
            out[i] = f + "=" + value;
        }
        return out;
    }

    private static String labelValue(JsonNode label, double[] number) throws BadRecordException {
        if (label.isNumber()) {
            double d = label.asDouble();
            if (!Double.isFinite(d)) throw new BadRecordException(Reason.BAD_LABEL, "label is not a finite number");
            number[0] = d;
            return Labels.numberText(d);
        }
        if (label.isTextual() || label.isBoolean()) {
            number[0] = TaskInference.numberOrNaN(label.asText());
            return TextValues.bound(label.asText());
        }
        throw new BadRecordException(Reason.BAD_LABEL, "label must be a number, string or boolean");
    }

    private static BadRecordException missing(String[] path) {
        return new BadRecordException(Reason.MISSING_FIELD, "missing required field '" + String.join(".", path) + "'");
    }

    /** The record's model, else {@code fallback} ({@code input.model}) when given. */
    private static String modelName(JsonNode record, String[] path, String name, String fallback) throws BadRecordException {
        String v = optionalText(record, path, name, Reason.BAD_MODEL);
        if ((v == null || v.isEmpty()) && fallback != null) return fallback;
        if (v == null || v.isEmpty()) throw missing(path);
        if (v.length() > TextValues.MAX_LENGTH) {
            throw new BadRecordException(Reason.BAD_MODEL, name + " is longer than " + TextValues.MAX_LENGTH + " characters");
        }
        return v;
    }

    private static String optionalText(JsonNode record, String[] path, String name, Reason reason)
            throws BadRecordException {
        JsonNode n = at(record, path);
        if (isAbsent(n)) return null;
        if (n.isTextual()) return n.asText();
        // a model name or version written as a number is the text written (CSV: the cell, so "2.0"
        // stays "2.0"); a numeric id is normalised (123.0 and 123 join), as labels' ids are
        if (n.isNumber()) return reason == Reason.BAD_MODEL ? n.asText() : Labels.numberText(n.asDouble());
        throw new BadRecordException(reason, name + " must be a string");
    }

    private static double optionalNumber(JsonNode record, String[] path, String name, Reason reason)
            throws BadRecordException {
        JsonNode n = at(record, path);
        if (isAbsent(n)) return Double.NaN;
        if (!n.isNumber()) {
            // numbers written as text (CSV cells are typed already; string-typed JSON or Parquet) count
            double d = n.isTextual() ? TaskInference.numberOrNaN(n.asText().trim()) : Double.NaN;
            if (!Double.isNaN(d)) return d;
            throw new BadRecordException(reason, name + " must be a number, not '" + abbreviate(n.asText()) + "'");
        }
        double d = n.asDouble();
        if (!Double.isFinite(d)) throw new BadRecordException(reason, name + " is not a finite number");
        return d;
    }

    /**
     * The model a decoded record names, through the mapping; null where there is none (for filing a
     * dead letter).
     */
    public String modelOrNull(JsonNode record) {
        JsonNode m = at(record, modelPath);
        return m != null && m.isValueNode() && !m.isNull() && !m.asText().isEmpty()
                && m.asText().length() <= TextValues.MAX_LENGTH ? m.asText() : null;
    }

    /** The event time a decoded record names, through the mapping; {@code fallback} where it cannot be read. */
    public long timeOr(JsonNode record, boolean label, long fallback) {
        JsonNode ts = at(record, label ? labelTimestampPath : timestampPath);
        if (isAbsent(ts)) return fallback;
        try {
            return timestamps.read(ts, "timestamp");
        } catch (BadRecordException e) {
            return fallback;
        }
    }

    /** The reader of this config's timestamps. */
    public TimestampReader timestamps() {
        return timestamps;
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
