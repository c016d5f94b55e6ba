package io.driftwatch.common.trend;

/**
 * When a KPI value is an anomaly (contract §7).
 *
 * @param baselineWindows how many earlier judged windows form the baseline (default 7)
 * @param minBaselineWindows fewer usable baseline windows than this: not judged (default 3)
 * @param zThreshold {@code |z| >=} this ... (default 3)
 * @param minRelativeChange ... and a relative change of at least this (default 0.10)
 * @param minCount windows whose value stands on fewer observations are neither judged nor used in a
 *     baseline (default 100), so a window with 12 predictions does not alarm
 */
public record AnomalyRule(int baselineWindows, int minBaselineWindows, double zThreshold, double minRelativeChange,
        long minCount) {

    public static final AnomalyRule DEFAULT = new AnomalyRule(7, 3, 3.0, 0.10, 100);
}
