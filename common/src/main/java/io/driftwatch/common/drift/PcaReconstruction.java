package io.driftwatch.common.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Multivariate drift by data reconstruction (docs/guide/drift.md "Multivariate drift"), as NannyML's
 * data-reconstruction drift: the reference's numeric features standardised, a PCA keeping the
 * smallest number of components whose eigenvalues reach {@code varianceShare} of the total (0.65 by
 * default, as NannyML), and per window the mean <em>squared</em> distance between a record's
 * standardised features and their projection on those components — NannyML averages the distance
 * itself; its square's mean is a linear function of the window's second moments, so it follows
 * exactly from the mergeable {@link CoMoments}: {@code tr(A · E[z zᵀ])} with {@code A = I − V Vᵀ}.
 *
 * <p>Noise: the reference's {@link CoMoments#BUCKETS} interleaved buckets, each reconstructed by the
 * fit on the other buckets (no in-sample optimism), give the error a stationary window has and its
 * spread per record; a window of {@code n} records is compared with {@code z = (e − ē) / (s ·
 * sqrt(n̄ / n + 1/B))}, one-sided, by Student's t with {@code B − 1} degrees of freedom, its spread
 * floored at the window's own standard error under normality ({@code Var(zᵀAz) = 2 tr(AΣAΣ) + 4
 * mᵀAΣAm}). The p-value joins the window's other drift tests (multiple testing, the alarm budget).
 */
public final class PcaReconstruction {
    /** The reserved name of the row in {@code feature_drift}. */
    public static final String FEATURE = "__multivariate__";
    public static final String METHOD = "pca_reconstruction";
    /** Fewer complete records than this in a window, or per reference bucket: not judged. */
    public static final int MIN_RECORDS = 30;

    private PcaReconstruction() {}

    /** A fit: the features, their reference means and standard deviations, and {@code A = I − V Vᵀ}. */
    public record Fit(String[] features, double[] mean, double[] sd, double[][] residual, int components,
            double explained) {}

    /**
     * Fits on reference moments: features with no spread are left out.
     *
     * @return the fit, or null with fewer than two features that vary
     */
    public static Fit fit(CoMoments.Moments m, double varianceShare) {
        return fit(m, varianceShare, 0);
    }

    /** As {@link #fit(CoMoments.Moments, double)} keeping exactly {@code components} (0: by the share). */
    static Fit fit(CoMoments.Moments m, double varianceShare, int components) {
        int d = m.features().length;
        List<Integer> keep = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            double v = m.scatter()[j][j];
            if (v > 0 && Double.isFinite(v)) keep.add(j);
        }
        int p = keep.size();
        if (p < 2 || m.n() < 2) return null;
        String[] features = new String[p];
        double[] mean = new double[p], sd = new double[p];
        double[][] r = new double[p][p];
        double bessel = (double) m.n() / (m.n() - 1);
        for (int a = 0; a < p; a++) {
            int j = keep.get(a);
            features[a] = m.features()[j];
            mean[a] = m.mean()[j];
            sd[a] = Math.sqrt(m.scatter()[j][j] * bessel);
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                int j = keep.get(a), k = keep.get(b);
                r[a][b] = a == b ? 1.0 : m.scatter()[j][k] / Math.sqrt(m.scatter()[j][j] * m.scatter()[k][k]);
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(r, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[p];
        for (int i = 0; i < p; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        double total = 0;
        for (double v : values) total += Math.max(0, v);
        int k = 0;
        double kept = 0;
        if (components > 0) {
            while (k < Math.min(components, p)) kept += Math.max(0, values[order[k++]]);
        } else {
            while (k < p && kept < varianceShare * total) kept += Math.max(0, values[order[k++]]);
        }
        double[][] a = new double[p][p];
        for (int i = 0; i < p; i++) a[i][i] = 1;
        for (int c = 0; c < k; c++) {
            double[] v = eig.getEigenvector(order[c]).toArray();
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) a[i][j] -= v[i] * v[j];
            }
        }
        return new Fit(features, mean, sd, a, k, total == 0 ? Double.NaN : kept / total);
    }

    /** The window's moments over the fit's features: {@code m = D⁻¹(x̄ − μ)} and {@code Σ = D⁻¹ S D⁻¹}, or null. */
    private static double[][] standardised(Fit fit, CoMoments.Moments w, double[] m) {
        int p = fit.features().length;
        int[] at = new int[p];
        for (int a = 0; a < p; a++) {
            at[a] = Arrays.asList(w.features()).indexOf(fit.features()[a]);
            if (at[a] < 0) return null;
        }
        double[][] sigma = new double[p][p];
        for (int a = 0; a < p; a++) {
            m[a] = (w.mean()[at[a]] - fit.mean()[a]) / fit.sd()[a];
            for (int b = 0; b < p; b++) sigma[a][b] = w.scatter()[at[a]][at[b]] / (fit.sd()[a] * fit.sd()[b]);
        }
        return sigma;
    }

    /** The mean squared reconstruction error of the window's records, or NaN where it lacks a fitted feature. */
    public static double error(Fit fit, CoMoments.Moments w) {
        int p = fit.features().length;
        double[] m = new double[p];
        double[][] sigma = standardised(fit, w, m);
        if (sigma == null || w.n() == 0) return Double.NaN;
        double e = 0;
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) e += fit.residual()[a][b] * (sigma[a][b] + m[a] * m[b]);
        }
        return e;
    }

    /** The variance of one record's squared error were the window's records normal: {@code 2 tr(AΣAΣ) + 4 mᵀAΣAm}. */
    public static double normalVariance(Fit fit, CoMoments.Moments w) {
        int p = fit.features().length;
        double[] m = new double[p];
        double[][] sigma = standardised(fit, w, m);
        if (sigma == null) return Double.NaN;
        RealMatrix a = new Array2DRowRealMatrix(fit.residual(), false);
        RealMatrix s = new Array2DRowRealMatrix(sigma, false);
        RealMatrix as = a.multiply(s);
        double trace = as.multiply(as).getTrace();
        double[] am = a.operate(m);
        double[] sam = s.operate(am);
        double q = 0;
        for (int i = 0; i < p; i++) q += am[i] * sam[i];
        return 2 * trace + 4 * q;
    }

    /** What a stationary window's error is, from the reference's buckets: mean, spread per bucket, records per bucket. */
    public record Band(double mean, double sd, int buckets, double recordsPerBucket) {}

    /**
     * The reference's band: each bucket reconstructed by the fit on the others, with the whole fit's number
     * of components (at least three
     * buckets of {@link #MIN_RECORDS} records), or null.
     */
    public static Band band(CoMoments.Block reference, double varianceShare) {
        Fit whole = fit(reference.moments(i -> true), varianceShare);
        if (whole == null) return null;
        List<Double> errors = new ArrayList<>();
        double records = 0;
        for (int b = 0; b < CoMoments.BUCKETS; b++) {
            if (reference.count(b) < MIN_RECORDS) continue;
            int out = b;
            // the others' fit with as many components as the whole reference's (the model judged is that one)
            Fit others = fit(reference.moments(i -> i != out), varianceShare, whole.components());
            if (others == null) continue;
            double e = error(others, reference.moments(i -> i == out));
            if (Double.isNaN(e)) continue;
            errors.add(e);
            records += reference.count(b);
        }
        int k = errors.size();
        if (k < 3) return null;
        double mean = 0;
        for (double e : errors) mean += e;
        mean /= k;
        double ss = 0;
        for (double e : errors) ss += (e - mean) * (e - mean);
        return new Band(mean, Math.sqrt(ss / (k - 1)), k, records / k);
    }

    /** One window judged: its error, the band's mean and the threshold at {@code level}, the one-sided p-value. */
    public record Verdict(double error, double expected, double threshold, double pValue, double standardError,
            String note) {}

    /**
     * Judges a window's error against the band.
     *
     * @param level the one-sided level whose threshold is reported (the drift tests' level)
     */
    public static Verdict judge(Fit fit, Band band, CoMoments.Moments window, double level) {
        double e = error(fit, window);
        double n = window.n();
        double se = band.sd() * Math.sqrt(band.recordsPerBucket() / n + 1.0 / band.buckets());
        double normal = Math.sqrt(normalVariance(fit, window) / n);
        String floor = null;
        if (Double.isFinite(normal) && normal > se) {
            se = normal;
            floor = "spread floored at the window's own standard error under normality";
        }
        TDistribution t = new TDistribution(null, band.buckets() - 1);
        double z = se > 0 ? (e - band.mean()) / se : e > band.mean() ? Double.POSITIVE_INFINITY : 0;
        double p = Double.isInfinite(z) ? 0 : 1 - t.cumulativeProbability(z);
        double threshold = band.mean() + t.inverseCumulativeProbability(1 - level) * se;
        String note = String.format(Locale.ROOT, "%d of %d features' variance in %d component(s) (%.0f %%); error %.4g"
                + " vs %.4g expected from the reference's %d buckets", fit.features().length, fit.features().length,
                fit.components(), 100 * fit.explained(), e, band.mean(), band.buckets());
        return new Verdict(e, band.mean(), threshold, p, se, floor == null ? note : note + "; " + floor);
    }
}
