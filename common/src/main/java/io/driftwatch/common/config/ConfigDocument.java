package io.driftwatch.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.config.DriftwatchConfig.AnomalyConfig;
import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.common.config.DriftwatchConfig.DriftConfig;
import io.driftwatch.common.config.DriftwatchConfig.FeatureDrift;
import io.driftwatch.common.config.DriftwatchConfig.MultipleTesting;
import io.driftwatch.common.config.DriftwatchConfig.ReferenceConfig;
import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.config.DriftwatchConfig.Seasonality;
import io.driftwatch.common.config.DriftwatchConfig.StreamingConfig;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.trend.AlarmBudget;
import io.driftwatch.common.window.WindowGrid;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config file as written (contract §4): records Jackson binds the YAML into, one per section,
 * their components the keys in snake case ({@link ConfigLoader}: unknown keys, wrong types and
 * unknown choices are errors naming the key's path). A component left out is null and takes the
 * default of the domain record it becomes ({@code DriftwatchConfig.DEFAULT} and its parts, the one
 * place defaults live). {@link #toConfig()} checks the values and builds the {@link DriftwatchConfig};
 * {@link ConfigKeys} lists the keys from these records.
 */
public record ConfigDocument(
        String window, String windowOffset, Map<String, Model> models, Map<String, JsonNode> columns,
        Map<String, String> labelColumns, Features features, Input input, Status status, Labels labels,
        Streaming streaming, Output output, Reference reference, Drift drift, Alarms alarms, Retraining retraining,
        PrivacySection privacy, AlertsSection alerts) {

    /** {@code alerts:} (docs/guide/alerts.md). */
    public record AlertsSection(List<Route> routes, String timeout, Integer retries, String deadLetter) {}

    /**
     * {@code alerts.routes[]}: secrets come from the environment ({@code url_env}, {@code routing_key_env},
     * {@code token_env}); {@code url} may be given in the file where it is no secret.
     */
    public record Route(String type, String name, String url, String urlEnv, String routingKeyEnv, String tokenEnv,
            List<String> kinds) {}

    /** {@code privacy:} (docs/guide/privacy.md). */
    public record PrivacySection(List<String> hash, List<String> drop, Boolean rawDeadLetters, String saltEnv,
            String saltFile) {}

    /** {@code models.<model>.privacy:}: the model's own lists, added to the top level's. */
    public record ModelPrivacy(List<String> hash, List<String> drop) {}

    /** {@code models.<model>}. */
    public record Model(Task task, Double threshold, String positiveLabel, Map<String, FeatureType> features,
            List<String> segments, ModelDrift drift, List<Fairness> fairness, ModelPrivacy privacy, List<JsonNode> checks) {}

    /** {@code models.<model>.fairness[]}: one sensitive attribute ({@link FairnessRule}). */
    public record Fairness(String attribute, String referenceGroup, String positiveClass, Long minGroupSize,
            Double disparateImpactMin, Double maxParityDifference, Double maxEqualOpportunityDifference,
            Double maxEqualizedOddsDifference, FairnessDecision decision) {}

    /** {@code models.<model>.fairness[].decision}: what a breach makes the window. */
    public enum FairnessDecision { INVESTIGATE, RETRAIN }

    /** A declared feature type ({@code models.<model>.features.<column>}). */
    public enum FeatureType { NUMERIC, CATEGORICAL }

    /** {@code features:}: which columns are features. */
    public record Features(List<String> include, List<String> exclude) {}

    /** {@code input:}: how timestamps and lines are read. */
    public record Input(String timezone, String timestampUnit, String timestampFormat, String earliestTimestamp,
            String latestTimestamp, String maxLineBytes, JsonNode maxInflationRatio, InputConfig.Format format,
            String model, List<String> payloadColumns, String pairingWait) {}

    /** {@code status:}. */
    public record Status(List<String> success) {}

    /** {@code labels:}. */
    public record Labels(@com.fasterxml.jackson.annotation.JsonProperty("wait") String waitFor, String horizon) {}

    /** {@code streaming:}. */
    public record Streaming(String outOfOrderness, String idleness, String checkpointInterval, String runsEvery) {}

    /** {@code output:}. */
    public record Output(Compression compression) {}

    /** {@code reference:}: a period or a stored profile. */
    public record Reference(String from, String to, String profile) {}

    /** {@code drift:} at the top level. */
    public record Drift(Boolean enabled, DriftwatchConfig.MethodChoice method, Integer bins, Thresholds thresholds,
            MultipleTesting multipleTesting, Map<String, FeatureDriftDoc> features, Boolean requireSignificance,
            Double minDistance, Boolean calibrate, Boolean multivariate, Double pcaVariance,
            Boolean multivariateSegments) {}

    /** {@code models.<model>.drift}: the top level's keys but {@code enabled}, overriding it. */
    public record ModelDrift(DriftwatchConfig.MethodChoice method, Integer bins, Thresholds thresholds, MultipleTesting multipleTesting,
            Map<String, FeatureDriftDoc> features, Boolean requireSignificance, Double minDistance, Boolean calibrate,
            Boolean multivariate, Double pcaVariance, Boolean multivariateSegments) {}

    /** {@code drift.thresholds}: per method, {@code p_value} for the tests. */
    public record Thresholds(Double psi, Double jensenShannon, Double hellinger, Double ks, Double wassersteinNorm,
            Double lInfinity, Double pValue) {}

    /** {@code drift.features.<column>}. */
    public record FeatureDriftDoc(DriftwatchConfig.MethodChoice method, Double threshold) {}

    /** {@code alarms:}. */
    public record Alarms(String budget) {}

    /** {@code retraining:}. */
    public record Retraining(Double maxAccuracyDrop, Double maxRmseIncrease, Long minLabels, Double maxDriftShare,
            Long predictionDriftWindows, Boolean labelsOverrideDrift, Double confidence, WithinNoise withinNoise,
            Map<String, Double> featureWeights, Long baselineWindows, Anomalies anomalies) {}

    /** {@code retraining.within_noise}. */
    public enum WithinNoise { OK, INVESTIGATE }

    /** {@code retraining.anomalies:}. */
    public record Anomalies(List<String> kpis, Double zThreshold, Double minRelativeChange, Long minBaselineWindows,
            Long minPredictions, Seasonality seasonality, Boolean cusum) {}

    /** The config these values describe; a value out of its range is a {@link ConfigException} naming its key. */
    public DriftwatchConfig toConfig() {
        DriftwatchConfig d = DriftwatchConfig.DEFAULT;
        WindowGrid grid = window != null || windowOffset != null
                ? WindowGrid.parse(window != null ? window : "1d", windowOffset, "window") : d.window();
        Duration wait = labels == null || labels.waitFor() == null ? d.labelWait() : Durations.parse(labels.waitFor(), "labels.wait");
        Duration horizon = labels == null || labels.horizon() == null ? d.labelHorizon()
                : Durations.parse(labels.horizon(), "labels.horizon");
        DriftConfig topDrift = toDrift(drift);
        Compression compression = output == null || output.compression() == null ? d.compression() : output.compression();
        return new DriftwatchConfig(grid, toModels(topDrift), toColumns(), wait, horizon, toReference(), topDrift,
                toRetraining(), compression, toInput(), toStatus(), toLabelColumns(), toFeatures(), toStreaming(), toAlarms(),
                toPrivacy(), toAlerts());
    }

    private Map<String, ModelConfig> toModels(DriftConfig topDrift) {
        if (models == null) return Map.of();
        Map<String, ModelConfig> out = new LinkedHashMap<>();
        models.forEach((name, m) -> {
            String p = "models." + name;
            if (m == null) m = new Model(null, null, null, null, null, null, null, null, null);
            double threshold = m.threshold() == null ? ModelConfig.DEFAULT.threshold() : m.threshold();
            if (!Double.isFinite(threshold)) throw new ConfigException(p + ".threshold: must be a finite number");
            Map<String, String> features = new LinkedHashMap<>();
            if (m.features() != null) {
                m.features().forEach((f, t) -> {
                    if (t == null) throw new ConfigException(p + ".features." + f + ": must be a string, not empty");
                    features.put(f, lower(t));
                });
            }
            DriftConfig own = m.drift() == null ? null : modelDrift(m.drift(), topDrift, p + ".drift");
            out.put(name, new ModelConfig(m.task(), threshold, m.positiveLabel(), Map.copyOf(features),
                    strings(m.segments(), p + ".segments"), own, fairness(m.fairness(), p + ".fairness"),
                    checks(m.checks(), p + ".checks")));
        });
        return Map.copyOf(out);
    }

    private ColumnMapping toColumns() {
        if (columns == null) return ColumnMapping.IDENTITY;
        ConfigLoader.checkKeys(columns.keySet(), "columns.", ColumnMapping.CANONICAL);
        Map<String, String> paths = new LinkedHashMap<>();
        List<String> featureColumns = List.of();
        for (Map.Entry<String, JsonNode> e : columns.entrySet()) {
            String p = "columns." + e.getKey();
            JsonNode v = e.getValue();
            if (e.getKey().equals("features") && v != null && v.isArray()) {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < v.size(); i++) names.add(ConfigLoader.text(v.get(i), p + "[" + i + "]"));
                featureColumns = List.copyOf(names);
            } else if (e.getKey().equals("resources") && v != null && v.isObject()) {
                // sub-fields one by one: resources: {cpu_pct: host_stats.cpu, memory_mb: mem}
                List<String> keys = new ArrayList<>();
                v.fieldNames().forEachRemaining(keys::add);
                ConfigLoader.checkKeys(keys, p + ".", ColumnMapping.RESOURCE_FIELDS);
                v.fields().forEachRemaining(r -> paths.put(r.getKey(), path(ConfigLoader.text(r.getValue(), p + "." + r.getKey()),
                        p + "." + r.getKey())));
            } else {
                paths.put(e.getKey(), path(ConfigLoader.text(v, p), p));
            }
        }
        return new ColumnMapping(Map.copyOf(paths), featureColumns);
    }

    private Map<String, String> toLabelColumns() {
        if (labelColumns == null) return Map.of();
        ConfigLoader.checkKeys(labelColumns.keySet(), "label_columns.", DriftwatchConfig.LABEL_FIELDS);
        Map<String, String> out = new LinkedHashMap<>();
        labelColumns.forEach((k, v) -> out.put(k, path(v, "label_columns." + k)));
        return Map.copyOf(out);
    }

    /** A list of strings without empty entries (a YAML {@code ~} or {@code null} in it), null as empty. */
    private static List<FairnessRule> fairness(List<Fairness> entries, String p) {
        if (entries == null) return List.of();
        List<FairnessRule> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Fairness f = entries.get(i);
            String at = p + "[" + i + "]";
            if (f == null || f.attribute() == null || f.attribute().isBlank()) {
                throw new ConfigException(at + ".attribute: required (the feature or field whose groups are compared)");
            }
            if (!seen.add(f.attribute())) throw new ConfigException(at + ".attribute: '" + f.attribute() + "' is listed twice");
            long min = f.minGroupSize() == null ? FairnessRule.DEFAULT_MIN_GROUP_SIZE : f.minGroupSize();
            if (min < 1) throw new ConfigException(at + ".min_group_size: must be at least 1");
            double di = f.disparateImpactMin() == null ? FairnessRule.DEFAULT_DISPARATE_IMPACT_MIN : f.disparateImpactMin();
            if (!(di > 0 && di <= 1)) throw new ConfigException(at + ".disparate_impact_min: must be in (0, 1]");
            out.add(new FairnessRule(f.attribute(), f.referenceGroup(), f.positiveClass(), min, di,
                    difference(f.maxParityDifference(), at + ".max_parity_difference"),
                    difference(f.maxEqualOpportunityDifference(), at + ".max_equal_opportunity_difference"),
                    difference(f.maxEqualizedOddsDifference(), at + ".max_equalized_odds_difference"),
                    f.decision() == FairnessDecision.RETRAIN));
        }
        return List.copyOf(out);
    }

    /**
     * {@code models.<m>.checks[]}: each a string ({@code "latency_ms_p99 < 250"}) or
     * {@code {check: "...", name: ..., decision: investigate | retrain}} ({@link Check}).
     */
    private static List<Check> checks(List<JsonNode> entries, String p) {
        if (entries == null) return List.of();
        List<Check> out = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            String at = p + "[" + i + "]";
            Check c;
            if (e != null && e.isTextual()) {
                c = Check.parse(e.asText(), null, false, at);
            } else if (e != null && e.isObject()) {
                List<String> keys = new ArrayList<>();
                e.fieldNames().forEachRemaining(keys::add);
                ConfigLoader.checkKeys(keys, at + ".", List.of("check", "name", "decision"));
                if (!e.hasNonNull("check")) throw new ConfigException(at + ".check: required (e.g. \"error_rate <= 0.01\")");
                String decision = e.hasNonNull("decision") ? ConfigLoader.text(e.get("decision"), at + ".decision")
                        .toLowerCase(java.util.Locale.ROOT) : "investigate";
                if (!decision.equals("investigate") && !decision.equals("retrain")) {
                    throw new ConfigException(at + ".decision: '" + decision + "' is not one of investigate, retrain");
                }
                c = Check.parse(ConfigLoader.text(e.get("check"), at + ".check"),
                        e.hasNonNull("name") ? ConfigLoader.text(e.get("name"), at + ".name") : null,
                        decision.equals("retrain"), at);
            } else {
                throw new ConfigException(at + ": must be a check (\"error_rate <= 0.01\") or {check, name, decision}");
            }
            if (!names.add(c.name())) throw new ConfigException(at + ": the check '" + c.name() + "' is listed twice");
            out.add(c);
        }
        return List.copyOf(out);
    }

    private static Double difference(Double v, String key) {
        if (v != null && !(v > 0 && v < 1)) throw new ConfigException(key + ": must be in (0, 1)");
        return v;
    }

    private static List<String> strings(List<String> values, String path) {
        if (values == null) return List.of();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) throw new ConfigException(path + "[" + i + "]: must be a string, not empty");
        }
        return List.copyOf(values);
    }

    private static String path(String p, String key) {
        if (p == null || p.isBlank() || p.startsWith(".") || p.endsWith(".") || p.contains("..")) {
            throw new ConfigException(key + ": '" + (p == null ? "" : p) + "' is not a field name or dotted path");
        }
        return p;
    }

    /** The default environment variables of the routes' secrets (docs/guide/alerts.md). */
    public static final String SLACK_URL_ENV = "SLACK_WEBHOOK_URL";
    public static final String PAGERDUTY_KEY_ENV = "PAGERDUTY_ROUTING_KEY";

    private AlertRoute.Settings toAlerts() {
        AlertRoute.Settings d = AlertRoute.Settings.NONE;
        if (alerts == null) return d;
        Duration timeout = alerts.timeout() == null ? d.timeout() : Durations.parse(alerts.timeout(), "alerts.timeout");
        if (timeout.isZero() || timeout.isNegative()) throw new ConfigException("alerts.timeout: must be positive");
        int retries = alerts.retries() == null ? d.retries() : alerts.retries();
        if (retries < 0 || retries > 10) throw new ConfigException("alerts.retries: must be in 0..10");
        String deadLetter = alerts.deadLetter() == null ? d.deadLetter() : alerts.deadLetter();
        if (deadLetter.isBlank()) throw new ConfigException("alerts.dead_letter: must not be empty");
        List<AlertRoute> routes = new ArrayList<>();
        List<Route> given = alerts.routes() == null ? List.of() : alerts.routes();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            Route r = given.get(i);
            String at = "alerts.routes[" + i + "]";
            if (r == null || r.type() == null) {
                throw new ConfigException(at + ".type: required (one of " + String.join(", ", AlertRoute.TYPES) + ")");
            }
            String type = r.type().toLowerCase(java.util.Locale.ROOT);
            if (!AlertRoute.TYPES.contains(type)) {
                throw new ConfigException(at + ".type: '" + r.type() + "' is not one of " + String.join(", ", AlertRoute.TYPES)
                        + Suggestions.didYouMean(type, AlertRoute.TYPES));
            }
            List<String> kinds = r.kinds() == null ? List.of() : List.copyOf(r.kinds());
            for (int k = 0; k < kinds.size(); k++) {
                if (!AlertRoute.KINDS.contains(kinds.get(k))) {
                    throw new ConfigException(at + ".kinds[" + k + "]: '" + kinds.get(k) + "' is not one of "
                            + String.join(", ", AlertRoute.KINDS) + Suggestions.didYouMean(String.valueOf(kinds.get(k)),
                                    AlertRoute.KINDS));
                }
            }
            String urlEnv = r.url() != null ? null : r.urlEnv() != null ? r.urlEnv() : type.equals("slack") ? SLACK_URL_ENV : null;
            String url = r.url() != null || urlEnv != null ? r.url() : type.equals("pagerduty") ? AlertRoute.PAGERDUTY_URL : null;
            if (url == null && urlEnv == null) throw new ConfigException(at + ".url: required (or url_env: the variable holding it)");
            if (r.url() != null && r.urlEnv() != null) throw new ConfigException(at + ".url_env: give url or url_env, not both");
            String secretEnv = null;
            if (type.equals("pagerduty")) {
                secretEnv = r.routingKeyEnv() == null ? PAGERDUTY_KEY_ENV : r.routingKeyEnv();
            } else if (r.routingKeyEnv() != null) {
                throw new ConfigException(at + ".routing_key_env: only a pagerduty route has a routing key");
            }
            if (r.tokenEnv() != null) {
                if (!type.equals("webhook")) throw new ConfigException(at + ".token_env: only a webhook route sends a token");
                secretEnv = r.tokenEnv();
            }
            String name = r.name() == null ? type + "-" + i : r.name();
            if (!names.add(name)) throw new ConfigException(at + ".name: '" + name + "' is used twice");
            AlertRoute route = new AlertRoute(name, type, url, urlEnv, secretEnv, null, kinds, at);
            if (url != null) route.resolvedUrlCheck();
            routes.add(route);
        }
        return new AlertRoute.Settings(List.copyOf(routes), timeout, retries, deadLetter);
    }

    /** The default environment variable holding the salt of {@code privacy.hash}. */
    public static final String SALT_ENV = "DRIFTWATCH_SALT";

    private Privacy toPrivacy() {
        Map<String, Privacy.Lists> own = new LinkedHashMap<>();
        if (models != null) {
            models.forEach((name, m) -> {
                if (m != null && m.privacy() != null) {
                    String p = "models." + name + ".privacy";
                    own.put(name, new Privacy.Lists(globs(m.privacy().hash(), p + ".hash"), globs(m.privacy().drop(), p + ".drop")));
                }
            });
        }
        PrivacySection s = privacy;
        Privacy.Lists top = s == null ? new Privacy.Lists(List.of(), List.of())
                : new Privacy.Lists(globs(s.hash(), "privacy.hash"), globs(s.drop(), "privacy.drop"));
        boolean raw = s == null || s.rawDeadLetters() == null || s.rawDeadLetters();
        Privacy unsalted = new Privacy(top, own, raw, null);
        if (!unsalted.hashes()) return unsalted;
        return new Privacy(top, own, raw, salt(s));
    }

    /** The salt of the hashes: from {@code privacy.salt_file}, else the environment variable; never echoed. */
    private static byte[] salt(PrivacySection s) {
        if (s != null && s.saltFile() != null) {
            try {
                byte[] b = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(s.saltFile()));
                if (b.length == 0) throw new ConfigException("privacy.salt_file: the file is empty");
                return b;
            } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
                throw new ConfigException("privacy.salt_file: cannot read the file (" + e.getClass().getSimpleName() + ")");
            }
        }
        String env = s == null || s.saltEnv() == null ? SALT_ENV : s.saltEnv();
        String v = System.getenv(env);
        if (v == null || v.isEmpty()) {
            throw new ConfigException((s != null && s.saltEnv() != null ? "privacy.salt_env" : "privacy.hash")
                    + ": hashing needs a salt: set the environment variable " + env + " or give privacy.salt_file");
        }
        return v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private FeatureFilter toFeatures() {
        if (features == null) return FeatureFilter.ALL;
        return new FeatureFilter(globs(features.include(), "features.include"), globs(features.exclude(), "features.exclude"));
    }

    private static List<String> globs(List<String> values, String path) {
        if (values == null) return List.of();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null || values.get(i).isEmpty()) throw new ConfigException(path + "[" + i + "]: must not be empty");
        }
        return List.copyOf(values);
    }

    private InputConfig toInput() {
        InputConfig d = InputConfig.DEFAULT;
        if (input == null) return d;
        String zone = input.timezone() != null ? input.timezone() : d.timezone();
        try {
            ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw new ConfigException("input.timezone: '" + zone + "' is not a time zone (e.g. UTC, Europe/Berlin, +02:00)");
        }
        InputConfig.TimestampUnit unit = d.timestampUnit();
        if (input.timestampUnit() != null) {
            unit = InputConfig.TimestampUnit.fromConfigName(input.timestampUnit());
            if (unit == null) {
                throw new ConfigException("input.timestamp_unit: '" + input.timestampUnit() + "' is not one of auto, s, ms, us, ns");
            }
        }
        String format = input.timestampFormat();
        if (format != null) {
            try {
                DateTimeFormatter.ofPattern(format);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("input.timestamp_format: '" + format + "' is not a DateTimeFormatter pattern ("
                        + e.getMessage() + "), e.g. 'dd/MM/yyyy HH:mm:ss'");
            }
        }
        long earliest = input.earliestTimestamp() == null ? d.earliestTimestamp() : instant(input.earliestTimestamp(), "input.earliest_timestamp");
        long latest = input.latestTimestamp() == null ? d.latestTimestamp() : instant(input.latestTimestamp(), "input.latest_timestamp");
        if (earliest >= latest) throw new ConfigException("input.earliest_timestamp: must be before input.latest_timestamp");
        long maxLine = input.maxLineBytes() == null ? d.maxLineBytes() : bytes(input.maxLineBytes(), "input.max_line_bytes");
        double ratio = d.maxInflationRatio();
        JsonNode r = input.maxInflationRatio();
        if (r != null && !r.isNull()) {
            if (!r.isNumber() || !(r.asDouble() >= 1)) {
                throw new ConfigException("input.max_inflation_ratio: must be a number of at least 1 (default "
                        + (int) InputConfig.DEFAULT_MAX_INFLATION_RATIO + "), not '" + r.asText() + "'");
            }
            ratio = r.asDouble();
        }
        if (input.model() != null && input.model().isBlank()) throw new ConfigException("input.model: must not be empty");
        List<String> payloadColumns = input.payloadColumns() == null ? List.of() : input.payloadColumns();
        for (int i = 0; i < payloadColumns.size(); i++) {
            String c = payloadColumns.get(i);
            if (c == null || c.isBlank()) throw new ConfigException("input.payload_columns[" + i + "]: must be a name");
            if (payloadColumns.indexOf(c) != i) throw new ConfigException("input.payload_columns: '" + c + "' is named twice");
        }
        long pairingWait = input.pairingWait() == null ? d.pairingWaitMillis()
                : Durations.parse(input.pairingWait(), "input.pairing_wait").toMillis();
        return new InputConfig(zone, unit, format, earliest, latest, maxLine, ratio,
                input.format() == null ? d.format() : input.format(), input.model(), List.copyOf(payloadColumns), pairingWait);
    }

    /** A date or instant ({@code 2000-01-01}, {@code 2000-01-01T00:00:00Z}) as epoch millis. */
    private static long instant(String t, String key) {
        Long v = io.driftwatch.common.parse.Timestamps.parseBound(t);
        if (v == null) throw new ConfigException(key + ": '" + t + "' is not a date or an ISO-8601 instant (e.g. 2000-01-01)");
        return v;
    }

    /** A size in bytes: a whole number, or with KiB/MiB/GiB ({@code 64MiB}); at least 1 KiB. */
    static long bytes(String text, String key) {
        String t = text.trim();
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

    private StatusRule toStatus() {
        if (status == null || status.success() == null) return StatusRule.DEFAULT;
        strings(status.success(), "status.success");
        if (status.success().isEmpty()) throw new ConfigException("status.success: must list at least one value (e.g. [ok, 2xx])");
        try {
            return new StatusRule(status.success());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("status.success: " + e.getMessage());
        }
    }

    private StreamingConfig toStreaming() {
        StreamingConfig d = StreamingConfig.DEFAULT;
        if (streaming == null) return d;
        Streaming s = streaming;
        return new StreamingConfig(
                s.outOfOrderness() == null ? d.outOfOrderness() : Durations.parse(s.outOfOrderness(), "streaming.out_of_orderness"),
                s.idleness() == null ? d.idleness() : Durations.parsePositive(s.idleness(), "streaming.idleness"),
                s.checkpointInterval() == null ? d.checkpointInterval()
                        : Durations.parsePositive(s.checkpointInterval(), "streaming.checkpoint_interval"),
                s.runsEvery() == null ? d.runsEvery() : Durations.parsePositive(s.runsEvery(), "streaming.runs_every"));
    }

    private AlarmBudget toAlarms() {
        if (alarms == null || alarms.budget() == null) return AlarmBudget.DEFAULT;
        try {
            return AlarmBudget.parse(alarms.budget());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("alarms.budget: " + e.getMessage());
        }
    }

    private ReferenceConfig toReference() {
        if (reference == null) return null;
        boolean period = reference.from() != null || reference.to() != null;
        if ((reference.profile() != null) == period) throw new ConfigException("reference: give either from and to, or profile");
        if (reference.profile() == null && (reference.from() == null || reference.to() == null)) {
            throw new ConfigException("reference: from and to are both needed");
        }
        return new ReferenceConfig(reference.from(), reference.to(), reference.profile());
    }

    private static DriftConfig toDrift(Drift node) {
        DriftConfig d = DriftConfig.DEFAULT;
        if (node == null) return d;
        DriftConfig tuned = tune(d, "drift", node.method(), node.bins(), node.thresholds(), node.multipleTesting(),
                node.features(), node.requireSignificance(), node.minDistance(), node.calibrate(), node.multivariate(),
                node.pcaVariance(), node.multivariateSegments());
        return node.enabled() == null ? tuned : tuned.withEnabled(node.enabled());
    }

    private static DriftConfig modelDrift(ModelDrift node, DriftConfig top, String path) {
        return tune(top, path, node.method(), node.bins(), node.thresholds(), node.multipleTesting(), node.features(),
                node.requireSignificance(), node.minDistance(), node.calibrate(), node.multivariate(), node.pcaVariance(),
                node.multivariateSegments());
    }

    /** {@code base} with the keys given at {@code path} overriding its values. */
    private static DriftConfig tune(DriftConfig base, String path, DriftwatchConfig.MethodChoice method, Integer bins,
            Thresholds thresholds,
            MultipleTesting multipleTesting, Map<String, FeatureDriftDoc> features, Boolean requireSignificance,
            Double minDistance, Boolean calibrate, Boolean multivariate, Double pcaVariance, Boolean multivariateSegments) {
        DriftwatchConfig.MethodChoice m = method == null ? base.method() : method;
        int b = bins == null ? base.bins() : bins;
        if (b < 2 || b > 1000) throw new ConfigException(path + ".bins: must be an integer between 2 and 1000");
        Map<String, Double> t = new LinkedHashMap<>(base.thresholds());
        if (thresholds != null) {
            String p = path + ".thresholds.";
            put(t, "psi", thresholds.psi(), p);
            put(t, "jensen_shannon", thresholds.jensenShannon(), p);
            put(t, "hellinger", thresholds.hellinger(), p);
            put(t, "ks", thresholds.ks(), p);
            put(t, "wasserstein_norm", thresholds.wassersteinNorm(), p);
            put(t, "l_infinity", thresholds.lInfinity(), p);
            put(t, "p_value", thresholds.pValue(), p);
        }
        Map<String, FeatureDrift> own = new LinkedHashMap<>(base.features());
        if (features != null) {
            features.forEach((column, f) -> {
                String fp = path + ".features." + column;
                if (f == null) throw new ConfigException(fp + ": must be a mapping, not empty");
                own.put(column, new FeatureDrift(f.method(), f.threshold() == null ? null : threshold(f.threshold(), fp + ".threshold")));
            });
        }
        double variance = pcaVariance == null ? base.pcaVariance() : pcaVariance;
        if (!(variance > 0 && variance < 1)) {
            throw new ConfigException(path + ".pca_variance: must be above 0 and below 1, not " + variance);
        }
        double distance = minDistance == null ? base.minDistance() : minDistance;
        if (!(distance >= 0 && distance <= 1)) {
            throw new ConfigException(path + ".min_distance: must be between 0 and 1, not " + distance);
        }
        return new DriftConfig(base.enabled(), m, b, Map.copyOf(t), multipleTesting == null ? base.multipleTesting() : multipleTesting,
                Map.copyOf(own), requireSignificance == null ? base.requireSignificance() : requireSignificance, distance,
                calibrate == null ? base.calibrate() : calibrate, multivariate == null ? base.multivariate() : multivariate,
                variance, multivariateSegments == null ? base.multivariateSegments() : multivariateSegments);
    }

    private static void put(Map<String, Double> thresholds, String key, Double value, String prefix) {
        if (value != null) thresholds.put(key, threshold(value, prefix + key));
    }

    private static double threshold(double t, String path) {
        if (!(t >= 0) || !Double.isFinite(t)) throw new ConfigException(path + ": must be a number >= 0");
        return t;
    }

    private static long count(Long v, long fallback, String path) {
        if (v == null) return fallback;
        if (v < 0) throw new ConfigException(path + ": must be a non-negative integer, not the number " + v);
        return v;
    }

    private RetrainingConfig toRetraining() {
        RetrainingConfig d = RetrainingConfig.DEFAULT;
        if (retraining == null) return d;
        Retraining r = retraining;
        String p = "retraining.";
        Map<String, Double> weights = new LinkedHashMap<>();
        if (r.featureWeights() != null) {
            r.featureWeights().forEach((f, w) -> {
                if (w == null) throw new ConfigException(p + "feature_weights." + f + ": must be a number, not empty");
                weights.put(f, threshold(w, p + "feature_weights." + f));
            });
        }
        double share = r.maxDriftShare() == null ? d.maxDriftShare() : r.maxDriftShare();
        if (!(share > 0 && share <= 1)) throw new ConfigException(p + "max_drift_share: must be in (0, 1], not " + share);
        int baseline = (int) count(r.baselineWindows(), d.baselineWindows(), p + "baseline_windows");
        if (baseline < 2) throw new ConfigException(p + "baseline_windows: must be at least 2 (a standard deviation needs two windows)");
        double confidence = r.confidence() == null ? d.confidence() : r.confidence();
        if (!(confidence >= 0 && confidence < 1)) throw new ConfigException(p + "confidence: must be in [0, 1), not " + confidence);
        return new RetrainingConfig(
                r.maxAccuracyDrop() == null ? d.maxAccuracyDrop() : threshold(r.maxAccuracyDrop(), p + "max_accuracy_drop"),
                r.maxRmseIncrease() == null ? d.maxRmseIncrease() : threshold(r.maxRmseIncrease(), p + "max_rmse_increase"),
                count(r.minLabels(), d.minLabels(), p + "min_labels"), share,
                (int) Math.max(1, count(r.predictionDriftWindows(), d.predictionDriftWindows(), p + "prediction_drift_windows")),
                baseline,
                r.labelsOverrideDrift() == null ? d.labelsOverrideDrift() : r.labelsOverrideDrift(),
                confidence, Map.copyOf(weights), anomalies(r.anomalies(), baseline),
                r.withinNoise() == null ? d.noiseDropInvestigates() : r.withinNoise() == WithinNoise.INVESTIGATE);
    }

    private static AnomalyConfig anomalies(Anomalies a, int baselineWindows) {
        AnomalyConfig d = AnomalyConfig.DEFAULT;
        if (a == null) return d;
        String p = "retraining.anomalies.";
        List<Kpi> kpis = d.kpis();
        if (a.kpis() != null) {
            strings(a.kpis(), p + "kpis");
            List<Kpi> out = new ArrayList<>();
            for (int i = 0; i < a.kpis().size(); i++) {
                Kpi k = Kpi.byColumn(a.kpis().get(i));
                if (k == null || k.kind() == Kpi.Kind.FLAG) {
                    throw new ConfigException(p + "kpis[" + i + "]: unknown KPI '" + a.kpis().get(i) + "' (expected a numeric"
                            + " column of kpi_windows: " + String.join(", ", Arrays.stream(Kpi.values())
                                    .filter(x -> x.kind() != Kpi.Kind.FLAG).map(Kpi::column).toList()) + ")");
                }
                out.add(k);
            }
            kpis = List.copyOf(out);
        }
        int minBaseline = (int) count(a.minBaselineWindows(), d.minBaselineWindows(), p + "min_baseline_windows");
        if (minBaseline < 2 || minBaseline > baselineWindows) {
            throw new ConfigException(p + "min_baseline_windows: must be between 2 and retraining.baseline_windows ("
                    + baselineWindows + "), not " + minBaseline);
        }
        return new AnomalyConfig(kpis,
                a.zThreshold() == null ? d.zThreshold() : threshold(a.zThreshold(), p + "z_threshold"),
                a.minRelativeChange() == null ? d.minRelativeChange() : threshold(a.minRelativeChange(), p + "min_relative_change"),
                minBaseline, count(a.minPredictions(), d.minPredictions(), p + "min_predictions"),
                a.seasonality() == null ? d.seasonality() : a.seasonality(), a.cusum() == null ? d.cusum() : a.cusum());
    }

    /** An enum constant as the config writes it. */
    static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The config names of an enum's constants, in declaration order. */
    static List<String> names(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> lower((Enum<?>) c)).toList();
    }
}
