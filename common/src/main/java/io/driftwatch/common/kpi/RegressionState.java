package io.driftwatch.common.kpi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Mergeable state of regression KPIs over labeled predictions: MAE, RMSE, MAPE (as a fraction,
 * skipping labels equal to 0, as scikit-learn's {@code mean_absolute_percentage_error} but without
 * its epsilon), and R² = 1 − SS_res/SS_tot. The label variance is kept with Welford/Chan updates so
 * that merging stays numerically stable. R² is null with fewer than 2 labels or constant labels.
 */
public final class RegressionState {
    private long predictions;
    private double predictionSum;
    private long labeled;
    private double absErrorSum;
    private double squaredErrorSum;
    private long apeCount;
    private double apeSum;
    private double labelMean;
    private double labelM2;

    /** Adds a prediction; {@code label} is NaN when unlabeled. */
    public void add(double prediction, double label) {
        predictions++;
        predictionSum += prediction;
        if (Double.isNaN(label)) return;
        labeled++;
        double err = prediction - label;
        absErrorSum += Math.abs(err);
        squaredErrorSum += err * err;
        if (label != 0) {
            apeCount++;
            apeSum += Math.abs(err / label);
        }
        double delta = label - labelMean;
        labelMean += delta / labeled;
        labelM2 += delta * (label - labelMean);
    }

    public void merge(RegressionState o) {
        predictions += o.predictions;
        predictionSum += o.predictionSum;
        if (o.labeled > 0) {
            long n = labeled + o.labeled;
            double delta = o.labelMean - labelMean;
            labelM2 += o.labelM2 + delta * delta * ((double) labeled * o.labeled / n);
            labelMean += delta * o.labeled / n;
            labeled = n;
        }
        absErrorSum += o.absErrorSum;
        squaredErrorSum += o.squaredErrorSum;
        apeCount += o.apeCount;
        apeSum += o.apeSum;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(predictions);
        out.writeLong(labeled);
        out.writeLong(apeCount);
        for (double v : new double[] {predictionSum, absErrorSum, squaredErrorSum, apeSum, labelMean, labelM2}) {
            out.writeDouble(v);
        }
    }

    static RegressionState readFrom(DataInput in) throws IOException {
        RegressionState s = new RegressionState();
        s.predictions = in.readLong();
        s.labeled = in.readLong();
        s.apeCount = in.readLong();
        s.predictionSum = in.readDouble();
        s.absErrorSum = in.readDouble();
        s.squaredErrorSum = in.readDouble();
        s.apeSum = in.readDouble();
        s.labelMean = in.readDouble();
        s.labelM2 = in.readDouble();
        return s;
    }

    public long labeled() {
        return labeled;
    }

    public Double mae() {
        return labeled == 0 ? null : absErrorSum / labeled;
    }

    public Double rmse() {
        return labeled == 0 ? null : Math.sqrt(squaredErrorSum / labeled);
    }

    public Double mape() {
        return apeCount == 0 ? null : apeSum / apeCount;
    }

    public Double r2() {
        if (labeled < 2 || labelM2 <= 0) return null;
        return 1.0 - squaredErrorSum / labelM2;
    }

    public Double meanPrediction() {
        return predictions == 0 ? null : predictionSum / predictions;
    }
}
