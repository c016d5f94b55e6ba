package io.driftwatch.common.trend;

import java.util.List;

/**
 * One row of {@code kpi_anomalies} (contract §5, §7): one KPI series of one key in one window, against
 * its baseline. {@code judged = false} (with {@code note} saying why, {@code anomaly = false}) where
 * the window stands on too few observations, the baseline has too few windows, or the window is
 * partial. {@code baseline} says which windows formed it: {@code previous} or {@code same_hour_of_day}
 * / {@code same_hour_of_week} (seasonal); {@code worse} whether the change is in the KPI's bad direction.
 */
public record KpiAnomaly(
        String model, String modelVersion, String segment, long windowStart, long windowEnd, String kpi, Double value,
        long count, String baseline, int baselineWindows, Double baselineMean, Double baselineStd, Double zScore,
        Double pctChange, boolean judged, boolean anomaly, String direction, Boolean worse, String note, Double cusum,
        Double cusumThreshold, Long cusumWindows) {}
