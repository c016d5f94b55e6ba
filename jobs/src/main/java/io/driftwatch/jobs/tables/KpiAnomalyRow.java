package io.driftwatch.jobs.tables;

import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.List;

/**
 * One row of {@code kpi_anomalies} (contract §5, §7): one KPI series of one key in one window, against
 * its baseline. {@code judged = false} (with {@code note} saying why, {@code anomaly = false}) where
 * the window stands on too few observations, the baseline has too few windows, or the window is
 * partial. {@code baseline} says which windows formed it: {@code previous} or {@code same_hour_of_day}
 * / {@code same_hour_of_week} (seasonal); {@code worse} whether the change is in the KPI's bad direction.
 */
public record KpiAnomalyRow(
        String model, String modelVersion, String segment, long windowStart, long windowEnd, String kpi, Double value,
        long count, String baseline, int baselineWindows, Double baselineMean, Double baselineStd, Double zScore,
        Double pctChange, boolean judged, boolean anomaly, String direction, Boolean worse, String note, Double cusum,
        Double cusumThreshold, Long cusumWindows) {

    public static final TableSchema<KpiAnomalyRow> SCHEMA = new TableSchema<>("kpi_anomalies", List.of(
            Column.string("model", KpiAnomalyRow::model),
            Column.string("model_version", KpiAnomalyRow::modelVersion),
            Column.string("segment", KpiAnomalyRow::segment),
            Column.timestamp("window_start", KpiAnomalyRow::windowStart),
            Column.timestamp("window_end", KpiAnomalyRow::windowEnd),
            Column.string("kpi", KpiAnomalyRow::kpi),
            Column.float64("value", KpiAnomalyRow::value),
            Column.int64("count", KpiAnomalyRow::count),
            Column.string("baseline", KpiAnomalyRow::baseline),
            Column.int64("baseline_windows", r -> (long) r.baselineWindows()),
            Column.float64("baseline_mean", KpiAnomalyRow::baselineMean),
            Column.float64("baseline_std", KpiAnomalyRow::baselineStd),
            Column.float64("z_score", KpiAnomalyRow::zScore),
            Column.float64("pct_change", KpiAnomalyRow::pctChange),
            Column.bool("judged", KpiAnomalyRow::judged),
            Column.bool("anomaly", KpiAnomalyRow::anomaly),
            Column.string("direction", KpiAnomalyRow::direction),
            Column.bool("worse", KpiAnomalyRow::worse),
            Column.string("note", KpiAnomalyRow::note),
            // evidence over consecutive windows (Cusum): the signed sum, its threshold, the windows it stands on
            Column.float64("cusum", KpiAnomalyRow::cusum),
            Column.float64("cusum_threshold", KpiAnomalyRow::cusumThreshold),
            Column.int64("cusum_windows", KpiAnomalyRow::cusumWindows)),
            KpiAnomalyRow::model, KpiAnomalyRow::windowStart, KpiAnomalyRow::read);

    private static KpiAnomalyRow read(StoredRow r) {
        return new KpiAnomalyRow(r.string("model"), r.string("model_version"), r.string("segment"),
                r.int64("window_start"), r.int64("window_end"), r.string("kpi"), r.float64("value"), r.int64("count", 0),
                r.string("baseline"), (int) r.int64("baseline_windows", 0), r.float64("baseline_mean"),
                r.float64("baseline_std"), r.float64("z_score"), r.float64("pct_change"), Boolean.TRUE.equals(r.bool("judged")),
                Boolean.TRUE.equals(r.bool("anomaly")), r.string("direction"), r.bool("worse"), r.string("note"),
                r.float64("cusum"), r.float64("cusum_threshold"), r.int64("cusum_windows"));
    }
}
