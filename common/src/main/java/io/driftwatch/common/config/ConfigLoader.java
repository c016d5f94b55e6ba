package io.driftwatch.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.common.config.DriftwatchConfig.DriftConfig;
import io.driftwatch.common.config.DriftwatchConfig.FeatureDrift;
import io.driftwatch.common.config.DriftwatchConfig.ReferenceConfig;
import io.driftwatch.common.config.DriftwatchConfig.AnomalyConfig;
import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.model.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the YAML config (contract §4) into a {@link DriftwatchConfig}. Unknown keys and wrong types are
 * errors whose message starts with the key's dotted path ({@code models.fraud.threshold: ...}).
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    // the keys allowed at each path: ConfigKeys (also the source of docs/reference/config-keys.md)
    private static final Set<String> DRIFT_METHODS = Set.of(
            "auto", "psi", "jensen_shannon", "hellinger", "ks", "wasserstein_norm", "chi_square", "l_infinity");
    private static final Set<String> MULTIPLE_TESTING = Set.of("benjamini_hochberg", "bonferroni", "none");
    private static final Set<String> SEASONALITY = Set.of("auto", "none", "day", "week");

    private ConfigLoader() {}

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
        if (root == null || root.isMissingNode() || root.isNull()) {
            return DriftwatchConfig.DEFAULT;
        }
        requireObject(root, "config");
        checkKeys(root, "", ConfigKeys.at(""));
        DriftwatchConfig d = DriftwatchConfig.DEFAULT;
        String offset = root.has("window_offset") ? text(root.get("window_offset"), "window_offset") : null;
        io.driftwatch.common.window.WindowGrid window = root.has("window") || offset != null
                ? io.driftwatch.common.window.WindowGrid.parse(root.has("window") ? text(root.get("window"), "window") : "1d",
                        offset, "window")
                : d.window();
        Map<String, ModelConfig> models = parseModels(root.get("models"));
        ColumnMapping columns = parseColumns(root.get("columns"));
        Duration wait = d.labelWait();
        Duration horizon = d.labelHorizon();
        if (root.has("labels")) {
            JsonNode labels = requireObject(root.get("labels"), "labels");
            checkKeys(labels, "labels.", ConfigKeys.at("labels"));
            if (labels.has("wait")) {
                wait = Durations.parse(text(labels.get("wait"), "labels.wait"), "labels.wait");
            }
            if (labels.has("horizon")) {
                horizon = Durations.parse(scalarText(labels.get("horizon"), "labels.horizon"), "labels.horizon");
            }
        }
        ReferenceConfig reference = parseReference(root.get("reference"));
        DriftConfig drift = parseDrift(root.get("drift"), DriftConfig.DEFAULT, "drift", ConfigKeys.at("drift"));
        models = withModelDrift(models, root.get("models"), drift);
        RetrainingConfig retraining = parseRetraining(root.get("retraining"));
        Compression compression = d.compression();
        if (root.has("output")) {
            JsonNode out = requireObject(root.get("output"), "output");
            checkKeys(out, "output.", ConfigKeys.at("output"));
            if (out.has("compression")) {
                String c = text(out.get("compression"), "output.compression");
                try {
                    compression = Compression.valueOf(c.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("output.compression: '" + c + "' is not one of snappy, zstd, none");
                }
            }
        }
        return new DriftwatchConfig(window, models, columns, wait, horizon, reference, drift, retraining, compression,
                parseInput(root.get("input")), parseStatus(root.get("status")), parseLabelColumns(root.get("label_columns")),
                parseFeatures(root.get("features")), parseStreaming(root.get("streaming")), parseAlarms(root.get("alarms")));
    }

    private static DriftwatchConfig.StreamingConfig parseStreaming(JsonNode node) {
        DriftwatchConfig.StreamingConfig d = DriftwatchConfig.StreamingConfig.DEFAULT;
        if (node == null || node.isNull()) return d;
        requireObject(node, "streaming");
        checkKeys(node, "streaming.", ConfigKeys.at("streaming"));
        return new DriftwatchConfig.StreamingConfig(
                node.has("out_of_orderness") ? Durations.parse(scalarText(node.get("out_of_orderness"),
                        "streaming.out_of_orderness"), "streaming.out_of_orderness") : d.outOfOrderness(),
                node.has("idleness") ? Durations.parsePositive(scalarText(node.get("idleness"), "streaming.idleness"),
                        "streaming.idleness") : d.idleness(),
                node.has("checkpoint_interval") ? Durations.parsePositive(scalarText(node.get("checkpoint_interval"),
                        "streaming.checkpoint_interval"), "streaming.checkpoint_interval") : d.checkpointInterval(),
                node.has("runs_every") ? Durations.parsePositive(scalarText(node.get("runs_every"), "streaming.runs_every"),
                        "streaming.runs_every") : d.runsEvery());
    }

    /** {@code alarms: {budget: 1/week}} (N/day, N/week, N/month, or none). */
    private static io.driftwatch.common.trend.AlarmBudget parseAlarms(JsonNode node) {
        if (node == null || node.isNull()) return io.driftwatch.common.trend.AlarmBudget.DEFAULT;
        requireObject(node, "alarms");
        checkKeys(node, "alarms.", ConfigKeys.at("alarms"));
        if (!node.has("budget")) return io.driftwatch.common.trend.AlarmBudget.DEFAULT;
        try {
            return io.driftwatch.common.trend.AlarmBudget.parse(scalarText(node.get("budget"), "alarms.budget"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("alarms.budget: " + e.getMessage());
        }
    }

    private static InputConfig parseInput(JsonNode node) {
        InputConfig d = InputConfig.DEFAULT;
        if (node == null || node.isNull()) return d;
        requireObject(node, "input");
        checkKeys(node, "input.", ConfigKeys.at("input"));
        String zone = optText(node, "timezone", "input.").orElse(d.timezone());
        try {
            java.time.ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw new ConfigException("input.timezone: '" + zone + "' is not a time zone (e.g. UTC, Europe/Berlin, +02:00)");
        }
        InputConfig.TimestampUnit unit = d.timestampUnit();
        if (node.has("timestamp_unit")) {
            String u = text(node.get("timestamp_unit"), "input.timestamp_unit");
            unit = InputConfig.TimestampUnit.fromConfigName(u);
            if (unit == null) throw new ConfigException("input.timestamp_unit: '" + u + "' is not one of auto, s, ms, us, ns");
        }
        String format = null;
        if (node.has("timestamp_format") && !node.get("timestamp_format").isNull()) {
            format = text(node.get("timestamp_format"), "input.timestamp_format");
            try {
                java.time.format.DateTimeFormatter.ofPattern(format);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("input.timestamp_format: '" + format + "' is not a DateTimeFormatter pattern ("
                        + e.getMessage() + "), e.g. 'dd/MM/yyyy HH:mm:ss'");
            }
        }
        long earliest = d.earliestTimestamp(), latest = d.latestTimestamp();
        if (node.has("earliest_timestamp")) earliest = instant(node.get("earliest_timestamp"), "input.earliest_timestamp");
        if (node.has("latest_timestamp")) latest = instant(node.get("latest_timestamp"), "input.latest_timestamp");
        if (earliest >= latest) {
            throw new ConfigException("input.earliest_timestamp: must be before input.latest_timestamp");
        }
        long maxLine = d.maxLineBytes();
        if (node.has("max_line_bytes")) maxLine = bytes(node.get("max_line_bytes"), "input.max_line_bytes");
        double ratio = d.maxInflationRatio();
        if (node.has("max_inflation_ratio")) {
            JsonNode r = node.get("max_inflation_ratio");
            if (!r.isNumber() || !(r.asDouble() >= 1)) {
                throw new ConfigException("input.max_inflation_ratio: must be a number of at least 1 (default "
                        + (int) InputConfig.DEFAULT_MAX_INFLATION_RATIO + "), not '" + r.asText() + "'");
            }
            ratio = r.asDouble();
        }
        return new InputConfig(zone, unit, format, earliest, latest, maxLine, ratio);
    }

    /** A date or instant ({@code 2000-01-01}, {@code 2000-01-01T00:00:00Z}) as epoch millis. */
    private static long instant(JsonNode node, String key) {
        String t = scalarText(node, key);
        Long v = io.driftwatch.common.parse.Timestamps.parseBound(t);
        if (v == null) throw new ConfigException(key + ": '" + t + "' is not a date or an ISO-8601 instant (e.g. 2000-01-01)");
        return v;
    }

    /** A size in bytes: a whole number, or with KiB/MiB/GiB ({@code 64MiB}); at least 1 KiB. */
    static long bytes(JsonNode node, String key) {
        String t = scalarText(node, key).trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(|B|KiB|MiB|GiB|KB|MB|GB)").matcher(t);
        if (m.matches()) {
            long unit = switch (m.group(2)) {
                case "KiB", "KB" -> 1L << 10;
                case "MiB", "MB" -> 1L << 20;
                case "GiB", "GB" -> 1L << 30;
                default -> 1L;
            };
            try {
                long v = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
                if (v >= 1024) return v;
            } catch (ArithmeticException | NumberFormatException ignored) {
                // reported below
            }
        }
        throw new ConfigException(key + ": '" + t + "' is not a size of at least 1 KiB (e.g. 67108864 or 64MiB)");
    }

    private static StatusRule parseStatus(JsonNode node) {
        if (node == null || node.isNull()) return StatusRule.DEFAULT;
        requireObject(node, "status");
        checkKeys(node, "status.", ConfigKeys.at("status"));
        if (!node.has("success")) return StatusRule.DEFAULT;
        JsonNode list = node.get("success");
        List<String> entries = new ArrayList<>();
        if (list.isArray()) {
            for (int i = 0; i < list.size(); i++) entries.add(scalarText(list.get(i), "status.success[" + i + "]"));
        } else {
            entries.add(scalarText(list, "status.success"));
        }
        if (entries.isEmpty()) throw new ConfigException("status.success: must list at least one value (e.g. [ok, 2xx])");
        try {
            return new StatusRule(entries);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("status.success: " + e.getMessage());
        }
    }

    private static Map<String, String> parseLabelColumns(JsonNode node) {
        if (node == null || node.isNull()) return Map.of();
        requireObject(node, "label_columns");
        checkKeys(node, "label_columns.", ConfigKeys.at("label_columns"));
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), path(e.getValue(), "label_columns." + e.getKey())));
        return Map.copyOf(out);
    }

    private static FeatureFilter parseFeatures(JsonNode node) {
        if (node == null || node.isNull()) return FeatureFilter.ALL;
        requireObject(node, "features");
        checkKeys(node, "features.", ConfigKeys.at("features"));
        List<String> include = node.has("include") ? globs(node.get("include"), "features.include") : List.of();
        List<String> exclude = node.has("exclude") ? globs(node.get("exclude"), "features.exclude") : List.of();
        return new FeatureFilter(include, exclude);
    }

    private static List<String> globs(JsonNode node, String path) {
        List<String> out = node.isArray() ? stringList(node, path) : List.of(text(node, path));
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).isEmpty()) throw new ConfigException(path + "[" + i + "]: must not be empty");
        }
        return out;
    }

    private static String path(JsonNode node, String key) {
        String p = text(node, key);
        if (p.isBlank() || p.startsWith(".") || p.endsWith(".") || p.contains("..")) {
            throw new ConfigException(key + ": '" + p + "' is not a field name or dotted path");
        }
        return p;
    }

    private static Map<String, ModelConfig> parseModels(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        requireObject(node, "models");
        Map<String, ModelConfig> models = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = "models." + e.getKey();
            JsonNode m = e.getValue() == null || e.getValue().isNull() ? YAML.createObjectNode() : e.getValue();
            requireObject(m, p);
            checkKeys(m, p + ".", ConfigKeys.at("models.<model>"));
            Task task = null;
            if (m.has("task")) {
                String t = text(m.get("task"), p + ".task");
                Task parsed = Task.fromConfigName(t);
                if (parsed == null) {
                    throw new ConfigException(p + ".task: '" + t
                            + "' is not one of binary_classification, multiclass_classification, regression");
                }
                task = parsed;
            }
            double threshold = m.has("threshold") ? number(m.get("threshold"), p + ".threshold") : 0.5;
            if (!Double.isFinite(threshold)) {
                throw new ConfigException(p + ".threshold: must be a finite number");
            }
            String positive = m.has("positive_label")
                    ? scalarText(m.get("positive_label"), p + ".positive_label")
                    : null;
            Map<String, String> features = new LinkedHashMap<>();
            if (m.has("features")) {
                JsonNode f = requireObject(m.get("features"), p + ".features");
                for (Iterator<Map.Entry<String, JsonNode>> fi = f.fields(); fi.hasNext(); ) {
                    Map.Entry<String, JsonNode> fe = fi.next();
                    String type = text(fe.getValue(), p + ".features." + fe.getKey());
                    if (!type.equals("numeric") && !type.equals("categorical")) {
                        throw new ConfigException(p + ".features." + fe.getKey() + ": '" + type
                                + "' is not one of numeric, categorical");
                    }
                    features.put(fe.getKey(), type);
                }
            }
            List<String> segments = m.has("segments") ? stringList(m.get("segments"), p + ".segments") : List.of();
            models.put(e.getKey(), new ModelConfig(task, threshold, positive, Map.copyOf(features), segments, null));
        }
        return Map.copyOf(models);
    }

    private static ColumnMapping parseColumns(JsonNode node) {
        if (node == null || node.isNull()) {
            return ColumnMapping.IDENTITY;
        }
        requireObject(node, "columns");
        checkKeys(node, "columns.", ConfigKeys.at("columns"));
        Map<String, String> paths = new LinkedHashMap<>();
        List<String> featureColumns = List.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = "columns." + e.getKey();
            if (e.getKey().equals("features") && e.getValue().isArray()) {
                featureColumns = stringList(e.getValue(), p);
            } else if (e.getKey().equals("resources") && e.getValue().isObject()) {
                // sub-fields one by one: resources: {cpu_pct: host_stats.cpu, memory_mb: mem}
                checkKeys(e.getValue(), p + ".", ConfigKeys.at("columns.resources"));
                e.getValue().fields().forEachRemaining(r -> paths.put(r.getKey(), path(r.getValue(), p + "." + r.getKey())));
            } else {
                paths.put(e.getKey(), path(e.getValue(), p));
            }
        }
        return new ColumnMapping(Map.copyOf(paths), featureColumns);
    }

    private static ReferenceConfig parseReference(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        requireObject(node, "reference");
        checkKeys(node, "reference.", ConfigKeys.at("reference"));
        Optional<String> from = optText(node, "from", "reference.");
        Optional<String> to = optText(node, "to", "reference.");
        Optional<String> profile = optText(node, "profile", "reference.");
        if (profile.isPresent() == (from.isPresent() || to.isPresent())) {
            throw new ConfigException("reference: give either from and to, or profile");
        }
        if (profile.isEmpty() && (from.isEmpty() || to.isEmpty())) {
            throw new ConfigException("reference: from and to are both needed");
        }
        return new ReferenceConfig(from.orElse(null), to.orElse(null), profile.orElse(null));
    }

    /** Models with a {@code drift:} section get the top level's settings overridden by theirs. */
    private static Map<String, ModelConfig> withModelDrift(Map<String, ModelConfig> models, JsonNode node,
            DriftConfig top) {
        if (node == null || node.isNull()) return models;
        Map<String, ModelConfig> out = new LinkedHashMap<>(models);
        for (Map.Entry<String, ModelConfig> e : models.entrySet()) {
            JsonNode d = node.get(e.getKey()).get("drift");
            if (d == null || d.isNull()) continue;
            ModelConfig m = e.getValue();
            out.put(e.getKey(), new ModelConfig(m.task(), m.threshold(), m.positiveLabel(), m.features(), m.segments(),
                    parseDrift(d, top, "models." + e.getKey() + ".drift", ConfigKeys.at("models.<model>.drift"))));
        }
        return Map.copyOf(out);
    }

    private static DriftConfig parseDrift(JsonNode node, DriftConfig d, String path, Set<String> keys) {
        if (node == null || node.isNull()) {
            return d;
        }
        requireObject(node, path);
        checkKeys(node, path + ".", keys);
        boolean enabled = d.enabled();
        if (node.has("enabled")) {
            if (!node.get("enabled").isBoolean()) throw new ConfigException(path + ".enabled: must be true or false");
            enabled = node.get("enabled").asBoolean();
        }
        String method = optText(node, "method", path + ".").orElse(d.method());
        checkMethod(method, path + ".method");
        int bins = d.bins();
        if (node.has("bins")) {
            JsonNode b = node.get("bins");
            if (!b.isIntegralNumber() || b.asInt() < 2 || b.asInt() > 1000) {
                throw new ConfigException(path + ".bins: must be an integer between 2 and 1000");
            }
            bins = b.asInt();
        }
        Map<String, Double> thresholds = new LinkedHashMap<>(d.thresholds());
        if (node.has("thresholds")) {
            JsonNode t = requireObject(node.get("thresholds"), path + ".thresholds");
            checkKeys(t, path + ".thresholds.", ConfigKeys.at("drift.thresholds"));
            t.fields().forEachRemaining(e ->
                    thresholds.put(e.getKey(), threshold(e.getValue(), path + ".thresholds." + e.getKey())));
        }
        String mt = optText(node, "multiple_testing", path + ".").orElse(d.multipleTesting());
        if (!MULTIPLE_TESTING.contains(mt)) {
            throw new ConfigException(path + ".multiple_testing: '" + mt + "' is not one of benjamini_hochberg, bonferroni, none");
        }
        Map<String, FeatureDrift> features = new LinkedHashMap<>(d.features());
        if (node.has("features")) {
            JsonNode f = requireObject(node.get("features"), path + ".features");
            for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String fp = path + ".features." + e.getKey();
                JsonNode fe = requireObject(e.getValue(), fp);
                checkKeys(fe, fp + ".", ConfigKeys.at("drift.features.<column>"));
                String m = optText(fe, "method", fp + ".").orElse(null);
                if (m != null) checkMethod(m, fp + ".method");
                Double t = fe.has("threshold") ? threshold(fe.get("threshold"), fp + ".threshold") : null;
                features.put(e.getKey(), new FeatureDrift(m, t));
            }
        }
        boolean significance = node.has("require_significance")
                ? bool(node.get("require_significance"), path + ".require_significance") : d.requireSignificance();
        double minDistance = d.minDistance();
        if (node.has("min_distance")) {
            minDistance = number(node.get("min_distance"), path + ".min_distance");
            if (!(minDistance >= 0 && minDistance <= 1)) {
                throw new ConfigException(path + ".min_distance: must be between 0 and 1, not " + minDistance);
            }
        }
        boolean calibrate = node.has("calibrate") ? bool(node.get("calibrate"), path + ".calibrate") : d.calibrate();
        return new DriftConfig(enabled, method, bins, Map.copyOf(thresholds), mt, Map.copyOf(features), significance,
                minDistance, calibrate);
    }

    private static void checkMethod(String method, String path) {
        if (!DRIFT_METHODS.contains(method)) {
            throw new ConfigException(path + ": '" + method + "' is not one of "
                    + String.join(", ", new java.util.TreeSet<>(DRIFT_METHODS)));
        }
    }

    private static double threshold(JsonNode node, String path) {
        double t = number(node, path);
        if (!(t >= 0) || !Double.isFinite(t)) throw new ConfigException(path + ": must be a number >= 0");
        return t;
    }

    private static RetrainingConfig parseRetraining(JsonNode node) {
        RetrainingConfig d = RetrainingConfig.DEFAULT;
        if (node == null || node.isNull()) {
            return d;
        }
        requireObject(node, "retraining");
        checkKeys(node, "retraining.", ConfigKeys.at("retraining"));
        Map<String, Double> weights = new java.util.LinkedHashMap<>();
        if (node.has("feature_weights")) {
            JsonNode w = requireObject(node.get("feature_weights"), "retraining.feature_weights");
            for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                weights.put(e.getKey(), threshold(e.getValue(), "retraining.feature_weights." + e.getKey()));
            }
        }
        double share = node.has("max_drift_share") ? number(node.get("max_drift_share"), "retraining.max_drift_share") : d.maxDriftShare();
        if (!(share > 0 && share <= 1)) throw new ConfigException("retraining.max_drift_share: must be in (0, 1], not " + share);
        int baseline = node.has("baseline_windows") ? (int) integer(node.get("baseline_windows"), "retraining.baseline_windows") : d.baselineWindows();
        if (baseline < 2) throw new ConfigException("retraining.baseline_windows: must be at least 2 (a standard deviation needs two windows)");
        return new RetrainingConfig(
                node.has("max_accuracy_drop") ? threshold(node.get("max_accuracy_drop"), "retraining.max_accuracy_drop") : d.maxAccuracyDrop(),
                node.has("max_rmse_increase") ? threshold(node.get("max_rmse_increase"), "retraining.max_rmse_increase") : d.maxRmseIncrease(),
                node.has("min_labels") ? integer(node.get("min_labels"), "retraining.min_labels") : d.minLabels(),
                share,
                node.has("prediction_drift_windows") ? (int) Math.max(1, integer(node.get("prediction_drift_windows"), "retraining.prediction_drift_windows")) : d.predictionDriftWindows(),
                baseline,
                node.has("labels_override_drift") ? bool(node.get("labels_override_drift"), "retraining.labels_override_drift") : d.labelsOverrideDrift(),
                confidence(node, d.confidence()),
                Map.copyOf(weights),
                parseAnomalies(node.get("anomalies"), baseline),
                withinNoiseInvestigates(node));
    }

    /** {@code retraining.within_noise}: {@code ok} (default) or {@code investigate}. */
    private static boolean withinNoiseInvestigates(JsonNode node) {
        if (!node.has("within_noise")) return false;
        String v = text(node.get("within_noise"), "retraining.within_noise");
        return switch (v) {
            case "ok" -> false;
            case "investigate" -> true;
            default -> throw new ConfigException("retraining.within_noise: '" + v + "' is not one of ok, investigate");
        };
    }

    private static double confidence(JsonNode node, double fallback) {
        if (!node.has("confidence")) return fallback;
        double c = number(node.get("confidence"), "retraining.confidence");
        if (!(c >= 0 && c < 1)) throw new ConfigException("retraining.confidence: must be in [0, 1), not " + c);
        return c;
    }

    private static AnomalyConfig parseAnomalies(JsonNode node, int baselineWindows) {
        AnomalyConfig d = AnomalyConfig.DEFAULT;
        if (node == null || node.isNull()) return d;
        String p = "retraining.anomalies.";
        requireObject(node, "retraining.anomalies");
        checkKeys(node, p, ConfigKeys.at("retraining.anomalies"));
        List<Kpi> kpis = d.kpis();
        if (node.has("kpis")) {
            List<String> names = stringList(node.get("kpis"), p + "kpis");
            List<Kpi> out = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                Kpi k = Kpi.byColumn(names.get(i));
                if (k == null || k.kind() == Kpi.Kind.FLAG) {
                    throw new ConfigException(p + "kpis[" + i + "]: unknown KPI '" + names.get(i) + "' (expected a numeric"
                            + " column of kpi_windows: " + String.join(", ", java.util.Arrays.stream(Kpi.values())
                                    .filter(x -> x.kind() != Kpi.Kind.FLAG).map(Kpi::column).toList()) + ")");
                }
                out.add(k);
            }
            kpis = List.copyOf(out);
        }
        int minBaseline = node.has("min_baseline_windows") ? (int) integer(node.get("min_baseline_windows"), p + "min_baseline_windows") : d.minBaselineWindows();
        if (minBaseline < 2 || minBaseline > baselineWindows) {
            throw new ConfigException(p + "min_baseline_windows: must be between 2 and retraining.baseline_windows ("
                    + baselineWindows + "), not " + minBaseline);
        }
        String seasonality = node.has("seasonality") ? text(node.get("seasonality"), p + "seasonality") : d.seasonality();
        if (!SEASONALITY.contains(seasonality)) {
            throw new ConfigException(p + "seasonality: '" + seasonality + "' is not one of auto, none, day, week");
        }
        return new AnomalyConfig(kpis,
                node.has("z_threshold") ? threshold(node.get("z_threshold"), p + "z_threshold") : d.zThreshold(),
                node.has("min_relative_change") ? threshold(node.get("min_relative_change"), p + "min_relative_change") : d.minRelativeChange(),
                minBaseline,
                node.has("min_predictions") ? integer(node.get("min_predictions"), p + "min_predictions") : d.minPredictions(),
                seasonality, node.has("cusum") ? bool(node.get("cusum"), p + "cusum") : d.cusum());
    }

    private static void checkKeys(JsonNode node, String prefix, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new ConfigException(prefix + k + ": unknown key" + Suggestions.didYouMean(k, allowed) + " (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static JsonNode requireObject(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new ConfigException(path + ": must be a mapping, not " + kind(node));
        }
        return node;
    }

    private static String text(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw new ConfigException(path + ": must be a string, not " + kind(node));
        }
        return node.asText();
    }

    private static String scalarText(JsonNode node, String path) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            throw new ConfigException(path + ": must be a string or number, not " + kind(node));
        }
        return node.asText();
    }

    private static Optional<String> optText(JsonNode node, String key, String prefix) {
        return node.has(key) ? Optional.of(scalarText(node.get(key), prefix + key)) : Optional.empty();
    }

    private static double number(JsonNode node, String path) {
        if (node == null || !node.isNumber()) {
            throw new ConfigException(path + ": must be a number, not " + kind(node));
        }
        return node.asDouble();
    }

    private static boolean bool(JsonNode node, String path) {
        if (node == null || !node.isBoolean()) throw new ConfigException(path + ": must be true or false, not " + kind(node));
        return node.asBoolean();
    }

    private static long integer(JsonNode node, String path) {
        if (node == null || !node.isIntegralNumber() || node.asLong() < 0) {
            throw new ConfigException(path + ": must be a non-negative integer, not " + kind(node));
        }
        return node.asLong();
    }

    private static List<String> stringList(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new ConfigException(path + ": must be a list, not " + kind(node));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(text(node.get(i), path + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isNull()) return "empty";
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        if (node.isNumber()) return "the number " + node.asText();
        if (node.isBoolean()) return "the boolean " + node.asText();
        return "'" + node.asText() + "'";
    }
}
