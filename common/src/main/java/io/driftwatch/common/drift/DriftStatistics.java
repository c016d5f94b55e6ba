package io.driftwatch.common.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The drift statistics of contract §6 between a reference distribution {@code P} and a current one
 * {@code Q} of one column, as pure functions. Binned statistics take the two histograms over the same
 * bins (counts, turned into proportions here); KS and Wasserstein take sorted samples.
 *
 * <p>Edges: an empty histogram gives NaN (the statistic is not defined); proportions are raw except
 * in PSI, where both are floored at {@link #PSI_FLOOR} and not renormalised; {@code 0 · log 0 = 0}.
 */
public final class DriftStatistics {
    /** contract §6: both proportions floored at 1e-4 in PSI. */
    public static final double PSI_FLOOR = 1e-4;

    private DriftStatistics() {}

    /** Proportions of counts; all NaN when the counts sum to 0. */
    public static double[] proportions(long[] counts) {
        long total = 0;
        for (long c : counts) total += c;
        double[] p = new double[counts.length];
        for (int i = 0; i < counts.length; i++) p[i] = total == 0 ? Double.NaN : (double) counts[i] / total;
        return p;
    }

    /** Population stability index {@code Σ (q − p) ln(q / p)}, proportions floored at 1e-4. */
    public static double psi(long[] reference, long[] current) {
        return psi(proportions(reference), proportions(current));
    }

    /** PSI of two proportion vectors over the same bins. */
    public static double psi(double[] p, double[] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = Math.max(p[i], PSI_FLOOR);
            double qi = Math.max(q[i], PSI_FLOOR);
            sum += (qi - pi) * Math.log(qi / pi);
        }
        return sum;
    }

    /** Jensen–Shannon distance: the square root of the divergence with log base 2 (0..1). */
    public static double jensenShannon(long[] reference, long[] current) {
        return jensenShannon(proportions(reference), proportions(current));
    }

    /** Jensen–Shannon distance of two proportion vectors. */
    public static double jensenShannon(double[] p, double[] q) {
        double d = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            d += 0.5 * xLogXOverY(p[i], m) + 0.5 * xLogXOverY(q[i], m);
        }
        return Math.sqrt(Math.max(0, d / Math.log(2)));
    }

    /** Hellinger distance {@code sqrt(1 − Σ sqrt(p q))}. */
    public static double hellinger(long[] reference, long[] current) {
        return hellinger(proportions(reference), proportions(current));
    }

    /** Hellinger distance of two proportion vectors. */
    public static double hellinger(double[] p, double[] q) {
        double bc = 0;
        for (int i = 0; i < p.length; i++) bc += Math.sqrt(p[i] * q[i]);
        return Math.sqrt(Math.max(0, 1 - bc));
    }

    /** L-infinity distance {@code max |p − q|}. */
    public static double lInfinity(long[] reference, long[] current) {
        double[] p = proportions(reference);
        double[] q = proportions(current);
        double max = p.length == 0 ? Double.NaN : 0;
        for (int i = 0; i < p.length; i++) max = Math.max(max, Math.abs(p[i] - q[i]));
        return max;
    }

    /** KS statistic {@code sup |F_P − F_Q|} of two sorted samples; NaN when one is empty. */
    public static double ksStatistic(double[] sortedReference, double[] sortedCurrent) {
        int n = sortedReference.length;
        int m = sortedCurrent.length;
        if (n == 0 || m == 0) return Double.NaN;
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < n && j < m) {
            double x = Math.min(sortedReference[i], sortedCurrent[j]);
            while (i < n && sortedReference[i] <= x) i++;
            while (j < m && sortedCurrent[j] <= x) j++;
            d = Math.max(d, Math.abs((double) i / n - (double) j / m));
        }
        return d;
    }

    /** Sample sizes up to which the KS p-value is exact (scipy's {@code ks_2samp} {@code MAX_AUTO_N}). */
    public static final long KS_EXACT_MAX_N = 10_000;

    /**
     * Two-sided p-value of a two-sample KS statistic as scipy's {@code ks_2samp(method='auto')} gives
     * it: exact ({@link #ksPValueExact}) when both samples have at most {@link #KS_EXACT_MAX_N} values,
     * else asymptotic ({@link #ksPValueAsymptotic}).
     */
    public static double ksPValue(double d, long n, long m) {
        if (Double.isNaN(d) || n == 0 || m == 0) return Double.NaN;
        if (Math.max(n, m) > KS_EXACT_MAX_N) return ksPValueAsymptotic(d, n, m);
        // far in the tail both are below 1e-12 and no threshold tells them apart: skip the O(D·n·m) walk
        double asymptotic = ksPValueAsymptotic(d, n, m);
        return asymptotic < 1e-12 ? asymptotic : ksPValueExact(d, (int) n, (int) m);
    }

    /**
     * Exact two-sided p-value {@code P(D_{n,m} >= d)} under the null hypothesis, no ties: as scipy, d is
     * first rounded to the lattice {@code h / lcm(n, m)}; then the probability that a random path from
     * (0, 0) to (n, m) leaves the band {@code |x·m − y·n| < h·gcd} (Hodges' inside method). Hand-written:
     * commons-math's {@code exactP} overflows (NaN) from about 1,000 values per sample. Each path is
     * walked with its step probabilities (sampling without replacement), so no count overflows; only
     * the band's cells are visited: O(D·n·m) time, O(m) memory; accurate to about 1e-15 absolute.
     */
    public static double ksPValueExact(double d, int n, int m) {
        if (Double.isNaN(d) || n == 0 || m == 0) return Double.NaN;
        long g = gcd(n, m);
        long lcm = (long) n / g * m;
        long h = Math.round(d * lcm);
        if (h <= 0) return 1.0;
        long bound = h * g; // inside: |x·m − y·n| < bound
        // row[y]: probability that the path reaches (x, y) without having left the band, for the current x
        double[] row = new double[m + 1];
        double[] next = new double[m + 1];
        int lo = 0, hi = 0; // the band's cells of the current x: [lo, hi]
        row[0] = 1.0;
        while (hi < m && (long) (hi + 1) * n < bound) {
            hi++;
            row[hi] = row[hi - 1] * (double) (m - (hi - 1)) / (n + (m - (hi - 1)));
        }
        for (int x = 1; x <= n; x++) {
            // inside: x·m − bound < y·n < x·m + bound
            long xm = (long) x * m;
            int nextLo = (int) Math.max(0, Math.floorDiv(xm - bound, (long) n) + 1);
            int nextHi = (int) Math.min(m, Math.floorDiv(xm + bound - 1, (long) n));
            for (int y = nextLo; y <= nextHi; y++) {
                // from (x-1, y) by an x-step, from (x, y-1) by a y-step
                double fromLeft = y >= lo && y <= hi ? row[y] * (double) (n - (x - 1)) / ((n - (x - 1)) + (m - y)) : 0.0;
                double fromBelow = y > nextLo ? next[y - 1] * (double) (m - (y - 1)) / ((n - x) + (m - (y - 1))) : 0.0;
                next[y] = fromLeft + fromBelow;
            }
            double[] t = row;
            row = next;
            next = t;
            lo = nextLo;
            hi = nextHi;
            if (lo > hi) return 1.0; // every path has left the band
        }
        double inside = hi == m ? row[m] : 0.0;
        return Math.min(1.0, Math.max(0.0, 1.0 - inside));
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Asymptotic p-value of a two-sample KS statistic: the Kolmogorov distribution's survival function
     * at {@code sqrt(n·m/(n+m)) · D} (as scipy's {@code kstwobign.sf}); the series comes from
     * commons-math.
     */
    public static double ksPValueAsymptotic(double d, long n, long m) {
        if (Double.isNaN(d) || n == 0 || m == 0) return Double.NaN;
        double en = (double) n * m / (n + m);
        double t = Math.sqrt(en) * d;
        if (t <= 0) return 1.0;
        double cdf = new KolmogorovSmirnovTest().ksSum(t, 1e-20, 100_000);
        return Math.min(1.0, Math.max(0.0, 1.0 - cdf));
    }

    /**
     * Wasserstein-1 distance {@code ∫ |F_P⁻¹(u) − F_Q⁻¹(u)| du} of two sorted samples, i.e. the area
     * between their empirical CDFs (as scipy's {@code wasserstein_distance}); NaN when one is empty.
     */
    public static double wasserstein(double[] sortedReference, double[] sortedCurrent) {
        int n = sortedReference.length;
        int m = sortedCurrent.length;
        if (n == 0 || m == 0) return Double.NaN;
        double[] all = new double[n + m];
        System.arraycopy(sortedReference, 0, all, 0, n);
        System.arraycopy(sortedCurrent, 0, all, n, m);
        Arrays.sort(all);
        double area = 0;
        int i = 0;
        int j = 0;
        for (int k = 0; k < all.length - 1; k++) {
            double x = all[k];
            while (i < n && sortedReference[i] <= x) i++;
            while (j < m && sortedCurrent[j] <= x) j++;
            area += Math.abs((double) i / n - (double) j / m) * (all[k + 1] - x);
        }
        return area;
    }

    /** The smallest expected count of a cell that the chi-square approximation holds for (Cochran). */
    public static final double MIN_EXPECTED = 5;

    /**
     * Pearson's chi-square test of homogeneity on the 2×k table of reference and current counts,
     * p-value with k−1 degrees of freedom; NaN when either side is empty, 1 when fewer than two
     * categories remain. Categories too rare for the test to be valid at these sizes (an expected
     * count below {@link #MIN_EXPECTED} in either row) are pooled into one, and a pool still too
     * small joins the smallest other category ({@link #pooledForChiSquare}): a 200-category feature
     * in a window of a few hundred values is tested on the categories it has enough of, not on cells
     * expected to hold 0.3 values (where the chi-square distribution does not describe the statistic
     * and noise alarms).
     */
    public static double chiSquarePValue(long[] reference, long[] current) {
        long[][] t = pooledForChiSquare(nonEmptyColumns(reference, current));
        if (t == null) return Double.NaN;
        if (t[0].length < 2) return 1.0;
        // the upper tail directly: commons-math's test returns 1 − CDF, which is 0 below about 1e-16, and
        // the evidence over time turns p-values into z-scores (issue 20)
        double statistic = new ChiSquareTest().chiSquareDataSetsComparison(t[0], t[1]);
        return org.apache.commons.math3.special.Gamma.regularizedGammaQ((t[0].length - 1) / 2.0, statistic / 2);
    }

    /**
     * Pearson's chi-square statistic of the same 2×k table ({@link #chiSquarePValue}); NaN when either
     * side is empty, 0 when fewer than two categories are seen.
     */
    public static double chiSquareStatistic(long[] reference, long[] current) {
        long[][] t = pooledForChiSquare(nonEmptyColumns(reference, current));
        if (t == null) return Double.NaN;
        if (t[0].length < 2) return 0.0;
        return new ChiSquareTest().chiSquareDataSetsComparison(t[0], t[1]);
    }

    /**
     * The 2×k table with its rare categories pooled: every category whose smaller expected count
     * ({@code min(n_ref, n_cur) × column total / N}) is below {@link #MIN_EXPECTED} goes into one
     * pooled category (kept last); while that pool is itself below the limit and other categories are
     * left, it absorbs the smallest of them. Null stays null.
     */
    static long[][] pooledForChiSquare(long[][] t) {
        if (t == null) return null;
        long nr = 0, nc = 0;
        for (int j = 0; j < t[0].length; j++) {
            nr += t[0][j];
            nc += t[1][j];
        }
        double scale = (double) Math.min(nr, nc) / (nr + nc);
        List<long[]> kept = new ArrayList<>();
        long[] pool = {0, 0};
        for (int j = 0; j < t[0].length; j++) {
            if ((t[0][j] + t[1][j]) * scale < MIN_EXPECTED) {
                pool[0] += t[0][j];
                pool[1] += t[1][j];
            } else {
                kept.add(new long[] {t[0][j], t[1][j]});
            }
        }
        if (pool[0] + pool[1] > 0) {
            while ((pool[0] + pool[1]) * scale < MIN_EXPECTED && !kept.isEmpty()) {
                int smallest = 0;
                for (int j = 1; j < kept.size(); j++) {
                    if (kept.get(j)[0] + kept.get(j)[1] < kept.get(smallest)[0] + kept.get(smallest)[1]) smallest = j;
                }
                long[] s = kept.remove(smallest);
                pool[0] += s[0];
                pool[1] += s[1];
            }
            kept.add(pool);
        }
        long[][] out = new long[2][kept.size()];
        for (int j = 0; j < kept.size(); j++) {
            out[0][j] = kept.get(j)[0];
            out[1][j] = kept.get(j)[1];
        }
        return out;
    }

    /** The table without categories empty on both sides; null when either side is empty. */
    private static long[][] nonEmptyColumns(long[] reference, long[] current) {
        int k = 0;
        long nr = 0;
        long nc = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + current[i] > 0) k++;
            nr += reference[i];
            nc += current[i];
        }
        if (nr == 0 || nc == 0) return null;
        long[] r = new long[k];
        long[] c = new long[k];
        for (int i = 0, o = 0; i < reference.length; i++) {
            if (reference[i] + current[i] == 0) continue;
            r[o] = reference[i];
            c[o++] = current[i];
        }
        return new long[][] {r, c};
    }

    /**
     * Benjamini–Hochberg adjusted p-values (as {@code scipy.stats.false_discovery_control}):
     * {@code p_(i)·m/i}, made monotone from the largest down, capped at 1; a test is significant at
     * false-discovery rate α iff its adjusted value is below α. NaN p-values stay NaN and do not count.
     */
    public static double[] adjustBenjaminiHochberg(double[] pValues) {
        Integer[] order = new Integer[pValues.length];
        int m = 0;
        for (int i = 0; i < pValues.length; i++) {
            order[i] = i;
            if (!Double.isNaN(pValues[i])) m++;
        }
        Arrays.sort(order, (a, b) -> Double.compare(nanLast(pValues[a]), nanLast(pValues[b])));
        double[] adjusted = new double[pValues.length];
        Arrays.fill(adjusted, Double.NaN);
        double running = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, pValues[i] * m / rank);
            adjusted[i] = running;
        }
        return adjusted;
    }

    /** Bonferroni adjusted p-values: {@code min(1, p·m)}, m the non-NaN p-values. */
    public static double[] adjustBonferroni(double[] pValues) {
        int m = 0;
        for (double p : pValues) if (!Double.isNaN(p)) m++;
        double[] adjusted = new double[pValues.length];
        for (int i = 0; i < pValues.length; i++) adjusted[i] = Double.isNaN(pValues[i]) ? Double.NaN : Math.min(1.0, pValues[i] * m);
        return adjusted;
    }

    /**
     * Benjamini–Hochberg: which of the p-values are significant at false-discovery rate {@code alpha}
     * (NaN p-values are never significant and do not count).
     */
    public static boolean[] benjaminiHochberg(double[] pValues, double alpha) {
        // the step-up rule (largest k with p_(k) <= alpha·k/m; the k smallest are significant) is the
        // same as an adjusted p-value at or below alpha
        double[] adjusted = adjustBenjaminiHochberg(pValues);
        boolean[] significant = new boolean[pValues.length];
        for (int i = 0; i < pValues.length; i++) significant[i] = adjusted[i] <= alpha;
        return significant;
    }

    /** Bonferroni: significant when {@code p <= alpha / m} (m: the non-NaN p-values). */
    public static boolean[] bonferroni(double[] pValues, double alpha) {
        int m = 0;
        for (double p : pValues) if (!Double.isNaN(p)) m++;
        boolean[] significant = new boolean[pValues.length];
        for (int i = 0; i < pValues.length; i++) significant[i] = !Double.isNaN(pValues[i]) && pValues[i] <= alpha / m;
        return significant;
    }

    private static double nanLast(double p) {
        return Double.isNaN(p) ? Double.POSITIVE_INFINITY : p;
    }

    private static double xLogXOverY(double x, double y) {
        return x == 0 ? 0 : x * Math.log(x / y);
    }
}
