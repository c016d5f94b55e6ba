package io.driftwatch.common.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

/**
 * CBPE against literals from common/src/test/python/cbpe_expected.py (numpy, from the definitions; its
 * Monte Carlo check, the reference's labels and the window's drawn anew 20,000 times: realised minus
 * estimated F1 spreads 0.02186 where the standard error, the calibration's noise included, says 0.02178;
 * the window's labels' noise alone said 0.01350).
 */
class CbpeTest {
    static long[] counts() {
        return new long[4 * Cbpe.BINS];
    }

    @Test
    void estimatesAndBandsMatchNumpy() {
        long[] reference = counts(), window = counts();
        for (int b = 0; b < Cbpe.BINS; b++) {
            long lab = (37L * b) % 50 + 20;
            reference[4 * b + 2] = lab;
            reference[4 * b + 3] = Math.round(lab * (b + 0.5) / Cbpe.BINS * 0.9);
            long n = (53L * b) % 70 + 30;
            window[4 * b + (b >= 10 ? 0 : 1)] = n;
        }
        Cbpe.Estimate e = Cbpe.estimate(window, reference);
        assertThat(e.precision().value()).isCloseTo(0.67494367015098722, within(1e-12));
        assertThat(e.precision().se()).isCloseTo(0.029276801504340273, within(1e-12));
        assertThat(e.recall().value()).isCloseTo(0.75272422840527875, within(1e-12));
        assertThat(e.recall().se()).isCloseTo(0.021714549762158693, within(1e-12));
        assertThat(e.f1().value()).isCloseTo(0.71171517387929306, within(1e-12));
        assertThat(e.f1().se()).isCloseTo(0.021832041976027894, within(1e-12));
        assertThat(e.accuracy().value()).isCloseTo(0.71540518873842929, within(1e-12));
        assertThat(e.accuracy().se()).isCloseTo(0.019708262621753802, within(1e-12));
        assertThat(e.rocAuc().value()).isCloseTo(0.79023780073120675, within(1e-12));
        assertThat(e.rocAuc().se()).isCloseTo(0.013147451087719411, within(1e-12));
        assertThat(e.f1().low()).isCloseTo(0.71171517387929306 - 1.959963984540054 * 0.021832041976027894, within(1e-12));
    }

    @Test
    void theStateCountsScoresPerBinAndClass() {
        BinaryClassificationState s = new BinaryClassificationState(0.5);
        s.add(0.52, 1);
        s.add(0.49, Double.NaN);
        s.add(0.99, 0);
        s.add(1.7, Double.NaN); // clipped into the last bin
        long[] c = s.cbpeCounts();
        assertThat(c[4 * 10]).isEqualTo(1);     // 0.52: bin 10, predicted positive
        assertThat(c[4 * 10 + 2]).isEqualTo(1); // labeled
        assertThat(c[4 * 10 + 3]).isEqualTo(1); // positive
        assertThat(c[4 * 9 + 1]).isEqualTo(1);  // 0.49: bin 9, predicted negative
        assertThat(c[4 * 19]).isEqualTo(2);     // 0.99 and 1.7
        assertThat(c[4 * 19 + 2]).isEqualTo(1);
        assertThat(c[4 * 19 + 3]).isZero();
    }

    @Test
    void theEstimatesSamplingErrorIsThatOfReferenceLikeWindows() {
        // reference: 20 bins, 1,950 predictions (bins 10..19 predicted positive, 14.9 %), half labeled,
        // positives near the bins' midpoints. Monte Carlo in numpy (src/test/python/cbpe_sampling.py:
        // 400,000 windows drawn multinomially from the reference's bins, seed 2026): std of the estimated
        // F1 0.05880055166364147 at n = 100, 0.01809756639893229 at n = 1,000; the delta method is asked
        // to be within 10 % and 3 %.
        int[] pred = {300, 260, 220, 190, 160, 140, 120, 100, 90, 80, 60, 50, 40, 35, 30, 25, 20, 15, 10, 5};
        int[] lpos = {4, 10, 14, 17, 18, 19, 20, 19, 19, 19, 16, 14, 12, 11, 11, 9, 8, 6, 5, 2};
        long[] reference = new long[4 * Cbpe.BINS];
        for (int b = 0; b < Cbpe.BINS; b++) {
            reference[4 * b] = b >= 10 ? pred[b] : 0;
            reference[4 * b + 1] = b >= 10 ? 0 : pred[b];
            reference[4 * b + 2] = pred[b] / 2;
            reference[4 * b + 3] = lpos[b];
        }
        assertThat(Cbpe.f1SamplingSe(reference, 100)).isCloseTo(0.05880055166364147, withinPercentage(10));
        assertThat(Cbpe.f1SamplingSe(reference, 1000)).isCloseTo(0.01809756639893229, withinPercentage(3));
        // a window of 100 without a positive prediction: F1 estimated 0 with a band of width 0 given its
        // scores, but its sampling error is the reference-like windows'
        long[] quiet = new long[4 * Cbpe.BINS];
        quiet[1] = 70;
        quiet[4 * 3 + 1] = 30;
        Cbpe.Estimate e = Cbpe.estimate(quiet, reference);
        assertThat(e.f1().value()).isZero();
        assertThat(e.f1().se()).isZero();
        assertThat(e.f1Sampling()).isEqualTo(Cbpe.f1SamplingSe(reference, 100));
        // 14.9 % predicted positive: a window of 67 would expect 9.96 (< 10): no normal noise, not judged
        assertThat(Cbpe.f1SamplingSe(reference, 67)).isNaN();
        assertThat(Cbpe.f1SamplingSe(reference, 68)).isNotNaN();
    }
}
