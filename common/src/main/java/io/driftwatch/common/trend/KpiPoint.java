package io.driftwatch.common.trend;

/**
 * One window's value of one KPI series of one key, as the anomaly detectors read it.
 *
 * @param windowStart the window's start (epoch millis)
 * @param value the KPI, or null where it is not defined in the window (no labels, no latencies)
 * @param count how many observations the value stands on (predictions, or labels for quality KPIs),
 *     for the minimum-count rule
 * @param ciLow the low end of the value's 95 % sampling interval ({@code kpi_windows}), or null
 * @param ciHigh its high end, or null
 */
public record KpiPoint(long windowStart, Double value, long count, Double ciLow, Double ciHigh) {

    /** A point without a sampling interval. */
    public KpiPoint(long windowStart, Double value, long count) {
        this(windowStart, value, count, null, null);
    }

    /** The standard error the interval stands for, or NaN without one. */
    public double noise() {
        return ciLow == null || ciHigh == null ? Double.NaN
                : io.driftwatch.common.kpi.Intervals.standardError(ciLow, ciHigh);
    }
}
