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
    /** A reference bin with fewer labels than this lends the reference's pooled errors instead of its own. */
    public static final int MIN_LABELS = 10;
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
     * at least; else the reference's pooled errors), or null without predictions or reference labels.
     * Bands for the window's realised values: {@code Var(MAE) = (Σ N_b Var_b(|e|) + Σ N_b² Var_b(|e|) / n_b) / N²}
     * — the window's own errors and the noise of the reference's bin means, each learned from its
     * {@code n_b} labels (the pooled bins share one mean: {@code (Σ N_b)² Var / n}); {@code Var(MSE)}
     * likewise with e²; {@code se(RMSE) = se(MSE) / (2 RMSE)} (common/src/test/python/error_bins_expected.py
     * checks them by Monte Carlo).
     */
    public static Estimate estimate(ErrorBins window, ErrorBins reference) {
        long pooledN = 0;
        double pooledAbs = 0, pooledSq = 0, pooledFourth = 0;
        for (Bin b : reference.bins.values()) {
            pooledN += b.labeled;
            pooledAbs += b.abs.value();
            pooledSq += b.sq.value();
            pooledFourth += b.fourth.value();
        }
        if (pooledN == 0) return null;
        double pm1 = pooledAbs / pooledN, pm2 = pooledSq / pooledN, pm4 = pooledFourth / pooledN;
        double n = 0, mae = 0, mse = 0, varMae = 0, varMse = 0, pooled = 0;
        for (Map.Entry<Integer, Bin> e : window.bins.entrySet()) {
            long nb = e.getValue().predictions;
            if (nb == 0) continue;
            Bin r = reference.bins.get(e.getKey());
            double m1, m2, m4, own;
            if (r != null && r.labeled >= MIN_LABELS) {
                m1 = r.abs.value() / r.labeled;
                m2 = r.sq.value() / r.labeled;
                m4 = r.fourth.value() / r.labeled;
                own = (double) nb * nb / r.labeled; // the bin's means are learned from its labels
            } else {
                m1 = pm1;
                m2 = pm2;
                m4 = pm4;
                pooled += nb;
                own = 0;
            }
            double v1 = Math.max(0, m2 - m1 * m1), v2 = Math.max(0, m4 - m2 * m2);
            n += nb;
            mae += nb * m1;
            mse += nb * m2;
            varMae += (nb + own) * v1;
            varMse += (nb + own) * v2;
        }
        if (n == 0) return null;
        // the bins that lend the pooled errors share one mean, learned from all the reference's labels
        varMae += pooled * pooled * Math.max(0, pm2 - pm1 * pm1) / pooledN;
        varMse += pooled * pooled * Math.max(0, pm4 - pm2 * pm2) / pooledN;
        mae /= n;
        mse /= n;
        double seMae = Math.sqrt(varMae) / n, seMse = Math.sqrt(varMse) / n;
        double rmse = Math.sqrt(mse), seRmse = rmse > 0 ? seMse / (2 * rmse) : 0;
        return new Estimate(mae, Math.max(0, mae - Z * seMae), mae + Z * seMae, seMae, rmse,
                Math.max(0, rmse - Z * seRmse), rmse + Z * seRmse, seRmse, (long) n, pooled / n);
    }
}
