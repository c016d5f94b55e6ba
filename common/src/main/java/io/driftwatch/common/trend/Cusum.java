package io.driftwatch.common.trend;

import java.util.List;

/**
 * Evidence over consecutive windows (issue 20): a two-sided tabular CUSUM (Page 1954; Montgomery,
 * <i>Statistical Quality Control</i> §9.1) over a KPI series' standardized residuals — each window's
 * z against its own baseline, over the spread {@link AnomalyDetector} judges it by. A small change
 * that persists adds up; a one-window blip does not, since each residual is clipped at
 * {@link #CLIP} (below the threshold less the reference value), and a large change still alarms at
 * once by its z.
 *
 * <p>{@code S⁺ₜ = max(0, S⁺ₜ₋₁ + rₜ − k)}, {@code S⁻ₜ = max(0, S⁻ₜ₋₁ − rₜ − k)} with {@code k = 0.5}
 * (tuned to a shift of one standard error per window), started at 0 {@link #LOOKBACK} windows back,
 * so the same history gives the same answer in batch and streaming. The threshold {@code h} gives
 * the in-control average run length the z threshold promises per window: a two-sided tail
 * {@code p = 2(1 − Φ(z))} per window means one false alarm per {@code 1/p} windows; {@code h}
 * solves Siegmund's approximation {@code ARL₀ = (e^{2kb} − 2kb − 1) / (2k²)}, {@code b = h + 1.166},
 * for the one-sided {@code ARL₀ = 2/p} (z 3: h 4.77; hourly budget z 3.77: h 7.54).
 */
public final class Cusum {
    /** The reference value k, in standard errors. */
    public static final double K = 0.5;
    /** Residuals are clipped to ±CLIP. */
    public static final double CLIP = 3.0;
    /** Windows the sums run over, ending with the judged one. */
    public static final int LOOKBACK = 48;

    private Cusum() {}

    /**
     * The evidence at the last window.
     *
     * @param statistic the larger of S⁺ and S⁻, signed (+ for up)
     * @param windows the windows since that side was last 0 (the run it stands on)
     * @param meanPctChange the mean relative change over those windows, or null where not defined
     */
    public record Evidence(double statistic, int windows, Double meanPctChange) {}

    /**
     * Runs the sums over residuals in window order ({@code null}: a window not judged, skipped).
     *
     * @param pctChanges each window's relative change against its baseline (null where not defined)
     */
    public static Evidence run(List<Double> residuals, List<Double> pctChanges) {
        double up = 0, down = 0;
        int upRun = 0, downRun = 0;
        double upPct = 0, downPct = 0;
        boolean pctKnownUp = true, pctKnownDown = true;
        for (int i = 0; i < residuals.size(); i++) {
            Double r0 = residuals.get(i);
            if (r0 == null || r0.isNaN()) continue;
            double r = Math.max(-CLIP, Math.min(CLIP, r0));
            Double pct = pctChanges.get(i);
            up = Math.max(0, up + r - K);
            down = Math.max(0, down - r - K);
            if (up == 0) {
                upRun = 0;
                upPct = 0;
                pctKnownUp = true;
            } else {
                upRun++;
                if (pct == null) pctKnownUp = false;
                else upPct += pct;
            }
            if (down == 0) {
                downRun = 0;
                downPct = 0;
                pctKnownDown = true;
            } else {
                downRun++;
                if (pct == null) pctKnownDown = false;
                else downPct += pct;
            }
        }
        return up >= down
                ? new Evidence(up, upRun, upRun > 0 && pctKnownUp ? upPct / upRun : null)
                : new Evidence(-down, downRun, downRun > 0 && pctKnownDown ? downPct / downRun : null);
    }

    /**
     * The upper sum alone, for series where only one direction is a change: a column's drift tests as
     * {@code z = Φ⁻¹(1 − p)} (N(0, 1) while nothing changes, large when it does; a p near 1 is no
     * evidence of anything). Residuals clipped to ±{@link #CLIP} as in {@link #run}.
     */
    public static Evidence upper(List<Double> residuals) {
        double up = 0;
        int run = 0;
        for (Double r0 : residuals) {
            if (r0 == null || r0.isNaN()) continue;
            up = Math.max(0, up + Math.max(-CLIP, Math.min(CLIP, r0)) - K);
            run = up == 0 ? 0 : run + 1;
        }
        return new Evidence(up, run, null);
    }

    /**
     * What a column's z-score is lowered by before {@link #upper} sums it, because every window is tested
     * against the same reference sample: where that sample itself sits off the population, each window's
     * test sees the same offset, and the z-scores of windows of {@code n} against a reference of
     * {@code m} share a component with correlation {@code ρ = n / (n + m)} (for a difference of means,
     * {@code Cov(zᵢ, zⱼ) = (σ²/m) / (σ²/n + σ²/m)}; a KS or chi-square statistic behaves alike to first
     * order). Summed over windows, that shared part grows like the number of windows, so it would cross
     * any threshold in time. Subtracting {@code √ρ · z_α} — the shared part when the reference is off by
     * the column's own z threshold — leaves residuals with mean ≤ 0 and variance {@code 1 − ρ} unless the
     * reference sample is further off than that (probability α, once per reference, not per window), so
     * the run length promised by {@link #threshold} holds. A reference 100× a window's size costs
     * {@code 0.1 · z_α}; a reference no larger than a window costs {@code 0.71 · z_α}, where a small
     * persistent change cannot be told from the reference's own noise anyway.
     */
    public static double sharedReferenceAllowance(long windowCount, long referenceCount, double zAlpha) {
        if (windowCount <= 0 || referenceCount <= 0) return 0;
        return Math.sqrt((double) windowCount / (windowCount + referenceCount)) * zAlpha;
    }

    /** A p-value as the one-sided z-score whose upper tail it is ({@link #upper}'s residual); null for NaN. */
    public static Double zOfPValue(double p) {
        if (Double.isNaN(p)) return null;
        // −Φ⁻¹(p), not Φ⁻¹(1 − p): 1 − p rounds to 1 below p ≈ 1e-16; the infinities at p 0 and 1 are clipped
        return -NORMAL.inverseCumulativeProbability(Math.max(0.0, Math.min(1.0, p)));
    }

    private static final org.apache.commons.math3.distribution.NormalDistribution NORMAL =
            new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1);

    /** The threshold h whose in-control run length matches the two-sided z threshold per window. */
    public static double threshold(double zThreshold) {
        double p = 2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1)
                .cumulativeProbability(zThreshold));
        double target = 2 / p;
        double lo = 0, hi = 50;
        for (int i = 0; i < 100; i++) {
            double h = (lo + hi) / 2;
            if (arl(h) < target) lo = h;
            else hi = h;
        }
        return (lo + hi) / 2;
    }

    /** Siegmund's one-sided in-control ARL of a CUSUM with reference K and threshold h. */
    static double arl(double h) {
        double b = h + 1.166, x = 2 * K * b;
        return (Math.exp(x) - x - 1) / (2 * K * K);
    }
}
