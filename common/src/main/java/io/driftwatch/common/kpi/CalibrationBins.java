package io.driftwatch.common.kpi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The labeled records of a window by confidence, for the expected calibration error and the
 * reliability diagram (docs/guide/checks.md "Calibration"): per {@link Cbpe} bin (20 equal-width bins
 * over [0, 1]) its labeled count, its positives (binary: label 1; multiclass top-class: the predicted
 * class was right) and its confidences summed exactly ({@link ExactSum}), so windows merge in any order
 * to the same bytes.
 */
final class CalibrationBins {
    private final long[] n = new long[Cbpe.BINS];
    private final long[] positive = new long[Cbpe.BINS];
    private final ExactSum[] sum = new ExactSum[Cbpe.BINS];

    CalibrationBins() {
        for (int i = 0; i < sum.length; i++) sum[i] = new ExactSum();
    }

    /** A labeled record of confidence {@code p} (clipped to [0, 1]) whose outcome is {@code hit}. */
    void add(double p, boolean hit) {
        double c = Math.min(1.0, Math.max(0.0, p));
        int b = Cbpe.bin(c);
        n[b]++;
        if (hit) positive[b]++;
        sum[b].add(c);
    }

    void merge(CalibrationBins o) {
        for (int b = 0; b < Cbpe.BINS; b++) {
            n[b] += o.n[b];
            positive[b] += o.positive[b];
            sum[b].add(o.sum[b]);
        }
    }

    void writeTo(DataOutput out) throws IOException {
        for (int b = 0; b < Cbpe.BINS; b++) {
            out.writeLong(n[b]);
            out.writeLong(positive[b]);
            sum[b].writeTo(out);
        }
    }

    static CalibrationBins readFrom(DataInput in) throws IOException {
        CalibrationBins c = new CalibrationBins();
        for (int b = 0; b < Cbpe.BINS; b++) {
            c.n[b] = in.readLong();
            c.positive[b] = in.readLong();
            c.sum[b].readFrom(in);
        }
        return c;
    }

    /**
     * Expected calibration error (Guo et al. 2017): {@code Σ_b n_b/N · |mean confidence_b − hit share_b|}
     * = {@code Σ_b |S_b − P_b| / N}; null without labeled records.
     */
    Double ece() {
        long total = 0;
        double s = 0;
        for (int b = 0; b < Cbpe.BINS; b++) {
            total += n[b];
            s += Math.abs(sum[b].value() - positive[b]);
        }
        return total == 0 ? null : s / total;
    }

    /**
     * The 95 % interval of {@link #ece}: its standard error were the confidences calibrated, each outcome
     * a Bernoulli of its bin's mean confidence ({@code sqrt(Σ_b S_b (1 − S_b/n_b)) / N}), either side.
     */
    double[] interval(double ece) {
        long total = 0;
        double var = 0;
        for (int b = 0; b < Cbpe.BINS; b++) {
            if (n[b] == 0) continue;
            total += n[b];
            double s = sum[b].value();
            var += s * (1 - s / n[b]);
        }
        double se = Math.sqrt(Math.max(0, var)) / total;
        return new double[] {Math.max(0, ece - Intervals.Z * se), ece + Intervals.Z * se};
    }

    /** Per bin with labeled records: {@code [bin, n, mean confidence, hit share]}. */
    double[][] reliability() {
        List<double[]> out = new ArrayList<>();
        for (int b = 0; b < Cbpe.BINS; b++) {
            if (n[b] > 0) out.add(new double[] {b, n[b], sum[b].value() / n[b], (double) positive[b] / n[b]});
        }
        return out.toArray(double[][]::new);
    }

    void putKpis(KpiValues.Builder k) {
        Double e = ece();
        if (e != null) k.put(Kpi.ECE, e).interval(Kpi.ECE, interval(e));
    }
}
