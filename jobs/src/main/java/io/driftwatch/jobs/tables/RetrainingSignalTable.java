package io.driftwatch.jobs.tables;

import io.driftwatch.common.trend.Verdict;
import java.util.List;
import io.driftwatch.common.trend.RetrainingSignal;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;

/** The {@code retraining_signals} table: its columns as {@link RetrainingSignal} writes and reads them. */
public final class RetrainingSignalTable {
    private RetrainingSignalTable() {}

    public static final TableSchema<RetrainingSignal> SCHEMA = new TableSchema<>("retraining_signals", List.of(
            Column.string("model", RetrainingSignal::model),
            Column.string("model_version", RetrainingSignal::modelVersion),
            Column.timestamp("window_start", RetrainingSignal::windowStart),
            Column.timestamp("window_end", RetrainingSignal::windowEnd),
            Column.bool("complete", RetrainingSignal::complete),
            Column.string("decision", r -> r.decision().name()),
            Column.float64("severity", RetrainingSignal::severity),
            Column.stringList("reasons", RetrainingSignal::reasons),
            Column.stringList("drifted_features", RetrainingSignal::driftedFeatures),
            Column.stringList("anomalies", RetrainingSignal::anomalies),
            Column.float64("accuracy", RetrainingSignal::accuracy),
            Column.float64("reference_accuracy", RetrainingSignal::referenceAccuracy),
            Column.float64("accuracy_drop", RetrainingSignal::accuracyDrop),
            Column.string("quality_kpi", RetrainingSignal::qualityKpi),
            Column.float64("quality", RetrainingSignal::quality),
            Column.float64("reference_quality", RetrainingSignal::referenceQuality),
            Column.float64("quality_drop", RetrainingSignal::qualityDrop),
            Column.int64("labeled_count", RetrainingSignal::labeledCount),
            Column.float64("estimated_accuracy", RetrainingSignal::estimatedAccuracy),
            Column.float64("reference_estimated_accuracy", RetrainingSignal::referenceEstimatedAccuracy),
            Column.bool("without_labels", RetrainingSignal::withoutLabels),
            Column.float64("estimated_precision", RetrainingSignal::estimatedPrecision),
            Column.float64("estimated_recall", RetrainingSignal::estimatedRecall),
            Column.float64("estimated_f1", RetrainingSignal::estimatedF1),
            Column.float64("estimated_f1_ci_low", RetrainingSignal::estimatedF1CiLow),
            Column.float64("estimated_f1_ci_high", RetrainingSignal::estimatedF1CiHigh),
            Column.float64("estimated_roc_auc", RetrainingSignal::estimatedRocAuc),
            Column.float64("estimated_roc_auc_ci_low", RetrainingSignal::estimatedRocAucCiLow),
            Column.float64("estimated_roc_auc_ci_high", RetrainingSignal::estimatedRocAucCiHigh),
            Column.bool("estimate_disagrees", RetrainingSignal::estimateDisagrees),
            Column.float64("estimated_mae", RetrainingSignal::estimatedMae),
            Column.float64("estimated_mae_ci_low", RetrainingSignal::estimatedMaeCiLow),
            Column.float64("estimated_mae_ci_high", RetrainingSignal::estimatedMaeCiHigh),
            Column.float64("estimated_rmse", RetrainingSignal::estimatedRmse),
            Column.float64("estimated_rmse_ci_low", RetrainingSignal::estimatedRmseCiLow),
            Column.float64("estimated_rmse_ci_high", RetrainingSignal::estimatedRmseCiHigh)),
            RetrainingSignal::model, RetrainingSignal::windowStart, RetrainingSignalTable::read);

    private static RetrainingSignal read(StoredRow r) {
        return new RetrainingSignal(r.string("model"), r.string("model_version"), r.int64("window_start"),
                r.int64("window_end"), Boolean.TRUE.equals(r.bool("complete")), Verdict.valueOf(r.string("decision")),
                r.float64("severity"), r.list("reasons"), r.list("drifted_features"), r.list("anomalies"),
                r.float64("accuracy"), r.float64("reference_accuracy"), r.float64("accuracy_drop"),
                r.string("quality_kpi"), r.float64("quality"), r.float64("reference_quality"), r.float64("quality_drop"),
                r.int64("labeled_count", 0), r.float64("estimated_accuracy"), r.float64("reference_estimated_accuracy"),
                Boolean.TRUE.equals(r.bool("without_labels")), r.float64("estimated_precision"),
                r.float64("estimated_recall"), r.float64("estimated_f1"), r.float64("estimated_f1_ci_low"),
                r.float64("estimated_f1_ci_high"), r.float64("estimated_roc_auc"), r.float64("estimated_roc_auc_ci_low"),
                r.float64("estimated_roc_auc_ci_high"), r.bool("estimate_disagrees"), r.float64("estimated_mae"),
                r.float64("estimated_mae_ci_low"), r.float64("estimated_mae_ci_high"), r.float64("estimated_rmse"),
                r.float64("estimated_rmse_ci_low"), r.float64("estimated_rmse_ci_high"));
    }
}
