package io.driftwatch.common.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The approximate parts: latency quantiles (DDSketch) and binned ROC AUC, against exact values. */
class OperationalAndAucSketchTest {

    @Test
    void latencyQuantilesAreWithinOnePercentRank() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 200_000;
        double[] values = new double[n];
        OperationalState a = new OperationalState();
        OperationalState b = new OperationalState();
        for (int i = 0; i < n; i++) {
            values[i] = Math.exp(3 + 0.6 * gaussian(rnd)); // lognormal latencies
            (i % 2 == 0 ? a : b).add(i % 50 == 0, values[i], Double.NaN, Double.NaN, Double.NaN);
        }
        a.merge(b);
        Arrays.sort(values);
        for (double rank : new double[] {0.5, 0.9, 0.95, 0.99}) {
            double q = a.latencyQuantile(rank);
            int below = lowerBound(values, q);
            double trueRank = (double) below / n;
            assertThat(trueRank).as("rank of p%s", rank * 100).isCloseTo(rank, within(0.01));
        }
        assertThat(a.count()).isEqualTo(n);
        assertThat(a.errors()).isEqualTo(n / 50);
        assertThat(a.latency().max()).isEqualTo(values[n - 1]);
        assertThat(a.latency().mean()).isCloseTo(Arrays.stream(values).average().orElseThrow(), within(1e-9));
    }

    @Test
    void latencyQuantilesDoNotDependOnArrivalOrderOrMerging() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] values = new double[50_000];
        for (int i = 0; i < values.length; i++) values[i] = Math.round(Math.exp(3 + 0.5 * gaussian(rnd)) * 100) / 100.0;
        OperationalState inOrder = new OperationalState();
        for (double v : values) inOrder.add(false, v, Double.NaN, Double.NaN, Double.NaN);
        // reversed, and split over three partial states merged in another order
        OperationalState[] parts = {new OperationalState(), new OperationalState(), new OperationalState()};
        for (int i = values.length - 1; i >= 0; i--) parts[i % 3].add(false, values[i], Double.NaN, Double.NaN, Double.NaN);
        parts[2].merge(parts[0]);
        parts[2].merge(parts[1]);
        for (double q : new double[] {0.0, 0.5, 0.9, 0.95, 0.99, 1.0}) {
            assertThat(parts[2].latencyQuantile(q)).as("q%s", q).isEqualTo(inOrder.latencyQuantile(q));
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        assertThat(inOrder.latencyQuantile(0.0)).isEqualTo(sorted[0]);
        assertThat(inOrder.latencyQuantile(1.0)).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void binnedAucStaysCloseToExact() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 300_000;
        double[] s = new double[n];
        boolean[] y = new boolean[n];
        RocAuc binned = new RocAuc();
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextDouble() < 0.4;
            s[i] = Math.min(1, Math.max(0, 0.45 + (y[i] ? 0.15 : 0) + 0.2 * gaussian(rnd)));
            binned.add(s[i], y[i]);
        }
        assertThat(binned.isExact()).isFalse();
        assertThat(binned.value()).isCloseTo(exactAuc(s, y), within(1e-3));
    }

    /** Exact AUC by counting pairs directly over sorted negatives: independent of RocAuc's ranking. */
    private static double exactAuc(double[] s, boolean[] y) {
        double[] neg = java.util.stream.IntStream.range(0, s.length).filter(i -> !y[i]).mapToDouble(i -> s[i]).sorted().toArray();
        double u = 0;
        long pos = 0;
        for (int i = 0; i < s.length; i++) {
            if (!y[i]) continue;
            pos++;
            int lo = lowerBound(neg, s[i]);
            int hi = upperBound(neg, s[i]);
            u += lo + 0.5 * (hi - lo);
        }
        return u / (pos * (double) neg.length);
    }

    private static int lowerBound(double[] a, double v) {
        int lo = 0, hi = a.length;
        while (lo < hi) { int m = (lo + hi) >>> 1; if (a[m] < v) lo = m + 1; else hi = m; }
        return lo;
    }

    private static int upperBound(double[] a, double v) {
        int lo = 0, hi = a.length;
        while (lo < hi) { int m = (lo + hi) >>> 1; if (a[m] <= v) lo = m + 1; else hi = m; }
        return lo;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * Up to 1,024 latencies a window's quantiles are numpy's: {@code np.quantile(v, q)} of
     * {@code np.round(np.random.default_rng(17).lognormal(3, 0.6, 37), 3)}.
     */
    @Test
    void smallWindowsReadQuantilesAsNumpyDoes() {
        double[] v = {38.891, 24.608, 14.527, 9.43, 6.445, 20.311, 12.35, 11.902, 17.581, 19.47, 5.124, 34.991, 5.953,
            61.3, 28.627, 15.133, 44.961, 20.338, 30.403, 21.42, 38.781, 37.972, 11.653, 13.909, 24.679, 17.708, 5.099,
            67.74, 5.447, 5.761, 9.34, 28.188, 59.004, 17.44, 15.885, 22.295, 16.117};
        OperationalState a = new OperationalState();
        OperationalState b = new OperationalState();
        for (int i = 0; i < v.length; i++) (i % 3 == 0 ? a : b).add(false, v[i], Double.NaN, Double.NaN, Double.NaN);
        a.merge(b);
        assertThat(a.latencyQuantile(0.5)).isEqualTo(17.708);
        assertThat(a.latencyQuantile(0.9)).isEqualTo(41.31899999999999);
        assertThat(a.latencyQuantile(0.95)).isEqualTo(59.463199999999986);
        assertThat(a.latencyQuantile(0.99)).isEqualTo(65.4216);
        // past 1,024 values the sketch answers (within its 0.1 % relative accuracy of numpy's value)
        OperationalState big = new OperationalState();
        for (int i = 0; i < 1025; i++) big.add(false, v[i % v.length] + i * 1e-3, Double.NaN, Double.NaN, Double.NaN);
        double[] all = new double[1025];
        for (int i = 0; i < 1025; i++) all[i] = v[i % v.length] + i * 1e-3;
        java.util.Arrays.sort(all);
        double exactMedian = all[512];
        assertThat(big.latencyQuantile(0.5)).isNotEqualTo(exactMedian).isCloseTo(exactMedian, org.assertj.core.api.Assertions.within(exactMedian * 0.002));
    }
}
