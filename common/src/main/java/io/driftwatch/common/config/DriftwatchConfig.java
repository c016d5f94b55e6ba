package io.driftwatch.common.config;

import io.driftwatch.common.drift.DriftMethod;
import java.io.Serializable;
import io.driftwatch.common.window.WindowGrid;
import java.time.Duration;
import java.util.Map;

/**
 * The whole config file (contract §4), parsed once and validated by {@link ConfigLoader}. Immutable;
 * operators receive it (or the parts they need) at construction.
 *
 * @param window the windows: a length with its alignment, or calendar months (default 1d;
 *     {@code window}, {@code window_offset}; {@code --window} overrides the length)
 * @param models per-model settings by model name as it appears in the log
 * @param columns where the canonical fields are in the user's records
 * @param labelWait how long after a window's end its labels are waited for (streaming)
 * @param labelHorizon how long after a window's end its labels may still arrive ({@code labels.horizon},
 *     default 3d): {@code analyze --since-last-run} re-analyzes the windows within it, and label files
 *     are read that far past the range
 * @param reference the reference period or profile for drift, or null (used by the drift job)
 * @param drift drift method, bins, thresholds, multiple-testing correction
 * @param retraining rules for retraining decisions
 * @param compression Parquet compression of the output tables
 * @param input how timestamps are read ({@code input:})
 * @param status which status values mean success ({@code status.success})
 * @param labelColumns where label files keep {@code prediction_id}, {@code timestamp} and
 *     {@code label} ({@code label_columns:}; a field not given is where {@code columns:} says)
 * @param features which columns are features ({@code features.include/exclude})
 * @param streaming event time and checkpoints of {@code stream} ({@code streaming:})
 * @param alarms the false-alarm budget the alarm rules' thresholds are drawn from ({@code alarms.budget};
 *     applied to the thresholds by {@link #budgeted()} once the window is known)
 * @param privacy fields hashed or dropped before anything is written ({@code privacy:}, docs/guide/privacy.md)
 * @param alerts where alerts go besides the log ({@code alerts:}, docs/guide/alerts.md)
 */
public record DriftwatchConfig(
        WindowGrid window,
        Map<String, ModelConfig> models,
        ColumnMapping columns,
        Duration labelWait,
        Duration labelHorizon,
        ReferenceConfig reference,
        DriftConfig drift,
        RetrainingConfig retraining,
        Compression compression,
        InputConfig input,
        StatusRule status,
        Map<String, String> labelColumns,
        FeatureFilter features,
        StreamingConfig streaming,
        io.driftwatch.common.trend.AlarmBudget alarms,
        Privacy privacy,
        AlertRoute.Settings alerts) implements Serializable {

    /** The fields a label record carries (contract §2), each mappable by {@code label_columns:}. */
    public static final java.util.List<String> LABEL_FIELDS = java.util.List.of("prediction_id", "timestamp", "label");

    public static final DriftwatchConfig DEFAULT = new DriftwatchConfig(
            WindowGrid.DAILY, Map.of(), ColumnMapping.IDENTITY, Duration.ZERO, Duration.ofDays(3), null,
            DriftConfig.DEFAULT, RetrainingConfig.DEFAULT, Compression.SNAPPY, InputConfig.DEFAULT,
            StatusRule.DEFAULT, Map.of(), FeatureFilter.ALL, StreamingConfig.DEFAULT,
            io.driftwatch.common.trend.AlarmBudget.DEFAULT, Privacy.NONE, AlertRoute.Settings.NONE);

    /** The path of a label record's field: {@code label_columns:}, else {@code columns:}. */
    public String labelPathOf(String field) {
        String p = labelColumns.get(field);
        return p != null ? p : columns.pathOf(field);
    }

    /**
     * Where a label record's field is read from, as the config says it: {@code label_columns.<field>},
     * else {@code columns.<field>}, else null (the field's own name, no mapping).
     */
    public String labelFieldKey(String field) {
        if (labelColumns.containsKey(field)) return "label_columns." + field;
        if (columns.paths().containsKey(field)) return "columns." + field;
        return null;
    }

    /** How the label records' fields are read: "prediction_id from 'id' (label_columns.prediction_id), ...". */
    public String labelFieldsDescribed() {
        StringBuilder b = new StringBuilder();
        for (String f : LABEL_FIELDS) {
            String key = labelFieldKey(f);
            if (b.length() > 0) b.append(", ");
            b.append(f).append(" from '").append(labelPathOf(f)).append("' (")
                    .append(key == null ? "its own name" : key)
                    .append(')');
        }
        return b.toString();
    }

    /** The settings of a model, or the defaults when the config does not name it. */
    public ModelConfig model(String name) {
        return models.getOrDefault(name, ModelConfig.DEFAULT);
    }

    /** The fairness attributes of each model that has any ({@code models.<m>.fairness}), for the judge. */
    public Map<String, java.util.List<FairnessRule>> fairness() {
        Map<String, java.util.List<FairnessRule>> out = new java.util.TreeMap<>();
        models.forEach((name, m) -> {
            if (!m.fairness().isEmpty()) out.put(name, m.fairness());
        });
        return Map.copyOf(out);
    }

    /** The service-level checks of each model that has any ({@code models.<m>.checks}), for the judge. */
    public Map<String, java.util.List<Check>> checks() {
        Map<String, java.util.List<Check>> out = new java.util.TreeMap<>();
        models.forEach((name, m) -> {
            if (!m.checks().isEmpty()) out.put(name, m.checks());
        });
        return Map.copyOf(out);
    }

    /** The drift settings of a model: its own {@code drift:} section, else the top level's. */
    public DriftConfig driftOf(String model) {
        ModelConfig m = models.get(model);
        return m != null && m.drift() != null ? m.drift() : drift;
    }

    /** A copy with other windows (the {@code --window} option, a profile's single window). */
    public DriftwatchConfig withWindow(WindowGrid newWindow) {
        return new DriftwatchConfig(newWindow, models, columns, labelWait, labelHorizon, reference, drift, retraining,
                compression, input, status, labelColumns, features, streaming, alarms, privacy, alerts);
    }

    /**
     * This config with the alarm rules' thresholds tightened to the alarm budget for its window
     * length ({@link io.driftwatch.common.trend.AlarmBudget}): {@code retraining.confidence}, the
     * anomalies' z threshold and the drift tests' p-value level (top level and each model's; a
     * feature's own threshold stays) — each only where the budget is stricter. Unchanged without a
     * budget.
     */
    public DriftwatchConfig budgeted() {
        if (alarms == null || !alarms.enabled()) return this;
        long w = window.maxLengthMillis();
        RetrainingConfig r = retraining;
        AnomalyConfig a = r.anomalies();
        AnomalyConfig anomalies = new AnomalyConfig(a.kpis(), Math.max(a.zThreshold(), alarms.anomalyZ(w, a.kpis().size())),
                a.minRelativeChange(), a.minBaselineWindows(), a.minPredictions(), a.seasonality(), a.cusum());
        RetrainingConfig rules = new RetrainingConfig(r.maxAccuracyDrop(), r.maxRmseIncrease(), r.minLabels(),
                r.maxDriftShare(), r.predictionDriftWindows(), r.baselineWindows(), r.labelsOverrideDrift(),
                Math.max(r.confidence(), alarms.qualityConfidence(w)), r.featureWeights(), anomalies,
                r.noiseDropInvestigates());
        double level = alarms.driftLevel(w);
        Map<String, ModelConfig> m = new java.util.LinkedHashMap<>();
        models.forEach((name, mc) -> m.put(name, mc.drift() == null ? mc : mc.withDrift(mc.drift().atMostPValue(level))));
        return new DriftwatchConfig(window, Map.copyOf(m), columns, labelWait, labelHorizon, reference,
                drift.atMostPValue(level), rules, compression, input, status, labelColumns, features, streaming, alarms,
                privacy, alerts);
    }

    /**
     * How {@code stream} runs continuously ({@code streaming:}).
     *
     * @param outOfOrderness how far behind the newest event of a Kafka partition (or file) an event may
     *     come and still count ({@code out_of_orderness}, default 1m): the watermark trails by this much
     * @param idleness after how long without records a partition stops holding the watermark back
     *     ({@code idleness}, default 1m)
     * @param checkpointInterval how often output is committed ({@code checkpoint_interval}, default 1m):
     *     Parquet files become visible with each checkpoint
     * @param runsEvery how often a {@code runs} row sums up the stream's counts ({@code runs_every},
     *     default 1h; written with the first checkpoint after it elapsed)
     */
    public record StreamingConfig(Duration outOfOrderness, Duration idleness, Duration checkpointInterval,
            Duration runsEvery) implements Serializable {
        public static final StreamingConfig DEFAULT = new StreamingConfig(Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ofHours(1));
    }

    /** Reference period ({@code from}/{@code to}) or a stored profile directory. */
    public record ReferenceConfig(String from, String to, String profile) implements Serializable {}

    /**
     * Drift settings of contract §6, at the top level or per model ({@code models.<m>.drift}, whose keys
     * override the top level's).
     *
     * @param enabled whether profiles and drift are computed at all ({@code drift.enabled}, top level)
     * @param method {@code auto} or one statistic
     * @param thresholds threshold per method name, {@code p_value} for the tests
     * @param features per-feature method and threshold, by feature name ({@code prediction} and
     *     {@code label} name those columns)
     * @param requireSignificance a distance method's drift must also be significant: the column's test
     *     (KS, or chi-square with the new-category test) below the p-value threshold after the window's
     *     correction ({@code drift.require_significance}, default true; false: the distance alone, as
     *     before issue 20)
     * @param minDistance a test's drift must also be this large in Jensen–Shannon distance (base 2, over
     *     the reference's bins or categories) ({@code drift.min_distance}, default 0.05; 0: the p-value
     *     alone)
     * @param calibrate a distance threshold rises to the reference period's own window-to-window
     *     variation where the reference's windows are known ({@code drift.calibrate}, default true)
     * @param multivariate multivariate drift by PCA reconstruction of the numeric features, whole models
     *     ({@code drift.multivariate}, default true)
     * @param pcaVariance the share of the reference's variance its components keep ({@code drift.pca_variance}, 0.65)
     * @param multivariateSegments multivariate drift of each segment too ({@code drift.multivariate_segments},
     *     default false: its cost grows with the segments)
     */
    public record DriftConfig(boolean enabled, MethodChoice method, int bins, Map<String, Double> thresholds,
            MultipleTesting multipleTesting, Map<String, FeatureDrift> features, boolean requireSignificance,
            double minDistance, boolean calibrate, boolean multivariate, double pcaVariance, boolean multivariateSegments)
            implements Serializable {
        public static final DriftConfig DEFAULT = new DriftConfig(true, MethodChoice.AUTO, 10,
                Map.of("psi", 0.2, "jensen_shannon", 0.1, "hellinger", 0.1, "wasserstein_norm", 0.1,
                        "l_infinity", 0.1, "p_value", 0.05),
                MultipleTesting.BENJAMINI_HOCHBERG, Map.of(), true, 0.05, true, true, 0.65, false);

        /** The rules as they were before issue 20: no significance gate, no floor, no calibration. */
        public DriftConfig(boolean enabled, MethodChoice method, int bins, Map<String, Double> thresholds,
                MultipleTesting multipleTesting, Map<String, FeatureDrift> features) {
            this(enabled, method, bins, thresholds, multipleTesting, features, false, 0, false, false, 0.65, false);
        }

        /** A copy with drift on or off ({@code drift.enabled}). */
        public DriftConfig withEnabled(boolean on) {
            return new DriftConfig(on, method, bins, thresholds, multipleTesting, features, requireSignificance,
                    minDistance, calibrate, multivariate, pcaVariance, multivariateSegments);
        }

        /** The method for a column: its own, else this config's. */
        public MethodChoice methodOf(String column) {
            FeatureDrift f = features.get(column);
            return f != null && f.method() != null ? f.method() : method;
        }

        /** A copy whose p-value threshold is at most {@code level}. */
        public DriftConfig atMostPValue(double level) {
            Map<String, Double> t = new java.util.HashMap<>(thresholds);
            t.put("p_value", Math.min(thresholdOf("__no_such_column__", "p_value"), level));
            return new DriftConfig(enabled, method, bins, Map.copyOf(t), multipleTesting, features, requireSignificance,
                    minDistance, calibrate, multivariate, pcaVariance, multivariateSegments);
        }

        /** The level of the tests (the {@code p_value} threshold), which also gates the distance methods. */
        public double pValueLevel() {
            Double t = thresholds.get("p_value");
            return t != null ? t : DEFAULT.thresholds.get("p_value");
        }

        /** The threshold for a column decided by {@code methodKey} (a method name or {@code p_value}). */
        public double thresholdOf(String column, String methodKey) {
            FeatureDrift f = features.get(column);
            if (f != null && f.threshold() != null) return f.threshold();
            Double t = thresholds.get(methodKey);
            return t != null ? t : DEFAULT.thresholds.get(methodKey);
        }
    }

    /** A feature's own drift method and/or threshold (null: the model's or top level's). */
    public record FeatureDrift(MethodChoice method, Double threshold) implements Serializable {}

    /**
     * A drift method as the config names it ({@code drift.method}, a feature's {@code method}):
     * {@code auto} (by the column's type and the sample's size, {@link DriftMethod#auto}) or one statistic.
     */
    public enum MethodChoice {
        AUTO(null), PSI(DriftMethod.PSI), JENSEN_SHANNON(DriftMethod.JENSEN_SHANNON), HELLINGER(DriftMethod.HELLINGER),
        KS(DriftMethod.KS), WASSERSTEIN_NORM(DriftMethod.WASSERSTEIN_NORM), CHI_SQUARE(DriftMethod.CHI_SQUARE),
        L_INFINITY(DriftMethod.L_INFINITY);

        private final DriftMethod method;

        MethodChoice(DriftMethod method) {
            this.method = method;
        }

        /** The statistic chosen, or null for {@code auto}. */
        public DriftMethod method() {
            return method;
        }

        /** As the config writes it. */
        public String configName() {
            return method == null ? "auto" : method.configName();
        }
    }

    /**
     * Retraining rules and KPI anomaly settings of contract §7 ({@code retraining:}).
     *
     * @param maxAccuracyDrop the task's quality KPI may be this much worse than the reference's
     *     (accuracy, macro F1: absolute; rmse: relative) before {@code RETRAIN}
     * @param maxRmseIncrease regression: RMSE may be this much higher than the reference's, relatively
     *     ({@code rmse / reference − 1}), before {@code RETRAIN} (default 0.2: RMSE of a day moves by
     *     several percent on a thousand labels, so the accuracy default would alarm on noise)
     * @param minLabels labels a window needs for its quality KPIs to decide (and to be judged for anomalies)
     * @param maxDriftShare the (weighted) share of drifted features from which {@code RETRAIN}
     * @param predictionDriftWindows consecutive windows of prediction drift from which {@code RETRAIN}
     * @param baselineWindows earlier windows in an anomaly baseline
     * @param labelsOverrideDrift when enough labels show the quality KPI within tolerance, drift alone
     *     gives {@code INVESTIGATE}, not {@code RETRAIN} (the labels are the ground truth drift stands in for)
     * @param confidence a quality drop beyond the allowed one decides {@code RETRAIN} only when it is
     *     also outside the window's sampling noise at this two-sided confidence (0: always; default
     *     0.99, since a day of hourly windows is 24 tests: at 0.95 one window in 40 would retrain on noise)
     * @param featureWeights importance of a feature in the drift share (absent: 1)
     * @param anomalies the anomaly detector's settings
     * @param noiseDropInvestigates a quality drop beyond the allowed one but within the sampling noise
     *     ({@code retraining.within_noise}): {@code ok} (default: {@code OK}, the reason kept, nobody
     *     paged — hourly windows of a few hundred labels made such drops the largest source of false
     *     alarms) or {@code investigate} (the rule before issue 20)
     */
    public record RetrainingConfig(
            double maxAccuracyDrop, double maxRmseIncrease, long minLabels, double maxDriftShare,
            int predictionDriftWindows, int baselineWindows, boolean labelsOverrideDrift, double confidence, Map<String, Double> featureWeights,
            AnomalyConfig anomalies, boolean noiseDropInvestigates) implements Serializable {
        public static final RetrainingConfig DEFAULT = new RetrainingConfig(0.05, 0.2, 100, 0.5, 3, 7, true, 0.99, Map.of(),
                AnomalyConfig.DEFAULT, false);

        /** The rules with the default for {@code within_noise}. */
        public RetrainingConfig(double maxAccuracyDrop, double maxRmseIncrease, long minLabels, double maxDriftShare,
                int predictionDriftWindows, int baselineWindows, boolean labelsOverrideDrift, double confidence,
                Map<String, Double> featureWeights, AnomalyConfig anomalies) {
            this(maxAccuracyDrop, maxRmseIncrease, minLabels, maxDriftShare, predictionDriftWindows, baselineWindows,
                    labelsOverrideDrift, confidence, featureWeights, anomalies, false);
        }

        /** How much worse than the reference the task's quality KPI may be: accuracy / macro F1 drop, or RMSE increase. */
        public double maxQualityDrop(io.driftwatch.common.model.Task task) {
            return task == io.driftwatch.common.model.Task.REGRESSION ? maxRmseIncrease : maxAccuracyDrop;
        }

        /** The anomaly rule for a KPI counted over labels ({@code labels}) or over predictions. */
        public io.driftwatch.common.trend.AnomalyRule anomalyRule(boolean labels) {
            return new io.driftwatch.common.trend.AnomalyRule(baselineWindows, anomalies.minBaselineWindows(),
                    anomalies.zThreshold(), anomalies.minRelativeChange(), labels ? minLabels : anomalies.minPredictions());
        }
    }

    /**
     * KPI anomaly settings ({@code retraining.anomalies:}).
     *
     * @param kpis the KPI series judged (column names of {@code kpi_windows}); default the contract §7 list
     * @param seasonality {@code auto} (same hour of the day for windows shorter than a day, else none),
     *     {@code none}, {@code day} or {@code week}
     * @param cusum whether evidence over consecutive windows ({@code Cusum}) raises anomalies too
     */
    public record AnomalyConfig(java.util.List<io.driftwatch.common.kpi.Kpi> kpis, double zThreshold,
            double minRelativeChange, int minBaselineWindows, long minPredictions, Seasonality seasonality, boolean cusum)
            implements Serializable {
        public static final AnomalyConfig DEFAULT = new AnomalyConfig(io.driftwatch.common.kpi.Kpi.watchedByDefault(),
                3.0, 0.10, 3, 100, Seasonality.AUTO, true);
    }

    /** The correction for a window's many drift tests ({@code drift.multiple_testing}). */
    public enum MultipleTesting { BENJAMINI_HOCHBERG, BONFERRONI, NONE }

    /**
     * Which earlier windows an anomaly baseline compares with ({@code retraining.anomalies.seasonality}):
     * {@code auto} (the same hour of the day for windows shorter than a day, else none), {@code none},
     * {@code day} or {@code week}.
     */
    public enum Seasonality { AUTO, NONE, DAY, WEEK }

    /** Parquet page compression of the output tables. */
    public enum Compression { SNAPPY, ZSTD, NONE }
}
