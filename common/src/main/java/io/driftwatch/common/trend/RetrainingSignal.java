package io.driftwatch.common.trend;

import java.util.List;

/**
 * One row of {@code retraining_signals} (contract §5, §7): the decision for one window and
 * (model, version), its severity and reasons. {@code accuracy}/{@code reference_accuracy}/
 * {@code accuracy_drop} are accuracy's (null for regression); {@code quality_kpi} names the KPI the
 * rules judged the task by ({@code accuracy}, {@code macro f1}, {@code rmse}) and {@code quality},
 * {@code reference_quality}, {@code quality_drop} hold it (rmse: relative increase).
 * {@code without_labels}: the window had fewer than {@code min_labels} labels, so the label-free
 * estimate and drift decided. {@code estimated_*}: a binary model's quality estimated without labels
 * by CBPE with the reference's calibration ({@link io.driftwatch.common.kpi.Cbpe}), with 95 % bands;
 * {@code estimated_mae}/{@code estimated_rmse}: a regression model's, from the reference's errors by
 * prediction ({@link io.driftwatch.common.kpi.ErrorBins}); {@code estimate_disagrees}: labels came and
 * the realised F1 (MAE) lies beyond both noises from the estimate (null: too few labels or no estimate).
 */
public record RetrainingSignal(
        String model, String modelVersion, long windowStart, long windowEnd, boolean complete, Verdict decision,
        double severity, List<String> reasons, List<String> driftedFeatures, List<String> anomalies, Double accuracy,
        Double referenceAccuracy, Double accuracyDrop, String qualityKpi, Double quality, Double referenceQuality,
        Double qualityDrop, long labeledCount, Double estimatedAccuracy, Double referenceEstimatedAccuracy,
        boolean withoutLabels, Double estimatedPrecision, Double estimatedRecall, Double estimatedF1,
        Double estimatedF1CiLow, Double estimatedF1CiHigh, Double estimatedRocAuc, Double estimatedRocAucCiLow,
        Double estimatedRocAucCiHigh, Boolean estimateDisagrees, Double estimatedMae, Double estimatedMaeCiLow,
        Double estimatedMaeCiHigh, Double estimatedRmse, Double estimatedRmseCiLow, Double estimatedRmseCiHigh) {

    /** A row without CBPE estimates (non-binary models, states written before them). */
    public RetrainingSignal(String model, String modelVersion, long windowStart, long windowEnd, boolean complete,
            Verdict decision, double severity, List<String> reasons, List<String> driftedFeatures, List<String> anomalies,
            Double accuracy, Double referenceAccuracy, Double accuracyDrop, String qualityKpi, Double quality,
            Double referenceQuality, Double qualityDrop, long labeledCount, Double estimatedAccuracy,
            Double referenceEstimatedAccuracy, boolean withoutLabels) {
        this(model, modelVersion, windowStart, windowEnd, complete, decision, severity, reasons, driftedFeatures,
                anomalies, accuracy, referenceAccuracy, accuracyDrop, qualityKpi, quality, referenceQuality, qualityDrop,
                labeledCount, estimatedAccuracy, referenceEstimatedAccuracy, withoutLabels, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
    }
}
