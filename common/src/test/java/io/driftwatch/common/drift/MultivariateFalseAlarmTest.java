package io.driftwatch.common.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How often multivariate drift fires where nothing changes (docs/guide/drift.md "Multivariate drift"):
 * seeded stationary logs of six features of several shapes (normal pair correlated 0.8, lognormal,
 * Poisson counts, uniform, a bimodal mixture), a reference of 6,000 records, windows of 200 and of
 * 5,000 records, each judged at level 0.01 and 0.05. The rate must stay within the level (the
 * sampling error of 600 windows allows about +0.9 points at 0.05 and +0.4 at 0.01).
 */
class MultivariateFalseAlarmTest {
    static final String[] NAMES = {"a", "b", "amount", "count", "u", "mix"};

    static void record(CoMoments c, Random r, int id) {
        double a = r.nextGaussian();
        double b = 0.8 * a + 0.6 * r.nextGaussian();
        double amount = Math.exp(1 + r.nextGaussian());
        double count = poisson(r, 3);
        double u = r.nextDouble();
        double mix = r.nextBoolean() ? r.nextGaussian() : 5 + r.nextGaussian();
        c.add(NAMES, new double[] {a, b, amount, count, u, mix}, Map.of(), Integer.hashCode(id * 7919));
    }

    static int poisson(Random r, double mean) {
        double l = Math.exp(-mean), p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    @Test
    void stationaryWindowsFireWithinTheLevel() {
        for (int size : new int[] {200, 5000}) {
            int windows = 0, at01 = 0, at05 = 0;
            for (int rep = 0; rep < 30; rep++) {
                Random r = new Random(1000L * size + rep);
                CoMoments ref = new CoMoments();
                int id = 0;
                for (int i = 0; i < 6000; i++) record(ref, r, id++);
                PcaReconstruction.Fit fit = PcaReconstruction.fit(ref.main().moments(b -> true), 0.65);
                PcaReconstruction.Band band = PcaReconstruction.band(ref.main(), 0.65);
                for (int w = 0; w < 20; w++) {
                    CoMoments win = new CoMoments();
                    for (int i = 0; i < size; i++) record(win, r, id++);
                    double p = PcaReconstruction.judge(fit, band, win.main().moments(b -> true), 0.01).pValue();
                    windows++;
                    if (p < 0.01) at01++;
                    if (p < 0.05) at05++;
                }
            }
            System.out.printf("multivariate false alarms, %d records per window: %d of %d at 0.01 (%.2f %%), %d at 0.05"
                    + " (%.2f %%)%n", size, at01, windows, 100.0 * at01 / windows, at05, 100.0 * at05 / windows);
            assertThat((double) at01 / windows).as("level 0.01, %d records", size).isLessThanOrEqualTo(0.014);
            assertThat((double) at05 / windows).as("level 0.05, %d records", size).isLessThanOrEqualTo(0.059);
        }
    }
}
