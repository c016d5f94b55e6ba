package io.driftwatch.jobs.tables;

import io.driftwatch.common.trend.ModelVersion;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.List;

/**
 * {@code model_versions} (docs/guide/versions.md): per model, window and version, its traffic share,
 * first and last seen, endpoint, and its comparison with the window's baseline version
 * ({@link io.driftwatch.common.trend.VersionComparison}). Written by the judge with
 * {@code kpi_anomalies} and {@code retraining_signals}.
 */
public final class ModelVersionTable {
    private ModelVersionTable() {}

    public static final TableSchema<ModelVersion> SCHEMA = new TableSchema<>("model_versions", List.of(
            Column.string("model", ModelVersion::model),
            Column.string("model_version", ModelVersion::modelVersion),
            Column.timestamp("window_start", ModelVersion::windowStart),
            Column.timestamp("window_end", ModelVersion::windowEnd),
            Column.string("endpoint", ModelVersion::endpoint),
            Column.int64("prediction_count", ModelVersion::predictionCount),
            Column.float64("traffic_share", ModelVersion::trafficShare),
            Column.timestamp("first_seen", ModelVersion::firstSeen),
            Column.timestamp("last_seen", ModelVersion::lastSeen),
            Column.string("baseline_version", ModelVersion::baselineVersion),
            Column.int64("labeled_count", ModelVersion::labeledCount),
            Column.float64("accuracy", ModelVersion::accuracy),
            Column.float64("accuracy_diff", ModelVersion::accuracyDiff),
            Column.float64("accuracy_p_value", ModelVersion::accuracyPValue),
            Column.float64("roc_auc", ModelVersion::rocAuc),
            Column.float64("roc_auc_diff", ModelVersion::rocAucDiff),
            Column.float64("roc_auc_p_value", ModelVersion::rocAucPValue),
            Column.float64("mae", ModelVersion::mae),
            Column.float64("mae_diff", ModelVersion::maeDiff),
            Column.float64("mae_p_value", ModelVersion::maePValue),
            Column.float64("latency_ms_mean", ModelVersion::latencyMsMean),
            Column.float64("latency_ms_mean_diff", ModelVersion::latencyMeanDiff),
            Column.float64("latency_ms_mean_p_value", ModelVersion::latencyPValue),
            Column.float64("error_rate", ModelVersion::errorRate),
            Column.float64("error_rate_diff", ModelVersion::errorRateDiff),
            Column.float64("error_rate_p_value", ModelVersion::errorRatePValue),
            Column.bool("worse", ModelVersion::worse),
            Column.string("note", ModelVersion::note)),
            ModelVersion::model, ModelVersion::windowStart, ModelVersionTable::read);

    private static ModelVersion read(StoredRow r) {
        return new ModelVersion(r.string("model"), r.string("model_version"), r.int64("window_start", 0),
                r.int64("window_end", 0), r.string("endpoint"), r.int64("prediction_count", 0),
                r.float64("traffic_share") == null ? 0 : r.float64("traffic_share"), r.int64("first_seen"),
                r.int64("last_seen"), r.string("baseline_version"), r.int64("labeled_count", 0), r.float64("accuracy"),
                r.float64("accuracy_diff"), r.float64("accuracy_p_value"), r.float64("roc_auc"), r.float64("roc_auc_diff"),
                r.float64("roc_auc_p_value"), r.float64("mae"), r.float64("mae_diff"), r.float64("mae_p_value"),
                r.float64("latency_ms_mean"), r.float64("latency_ms_mean_diff"), r.float64("latency_ms_mean_p_value"),
                r.float64("error_rate"), r.float64("error_rate_diff"), r.float64("error_rate_p_value"),
                Boolean.TRUE.equals(r.bool("worse")), r.string("note"));
    }
}
