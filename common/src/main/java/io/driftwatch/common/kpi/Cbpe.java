package io.driftwatch.common.kpi;

/**
 * Confidence-based performance estimation (NannyML's CBPE) for binary models, from mergeable counts
 * (docs/guide/quality-without-labels.md): the scores are calibrated on the reference by histogram
 * binning — per score bin the share of its labeled predictions that were positive — and a window's
 * predictions, counted per bin and predicted class, give the expected confusion matrix
 * {@code TP = Σ N⁺_b p_b}, {@code FP = Σ N⁺_b (1 − p_b)}, {@code FN = Σ N⁻_b p_b}, {@code TN = Σ N⁻_b (1 − p_b)},
 * hence precision, recall, F1, accuracy, and the ROC AUC of the expected positives and negatives per
 * bin (ties within a bin count one half). Each with a band for the window's realised value: given the
 * calibration the window's labels are independent Bernoulli draws ({@code Σ N⁺_b p_b (1 − p_b)} for
 * TP, so for FN), and the calibration has its own noise from the reference's labels
 * ({@link #calibrationVariance}: {@code Σ (N⁺_b)² V_b} for TP, {@code Σ N⁺_b N⁻_b V_b} shared with FN);
 * the ratios' variances follow by the delta method (common/src/test/python/cbpe_expected.py checks
 * both by Monte Carlo); the AUC's by Hanley–McNeil on the expected counts (labels only). The estimate cannot see a change in {@code P(label | score)} (concept drift):
 * where labels arrive, the judge compares them with the estimate.
 *
 * <p>Counts: {@link #BINS} equal-width bins over [0, 1] (scores outside clipped), per bin
 * {@code [predicted positive, predicted negative, labeled, labeled positive]}.
 */
public final class Cbpe {
    public static final int BINS = 20;

    /** The predicted and labeled positives a window is expected to hold for its F1 estimate to be judged. */
    public static final double MIN_EXPECTED = 10;
    private static final double Z = 1.959963984540054;

    private Cbpe() {}

    /** The bin of a score. */
    public static int bin(double score) {
        if (!(score > 0)) return 0;
        return Math.min(BINS - 1, (int) (score * BINS));
    }

    /** One estimate with its 95 % band (clipped to [0, 1]); NaN where undefined. */
    public record Value(double value, double low, double high, double se) {
        /** {@code v} with its 95 % band {@code v ± 1.96·se}, clipped to [0, 1]. */
        public static Value of(double v, double se) {
            if (Double.isNaN(v)) return new Value(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            return new Value(v, Math.max(0, v - Z * se), Math.min(1, v + Z * se), se);
        }
    }

    /**
     * The estimates of a window.
     *
     * @param f1Sampling the standard error of the estimated F1 among reference-like windows of this many
     *     predictions ({@link #f1SamplingSe}): how far a window's estimate strays by its scores' chance alone
     */
    public record Estimate(Value precision, Value recall, Value f1, Value accuracy, Value rocAuc, long predictions,
            long calibrationLabels, double f1Sampling) {}

    /**
     * The standard error of the estimated F1 of a window of {@code n} predictions drawn like the
     * reference's: F1 = 2ΣA/ΣB over its predictions, {@code A = ŷ·p}, {@code B = ŷ + p} ({@code ŷ} the
     * predicted class, {@code p} its bin's calibrated probability), a ratio of sums whose variance by the
     * delta method is {@code 4·E[(A − rB)²] / (n·E[B]²)}, {@code r = E[A]/E[B]}, the expectations over
     * the reference's predictions per bin (as NannyML takes CBPE's sampling error from reference chunks
     * of the window's size). The band {@link Estimate#f1} gives holds the scores fixed; this one is the
     * scores' own noise, which a window of 60 predictions without one scored positive shows (an
     * estimated F1 of 0 is then no drop). NaN — no sampling error the normal approximation can give —
     * when a reference-like window of {@code n} would hold fewer than {@link #MIN_EXPECTED} predicted
     * positives or expected positive labels ({@code n·p ≥ 10}, the binomial's rule of thumb): an hour
     * of 60 predictions where 5 % are scored positive has none in 4 % of hours, far more often than a
     * normal band says, so its estimate is not judged.
     */
    public static double f1SamplingSe(long[] reference, long n) {
        double[] p = calibration(reference);
        double total = 0, a = 0, predictedPositive = 0, positive = 0;
        for (int i = 0; i < BINS; i++) {
            long pos = reference[4 * i], neg = reference[4 * i + 1];
            total += pos + neg;
            a += pos * p[i];
            predictedPositive += pos;
            positive += (pos + neg) * p[i];
        }
        if (total == 0 || a == 0 || n <= 0) return Double.NaN;
        if (n * Math.min(predictedPositive, positive) / total < MIN_EXPECTED) return Double.NaN;
        double b = predictedPositive + positive;
        a /= total;
        b /= total;
        double r = a / b, m = 0;
        for (int i = 0; i < BINS; i++) {
            long pos = reference[4 * i], neg = reference[4 * i + 1];
            double q = p[i];
            m += pos * Math.pow(q - r * (1 + q), 2) + neg * Math.pow(r * q, 2);
        }
        m /= total;
        return 2 * Math.sqrt(m / n) / b;
    }

    /**
     * The uncertainty of each bin's calibrated probability: Jeffreys' posterior variance
     * {@code p (1 − p) / (n + 2)} of the bin's {@code n} reference labels (a bin without labels:
     * {@code p (1 − p) / 2}, nothing learned). A window's estimate inherits it — a bin's error moves its
     * TP and its FN together — so the band counts it beside the window's own labels' noise.
     */
    public static double[] calibrationVariance(long[] reference, double[] p) {
        double[] v = new double[BINS];
        for (int b = 0; b < BINS; b++) v[b] = p[b] * (1 - p[b]) / (reference[4 * b + 2] + 2.0);
        return v;
    }

    /** The calibrated probability of each bin: its labeled predictions' positive share, else its midpoint. */
    public static double[] calibration(long[] reference) {
        double[] p = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            long labeled = reference[4 * b + 2], positive = reference[4 * b + 3];
            // (y + ½) / (n + 1): Jeffreys' posterior mean, never exactly 0 or 1
            p[b] = labeled > 0 ? (positive + 0.5) / (labeled + 1.0) : (b + 0.5) / BINS;
        }
        return p;
    }

    /**
     * The window's estimates under the reference's calibration, or null without predictions.
     *
     * @param window the window's counts
     * @param reference the reference's counts (its labels calibrate)
     */
    public static Estimate estimate(long[] window, long[] reference) {
        double[] p = calibration(reference);
        double[] calibrationVar = calibrationVariance(reference, p);
        // variances of TP and FN: the window's labels (Bernoulli given the calibration) plus the
        // calibration's own noise, which a bin shares between its TP and FN (their covariance)
        double tp = 0, fp = 0, fn = 0, tn = 0, varTp = 0, varFn = 0, cov = 0, nPos = 0, nNeg = 0;
        long n = 0, labels = 0;
        for (int b = 0; b < BINS; b++) {
            long pos = window[4 * b], neg = window[4 * b + 1];
            double q = p[b], v = q * (1 - q), c = calibrationVar[b];
            tp += pos * q;
            fp += pos * (1 - q);
            fn += neg * q;
            tn += neg * (1 - q);
            varTp += pos * v + (double) pos * pos * c;
            varFn += neg * v + (double) neg * neg * c;
            cov += (double) pos * neg * c;
            nPos += pos;
            nNeg += neg;
            n += pos + neg;
            labels += reference[4 * b + 2];
        }
        if (n == 0) return null;
        double nan = Double.NaN;
        Value precision = nPos == 0 ? Value.of(nan, 0) : Value.of(tp / nPos, Math.sqrt(varTp) / nPos);
        double positives = tp + fn;
        Value recall = positives == 0 ? Value.of(nan, 0) : Value.of(tp / positives,
                deltaSe(fn / (positives * positives), -tp / (positives * positives), varTp, varFn, cov));
        double d = nPos + tp + fn;
        Value f1 = d == 0 ? Value.of(nan, 0) : Value.of(2 * tp / d,
                deltaSe(2 * (nPos + fn) / (d * d), -2 * tp / (d * d), varTp, varFn, cov));
        Value accuracy = Value.of((tp + tn) / n, deltaSe(1.0 / n, -1.0 / n, varTp, varFn, cov));
        return new Estimate(precision, recall, f1, accuracy, rocAuc(window, p), n, labels, f1SamplingSe(reference, n));
    }

    /** The delta method's standard error of a function of (TP, FN) with these partial derivatives. */
    private static double deltaSe(double dTp, double dFn, double varTp, double varFn, double cov) {
        return Math.sqrt(Math.max(0, dTp * dTp * varTp + dFn * dFn * varFn + 2 * dTp * dFn * cov));
    }

    /**
     * A multiclass window's macro estimates, one-vs-rest from the class probabilities: each class of both
     * the window and the reference estimated as a binary model ({@link #estimate}), then averaged
     * (macro, as the realised {@code f1}); the band of a mean of K classes {@code sqrt(Σ se²) / K}
     * (classes taken as independent), and so the F1's sampling error. Accuracy: the expected share predicted right,
     * {@code Σ_c TP_c / N}. Null without a class in both.
     */
    public static Estimate estimateMacro(java.util.Map<String, long[]> window, java.util.Map<String, long[]> reference) {
        double[] sum = new double[4], var = new double[4];
        int[] k = new int[4];
        double tp = 0, varTp = 0, n = 0, sampling = 0;
        long labels = 0;
        for (java.util.Map.Entry<String, long[]> e : window.entrySet()) {
            long[] ref = reference.get(e.getKey());
            if (ref == null) continue;
            Estimate c = estimate(e.getValue(), ref);
            if (c == null) continue;
            Value[] v = {c.precision(), c.recall(), c.f1(), c.rocAuc()};
            for (int i = 0; i < 4; i++) {
                if (Double.isNaN(v[i].value())) continue;
                sum[i] += v[i].value();
                var[i] += v[i].se() * v[i].se();
                k[i]++;
            }
            double[] p = calibration(ref);
            double[] calibrationVar = calibrationVariance(ref, p);
            long[] w = e.getValue();
            for (int b = 0; b < BINS; b++) {
                tp += w[4 * b] * p[b];
                varTp += w[4 * b] * p[b] * (1 - p[b]) + (double) w[4 * b] * w[4 * b] * calibrationVar[b];
                n += w[4 * b];
            }
            labels += c.calibrationLabels();
            if (!Double.isNaN(c.f1().value())) sampling += c.f1Sampling() * c.f1Sampling(); // NaN: a class too rare
        }
        if (k[2] == 0 || n == 0) return null;
        Value[] macro = new Value[4];
        for (int i = 0; i < 4; i++) {
            macro[i] = k[i] == 0 ? Value.of(Double.NaN, 0) : Value.of(sum[i] / k[i], Math.sqrt(var[i]) / k[i]);
        }
        return new Estimate(macro[0], macro[1], macro[2], Value.of(tp / n, Math.sqrt(varTp) / n), macro[3], (long) n,
                labels, Math.sqrt(sampling) / k[2]);
    }

    /** The expected ROC AUC: positives {@code N_b p_b} and negatives {@code N_b (1 − p_b)} per bin, in bin order. */
    private static Value rocAuc(long[] window, double[] p) {
        double positives = 0, negatives = 0, u = 0;
        for (int b = 0; b < BINS; b++) {
            double nb = window[4 * b] + window[4 * b + 1];
            double pos = nb * p[b], neg = nb * (1 - p[b]);
            u += pos * (negatives + neg / 2);
            positives += pos;
            negatives += neg;
        }
        if (positives <= 0 || negatives <= 0) return Value.of(Double.NaN, 0);
        double a = u / (positives * negatives);
        // Hanley–McNeil on the expected counts
        double q1 = a / (2 - a), q2 = 2 * a * a / (1 + a);
        double var = (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a))
                / (positives * negatives);
        return Value.of(a, Math.sqrt(Math.max(0, var)));
    }

}
