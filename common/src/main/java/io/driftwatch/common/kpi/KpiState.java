package io.driftwatch.common.kpi;

import io.driftwatch.common.model.Observation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.driftwatch.common.model.Task;

/**
 * The mergeable state behind one row of {@code kpi_windows}: operational KPIs plus the quality KPIs
 * of the model's task. Maps one to one onto Flink's {@code AggregateFunction}: {@link #add},
 * {@link #merge}, {@link #result}.
 *
 * <p>The task is fixed by the first observation added (all observations of a key share a model and
 * so a task); an empty state reads as a window with 0 predictions and null KPIs.
 */
public final class KpiState {
    /** 2 added the kept latencies of small windows. */
    private static final byte FORMAT = 2;

    private OperationalState ops = new OperationalState();
    private Task task;
    private BinaryClassificationState binary;
    private MulticlassState multiclass;
    private RegressionState regression;

    /**
     * Adds one prediction.
     *
     * @param threshold the model's binary decision threshold (ignored for other tasks)
     */
    public void add(Observation o, double threshold) {
        ops.add(o.error(), o.latencyMs(), o.cpuPct(), o.memoryMb(), o.gpuPct());
        // a failed request without a prediction counts as a request and an error only
        if (!o.hasPrediction()) return;
        if (task == null) init(o.task(), threshold);
        switch (task) {
            case BINARY_CLASSIFICATION -> binary.add(o.predictionNumber(), o.labeled() ? o.labelNumber() : Double.NaN);
            case MULTICLASS_CLASSIFICATION -> multiclass.add(o.predictionText(), o.labeled() ? o.labelText() : null);
            case REGRESSION -> regression.add(o.predictionNumber(), o.labeled() ? o.labelNumber() : Double.NaN);
        }
    }

    /** Adds everything of {@code other} (same key, so the same task). */
    public KpiState merge(KpiState other) {
        ops.merge(other.ops);
        if (other.task == null) return this;
        if (task == null) {
            task = other.task;
            binary = other.binary;
            multiclass = other.multiclass;
            regression = other.regression;
            return this;
        }
        switch (task) {
            case BINARY_CLASSIFICATION -> binary.merge(other.binary);
            case MULTICLASS_CLASSIFICATION -> multiclass.merge(other.multiclass);
            case REGRESSION -> regression.merge(other.regression);
        }
        return this;
    }

    private void init(Task t, double threshold) {
        task = t;
        switch (t) {
            case BINARY_CLASSIFICATION -> binary = new BinaryClassificationState(threshold);
            case MULTICLASS_CLASSIFICATION -> multiclass = new MulticlassState();
            case REGRESSION -> regression = new RegressionState();
        }
    }

    /**
     * The state as bytes, to ship partial states between operators and to store them (a versioned
     * format: {@link #fromBytes} reads what this wrote).
     */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeByte(task == null ? -1 : task.ordinal());
            ops.writeTo(out);
            if (task != null) {
                switch (task) {
                    case BINARY_CLASSIFICATION -> binary.writeTo(out);
                    case MULTICLASS_CLASSIFICATION -> multiclass.writeTo(out);
                    case REGRESSION -> regression.writeTo(out);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a state written by {@link #toBytes}. */
    public static KpiState fromBytes(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            byte format = in.readByte();
            if (format != FORMAT) throw new IOException("unknown KPI state format " + format);
            int t = in.readByte();
            KpiState s = new KpiState();
            s.ops = OperationalState.readFrom(in);
            if (t >= 0) {
                s.task = Task.values()[t];
                switch (s.task) {
                    case BINARY_CLASSIFICATION -> s.binary = BinaryClassificationState.readFrom(in);
                    case MULTICLASS_CLASSIFICATION -> s.multiclass = MulticlassState.readFrom(in);
                    case REGRESSION -> s.regression = RegressionState.readFrom(in);
                }
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The KPIs of the window; {@code windowMillis} is the window length, for throughput. */
    public KpiValues result(long windowMillis) {
        long n = ops.count();
        long labeled = task == null ? 0 : switch (task) {
            case BINARY_CLASSIFICATION -> binary.labeled();
            case MULTICLASS_CLASSIFICATION -> multiclass.labeled();
            case REGRESSION -> regression.labeled();
        };
        Double accuracy = null, precision = null, recall = null, f1 = null, auc = null, logLoss = null,
                brier = null, estimated = null, mae = null, rmse = null, mape = null, r2 = null,
                meanPrediction = null, positiveRate = null, labelPositiveRate = null;
        Boolean aucExact = null;
        if (task == Task.BINARY_CLASSIFICATION) {
            accuracy = binary.accuracy();
            precision = binary.precision();
            recall = binary.recall();
            f1 = binary.f1();
            auc = binary.rocAuc();
            aucExact = auc == null ? null : binary.rocAucExact();
            logLoss = binary.logLoss();
            brier = binary.brier();
            estimated = binary.estimatedAccuracy();
            meanPrediction = binary.meanPrediction();
            positiveRate = binary.positiveRate();
            labelPositiveRate = binary.labelPositiveRate();
        } else if (task == Task.MULTICLASS_CLASSIFICATION) {
            accuracy = multiclass.accuracy();
            precision = multiclass.precision();
            recall = multiclass.recall();
            f1 = multiclass.f1();
        } else if (task == Task.REGRESSION) {
            mae = regression.mae();
            rmse = regression.rmse();
            mape = regression.mape();
            r2 = regression.r2();
            meanPrediction = regression.meanPrediction();
        }
        Moments lat = ops.latency();
        return new KpiValues(
                task == null ? null : task.configName(),
                n,
                ops.errors(),
                ops.errorRate(),
                n / (windowMillis / 1000.0),
                lat.mean(),
                ops.latencyQuantile(0.50),
                ops.latencyQuantile(0.90),
                ops.latencyQuantile(0.95),
                ops.latencyQuantile(0.99),
                lat.max(),
                labeled,
                n == 0 ? null : (double) labeled / n,
                accuracy, precision, recall, f1, auc, aucExact, logLoss, brier, estimated,
                mae, rmse, mape, r2, meanPrediction, positiveRate, labelPositiveRate,
                ops.cpu().mean(), ops.cpu().max(), ops.memory().mean(), ops.memory().max(), ops.gpu().mean());
    }
}
