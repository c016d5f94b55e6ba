package io.driftwatch.common.trend;

import java.util.ArrayList;
import java.util.List;

/**
 * Which earlier windows a value is compared with. Windows with no value, or with fewer observations
 * than the rule's minimum, never enter a baseline.
 */
public final class Baselines {
    /** One hour and one week, for seasonal baselines of hourly windows. */
    public static final long DAY = 86_400_000L;
    public static final long WEEK = 7 * DAY;

    private Baselines() {}

    /**
     * The last {@code rule.baselineWindows()} usable windows before {@code windowStart}, oldest first.
     *
     * @param history the key's windows in any order (stored history and this run's)
     */
    public static List<KpiPoint> previous(List<KpiPoint> history, long windowStart, AnomalyRule rule) {
        return last(history, windowStart, rule, 0);
    }

    /**
     * Seasonal: the last {@code rule.baselineWindows()} usable windows before {@code windowStart} that
     * start at the same offset in a {@code period} (same hour of the day: {@link #DAY}; same hour of
     * the week: {@link #WEEK}), oldest first. For hourly windows, whose level follows the clock.
     */
    public static List<KpiPoint> seasonal(List<KpiPoint> history, long windowStart, long period, AnomalyRule rule) {
        return last(history, windowStart, rule, period);
    }

    private static List<KpiPoint> last(List<KpiPoint> history, long windowStart, AnomalyRule rule, long period) {
        List<KpiPoint> usable = new ArrayList<>();
        for (KpiPoint p : history) {
            if (p.windowStart() >= windowStart || p.value() == null || p.value().isNaN() || p.count() < rule.minCount()) {
                continue;
            }
            if (period > 0 && Math.floorMod(windowStart - p.windowStart(), period) != 0) continue;
            usable.add(p);
        }
        usable.sort(java.util.Comparator.comparingLong(KpiPoint::windowStart));
        return usable.subList(Math.max(0, usable.size() - rule.baselineWindows()), usable.size());
    }
}
