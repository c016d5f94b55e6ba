package io.driftwatch.common.kpi;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The sampling intervals written next to each judged KPI of {@code kpi_windows}
 * ({@code <kpi>_ci_low}, {@code <kpi>_ci_high}; docs/reference/output-tables.md), at {@link #LEVEL}.
 * Each method is the textbook one, so a user can recompute it (statsmodels / scipy names in brackets):
 *
 * <ul>
 *   <li>{@link #wilson}: a proportion {@code k/n} (statsmodels {@code proportion_confint(method="wilson")});
 *   <li>{@link #poisson}: a count's rate (exact Garwood, {@code chi2.ppf(α/2, 2k)/2 .. chi2.ppf(1−α/2, 2k+2)/2});
 *   <li>{@link #mean}: a mean of {@code n} values from their sum and sum of squares, Student's t with
 *       {@code n − 1} degrees of freedom ({@code DescrStatsW.tconfint_mean});
 *   <li>{@link #hanleyMcNeil}: ROC AUC (Hanley &amp; McNeil 1982, normal approximation);
 *   <li>{@link #orderStatisticRanks}: a quantile, distribution-free, by the ranks of the binomial
 *       normal approximation (Conover, <i>Practical Nonparametric Statistics</i> §3.2);
 *   <li>{@link #delta}: a smooth function of multinomial cell shares (F1, macro F1), the delta method.
 * </ul>
 * Commons Math gives the distributions; the formulas are a few lines each and written here so the
 * columns come from the mergeable KPI state without keeping the window's values.
 */
public final class Intervals {
    /** The confidence level of the stored intervals. */
    public static final double LEVEL = 0.95;
    /** {@code Φ⁻¹(0.975)}. */
    public static final double Z = 1.959963984540054;

    private Intervals() {}

    /** The Wilson score interval of {@code k} successes in {@code n}; null for {@code n = 0}. */
    public static double[] wilson(long k, long n) {
        return wilson(k, n, Z);
    }

    /** The Wilson score interval of {@code k} successes in {@code n} at {@code z}; null for {@code n = 0}. */
    public static double[] wilson(long k, long n, double z) {
        if (n <= 0) return null;
        double p = (double) k / n, z2 = z * z;
        double denom = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denom;
        double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // at k = 0 and k = n the bound is 0 or 1 exactly; rounding must not move it off
        return new double[] {k == 0 ? 0 : Math.max(0, center - half), k == n ? 1 : Math.min(1, center + half)};
    }

    /** The exact (Garwood) interval of a Poisson mean from one count {@code k}. */
    public static double[] poisson(long k) {
        double alpha = 1 - LEVEL;
        double lo = k == 0 ? 0 : new ChiSquaredDistribution(null, 2.0 * k).inverseCumulativeProbability(alpha / 2) / 2;
        double hi = new ChiSquaredDistribution(null, 2.0 * k + 2).inverseCumulativeProbability(1 - alpha / 2) / 2;
        return new double[] {lo, hi};
    }

    /**
     * The t interval of a mean of {@code n} values with {@code sum} and {@code sumOfSquares}; null for
     * {@code n < 2} or unknown squares (NaN, a state stored before they were kept).
     */
    public static double[] mean(long n, double sum, double sumOfSquares) {
        if (n < 2 || Double.isNaN(sumOfSquares)) return null;
        double mean = sum / n;
        double var = Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1));
        double half = new TDistribution(null, n - 1).inverseCumulativeProbability(0.5 + LEVEL / 2) * Math.sqrt(var / n);
        return new double[] {mean - half, mean + half};
    }

    /**
     * A window's {@link #mean} interval, widened where it is narrower than the interval a mean of as many
     * values would have with the reference's spread: {@code value ± t(n−1)·s_ref/√n}, with {@code s_ref}
     * read back from the reference's own {@link #mean} interval ({@code half·√N / t(N−1)}).
     *
     * <p>Where nothing changed, the window's values come from the reference's distribution, whose spread a
     * reference of thousands of values shows far better than a window's few. A window's own spread is
     * worst where it matters: for a mean of skewed values (a binary model's confidence {@code max(p, 1−p)})
     * the windows that missed the long tail have both a low mean and a small spread, so their own
     * interval ends short of the reference. Simulated with a credit-risk model's scores where nothing
     * changed, windows of 10 predictions read as "worse than the reference beyond noise" at a 99.9 %
     * level in 0.79 % of windows (nominal 0.05 %), of 100 in 0.25 %; with this floor 0.005 % and 0.055 %.
     * On a stationary SageMaker log, 14 of 864 fifteen-minute windows were INVESTIGATE without it
     * (docs/guide/decisions.md, "Alarm budget"; {@code EstimatedAccuracyFalseAlarmTest}).
     *
     * @return the window's interval, or null where it has none
     */
    public static double[] meanAtLeastReferenceSpread(double[] window, double value, long n, double[] reference,
            long referenceCount) {
        if (window == null || reference == null || n < 2 || referenceCount < 2) return window;
        double tRef = new TDistribution(null, referenceCount - 1).inverseCumulativeProbability(0.5 + LEVEL / 2);
        double spread = (reference[1] - reference[0]) / 2 * Math.sqrt(referenceCount) / tRef;
        double floor = new TDistribution(null, n - 1).inverseCumulativeProbability(0.5 + LEVEL / 2) * spread / Math.sqrt(n);
        double low = Math.min(window[0], value - floor), high = Math.max(window[1], value + floor);
        return low == window[0] && high == window[1] ? window : new double[] {low, high};
    }

    /**
     * Hanley–McNeil: {@code se² = (A(1−A) + (n₁−1)(Q₁−A²) + (n₀−1)(Q₂−A²)) / (n₁n₀)} with
     * {@code Q₁ = A/(2−A)}, {@code Q₂ = 2A²/(1+A)}; {@code A ± z·se} within [0, 1].
     */
    public static double[] hanleyMcNeil(double auc, long positives, long negatives) {
        if (positives <= 0 || negatives <= 0) return null;
        double a = auc, q1 = a / (2 - a), q2 = 2 * a * a / (1 + a);
        double var = (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a))
                / ((double) positives * negatives);
        double half = Z * Math.sqrt(Math.max(0, var));
        return new double[] {Math.max(0, a - half), Math.min(1, a + half)};
    }

    /**
     * The 1-based ranks {@code [r, s]} of the order statistics bounding quantile {@code q} of {@code n}
     * values: {@code r = ⌊nq − z·sqrt(nq(1−q))⌋}, {@code s = ⌈nq + z·sqrt(nq(1−q))⌉}, within
     * {@code [1, n]}.
     */
    public static long[] orderStatisticRanks(long n, double q) {
        double center = n * q, half = Z * Math.sqrt(n * q * (1 - q));
        long r = Math.max(1, (long) Math.floor(center - half));
        long s = Math.min(n, (long) Math.ceil(center + half));
        return new long[] {r, s};
    }

    /**
     * The delta-method interval of {@code value = f(p)} over multinomial cell shares {@code p} of
     * {@code n} draws, given the gradient {@code g} of {@code f} at {@code p}:
     * {@code Var = (Σ g_c² p_c − (Σ g_c p_c)²) / n}; {@code value ± z·sqrt(Var)} within [0, 1].
     */
    public static double[] delta(double value, double[] shares, double[] gradient, long n) {
        if (n <= 0) return null;
        double m2 = 0, m1 = 0;
        for (int c = 0; c < shares.length; c++) {
            m2 += gradient[c] * gradient[c] * shares[c];
            m1 += gradient[c] * shares[c];
        }
        double half = Z * Math.sqrt(Math.max(0, m2 - m1 * m1) / n);
        return new double[] {Math.max(0, value - half), Math.min(1, value + half)};
    }

    /** The standard error an interval at {@link #LEVEL} stands for: its width over {@code 2z}. */
    public static double standardError(double low, double high) {
        return (high - low) / (2 * Z);
    }
}
