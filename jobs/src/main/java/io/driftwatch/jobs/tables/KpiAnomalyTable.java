package io.driftwatch.jobs.tables;

import java.util.List;
import io.driftwatch.common.trend.KpiAnomaly;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;

/** The {@code kpi_anomalies} table: its columns as {@link KpiAnomaly} writes and reads them. */
public final class KpiAnomalyTable {
    private KpiAnomalyTable() {}

    public static final TableSchema<KpiAnomaly> SCHEMA = new TableSchema<>("kpi_anomalies", List.of(
            Column.string("model", KpiAnomaly::model),
            Column.string("model_version", KpiAnomaly::modelVersion),
            Column.string("segment", KpiAnomaly::segment),
            Column.timestamp("window_start", KpiAnomaly::windowStart),
            Column.timestamp("window_end", KpiAnomaly::windowEnd),
            Column.string("kpi", KpiAnomaly::kpi),
            Column.float64("value", KpiAnomaly::value),
            Column.int64("count", KpiAnomaly::count),
            Column.string("baseline", KpiAnomaly::baseline),
            Column.int64("baseline_windows", r -> (long) r.baselineWindows()),
            Column.float64("baseline_mean", KpiAnomaly::baselineMean),
            Column.float64("baseline_std", KpiAnomaly::baselineStd),
            Column.float64("z_score", KpiAnomaly::zScore),
            Column.float64("pct_change", KpiAnomaly::pctChange),
            Column.bool("judged", KpiAnomaly::judged),
            Column.bool("anomaly", KpiAnomaly::anomaly),
            Column.string("direction", KpiAnomaly::direction),
            Column.bool("worse", KpiAnomaly::worse),
            Column.string("note", KpiAnomaly::note),
            // evidence over consecutive windows (Cusum): the signed sum, its threshold, the windows it stands on
            Column.float64("cusum", KpiAnomaly::cusum),
            Column.float64("cusum_threshold", KpiAnomaly::cusumThreshold),
            Column.int64("cusum_windows", KpiAnomaly::cusumWindows)),
            KpiAnomaly::model, KpiAnomaly::windowStart, KpiAnomalyTable::read);

    private static KpiAnomaly read(StoredRow r) {
        return new KpiAnomaly(r.string("model"), r.string("model_version"), r.string("segment"),
                r.int64("window_start"), r.int64("window_end"), r.string("kpi"), r.float64("value"), r.int64("count", 0),
                r.string("baseline"), (int) r.int64("baseline_windows", 0), r.float64("baseline_mean"),
                r.float64("baseline_std"), r.float64("z_score"), r.float64("pct_change"), Boolean.TRUE.equals(r.bool("judged")),
                Boolean.TRUE.equals(r.bool("anomaly")), r.string("direction"), r.bool("worse"), r.string("note"),
                r.float64("cusum"), r.float64("cusum_threshold"), r.int64("cusum_windows"));
    }
}
