package io.driftwatch.common.drift;

/**
 * Drift statistics of a numeric column computed from two {@link NumericProfile}s (a reference and a
 * window), without the raw values: bins from the reference's quantiles (contract §6), proportions,
 * KS and Wasserstein from the two sketched distributions.
 *
 * @param psi population stability index over the bins
 * @param jensenShannon Jensen–Shannon distance over the bins
 * @param hellinger Hellinger distance over the bins
 * @param ksStatistic largest CDF difference
 * @param ksPValue asymptotic p-value of the KS statistic for the two counts
 * @param wasserstein area between the CDFs
 * @param wassersteinNorm {@code wasserstein} / reference standard deviation (NaN when it is 0)
 * @param lInfinity largest difference of bin proportions
 * @param chiSquareStatistic Pearson's statistic on the bins' counts (reference and window)
 * @param chiSquarePValue its p-value (bins − 1 degrees of freedom)
 */
public record ProfileDrift(
        double psi, double jensenShannon, double hellinger, double ksStatistic, double ksPValue, double wasserstein,
        double wassersteinNorm, double lInfinity, double chiSquareStatistic, double chiSquarePValue) {

    /** Compares a window's profile with the reference's; all NaN when either is empty. */
    public static ProfileDrift between(NumericProfile reference, NumericProfile current, int bins) {
        if (reference.count() == 0 || current.count() == 0) {
            double nan = Double.NaN;
            return new ProfileDrift(nan, nan, nan, nan, nan, nan, nan, nan, nan, nan);
        }
        NumericProfile.Distribution p = reference.distribution();
        NumericProfile.Distribution q = current.distribution();
        double[] edges = edges(p, bins);
        double[] pp = binProportions(p, edges);
        double[] qq = binProportions(q, edges);

        // KS and Wasserstein over the union of both supports (CDFs are step functions there)
        double[] xs = merge(p.values(), q.values());
        double d = 0;
        double area = 0;
        for (int i = 0; i < xs.length; i++) {
            double diff = Math.abs(p.cdf(xs[i]) - q.cdf(xs[i]));
            d = Math.max(d, diff);
            if (i + 1 < xs.length) area += diff * (xs[i + 1] - xs[i]);
        }
        double std = reference.std();
        double lInf = 0;
        long[] pc = new long[pp.length];
        long[] qc = new long[qq.length];
        for (int i = 0; i < pp.length; i++) {
            lInf = Math.max(lInf, Math.abs(pp[i] - qq[i]));
            pc[i] = Math.round(pp[i] * reference.count());
            qc[i] = Math.round(qq[i] * current.count());
        }
        return new ProfileDrift(DriftStatistics.psi(pp, qq), DriftStatistics.jensenShannon(pp, qq),
                DriftStatistics.hellinger(pp, qq), d, DriftStatistics.ksPValue(d, reference.count(), current.count()),
                area, std > 0 ? area / std : Double.NaN, lInf, DriftStatistics.chiSquareStatistic(pc, qc),
                DriftStatistics.chiSquarePValue(pc, qc));
    }

    /** Edges at the reference quantiles i/bins (inverted CDF, each a support value), duplicates merged. */
    static double[] edges(NumericProfile.Distribution p, int bins) {
        double[] edges = new double[bins - 1];
        int k = 0;
        for (int i = 1; i < bins; i++) {
            double e = p.quantile((double) i / bins);
            if (k == 0 || e != edges[k - 1]) edges[k++] = e;
        }
        return java.util.Arrays.copyOf(edges, k);
    }

    /** Share of a distribution in each bin: bin k holds the values x with edge[k−1] < x ≤ edge[k]. */
    static double[] binProportions(NumericProfile.Distribution d, double[] edges) {
        double[] out = new double[edges.length + 1];
        double previous = 0;
        for (int k = 0; k < edges.length; k++) {
            double c = d.cdf(edges[k]);
            out[k] = c - previous;
            previous = c;
        }
        out[edges.length] = 1 - previous;
        return out;
    }

    private static double[] merge(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        java.util.Arrays.sort(all);
        int k = 0;
        for (int i = 0; i < all.length; i++) {
            if (k == 0 || all[i] != all[k - 1]) all[k++] = all[i];
        }
        return java.util.Arrays.copyOf(all, k);
    }
}
