package io.driftwatch.common.trend;

/**
 * One window's value of one KPI series of one key, as the anomaly detectors read it.
 *
 * @param windowStart the window's start (epoch millis)
 * @param value the KPI, or null where it is not defined in the window (no labels, no latencies)
 * @param count how many observations the value stands on (predictions, or labels for quality KPIs),
 *     for the minimum-count rule
 */
public record KpiPoint(long windowStart, Double value, long count) {}
