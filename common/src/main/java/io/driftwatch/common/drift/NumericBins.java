package io.driftwatch.common.drift;

import java.util.Arrays;

/**
 * Bins of a numeric column (contract §6): edges at the reference quantiles {@code i/bins}, i = 1..bins−1,
 * each edge a value of the reference (the inverted-CDF quantile, numpy's
 * {@code method="inverted_cdf"}), duplicate edges merged; a value falls into the bin whose index is
 * the number of edges strictly below it.
 */
public final class NumericBins {
    private final double[] edges;

    private NumericBins(double[] edges) {
        this.edges = edges;
    }

    /** Bins from a sorted reference sample; a constant or empty reference gives one bin or none. */
    public static NumericBins fromSortedReference(double[] sorted, int bins) {
        int n = sorted.length;
        if (n == 0) return new NumericBins(new double[0]);
        double[] edges = new double[bins - 1];
        int k = 0;
        for (int i = 1; i < bins; i++) {
            // inverted CDF: the smallest value whose empirical CDF reaches i/bins
            int index = (int) Math.ceil((double) i * n / bins) - 1;
            double e = sorted[Math.max(0, Math.min(n - 1, index))];
            if (k == 0 || e != edges[k - 1]) edges[k++] = e;
        }
        return new NumericBins(Arrays.copyOf(edges, k));
    }

    /** The number of bins (edges + 1). */
    public int size() {
        return edges.length + 1;
    }

    public double[] edges() {
        return edges.clone();
    }

    /** The bin of a value: the number of edges below it. */
    public int binOf(double x) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Counts of a sample's values per bin (NaN values are missing and not counted). */
    public long[] counts(double[] values) {
        long[] c = new long[size()];
        for (double v : values) if (!Double.isNaN(v)) c[binOf(v)]++;
        return c;
    }
}
