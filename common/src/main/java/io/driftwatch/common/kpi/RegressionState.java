package io.driftwatch.common.kpi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Mergeable state of regression KPIs over labeled predictions: MAE, RMSE, MAPE (as a fraction,
 * skipping labels equal to 0, as scikit-learn's {@code mean_absolute_percentage_error} but without
 * its epsilon), and R² = 1 − SS_res/SS_tot. R² is null with fewer than 2 labels or constant labels.
 *
 * <p>All sums are exact ({@link ExactSum}, squares through exact products), so results do not
 * depend on the order of records or merges. SS_tot is Σy² − (Σy)²/n from exact sums; its relative
 * error is about 1e-16 · Σy²/SS_tot, negligible unless the labels' mean is many orders of magnitude
 * larger than their spread.
 */
public final class RegressionState implements QualityState {
    private long predictions;
    private final ExactSum predictionSum = new ExactSum();
    private long labeled;
    private final ExactSum absErrorSum = new ExactSum();
    private final ExactSum squaredErrorSum = new ExactSum();
    private long apeCount;
    private final ExactSum apeSum = new ExactSum();
    private final ExactSum labelSum = new ExactSum();
    private final ExactSum labelSquareSum = new ExactSum();
    /** Sums of squares of predictions, of squared errors and of absolute percentage errors (intervals). */
    private final ExactSum predictionSquares = new ExactSum();
    private final ExactSum squaredErrorSquares = new ExactSum();
    private final ExactSum apeSquares = new ExactSum();
    /** False for a state stored before those were kept (format 2). */
    private boolean squaresKnown = true;
    /** Errors by prediction bin, for the estimate without labels ({@link ErrorBins}); null when read from format < 5. */
    private ErrorBins errorBins = new ErrorBins();

    /** Adds a prediction; {@code label} is NaN when unlabeled. */
    public void add(double prediction, double label) {
        predictions++;
        predictionSum.add(prediction);
        predictionSquares.addProduct(prediction, prediction);
        if (errorBins != null) errorBins.add(prediction, label);
        if (Double.isNaN(label)) return;
        labeled++;
        double err = prediction - label;
        absErrorSum.add(Math.abs(err));
        squaredErrorSum.addProduct(err, err);
        squaredErrorSquares.addProduct(err * err, err * err);
        if (label != 0) {
            apeCount++;
            double ape = Math.abs(err / label);
            apeSum.add(ape);
            apeSquares.addProduct(ape, ape);
        }
        labelSum.add(label);
        labelSquareSum.addProduct(label, label);
    }

    public void merge(RegressionState o) {
        predictions += o.predictions;
        predictionSum.add(o.predictionSum);
        labeled += o.labeled;
        absErrorSum.add(o.absErrorSum);
        squaredErrorSum.add(o.squaredErrorSum);
        apeCount += o.apeCount;
        apeSum.add(o.apeSum);
        labelSum.add(o.labelSum);
        labelSquareSum.add(o.labelSquareSum);
        predictionSquares.add(o.predictionSquares);
        squaredErrorSquares.add(o.squaredErrorSquares);
        apeSquares.add(o.apeSquares);
        squaresKnown &= o.squaresKnown;
        if (errorBins != null && o.errorBins != null) errorBins.merge(o.errorBins);
        else errorBins = null; // a part without them: no estimate rather than a wrong one
    }

    /** The errors by prediction bin, or null (a state written before them). */
    public ErrorBins errorBins() {
        return errorBins;
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(predictions);
        out.writeLong(labeled);
        out.writeLong(apeCount);
        for (ExactSum s : sums()) s.writeTo(out);
        out.writeBoolean(squaresKnown);
        for (ExactSum s : squares()) s.writeTo(out);
        out.writeBoolean(errorBins != null);
        if (errorBins != null) errorBins.writeTo(out);
    }

    private ExactSum[] squares() {
        return new ExactSum[] {predictionSquares, squaredErrorSquares, apeSquares};
    }

    static RegressionState readFrom(DataInput in, int format) throws IOException {
        RegressionState s = new RegressionState();
        s.predictions = in.readLong();
        s.labeled = in.readLong();
        s.apeCount = in.readLong();
        for (ExactSum sum : s.sums()) sum.readFrom(in);
        if (format >= 3) {
            s.squaresKnown = in.readBoolean();
            for (ExactSum sum : s.squares()) sum.readFrom(in);
        } else {
            s.squaresKnown = false;
        }
        s.errorBins = format >= 5 && in.readBoolean() ? ErrorBins.readFrom(in) : null;
        return s;
    }

    private ExactSum[] sums() {
        return new ExactSum[] {predictionSum, absErrorSum, squaredErrorSum, apeSum, labelSum, labelSquareSum};
    }

    @Override
    public long labeled() {
        return labeled;
    }

    public Double mae() {
        return labeled == 0 ? null : absErrorSum.value() / labeled;
    }

    public Double rmse() {
        return labeled == 0 ? null : Math.sqrt(squaredErrorSum.value() / labeled);
    }

    public Double mape() {
        return apeCount == 0 ? null : apeSum.value() / apeCount;
    }

    public Double r2() {
        if (labeled < 2) return null;
        double s = labelSum.value();
        ExactSum ssTot = labelSquareSum.copy();
        double q = s * s;
        ssTot.add(-q / labeled);
        ssTot.add(-Math.fma(s, s, -q) / labeled);
        double total = ssTot.value();
        if (!(total > 0)) return null;
        return 1.0 - squaredErrorSum.value() / total;
    }

    public Double meanPrediction() {
        return predictions == 0 ? null : predictionSum.value() / predictions;
    }

    @Override
    public void merge(QualityState other) {
        merge((RegressionState) other);
    }

    @Override
    public void add(io.driftwatch.common.model.Observation o) {
        add(o.predictionNumber(), o.labeled() ? o.labelNumber() : Double.NaN);
    }

    @Override
    public void putKpis(KpiValues.Builder k) {
        k.put(Kpi.MAE, mae()).put(Kpi.RMSE, rmse()).put(Kpi.MAPE, mape()).put(Kpi.R2, r2())
                .put(Kpi.MEAN_PREDICTION, meanPrediction());
        if (!squaresKnown) return;
        double mse = squaredErrorSum.value();
        // MAE's values are |e|, whose squares sum to the squared errors' sum
        k.interval(Kpi.MAE, Intervals.mean(labeled, absErrorSum.value(), mse))
                .interval(Kpi.MAPE, Intervals.mean(apeCount, apeSum.value(), apeSquares.value()))
                .interval(Kpi.MEAN_PREDICTION, Intervals.mean(predictions, predictionSum.value(), predictionSquares.value()));
        double[] m = Intervals.mean(labeled, mse, squaredErrorSquares.value());
        if (m != null) k.interval(Kpi.RMSE, new double[] {Math.sqrt(Math.max(0, m[0])), Math.sqrt(m[1])});
    }
}
