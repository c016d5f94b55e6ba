package io.driftwatch.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sketch-based drift (profiles only) against the exact statistics on the raw values, within the
 * contract §6 tolerances: PSI ±(0.01 + 2 %), KS statistic ±0.01, on 1,000 to 1,000,000 rows. The exact
 * side is {@link DriftStatistics} on sorted samples and {@link NumericBins}, itself checked against
 * scipy in {@link DriftStatisticsTest}.
 */
class ProfileDriftTest {

    @Test
    void sketchBasedDriftIsWithinSpecTolerances() {
        SplittableRandom r = new SplittableRandom(23);
        for (int n : new int[] {1_000, 10_000, 100_000, 1_000_000}) {
            for (double shift : new double[] {0.0, 0.1, 0.5}) {
                double[] ref = new double[n];
                double[] cur = new double[n];
                NumericProfile pr = new NumericProfile();
                NumericProfile pc = new NumericProfile();
                for (int i = 0; i < n; i++) {
                    ref[i] = 5 + 2 * gaussian(r);
                    cur[i] = 5 + 2 * (gaussian(r) + shift);
                    pr.add(ref[i]);
                    pc.add(cur[i]);
                }
                Arrays.sort(ref);
                Arrays.sort(cur);
                NumericBins bins = NumericBins.fromSortedReference(ref, 10);
                double exactPsi = DriftStatistics.psi(bins.counts(ref), bins.counts(cur));
                double exactKs = DriftStatistics.ksStatistic(ref, cur);
                double exactW = DriftStatistics.wasserstein(ref, cur);
                ProfileDrift d = ProfileDrift.between(pr, pc, 10);
                String at = "n=" + n + " shift=" + shift;
                assertThat(d.psi()).as("psi " + at).isCloseTo(exactPsi, within(0.01 + 0.02 * exactPsi));
                assertThat(d.ksStatistic()).as("ks " + at).isCloseTo(exactKs, within(0.01));
                assertThat(d.wasserstein()).as("wasserstein " + at).isCloseTo(exactW, within(0.01 + 0.02 * exactW));
                assertThat(pr.mean()).isCloseTo(Arrays.stream(ref).average().orElseThrow(), within(1e-9));
            }
        }
    }

    @Test
    void profilesMergeIntoTheProfileOfTheUnion() {
        SplittableRandom r = new SplittableRandom(5);
        NumericProfile all = new NumericProfile();
        NumericProfile a = new NumericProfile();
        NumericProfile b = new NumericProfile();
        for (int i = 0; i < 50_000; i++) {
            double v = Math.exp(gaussian(r));
            all.add(v);
            (i % 2 == 0 ? a : b).add(v);
        }
        a.addMissing();
        a.merge(b);
        assertThat(a.count()).isEqualTo(all.count());
        assertThat(a.missing()).isEqualTo(1);
        for (double q : new double[] {0.1, 0.5, 0.9}) assertThat(a.quantile(q)).isEqualTo(all.quantile(q));
        assertThat(a.std()).isEqualTo(all.std());
        ProfileDrift same = ProfileDrift.between(a, all, 10);
        assertThat(same.psi()).isZero();
        assertThat(same.ksStatistic()).isZero();
    }

    @Test
    void emptyAndConstantProfiles() {
        NumericProfile empty = new NumericProfile();
        NumericProfile constant = new NumericProfile();
        for (int i = 0; i < 100; i++) constant.add(3.0);
        assertThat(ProfileDrift.between(empty, constant, 10).psi()).isNaN();
        ProfileDrift d = ProfileDrift.between(constant, constant, 10);
        assertThat(d.psi()).isZero();
        assertThat(d.wassersteinNorm()).isNaN(); // reference std is 0
        assertThat(constant.quantile(0.5)).isEqualTo(3.0);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
