package io.driftwatch.common.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CUSUM evidence of issue 20 against hand recursion and scipy. */
class CusumTest {
    @Test
    void thresholdMatchesSiegmundsApproximationSolvedByScipy() {
        // scipy.optimize.brentq on (exp(h+1.166) − (h+1.166) − 1)/0.5 − 2/(2·norm.sf(z)), k = 0.5
        assertThat(Cusum.threshold(3.0)).isCloseTo(4.76712403557897, within(1e-9));
        assertThat(Cusum.threshold(3.7726)).isCloseTo(7.566234848212018, within(1e-6));
    }

    @Test
    void aPersistentSmallChangeAddsUpAndABlipDoesNot() {
        // by hand (and a five-line numpy loop): residuals clipped at ±3, S⁺ = max(0, S⁺ + r − 0.5)
        List<Double> persistent = Arrays.asList(0.2, 1.5, 1.8, -0.3, 2.5, 9.0, 1.2);
        Cusum.Evidence e = Cusum.run(persistent, Collections.nCopies(7, 0.2));
        assertThat(e.statistic()).isCloseTo(6.7, within(1e-12));
        assertThat(e.windows()).isEqualTo(6);
        assertThat(e.meanPctChange()).isCloseTo(0.2, within(1e-12));
        assertThat(e.statistic()).isGreaterThan(Cusum.threshold(3.0));
        // one window 9 standard errors out, the rest quiet: 2.5, under any threshold
        Cusum.Evidence blip = Cusum.run(Arrays.asList(0.0, 0.1, 9.0, -0.2, 0.0), Collections.nCopies(5, 0.3));
        assertThat(blip.statistic()).isLessThan(Cusum.threshold(3.0));
        // downward, with a window not judged in between
        Cusum.Evidence down = Cusum.run(Arrays.asList(-1.5, null, -1.5, -1.5), Arrays.asList(-0.3, null, -0.3, -0.3));
        assertThat(down.statistic()).isCloseTo(-3.0, within(1e-12));
        assertThat(down.windows()).isEqualTo(3);
    }

    @Test
    void sharedReferenceAllowanceMatchesItsFormula() {
        // √(n / (n + m)) · z_α: √(400 / 67,600) · 3.5 = 0.269230769… (by hand); equal sizes: √0.5 · 3.5
        assertThat(Cusum.sharedReferenceAllowance(400, 67_200, 3.5)).isCloseTo(0.2692307692307692, within(1e-12));
        assertThat(Cusum.sharedReferenceAllowance(2000, 2000, 3.5)).isCloseTo(2.4748737341529163, within(1e-12));
        assertThat(Cusum.sharedReferenceAllowance(2000, 0, 3.5)).isZero();
    }

    /**
     * Nothing changes, every window is tested against the same reference sample as large as a window
     * (the demo's one reference day against daily windows): without the allowance the shared offset of
     * the reference adds up window after window and the CUSUM alarms in one run of seven; with it, no
     * more often than its budget (per window 1/ARL₀ = p/2, p = 2(1 − Φ(z)), plus α once). The same
     * simulation in numpy (4,000 runs, 48 windows, z_α 3.5): 0.145 without, 0.000 with, budget 0.012.
     */
    @Test
    void aReferenceNoLargerThanAWindowDoesNotAddUpToAnAlarm() {
        java.util.Random random = new java.util.Random(20);
        org.apache.commons.math3.distribution.NormalDistribution normal =
                new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1);
        double zAlpha = 3.5;
        double h = Cusum.threshold(zAlpha);
        int n = 2000, m = 2000, windows = 48, runs = 2000;
        double allowance = Cusum.sharedReferenceAllowance(n, m, zAlpha);
        int alarmsWithout = 0, alarmsWith = 0;
        for (int r = 0; r < runs; r++) {
            double refMean = random.nextGaussian() / Math.sqrt(m);
            List<Double> raw = new java.util.ArrayList<>(), adjusted = new java.util.ArrayList<>();
            boolean without = false, with = false;
            for (int i = 0; i < windows; i++) {
                double diff = random.nextGaussian() / Math.sqrt(n) - refMean;
                double p = 2 * normal.cumulativeProbability(-Math.abs(diff) / Math.sqrt(1.0 / n + 1.0 / m));
                double z = Cusum.zOfPValue(p);
                raw.add(z);
                adjusted.add(z - allowance);
                // the judge looks at every window: an alarm at any of them is a false alarm
                without |= Cusum.upper(raw).statistic() >= h;
                with |= Cusum.upper(adjusted).statistic() >= h;
            }
            if (without) alarmsWithout++;
            if (with) alarmsWith++;
        }
        double tail = 1 - normal.cumulativeProbability(zAlpha);
        double budget = windows * tail + 2 * tail;
        assertThat(alarmsWithout / (double) runs).isGreaterThan(5 * budget);
        assertThat(alarmsWith / (double) runs).isLessThanOrEqualTo(budget);
    }
}
