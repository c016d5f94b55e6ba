package io.driftwatch.common.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * The whole config file (SPEC §4), parsed once and validated by {@link ConfigLoader}. Immutable;
 * operators receive it (or the parts they need) at construction.
 *
 * @param window tumbling window length (default 1d; {@code --window} overrides it)
 * @param models per-model settings by model name as it appears in the log
 * @param columns where the canonical fields are in the user's records
 * @param labelWait how long after a window's end its labels are waited for (streaming)
 * @param reference the reference period or profile for drift, or null (used by the drift job)
 * @param drift drift method, bins, thresholds, multiple-testing correction
 * @param retraining rules for retraining decisions
 * @param compression Parquet compression of the output tables
 */
public record DriftwatchConfig(
        Duration window,
        Map<String, ModelConfig> models,
        ColumnMapping columns,
        Duration labelWait,
        ReferenceConfig reference,
        DriftConfig drift,
        RetrainingConfig retraining,
        Compression compression) implements Serializable {

    public static final DriftwatchConfig DEFAULT = new DriftwatchConfig(
            Duration.ofDays(1), Map.of(), ColumnMapping.IDENTITY, Duration.ZERO, null,
            DriftConfig.DEFAULT, RetrainingConfig.DEFAULT, Compression.SNAPPY);

    /** The settings of a model, or the defaults when the config does not name it. */
    public ModelConfig model(String name) {
        return models.getOrDefault(name, ModelConfig.DEFAULT);
    }

    /** A copy with another window length (the {@code --window} option). */
    public DriftwatchConfig withWindow(Duration newWindow) {
        return new DriftwatchConfig(newWindow, models, columns, labelWait, reference, drift, retraining,
                compression);
    }

    /** Reference period ({@code from}/{@code to}) or a stored profile directory. */
    public record ReferenceConfig(String from, String to, String profile) implements Serializable {}

    /** Drift settings of SPEC §6. */
    public record DriftConfig(String method, int bins, Map<String, Double> thresholds, String multipleTesting)
            implements Serializable {
        public static final DriftConfig DEFAULT = new DriftConfig("auto", 10,
                Map.of("psi", 0.2, "jensen_shannon", 0.1, "wasserstein_norm", 0.1, "p_value", 0.05),
                "benjamini_hochberg");
    }

    /** Retraining rules of SPEC §7. */
    public record RetrainingConfig(
            double maxAccuracyDrop, long minLabels, double maxDriftShare, int predictionDriftWindows,
            int baselineWindows) implements Serializable {
        public static final RetrainingConfig DEFAULT = new RetrainingConfig(0.05, 100, 0.5, 3, 7);
    }

    /** Parquet page compression of the output tables. */
    public enum Compression { SNAPPY, ZSTD, NONE }
}
