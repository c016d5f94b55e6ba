package io.driftwatch.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * contract §6 statistics against numpy/scipy: every literal was printed by
 * {@code common/src/test/python/drift_expected.py} (scipy.stats.ks_2samp, kstwobign,
 * wasserstein_distance, chi2_contingency(correction=False), scipy.spatial.distance.jensenshannon,
 * numpy for bins with {@code np.quantile(method="inverted_cdf")} and PSI/Hellinger/L-inf).
 */
class DriftStatisticsTest {
    static final double[] REFERENCE = {8.9, 7.9, 12.1, 7.7, 6.4, 11.3, 11.7, 8.1, 8.9, 15.6, 8.0, 9.0, 12.4, 11.5, 13.2,
            11.6, 9.2, 10.2, 8.9, 11.6, 11.0, 7.5, 11.0, 8.4, 10.1, 9.2, 10.6, 4.8, 10.9, 7.2, 12.3, 7.6, 9.0, 8.6, 10.5,
            12.1, 10.4, 10.0, 10.3, 9.8};
    static final double[] CURRENT = {11.1, 9.2, 10.7, 14.7, 13.8, 6.7, 10.5, 11.5, 9.7, 9.4, 10.9, 13.5, 13.7, 11.2,
            13.1, 10.8, 12.0, 10.5, 7.2, 9.3, 12.0, 14.0, 11.9, 16.3, 13.4, 11.2, 10.0, 16.8, 10.5, 8.2, 12.1, 9.7, 12.6,
            7.2, 13.3};

    @Test
    void numericStatisticsMatchScipy() {
        double[] ref = sorted(REFERENCE);
        double[] cur = sorted(CURRENT);
        NumericBins bins = NumericBins.fromSortedReference(ref, 10);
        assertThat(bins.edges()).containsExactly(7.5, 8.0, 8.9, 9.0, 10.0, 10.4, 11.0, 11.6, 12.1);
        long[] p = bins.counts(REFERENCE);
        long[] q = bins.counts(CURRENT);
        assertThat(p).containsExactly(4, 4, 6, 2, 4, 4, 5, 4, 3, 4);
        assertThat(q).containsExactly(3, 0, 1, 0, 6, 0, 6, 4, 4, 11);
        assertThat(DriftStatistics.psi(p, q)).isCloseTo(2.2108419760856153, within(1e-12));
        assertThat(DriftStatistics.jensenShannon(p, q)).isCloseTo(0.46133479303164604, within(1e-12));
        assertThat(DriftStatistics.hellinger(p, q)).isCloseTo(0.43343894499717395, within(1e-12));
        double d = DriftStatistics.ksStatistic(ref, cur);
        assertThat(d).isCloseTo(0.3142857142857143, within(1e-12));
        assertThat(DriftStatistics.ksPValueAsymptotic(d, ref.length, cur.length)).isCloseTo(0.05006227485834075, within(1e-9));
        // ks_2samp(ref, cur) with method='auto': exact for 40 and 35 values
        assertThat(DriftStatistics.ksPValue(d, ref.length, cur.length)).isCloseTo(0.03869466246410795, within(1e-12));
        assertThat(DriftStatistics.wasserstein(ref, cur)).isCloseTo(1.5103571428571427, within(1e-12));
    }

    @Test
    void categoricalStatisticsMatchScipy() {
        long[] p = {50, 30, 15, 5, 0}; // a category only in the reference, one only in the current
        long[] q = {40, 25, 20, 0, 15};
        // the 5/0 category (expected 2.5 < 5) is pooled and the pool joins the smallest other (0/15):
        // scipy.stats.chi2_contingency([[50,30,15,5],[40,25,20,15]], correction=False).pvalue
        assertThat(DriftStatistics.chiSquarePValue(p, q)).isCloseTo(0.06349059967913107, within(1e-12));
        assertThat(DriftStatistics.lInfinity(p, q)).isCloseTo(0.15, within(1e-12));
        assertThat(DriftStatistics.jensenShannon(p, q)).isCloseTo(0.3290023421051026, within(1e-12));
        assertThat(DriftStatistics.psi(p, q)).isCloseTo(1.4521752167298114, within(1e-12));
    }

    @Test
    void edgeCases() {
        // empty window: not defined
        assertThat(DriftStatistics.psi(new long[] {3, 4}, new long[] {0, 0})).isNaN();
        assertThat(DriftStatistics.ksStatistic(new double[] {1, 2}, new double[0])).isNaN();
        assertThat(DriftStatistics.chiSquarePValue(new long[] {3, 4}, new long[] {0, 0})).isNaN();
        // identical distributions: no drift
        long[] same = {10, 20, 30};
        assertThat(DriftStatistics.psi(same, same)).isZero();
        assertThat(DriftStatistics.jensenShannon(same, same)).isZero();
        assertThat(DriftStatistics.hellinger(same, same)).isZero();
        assertThat(DriftStatistics.ksPValue(0.0, 100, 100)).isEqualTo(1.0);
        // constant reference: one bin; a single category: chi-square has nothing to test
        NumericBins constant = NumericBins.fromSortedReference(new double[] {5, 5, 5, 5}, 10);
        assertThat(constant.size()).isEqualTo(2); // the one edge 5: values <= 5 and values > 5
        assertThat(constant.counts(new double[] {4, 5, 6, Double.NaN})).containsExactly(2, 1);
        assertThat(DriftStatistics.chiSquarePValue(new long[] {7, 0}, new long[] {9, 0})).isEqualTo(1.0);
        assertThat(NumericBins.fromSortedReference(new double[0], 10).size()).isEqualTo(1);
    }

    @Test
    void multipleTestingCorrections() {
        double[] p = {0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216};
        // drift_expected.py: "bh rejected"
        assertThat(DriftStatistics.benjaminiHochberg(p, 0.05))
                .containsExactly(true, true, false, false, false, false, false, false, false, false);
        assertThat(DriftStatistics.bonferroni(p, 0.05))
                .containsExactly(true, false, false, false, false, false, false, false, false, false);
        assertThat(DriftStatistics.benjaminiHochberg(new double[] {0.01, Double.NaN}, 0.05)).containsExactly(true, false);
        // drift_expected.py: "bh adjusted" (scipy.stats.false_discovery_control(pv, method="bh"))
        assertThat(DriftStatistics.adjustBenjaminiHochberg(p)).containsExactly(new double[] {0.01, 0.04, 0.084, 0.084,
                0.084, 0.1, 0.1057142857142857, 0.216, 0.216, 0.216}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(DriftStatistics.adjustBonferroni(new double[] {0.001, 0.3, Double.NaN}))
                .containsExactly(0.002, 0.6, Double.NaN);
        assertThat(DriftStatistics.adjustBenjaminiHochberg(new double[] {Double.NaN, 0.02})).containsExactly(Double.NaN, 0.02);
    }

    @Test
    void chiSquareStatisticMatchesScipy() {
        // chi2_contingency([[50,30,15,5],[40,25,20,15]], correction=False).statistic: the rare
        // categories pooled as chiSquarePValue pools them (unpooled, scipy gives 22.28 on 5 categories)
        assertThat(DriftStatistics.chiSquareStatistic(new long[] {50, 30, 15, 5, 0}, new long[] {40, 25, 20, 0, 15}))
                .isCloseTo(7.27994227994228, org.assertj.core.data.Offset.offset(1e-9));
        // a table whose cells all expect 5 or more is tested as it is:
        // chi2_contingency([[50,30,20],[40,35,25]], correction=False) -> statistic 2.0512820512820513, p 0.3585665413731905
        assertThat(DriftStatistics.chiSquareStatistic(new long[] {50, 30, 20}, new long[] {40, 35, 25}))
                .isCloseTo(2.051282051282051, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(DriftStatistics.chiSquarePValue(new long[] {50, 30, 20}, new long[] {40, 35, 25}))
                .isCloseTo(0.3585665413731905, org.assertj.core.data.Offset.offset(1e-12));
    }

    /**
     * Issue 20: a Zipf-like 200-category feature, 300 values a side from the same distribution
     * (numpy 2.4: {@code w = 1/arange(1,201)**1.1; w /= w.sum(); rng = default_rng(7)}, then
     * {@code rng.multinomial(300, w)} twice). Unpooled, most cells expect well under 5 (scipy's p
     * 0.406 by an approximation that does not hold there); pooled as {@link DriftStatistics#pooledForChiSquare}
     * pools (the same steps in Python), 11 categories and the pool remain, every cell expects at least
     * 5, and statistic and p-value are scipy's {@code chi2_contingency(table, correction=False)} on
     * that 2×12 table.
     */
    @Test
    void rareCategoriesArePooledUntilEveryExpectedCountIsAtLeastFive() {
        long[] ref = {71, 26, 24, 5, 14, 11, 7, 5, 4, 4, 4, 4, 4, 9, 4, 3, 7, 1, 1, 2, 0, 0, 2, 2, 4, 2, 1, 1, 1, 0, 0, 2,
                0, 1, 0, 2, 0, 0, 3, 1, 2, 1, 2, 0, 1, 1, 2, 0, 1, 0, 0, 0, 0, 2, 0, 3, 1, 1, 1, 1, 0, 0, 0, 0, 0, 3,
                0, 1, 0, 2, 1, 0, 1, 2, 2, 0, 0, 0, 2, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 2, 1, 0,
                0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 2,
                0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0,
                0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
        long[] cur = {62, 25, 27, 18, 6, 8, 6, 4, 6, 7, 3, 7, 5, 1, 5, 5, 1, 3, 3, 3, 0, 3, 2, 3, 3, 1, 2, 3, 3, 0, 0, 2,
                0, 1, 3, 1, 0, 1, 1, 0, 1, 0, 1, 2, 1, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 2, 1,
                0, 0, 2, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 2, 0, 0, 1, 1, 1, 3, 2, 1, 1, 0, 0, 0, 1, 1, 1,
                0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 2, 0, 0, 1, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0,
                0, 0, 0, 0, 0, 0, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 2,
                1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0};
        long[][] pooled = DriftStatistics.pooledForChiSquare(new long[][] {ref, cur});
        assertThat(pooled[0]).hasSize(12);
        for (int j = 0; j < pooled[0].length; j++) {
            assertThat((pooled[0][j] + pooled[1][j]) * 0.5).isGreaterThanOrEqualTo(DriftStatistics.MIN_EXPECTED);
        }
        assertThat(DriftStatistics.chiSquareStatistic(ref, cur)).isCloseTo(20.48505928885566, within(1e-9));
        assertThat(DriftStatistics.chiSquarePValue(ref, cur)).isCloseTo(0.03911571362241793, within(1e-12));
    }

    @Test
    void autoMethodFollowsSampleSizeAndDistinctValues() {
        assertThat(DriftMethod.auto(1000, 6, true)).isEqualTo(DriftMethod.KS);
        assertThat(DriftMethod.auto(1000, 5, true)).isEqualTo(DriftMethod.CHI_SQUARE);
        assertThat(DriftMethod.auto(500, 50, false)).isEqualTo(DriftMethod.CHI_SQUARE);
        assertThat(DriftMethod.auto(1001, 6, true)).isEqualTo(DriftMethod.WASSERSTEIN_NORM);
        assertThat(DriftMethod.auto(1001, 5, true)).isEqualTo(DriftMethod.JENSEN_SHANNON);
        assertThat(DriftMethod.auto(5000, 3, false)).isEqualTo(DriftMethod.JENSEN_SHANNON);
        assertThat(DriftMethod.KS.decidesByPValue()).isTrue();
        assertThat(DriftMethod.fromConfigName("auto")).isNull();
        assertThat(DriftMethod.fromConfigName("wasserstein_norm")).isEqualTo(DriftMethod.WASSERSTEIN_NORM);
    }

    private static double[] sorted(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s;
    }

    /** (D, n, m, p) from {@code stats.ks_2samp(a, b, method='auto')} on seeded normal samples (drift_expected.py). */
    static final double[][] KS_AUTO = {
        {0.16666666666666666, 30, 30, 0.8079631540901643},
        {0.18571428571428572, 40, 35, 0.47719756923467677},
        {0.10166666666666667, 200, 300, 0.15959665812223753},
        {0.067, 1000, 1000, 0.022438659451142425},
        {0.07, 500, 7000, 0.019779530997728174},
        {0.0536, 1000, 10000, 0.010447378632368899},
        // above 10,000 values: contract §6's asymptotic Kolmogorov distribution, kstwobign.sf(sqrt(en)·D)
        // (scipy's own 'asymp' uses kstwo.sf(D, round(en)) = 4.1378e-09; they differ by 6e-10 here)
        {0.11508333333333343, 800, 12000, 4.712189211757462e-09},
    };

    @Test
    void ksPValueIsExactForSmallSamplesAsScipyAuto() {
        for (double[] k : KS_AUTO) {
            assertThat(DriftStatistics.ksPValue(k[0], (long) k[1], (long) k[2])).as("n=%s m=%s", k[1], k[2])
                    .isCloseTo(k[3], within(1e-12 + 1e-9 * k[3]));
        }
        assertThat(DriftStatistics.ksPValueExact(0.0, 10, 10)).isEqualTo(1.0);
        assertThat(DriftStatistics.ksPValueExact(1.0, 3, 4)).isCloseTo(2.0 / 35, within(1e-15)); // 2 of C(7,3) paths
    }
}
