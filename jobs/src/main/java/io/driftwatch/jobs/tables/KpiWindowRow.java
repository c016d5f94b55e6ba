package io.driftwatch.jobs.tables;

import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.List;

/**
 * One row of {@code kpi_windows} (SPEC §5): the key, the window, the part of it the run covered
 * ({@code [coverage_start, coverage_end)}: the window cut to the run's range), and its KPIs.
 */
public record KpiWindowRow(
        String model, String modelVersion, String segment, long windowStart, long windowEnd, long coverageStart,
        long coverageEnd, KpiValues kpis) {

    /** Whether the run covered the whole window (a range that starts or ends inside it covers a part). */
    public boolean complete() {
        return coverageStart == windowStart && coverageEnd == windowEnd;
    }

    public static final TableSchema<KpiWindowRow> SCHEMA = new TableSchema<>("kpi_windows", List.of(
            Column.string("model", KpiWindowRow::model),
            Column.string("model_version", KpiWindowRow::modelVersion),
            Column.string("segment", KpiWindowRow::segment),
            Column.timestamp("window_start", KpiWindowRow::windowStart),
            Column.timestamp("window_end", KpiWindowRow::windowEnd),
            Column.timestamp("coverage_start", KpiWindowRow::coverageStart),
            Column.timestamp("coverage_end", KpiWindowRow::coverageEnd),
            Column.bool("complete", KpiWindowRow::complete),
            Column.string("task", r -> r.kpis().task()),
            Column.int64("prediction_count", r -> r.kpis().predictionCount()),
            Column.int64("error_count", r -> r.kpis().errorCount()),
            Column.float64("error_rate", r -> r.kpis().errorRate()),
            Column.float64("throughput_per_s", r -> r.kpis().throughputPerS()),
            Column.float64("latency_ms_mean", r -> r.kpis().latencyMsMean()),
            Column.float64("latency_ms_p50", r -> r.kpis().latencyMsP50()),
            Column.float64("latency_ms_p90", r -> r.kpis().latencyMsP90()),
            Column.float64("latency_ms_p95", r -> r.kpis().latencyMsP95()),
            Column.float64("latency_ms_p99", r -> r.kpis().latencyMsP99()),
            Column.float64("latency_ms_max", r -> r.kpis().latencyMsMax()),
            Column.int64("labeled_count", r -> r.kpis().labeledCount()),
            Column.float64("label_coverage", r -> r.kpis().labelCoverage()),
            Column.float64("accuracy", r -> r.kpis().accuracy()),
            Column.float64("precision", r -> r.kpis().precision()),
            Column.float64("recall", r -> r.kpis().recall()),
            Column.float64("f1", r -> r.kpis().f1()),
            Column.float64("roc_auc", r -> r.kpis().rocAuc()),
            Column.bool("roc_auc_exact", r -> r.kpis().rocAucExact()),
            Column.float64("log_loss", r -> r.kpis().logLoss()),
            Column.float64("brier", r -> r.kpis().brier()),
            Column.float64("estimated_accuracy", r -> r.kpis().estimatedAccuracy()),
            Column.float64("mae", r -> r.kpis().mae()),
            Column.float64("rmse", r -> r.kpis().rmse()),
            Column.float64("mape", r -> r.kpis().mape()),
            Column.float64("r2", r -> r.kpis().r2()),
            Column.float64("mean_prediction", r -> r.kpis().meanPrediction()),
            Column.float64("positive_rate", r -> r.kpis().positiveRate()),
            Column.float64("label_positive_rate", r -> r.kpis().labelPositiveRate()),
            Column.float64("cpu_pct_mean", r -> r.kpis().cpuPctMean()),
            Column.float64("cpu_pct_max", r -> r.kpis().cpuPctMax()),
            Column.float64("memory_mb_mean", r -> r.kpis().memoryMbMean()),
            Column.float64("memory_mb_max", r -> r.kpis().memoryMbMax()),
            Column.float64("gpu_pct_mean", r -> r.kpis().gpuPctMean())),
            KpiWindowRow::model, KpiWindowRow::windowStart);
}
