package io.driftwatch.jobs.tables;

import io.driftwatch.common.trend.Verdict;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.List;

/**
 * One row of {@code retraining_signals} (contract §5, §7): the decision for one window and
 * (model, version), its severity and reasons. {@code accuracy}/{@code reference_accuracy}/
 * {@code accuracy_drop} are accuracy's (null for regression); {@code quality_kpi} names the KPI the
 * rules judged the task by ({@code accuracy}, {@code macro f1}, {@code rmse}) and {@code quality},
 * {@code reference_quality}, {@code quality_drop} hold it (rmse: relative increase).
 * {@code without_labels}: the window had fewer than {@code min_labels} labels, so the label-free
 * estimate and drift decided.
 */
public record RetrainingSignalRow(
        String model, String modelVersion, long windowStart, long windowEnd, boolean complete, Verdict decision,
        double severity, List<String> reasons, List<String> driftedFeatures, List<String> anomalies, Double accuracy,
        Double referenceAccuracy, Double accuracyDrop, String qualityKpi, Double quality, Double referenceQuality,
        Double qualityDrop, long labeledCount, Double estimatedAccuracy, Double referenceEstimatedAccuracy,
        boolean withoutLabels) {

    public static final TableSchema<RetrainingSignalRow> SCHEMA = new TableSchema<>("retraining_signals", List.of(
            Column.string("model", RetrainingSignalRow::model),
            Column.string("model_version", RetrainingSignalRow::modelVersion),
            Column.timestamp("window_start", RetrainingSignalRow::windowStart),
            Column.timestamp("window_end", RetrainingSignalRow::windowEnd),
            Column.bool("complete", RetrainingSignalRow::complete),
            Column.string("decision", r -> r.decision().name()),
            Column.float64("severity", RetrainingSignalRow::severity),
            Column.stringList("reasons", RetrainingSignalRow::reasons),
            Column.stringList("drifted_features", RetrainingSignalRow::driftedFeatures),
            Column.stringList("anomalies", RetrainingSignalRow::anomalies),
            Column.float64("accuracy", RetrainingSignalRow::accuracy),
            Column.float64("reference_accuracy", RetrainingSignalRow::referenceAccuracy),
            Column.float64("accuracy_drop", RetrainingSignalRow::accuracyDrop),
            Column.string("quality_kpi", RetrainingSignalRow::qualityKpi),
            Column.float64("quality", RetrainingSignalRow::quality),
            Column.float64("reference_quality", RetrainingSignalRow::referenceQuality),
            Column.float64("quality_drop", RetrainingSignalRow::qualityDrop),
            Column.int64("labeled_count", RetrainingSignalRow::labeledCount),
            Column.float64("estimated_accuracy", RetrainingSignalRow::estimatedAccuracy),
            Column.float64("reference_estimated_accuracy", RetrainingSignalRow::referenceEstimatedAccuracy),
            Column.bool("without_labels", RetrainingSignalRow::withoutLabels)),
            RetrainingSignalRow::model, RetrainingSignalRow::windowStart, RetrainingSignalRow::read);

    private static RetrainingSignalRow read(StoredRow r) {
        return new RetrainingSignalRow(r.string("model"), r.string("model_version"), r.int64("window_start"),
                r.int64("window_end"), Boolean.TRUE.equals(r.bool("complete")), Verdict.valueOf(r.string("decision")),
                r.float64("severity"), r.list("reasons"), r.list("drifted_features"), r.list("anomalies"),
                r.float64("accuracy"), r.float64("reference_accuracy"), r.float64("accuracy_drop"),
                r.string("quality_kpi"), r.float64("quality"), r.float64("reference_quality"), r.float64("quality_drop"),
                r.int64("labeled_count", 0), r.float64("estimated_accuracy"), r.float64("reference_estimated_accuracy"),
                Boolean.TRUE.equals(r.bool("without_labels")));
    }
}
