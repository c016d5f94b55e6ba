package io.driftwatch.common.trend;

import java.io.Serializable;
import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How many false alarms per model a user accepts when nothing changes ({@code alarms.budget}, default
 * one a week), and the thresholds each alarm rule draws from it for a given window length. The
 * arithmetic, which docs/guide/decisions.md repeats:
 *
 * <ul>
 *   <li>a week holds {@code W = 7 d / window} windows per model (168 hourly, 7 daily), so one window
 *       may alarm falsely with probability {@code α = budget / W} (capped at 0.5);
 *   <li>three rule families judge a window — the quality drop, drift (features and prediction), KPI
 *       anomalies — and each gets a third: {@code α_f = α / 3} (Bonferroni over families);
 *   <li>quality drop: one-sided, so {@code z ≥ Φ⁻¹(1 − α_f)} ({@code retraining.confidence} becomes
 *       {@code 1 − 2 α_f}); drift: the window's p-values under Benjamini–Hochberg at level
 *       {@code α_f} (under no change at all, BH's chance of any rejection is at most its level);
 *       anomalies: two-sided over the {@code K} watched KPI series, {@code |z| ≥ Φ⁻¹(1 − α_f / 2K)}.
 * </ul>
 *
 * <p>A budget only tightens: where the configured threshold is already stricter (daily windows, whose
 * defaults were set for them) it stays. {@code alarms.budget: none} turns the budget off (the rules
 * as configured, as before issue 20). Distance methods (PSI, Wasserstein, ...) have no sampling
 * distribution here and keep their thresholds.
 *
 * @param perWeek false alarms per model per week; {@code Double.POSITIVE_INFINITY}: no budget
 */
public record AlarmBudget(double perWeek) implements Serializable {
    public static final AlarmBudget DEFAULT = new AlarmBudget(1);
    public static final AlarmBudget NONE = new AlarmBudget(Double.POSITIVE_INFINITY);
    /** The rule families that share a window's allowance: quality, drift, anomalies. */
    public static final int FAMILIES = 3;
    private static final long WEEK_MS = 7L * 86_400_000L;
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    /** Whether a budget applies. */
    public boolean enabled() {
        return Double.isFinite(perWeek);
    }

    /** The chance that one window of this length alarms falsely (all rules together), at most 0.5. */
    public double perWindow(long windowMillis) {
        return Math.min(0.5, perWeek * windowMillis / WEEK_MS);
    }

    /** One rule family's share of a window's allowance. */
    public double perFamily(long windowMillis) {
        return perWindow(windowMillis) / FAMILIES;
    }

    /** The two-sided confidence whose one-sided tail is a family's share (for {@code retraining.confidence}). */
    public double qualityConfidence(long windowMillis) {
        return 1 - 2 * perFamily(windowMillis);
    }

    /** The anomaly rule's |z| threshold over {@code series} KPI series. */
    public double anomalyZ(long windowMillis, int series) {
        return NORMAL.inverseCumulativeProbability(1 - perFamily(windowMillis) / (2.0 * Math.max(1, series)));
    }

    /** The false-discovery level of a window's drift tests. */
    public double driftLevel(long windowMillis) {
        return perFamily(windowMillis);
    }

    /** The budget as configured: {@code 1/week}, {@code 2/day}, {@code 0.5/week}; {@code none}. */
    public static AlarmBudget parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none") || t.equals("off")) return NONE;
        int slash = t.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("'" + text + "' is not N/week, N/day, N/month or none");
        double n;
        try {
            n = Double.parseDouble(t.substring(0, slash).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not N/week, N/day, N/month or none");
        }
        double weeks = switch (t.substring(slash + 1).trim()) {
            case "day", "d" -> 1 / 7.0;
            case "week", "w" -> 1;
            case "month", "mo" -> 30 / 7.0;
            default -> throw new IllegalArgumentException("'" + text + "' is not N/week, N/day, N/month or none");
        };
        if (!(n > 0) || !Double.isFinite(n)) throw new IllegalArgumentException("'" + text + "': the count must be above 0");
        return new AlarmBudget(n / weeks);
    }

    /** How the budget reads in a log line. */
    public String describe() {
        return enabled() ? String.format(Locale.ROOT, "%.3g false alarm(s) per model-week", perWeek) : "none";
    }
}
