package io.driftwatch.common.kpi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A regression model's errors conditioned on its prediction, as mergeable counts
 * (docs/guide/quality-without-labels.md "Regression"): predictions are binned by
 * {@code floor(asinh(prediction) / WIDTH)} (about 2 % wide relatively for large values, 0.02 wide near
 * 0); per bin the predictions, and of the labeled ones the count and the exact sums of |e|, e² and e⁴.
 * The reference's bins give each bin's expected |e| and e² (and their spread); a window's predictions
 * per bin then give its expected MAE and RMSE without labels ({@link #estimate}) — an estimate by the
 * reference's error distribution given the prediction, which holds where the errors given a prediction
 * stay as they were (covariate shift), not where the relation itself changed (then the labels that come
 * disagree).
 */
public final class ErrorBins {
    /** Bin width in asinh(prediction). */
    public static final double WIDTH = 0.02;
    /**
     * A reference bin with fewer labels than this borrows its neighbours' (the nearest bins on both sides
     * until they hold this many, within {@link #MAX_RADIUS}), else the reference's pooled errors.
     */
    public static final int MIN_LABELS = 10;
    /** How far a bin borrows: 25 bins each side, asinh 0.5 (a factor of about 1.65 for large predictions). */
    public static final int MAX_RADIUS = 25;
    private static final double Z = 1.959963984540054;

    private static final class Bin {
        long predictions, labeled;
        final ExactSum abs = new ExactSum(), sq = new ExactSum(), fourth = new ExactSum();
    }

    private final TreeMap<Integer, Bin> bins = new TreeMap<>();

    static int index(double prediction) {
        double a = Math.abs(prediction);
        double asinh = Math.log(a + Math.sqrt(a * a + 1));
        int i = (int) Math.floor(asinh / WIDTH);
        return prediction < 0 ? -i - 1 : i;
    }

    /** Adds a prediction; {@code label} NaN when unlabeled. */
    public void add(double prediction, double label) {
        if (!Double.isFinite(prediction)) return;
        Bin b = bins.computeIfAbsent(index(prediction), k -> new Bin());
        b.predictions++;
        if (Double.isNaN(label)) return;
        double e = prediction - label;
        b.labeled++;
        b.abs.add(Math.abs(e));
        b.sq.addProduct(e, e);
        b.fourth.addProduct(e * e, e * e);
    }

    public void merge(ErrorBins o) {
        o.bins.forEach((k, ob) -> {
            Bin b = bins.computeIfAbsent(k, x -> new Bin());
            b.predictions += ob.predictions;
            b.labeled += ob.labeled;
            b.abs.add(ob.abs);
            b.sq.add(ob.sq);
            b.fourth.add(ob.fourth);
        });
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(bins.size());
        for (Map.Entry<Integer, Bin> e : bins.entrySet()) {
            out.writeInt(e.getKey());
            out.writeLong(e.getValue().predictions);
            out.writeLong(e.getValue().labeled);
            e.getValue().abs.writeTo(out);
            e.getValue().sq.writeTo(out);
            e.getValue().fourth.writeTo(out);
        }
    }

    public static ErrorBins readFrom(DataInput in) throws IOException {
        ErrorBins s = new ErrorBins();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Bin b = new Bin();
            int k = in.readInt();
            b.predictions = in.readLong();
            b.labeled = in.readLong();
            b.abs.readFrom(in);
            b.sq.readFrom(in);
            b.fourth.readFrom(in);
            s.bins.put(k, b);
        }
        return s;
    }

    /** An estimate with its 95 % band (the realised value's sampling spread) and what it stood on. */
    public record Estimate(double mae, double maeLow, double maeHigh, double maeSe, double rmse, double rmseLow,
            double rmseHigh, double rmseSe, long predictions, double pooledShare) {}

    /**
     * The window's expected MAE and RMSE under the reference's errors per bin ({@link #MIN_LABELS} labels
     * at least; else its nearest bins' together, else the reference's pooled errors), or null without
     * predictions or reference labels.
     * Bands for the window's realised values: {@code Var(MAE) = (Σ_b N_b Var_b(|e|) + Σ_i n_i w_i² Var_i(|e|)) / N²}
     * — the window's own errors, and the noise of the reference's means: reference bin {@code i}'s
     * {@code n_i} labels weigh {@code w_i = Σ N_b / n(read by b)} over the window bins {@code b} reading it
     * (its own, its neighbours', the pooled); {@code Var(MSE)}
     * likewise with e²; {@code se(RMSE) = se(MSE) / (2 RMSE)} (common/src/test/python/error_bins_expected.py
     * checks them by Monte Carlo).
     */
    /**
     * The reference bins a window bin reads: its own with {@link #MIN_LABELS} labels, else the bins
     * {@code key − r … key + r} for the smallest {@code r ≤ MAX_RADIUS} that hold that many, else null
     * (the pooled errors).
     */
    private static java.util.NavigableMap<Integer, Bin> source(ErrorBins reference, int key) {
        for (int r = 0; r <= MAX_RADIUS; r++) {
            java.util.NavigableMap<Integer, Bin> near = reference.bins.subMap(key - r, true, key + r, true);
            long labeled = 0;
            for (Bin b : near.values()) labeled += b.labeled;
            if (labeled >= MIN_LABELS) return near;
        }
        return null;
    }

    public static Estimate estimate(ErrorBins window, ErrorBins reference) {
        long pooledN = 0;
        for (Bin b : reference.bins.values()) pooledN += b.labeled;
        if (pooledN == 0) return null;
        // each reference bin's weight in the estimate (Σ over the window bins reading it of N_b / labels read),
        // for the noise of the reference's means: a label's |e| moves the estimate by its weight
        Map<Integer, Double> weight = new TreeMap<>();
        double n = 0, mae = 0, mse = 0, varMae = 0, varMse = 0, pooled = 0;
        for (Map.Entry<Integer, Bin> e : window.bins.entrySet()) {
            long nb = e.getValue().predictions;
            if (nb == 0) continue;
            // errors depend on the prediction's level (a tail bin's are not the pooled ones): the bin's own,
            // else its nearest bins', else all
            java.util.NavigableMap<Integer, Bin> read = source(reference, e.getKey());
            if (read == null) {
                read = reference.bins;
                pooled += nb;
            }
            double labeled = 0, abs = 0, sq = 0, fourth = 0;
            for (Bin b : read.values()) {
                labeled += b.labeled;
                abs += b.abs.value();
                sq += b.sq.value();
                fourth += b.fourth.value();
            }
            for (Integer k : read.keySet()) weight.merge(k, nb / labeled, Double::sum);
            double m1 = abs / labeled, m2 = sq / labeled, m4 = fourth / labeled;
            n += nb;
            mae += nb * m1;
            mse += nb * m2;
            varMae += nb * Math.max(0, m2 - m1 * m1);
            varMse += nb * Math.max(0, m4 - m2 * m2);
        }
        if (n == 0) return null;
        for (Map.Entry<Integer, Double> w : weight.entrySet()) {
            Bin b = reference.bins.get(w.getKey());
            if (b.labeled == 0) continue;
            double m1 = b.abs.value() / b.labeled, m2 = b.sq.value() / b.labeled, m4 = b.fourth.value() / b.labeled;
            double w2 = w.getValue() * w.getValue() * b.labeled;
            varMae += w2 * Math.max(0, m2 - m1 * m1);
            varMse += w2 * Math.max(0, m4 - m2 * m2);
        }
        mae /= n;
        mse /= n;
        double seMae = Math.sqrt(varMae) / n, seMse = Math.sqrt(varMse) / n;
        double rmse = Math.sqrt(mse), seRmse = rmse > 0 ? seMse / (2 * rmse) : 0;
        return new Estimate(mae, Math.max(0, mae - Z * seMae), mae + Z * seMae, seMae, rmse,
                Math.max(0, rmse - Z * seRmse), rmse + Z * seRmse, seRmse, (long) n, pooled / n);
    }
}
