package io.driftwatch.common.drift;

import io.driftwatch.common.config.DriftwatchConfig.DriftConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far each column's distances move between the reference period's own windows (issue 20,
 * docs/reference/alarms.md "Drift"): every reference window is compared with the whole reference,
 * and per column and distance method the mean and standard deviation of those distances are kept. A
 * window's distance threshold then becomes {@code max(configured, mean + z × sd)} with {@code z} the
 * one-sided normal quantile of the tests' level, so a column that varies from window to window for
 * reasons that stay (an hourly cycle, a few hundred values over 200 categories) does not alarm on
 * that variation, while a column that the reference shows to be steady keeps the configured bar.
 *
 * <p>Two approximations, said here so they can be checked: the reference windows are part of the
 * reference they are compared with, which makes their distances slightly smaller (by about
 * {@code sqrt(1 − 1/W)} over W windows); and the band is taken as normal although distances are
 * skewed. Both make the band lower, never higher, so the calibration errs towards the configured
 * threshold. At least {@link #MIN_WINDOWS} windows are needed; a stored reference profile holds
 * none, so there the configured thresholds stand.
 */
public final class DriftCalibration {
    /** The fewest reference windows a band is estimated from. */
    public static final int MIN_WINDOWS = 5;
    /** No calibration: every threshold as configured. */
    public static final DriftCalibration NONE = new DriftCalibration(Map.of());

    /** One column's distances over the reference windows. */
    public record Band(int windows, double mean, double sd) {}

    private final Map<String, Band> bands;

    private DriftCalibration(Map<String, Band> bands) {
        this.bands = bands;
    }

    /** The band of a column ({@code kind:name}) and distance method, or null when too few windows had it. */
    public Band band(String column, DriftMethod method) {
        return bands.get(column + "|" + method.configName());
    }

    /**
     * Collects the bands from the reference's windows, each compared with the whole reference.
     *
     * @param windows the reference period's windows (each window's versions merged)
     */
    public static DriftCalibration of(List<ProfileSet> windows, ProfileSet reference, DriftConfig config) {
        if (reference == null || windows.size() < MIN_WINDOWS) return NONE;
        Map<String, double[]> sums = new HashMap<>(); // count, sum, sum of squares
        for (ProfileSet w : windows) {
            for (ColumnDrift d : DriftEvaluator.statistics(w, reference, config)) {
                String column = DriftEvaluator.key(d.kind(), d.feature());
                add(sums, column, DriftMethod.PSI, d.psi());
                add(sums, column, DriftMethod.JENSEN_SHANNON, d.jensenShannon());
                add(sums, column, DriftMethod.HELLINGER, d.hellinger());
                add(sums, column, DriftMethod.WASSERSTEIN_NORM, d.wassersteinNorm());
                add(sums, column, DriftMethod.L_INFINITY, d.lInfinity());
            }
        }
        Map<String, Band> bands = new HashMap<>();
        sums.forEach((k, s) -> {
            int n = (int) s[0];
            if (n < MIN_WINDOWS) return;
            double mean = s[1] / n;
            double variance = Math.max(0, (s[2] - n * mean * mean) / (n - 1));
            bands.put(k, new Band(n, mean, Math.sqrt(variance)));
        });
        return new DriftCalibration(Map.copyOf(bands));
    }

    private static void add(Map<String, double[]> sums, String column, DriftMethod method, double v) {
        if (Double.isNaN(v)) return;
        double[] s = sums.computeIfAbsent(column + "|" + method.configName(), k -> new double[3]);
        s[0]++;
        s[1] += v;
        s[2] += v * v;
    }
}
