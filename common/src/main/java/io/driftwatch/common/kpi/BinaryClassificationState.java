package io.driftwatch.common.kpi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Mergeable state of binary-classification KPIs. Predictions are scores (probability of the positive
 * class); predicted positive iff {@code score >= threshold}. Labels are 1.0 (positive) or 0.0.
 *
 * <p>Quality KPIs use labeled predictions only and read as null when no prediction is labeled;
 * precision/recall/f1 are null where their denominator is 0; roc_auc is null without both classes
 * among the labels. Log loss clips scores to [1e-15, 1 − 1e-15]. estimated_accuracy is the mean over
 * all predictions of the probability that the predicted class is right ({@code p} when predicted
 * positive, {@code 1 − p} otherwise, with {@code p} clipped to [0, 1]).
 */
public final class BinaryClassificationState implements QualityState {
    private static final double EPS = 1e-15;

    private final double threshold;
    private long predictions;
    private long predictedPositive;
    private final ExactSum scoreSum = new ExactSum();
    private final ExactSum confidenceSum = new ExactSum();
    private long tp, fp, tn, fn;
    private final ExactSum logLossSum = new ExactSum();
    private final ExactSum brierSum = new ExactSum();
    private RocAuc auc;
    /** Per score bin {@code [predicted positive, predicted negative, labeled, labeled positive]} ({@link Cbpe}); null when read from a state written before them. */
    private long[] cbpe = new long[4 * Cbpe.BINS];
    /** The labeled records by score, for ECE and the reliability diagram; null in a state written before it. */
    private CalibrationBins calibration = new CalibrationBins();
    /** Sums of squares of score, confidence, log loss and Brier terms, for the mean intervals. */
    private final ExactSum scoreSquares = new ExactSum();
    private final ExactSum confidenceSquares = new ExactSum();
    private final ExactSum logLossSquares = new ExactSum();
    private final ExactSum brierSquares = new ExactSum();
    /** False for a state stored before the squares were kept (format 2). */
    private boolean squaresKnown = true;

    public BinaryClassificationState(double threshold) {
        this(threshold, new RocAuc());
    }

    private BinaryClassificationState(double threshold, RocAuc auc) {
        this.threshold = threshold;
        this.auc = auc;
    }

    /** Adds a prediction; {@code label} is 1.0, 0.0, or NaN when unlabeled. */
    public void add(double score, double label) {
        predictions++;
        scoreSum.add(score);
        scoreSquares.addProduct(score, score);
        boolean predicted = score >= threshold;
        double p = Math.min(1.0, Math.max(0.0, score));
        if (predicted) predictedPositive++;
        int bin = Cbpe.bin(score);
        if (cbpe != null) {
            cbpe[4 * bin + (predicted ? 0 : 1)]++;
            if (!Double.isNaN(label)) {
                cbpe[4 * bin + 2]++;
                if (label == 1.0) cbpe[4 * bin + 3]++;
            }
        }
        double confidence = predicted ? p : 1.0 - p;
        confidenceSum.add(confidence);
        confidenceSquares.addProduct(confidence, confidence);
        if (Double.isNaN(label)) return;
        boolean actual = label == 1.0;
        if (calibration != null) calibration.add(p, actual);
        if (predicted && actual) tp++;
        else if (predicted) fp++;
        else if (actual) fn++;
        else tn++;
        double clipped = Math.min(1.0 - EPS, Math.max(EPS, score));
        double loss = actual ? -Math.log(clipped) : -Math.log(1.0 - clipped);
        logLossSum.add(loss);
        logLossSquares.addProduct(loss, loss);
        double d = score - label;
        brierSum.addProduct(d, d);
        brierSquares.addProduct(d * d, d * d);
        auc.add(score, actual);
    }

    public void merge(BinaryClassificationState o) {
        predictions += o.predictions;
        predictedPositive += o.predictedPositive;
        scoreSum.add(o.scoreSum);
        confidenceSum.add(o.confidenceSum);
        tp += o.tp;
        fp += o.fp;
        tn += o.tn;
        fn += o.fn;
        logLossSum.add(o.logLossSum);
        brierSum.add(o.brierSum);
        auc.merge(o.auc);
        if (cbpe != null && o.cbpe != null) {
            for (int i = 0; i < cbpe.length; i++) cbpe[i] += o.cbpe[i];
        } else {
            cbpe = null; // a part without the counts: no estimate rather than a wrong one
        }
        if (calibration != null && o.calibration != null) {
            calibration.merge(o.calibration);
        } else {
            calibration = null;
        }
        for (int i = 0; i < squares().length; i++) squares()[i].add(o.squares()[i]);
        squaresKnown &= o.squaresKnown;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeDouble(threshold);
        for (long v : new long[] {predictions, predictedPositive, tp, fp, tn, fn}) out.writeLong(v);
        for (ExactSum v : new ExactSum[] {scoreSum, confidenceSum, logLossSum, brierSum}) v.writeTo(out);
        auc.writeTo(out);
        out.writeBoolean(squaresKnown);
        for (ExactSum v : squares()) v.writeTo(out);
        out.writeBoolean(cbpe != null);
        if (cbpe != null) for (long v : cbpe) out.writeLong(v);
        out.writeBoolean(calibration != null);
        if (calibration != null) calibration.writeTo(out);
    }

    /**
     * The reliability diagram: per score bin with labels {@code [bin, n, mean score, positive share]}
     * ({@link CalibrationBins}); null in a state written before it.
     */
    public double[][] reliability() {
        return calibration == null ? null : calibration.reliability();
    }

    /** Expected calibration error of the positive class's score ({@link CalibrationBins#ece}), or null. */
    public Double ece() {
        return calibration == null ? null : calibration.ece();
    }

    /** The per-bin counts behind {@link Cbpe}, or null (a state written before them). */
    public long[] cbpeCounts() {
        return cbpe;
    }

    private ExactSum[] squares() {
        return new ExactSum[] {scoreSquares, confidenceSquares, logLossSquares, brierSquares};
    }

    static BinaryClassificationState readFrom(DataInput in, int format) throws IOException {
        BinaryClassificationState s = new BinaryClassificationState(in.readDouble(), null);
        s.predictions = in.readLong();
        s.predictedPositive = in.readLong();
        s.tp = in.readLong();
        s.fp = in.readLong();
        s.tn = in.readLong();
        s.fn = in.readLong();
        s.scoreSum.readFrom(in);
        s.confidenceSum.readFrom(in);
        s.logLossSum.readFrom(in);
        s.brierSum.readFrom(in);
        s.auc = RocAuc.readFrom(in);
        if (format >= 3) {
            s.squaresKnown = in.readBoolean();
            for (ExactSum v : s.squares()) v.readFrom(in);
        } else {
            s.squaresKnown = false;
        }
        s.cbpe = null;
        if (format >= 5 && in.readBoolean()) {
            s.cbpe = new long[4 * Cbpe.BINS];
            for (int i = 0; i < s.cbpe.length; i++) s.cbpe[i] = in.readLong();
        }
        s.calibration = format >= 6 && in.readBoolean() ? CalibrationBins.readFrom(in) : null;
        return s;
    }

    @Override
    public long labeled() {
        return tp + fp + tn + fn;
    }

    public Double accuracy() {
        return ratio(tp + tn, labeled());
    }

    public Double precision() {
        return ratio(tp, tp + fp);
    }

    public Double recall() {
        return ratio(tp, tp + fn);
    }

    public Double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    public Double rocAuc() {
        return auc.value();
    }

    /** DeLong's variance of roc_auc ({@link RocAuc#delongVariance}), or null. */
    public Double rocAucVariance() {
        return auc.delongVariance();
    }

    /** True while roc_auc is exact (see {@link RocAuc}). */
    public boolean rocAucExact() {
        return auc.isExact();
    }

    public Double logLoss() {
        return labeled() == 0 ? null : logLossSum.value() / labeled();
    }

    public Double brier() {
        return labeled() == 0 ? null : brierSum.value() / labeled();
    }

    public Double estimatedAccuracy() {
        return predictions == 0 ? null : confidenceSum.value() / predictions;
    }

    public Double meanPrediction() {
        return predictions == 0 ? null : scoreSum.value() / predictions;
    }

    public Double positiveRate() {
        return ratio(predictedPositive, predictions);
    }

    public Double labelPositiveRate() {
        return ratio(tp + fn, labeled());
    }

    static Double ratio(long num, long den) {
        return den == 0 ? null : (double) num / den;
    }

    @Override
    public void merge(QualityState other) {
        merge((BinaryClassificationState) other);
    }

    @Override
    public void add(io.driftwatch.common.model.Observation o) {
        add(o.predictionNumber(), o.labeled() ? o.labelNumber() : Double.NaN);
    }

    @Override
    public void putKpis(KpiValues.Builder k) {
        Double auc = rocAuc();
        k.put(Kpi.ACCURACY, accuracy()).put(Kpi.PRECISION, precision()).put(Kpi.RECALL, recall()).put(Kpi.F1, f1())
                .put(Kpi.ROC_AUC, auc).put(Kpi.ROC_AUC_EXACT, auc == null ? null : rocAucExact())
                .put(Kpi.LOG_LOSS, logLoss()).put(Kpi.BRIER, brier()).put(Kpi.ESTIMATED_ACCURACY, estimatedAccuracy())
                .put(Kpi.MEAN_PREDICTION, meanPrediction()).put(Kpi.POSITIVE_RATE, positiveRate())
                .put(Kpi.LABEL_POSITIVE_RATE, labelPositiveRate());
        if (calibration != null) calibration.putKpis(k);
        long n = labeled();
        k.interval(Kpi.ACCURACY, Intervals.wilson(tp + tn, n)).interval(Kpi.PRECISION, Intervals.wilson(tp, tp + fp))
                .interval(Kpi.RECALL, Intervals.wilson(tp, tp + fn))
                .interval(Kpi.POSITIVE_RATE, Intervals.wilson(predictedPositive, predictions))
                .interval(Kpi.LABEL_POSITIVE_RATE, Intervals.wilson(tp + fn, n))
                .interval(Kpi.ROC_AUC, auc == null ? null : Intervals.hanleyMcNeil(auc, tp + fn, fp + tn));
        Double f1 = f1();
        if (f1 != null) {
            // F1 = 2a/(2a + b + c) over the shares a, b, c, d of tp, fp, fn, tn: its gradient
            double a = (double) tp / n, b = (double) fp / n, c = (double) fn / n, den = 2 * a + b + c;
            double ga = 2 * (b + c) / (den * den), gbc = -2 * a / (den * den);
            k.interval(Kpi.F1, Intervals.delta(f1, new double[] {a, b, c}, new double[] {ga, gbc, gbc}, n));
        }
        if (squaresKnown) {
            k.interval(Kpi.LOG_LOSS, Intervals.mean(n, logLossSum.value(), logLossSquares.value()))
                    .interval(Kpi.BRIER, Intervals.mean(n, brierSum.value(), brierSquares.value()))
                    .interval(Kpi.ESTIMATED_ACCURACY, Intervals.mean(predictions, confidenceSum.value(),
                            confidenceSquares.value()))
                    .interval(Kpi.MEAN_PREDICTION, Intervals.mean(predictions, scoreSum.value(), scoreSquares.value()));
        }
    }
}
