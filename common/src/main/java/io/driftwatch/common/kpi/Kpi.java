package io.driftwatch.common.kpi;

import io.driftwatch.common.model.Task;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The KPIs of a window, by name: each one's {@code kpi_windows} column, its kind, the tasks that
 * define it, what it is counted over (for the minimum-count rule of the anomaly detector), which way
 * is better, and whether contract §7 watches it for anomalies by default. The Parquet columns, the
 * anomaly series and the report's charts all follow from this list; the task states
 * ({@link QualityState}) fill in the quality KPIs of their task.
 */
public enum Kpi {
    PREDICTION_COUNT(Kind.COUNT, null, Basis.PREDICTIONS, Better.NONE, false),
    ERROR_COUNT(Kind.COUNT, null, Basis.PREDICTIONS, Better.LOWER, false),
    ERROR_RATE(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, true),
    THROUGHPUT_PER_S(Kind.VALUE, null, Basis.PREDICTIONS, Better.NONE, true),
    LATENCY_MS_MEAN(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, false),
    LATENCY_MS_P50(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, false),
    LATENCY_MS_P90(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, false),
    LATENCY_MS_P95(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, true),
    LATENCY_MS_P99(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, false),
    LATENCY_MS_MAX(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, false),
    LABELED_COUNT(Kind.COUNT, null, Basis.PREDICTIONS, Better.HIGHER, false),
    LABEL_COVERAGE(Kind.VALUE, null, Basis.PREDICTIONS, Better.HIGHER, false),
    ACCURACY(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION), Basis.LABELS, Better.HIGHER, true),
    PRECISION(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION), Basis.LABELS, Better.HIGHER, false),
    RECALL(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION), Basis.LABELS, Better.HIGHER, false),
    F1(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION), Basis.LABELS, Better.HIGHER, true),
    ROC_AUC(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION), Basis.LABELS, Better.HIGHER, true),
    /** Whether {@code roc_auc} is exact (scores kept) or from the binned score histogram. */
    ROC_AUC_EXACT(Kind.FLAG, EnumSet.of(Task.BINARY_CLASSIFICATION), Basis.LABELS, Better.NONE, false),
    LOG_LOSS(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION), Basis.LABELS, Better.LOWER, false),
    BRIER(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION), Basis.LABELS, Better.LOWER, false),
    /**
     * Expected calibration error over 20 bins: binary on the positive class's score, multiclass on the
     * predicted class's probability (top-class; needs {@code probabilities}); docs/guide/checks.md "Calibration".
     */
    ECE(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION), Basis.LABELS, Better.LOWER, true),
    ESTIMATED_ACCURACY(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION), Basis.PREDICTIONS, Better.HIGHER, true),
    /**
     * Quality without labels under the reference's calibration ({@link Estimates}, docs/guide/quality-without-labels.md):
     * CBPE for classifiers (multiclass: macro one-vs-rest), the reference's errors by prediction bin for
     * regression. Null without a reference whose state has the counts, or for a key the reference lacks.
     */
    ESTIMATED_PRECISION(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION), Basis.PREDICTIONS, Better.HIGHER, false),
    ESTIMATED_RECALL(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION), Basis.PREDICTIONS, Better.HIGHER, false),
    ESTIMATED_F1(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION), Basis.PREDICTIONS, Better.HIGHER, false),
    ESTIMATED_ROC_AUC(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION, Task.MULTICLASS_CLASSIFICATION), Basis.PREDICTIONS, Better.HIGHER, false),
    ESTIMATED_MAE(Kind.VALUE, EnumSet.of(Task.REGRESSION), Basis.PREDICTIONS, Better.LOWER, false),
    ESTIMATED_RMSE(Kind.VALUE, EnumSet.of(Task.REGRESSION), Basis.PREDICTIONS, Better.LOWER, false),
    MAE(Kind.VALUE, EnumSet.of(Task.REGRESSION), Basis.LABELS, Better.LOWER, true),
    RMSE(Kind.VALUE, EnumSet.of(Task.REGRESSION), Basis.LABELS, Better.LOWER, true),
    MAPE(Kind.VALUE, EnumSet.of(Task.REGRESSION), Basis.LABELS, Better.LOWER, false),
    R2(Kind.VALUE, EnumSet.of(Task.REGRESSION), Basis.LABELS, Better.HIGHER, false),
    MEAN_PREDICTION(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION, Task.REGRESSION), Basis.PREDICTIONS, Better.NONE, true),
    POSITIVE_RATE(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION), Basis.PREDICTIONS, Better.NONE, false),
    LABEL_POSITIVE_RATE(Kind.VALUE, EnumSet.of(Task.BINARY_CLASSIFICATION), Basis.LABELS, Better.NONE, false),
    CPU_PCT_MEAN(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, true),
    CPU_PCT_MAX(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, false),
    MEMORY_MB_MEAN(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, true),
    MEMORY_MB_MAX(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, false),
    GPU_PCT_MEAN(Kind.VALUE, null, Basis.PREDICTIONS, Better.LOWER, false);

    /** A count (Parquet INT64), a measured value (DOUBLE), or a flag (BOOLEAN). */
    public enum Kind { COUNT, VALUE, FLAG }

    /** What a value stands on: every prediction of the window, or its labeled predictions. */
    public enum Basis { PREDICTIONS, LABELS }

    /** Which direction of change is a worsening (NONE: neither is, e.g. throughput). */
    public enum Better { HIGHER, LOWER, NONE }

    private final Kind kind;
    private final Set<Task> tasks;
    private final Basis basis;
    private final Better better;
    private final boolean watched;

    Kpi(Kind kind, Set<Task> tasks, Basis basis, Better better, boolean watched) {
        this.kind = kind;
        this.tasks = tasks;
        this.basis = basis;
        this.better = better;
        this.watched = watched;
    }

    /** The column name in {@code kpi_windows} and the series name in {@code kpi_anomalies}. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Kind kind() {
        return kind;
    }

    public Basis basis() {
        return basis;
    }

    public Better better() {
        return better;
    }

    /**
     * Whether the KPI is a share of its basis count (a binomial proportion) or a score in [0, 1] of
     * that many observations, so that its sampling noise in a window of {@code n} is known (at most
     * a proportion's): the anomaly detector floors the baseline's spread at it.
     */
    public boolean isProportion() {
        return switch (this) {
            case ERROR_RATE, LABEL_COVERAGE, ACCURACY, PRECISION, RECALL, F1, ROC_AUC, ESTIMATED_ACCURACY,
                    ESTIMATED_PRECISION, ESTIMATED_RECALL, ESTIMATED_F1, ESTIMATED_ROC_AUC, POSITIVE_RATE,
                    LABEL_POSITIVE_RATE -> true;
            default -> false;
        };
    }

    /**
     * Whether the KPI adds up over versions (a volume): its series is a version's own history, since a
     * version serving part of the traffic is not comparable with the model's total.
     */
    public boolean isVolume() {
        return switch (this) {
            case PREDICTION_COUNT, ERROR_COUNT, LABELED_COUNT, THROUGHPUT_PER_S -> true;
            default -> false;
        };
    }

    /**
     * How the KPI's sampling interval ({@code <kpi>_ci_low}, {@code <kpi>_ci_high}) is computed
     * ({@link Intervals}), or null where none is written (counts, maxima, r2, flags).
     */
    public String interval() {
        return switch (this) {
            case ERROR_RATE, LABEL_COVERAGE, ACCURACY, POSITIVE_RATE, LABEL_POSITIVE_RATE -> "wilson";
            case PRECISION, RECALL -> "wilson (binary); delta method over the confusion matrix (multiclass macro)";
            case F1 -> "delta method over the confusion matrix";
            case THROUGHPUT_PER_S -> "exact Poisson (Garwood) on prediction_count, per second";
            case ROC_AUC -> "hanley_mcneil";
            case ECE -> "normal, its standard error were the scores calibrated (sqrt(sum_b S_b (1 - S_b/n_b)) / N)";
            case LATENCY_MS_P50, LATENCY_MS_P90, LATENCY_MS_P95, LATENCY_MS_P99 -> "order statistics";
            case RMSE -> "t interval of the mean squared error, square-rooted";
            case ESTIMATED_PRECISION, ESTIMATED_RECALL, ESTIMATED_F1 -> "cbpe: the labels' noise under the reference's"
                    + " calibration, scores fixed (delta method; multiclass: sqrt(sum se^2) / K)";
            case ESTIMATED_ROC_AUC -> "cbpe: hanley_mcneil on the expected counts";
            case ESTIMATED_MAE, ESTIMATED_RMSE -> "the reference's error spread per prediction bin (rmse: delta method)";
            case LATENCY_MS_MEAN, LOG_LOSS, BRIER, ESTIMATED_ACCURACY, MAE, MAPE, MEAN_PREDICTION, CPU_PCT_MEAN,
                    MEMORY_MB_MEAN, GPU_PCT_MEAN -> "t interval of the mean";
            default -> null;
        };
    }

    /** The interval's column names, {@code <kpi>_ci_low} and {@code <kpi>_ci_high}. */
    public String ciLowColumn() {
        return column() + "_ci_low";
    }

    public String ciHighColumn() {
        return column() + "_ci_high";
    }

    /** The tasks defining the KPI, or null for every task (operational KPIs). */
    public Set<Task> tasks() {
        return tasks == null ? null : java.util.Collections.unmodifiableSet(tasks);
    }

    /** Whether contract §7 watches the KPI for anomalies by default. */
    public boolean watched() {
        return watched;
    }

    /** Whether the KPI is defined for a task (operational KPIs: for every task, and for none). */
    public boolean appliesTo(Task task) {
        return tasks == null || (task != null && tasks.contains(task));
    }

    /**
     * The KPI a task's quality is judged by (contract §7): accuracy (binary, and for a window without a
     * task), macro F1 (multiclass), RMSE (regression).
     */
    public static Kpi qualityOf(Task task) {
        return task == Task.REGRESSION ? RMSE : task == Task.MULTICLASS_CLASSIFICATION ? F1 : ACCURACY;
    }

    /** {@link #qualityOf}'s KPI as reasons name it ({@code macro f1} for multiclass). */
    public static String qualityName(Task task) {
        return task == Task.MULTICLASS_CLASSIFICATION ? "macro f1" : qualityOf(task).column();
    }

    /** The series contract §7 judges for anomalies unless {@code retraining.anomalies.kpis} says otherwise. */
    public static List<Kpi> watchedByDefault() {
        return java.util.Arrays.stream(values()).filter(k -> k.watched).toList();
    }

    /** The KPI with this column name, or null. */
    public static Kpi byColumn(String column) {
        for (Kpi k : values()) {
            if (k.column().equals(column)) return k;
        }
        return null;
    }
}
