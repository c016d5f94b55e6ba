package io.driftwatch.common.trend;

import java.util.List;

/**
 * The z-score detector of contract §7, a pure function (as Deequ's anomaly strategies), usable by the
 * batch job over stored history and by streaming over the windows it keeps.
 *
 * <p>The baseline is the mean and the sample standard deviation ({@code ddof = 1}, as pandas'
 * {@code std()}) of the baseline windows' values; {@code z = (value − mean) / std};
 * {@code pct_change = (value − mean) / |mean|}. An anomaly is {@code |z| >= zThreshold} with
 * {@code |pct_change| >= minRelativeChange}. Edges: a constant baseline ({@code std = 0}) gives
 * {@code z = ±∞} for any other value (0 for the same), so a real change from a flat history still
 * alarms when it is large enough relatively; a zero mean leaves {@code pct_change} null and the value
 * is judged by z alone.
 *
 * <p>Proportions (an error rate, an accuracy: a share of the window's {@code n} observations) have
 * a known sampling noise, so their spread is floored at the binomial standard error
 * {@code sqrt(p̃(1 − p̃) / n)} of the window, with {@code p̃ = (p̄ n + 1) / (n + 2)} (the baseline mean,
 * pulled off 0 and 1): seven quiet windows do not make a noise-sized change an alarm, and a service
 * that never failed does not alarm on its first error.
 *
 * <p>Any KPI whose window carries a sampling interval ({@code kpi_windows}' {@code _ci_low/_ci_high})
 * is floored at the standard error that interval stands for (a mean's, a quantile's by order
 * statistics, a throughput's Poisson count noise), and an anomaly must also clear the tolerance: the
 * window's 95 % interval lies beyond {@code mean ± minRelativeChange·|mean|}, not only its value.
 *
 * <p>Where the spread is the baseline's own (estimated from a few windows, not a known sampling
 * noise), the threshold is that of a prediction interval (issue 20): {@code |z| ≥ t_{n−1}(1 − α/2) ·
 * sqrt(1 + 1/n)}, with {@code α = 2(1 − Φ(zThreshold))} the tail the configured z threshold means for
 * a known spread. A standard deviation of three windows is itself noise: at {@code zThreshold} 3 the
 * bar is |z| ≥ 22.2 over 3 windows, 5.24 over 7, 3.36 over 28 (scipy {@code t.ppf}); with many windows
 * it approaches the plain z threshold. Not judged (with a note, {@code anomaly = false}): no value, fewer
 * observations than {@code minCount}, fewer usable baseline windows than {@code minBaselineWindows}.
 */
public final class AnomalyDetector {
    private AnomalyDetector() {}

    /** The verdict on one window's value. */
    public record Verdict(Double value, Double baselineMean, Double baselineStd, Double zScore, Double pctChange,
            boolean anomaly, String direction, String note) {

        static Verdict notJudged(Double value, String note) {
            return new Verdict(value, null, null, null, null, false, null, note);
        }
    }

    /** Judges {@code current} against {@code baseline} (as {@link Baselines} chooses it). */
    public static Verdict judge(KpiPoint current, List<KpiPoint> baseline, AnomalyRule rule) {
        return judge(current, baseline, rule, false);
    }

    /**
     * Judges {@code current} against {@code baseline}.
     *
     * @param proportion whether the value is a proportion of {@code current.count()} (binomial floor)
     */
    public static Verdict judge(KpiPoint current, List<KpiPoint> baseline, AnomalyRule rule, boolean proportion) {
        Double v = current.value();
        if (v == null || v.isNaN()) return Verdict.notJudged(null, "no value in the window");
        if (current.count() < rule.minCount()) {
            return Verdict.notJudged(v, "not judged: " + current.count() + " observations, fewer than " + rule.minCount());
        }
        if (baseline.size() < rule.minBaselineWindows()) {
            return Verdict.notJudged(v, "not judged: " + baseline.size() + " baseline windows, fewer than "
                    + rule.minBaselineWindows());
        }
        int n = baseline.size();
        double mean = 0;
        for (KpiPoint p : baseline) mean += p.value();
        mean /= n;
        double ss = 0;
        for (KpiPoint p : baseline) ss += (p.value() - mean) * (p.value() - mean);
        double std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0;
        double spread = std;
        if (proportion && current.count() > 0) {
            double p = (mean * current.count() + 1) / (current.count() + 2.0);
            spread = Math.max(std, Math.sqrt(p * (1 - p) / current.count()));
        }
        // the window's own sampling noise, from its interval (a mean's, a quantile's, a count's): a floor too
        if (current.noise() > spread) spread = current.noise();
        double diff = v - mean;
        double z = spread > 0 ? diff / spread : diff == 0 ? 0.0 : Math.copySign(Double.POSITIVE_INFINITY, diff);
        Double pct = mean != 0 ? diff / Math.abs(mean) : null;
        boolean estimated = spread == std;
        double bar = estimated ? predictionBar(rule.zThreshold(), n) : rule.zThreshold();
        boolean anomaly = Math.abs(z) >= bar && (pct == null || Math.abs(pct) >= rule.minRelativeChange());
        String direction = diff > 0 ? "up" : diff < 0 ? "down" : "none";
        String note = Double.isInfinite(z) ? "constant baseline"
                : spread > std ? String.format(java.util.Locale.ROOT, "z over the window's sampling standard error %.4g"
                        + " of %d observations (more than the baseline's spread)", spread, current.count()) : null;
        // an alarm is a change beyond the tolerance: the window's 95 % interval must clear the baseline ± the
        // configured relative change, not only its point value (issue 20)
        if (anomaly && pct != null && current.ciLow() != null && current.ciHigh() != null) {
            double band = rule.minRelativeChange() * Math.abs(mean);
            boolean clears = diff > 0 ? current.ciLow() > mean + band : current.ciHigh() < mean - band;
            if (!clears) {
                anomaly = false;
                note = String.format(java.util.Locale.ROOT, "|z| %.2f ≥ %.3g, but the window's 95 %% interval [%.4g, %.4g]"
                        + " reaches the tolerance %.4g ± %.0f %%: within noise of a change that small", Math.abs(z), bar,
                        current.ciLow(), current.ciHigh(), mean, 100 * rule.minRelativeChange());
            }
        }
        if (note == null && estimated && !Double.isInfinite(z)) {
            note = String.format(java.util.Locale.ROOT, "|z| judged against %.3g: the prediction interval of %d baseline"
                    + " windows", bar, n);
        }
        return new Verdict(v, mean, std, Double.isInfinite(z) ? null : z, pct, anomaly, direction, note);
    }

    /**
     * The |z| a new value must reach against {@code n} baseline windows whose spread is estimated:
     * Student's t with {@code n − 1} degrees of freedom at the two-sided tail that {@code zThreshold}
     * means for a normal, times {@code sqrt(1 + 1/n)} (the baseline mean is estimated too).
     */
    public static double predictionBar(double zThreshold, int n) {
        if (n < 2) return zThreshold;
        double tail = 2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1)
                .cumulativeProbability(zThreshold));
        double t = new org.apache.commons.math3.distribution.TDistribution(null, n - 1)
                .inverseCumulativeProbability(1 - tail / 2);
        return t * Math.sqrt(1 + 1.0 / n);
    }
}
