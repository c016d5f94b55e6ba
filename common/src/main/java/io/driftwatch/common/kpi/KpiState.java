package io.driftwatch.common.kpi;

import io.driftwatch.common.io.ByteArrayDataInput;
import io.driftwatch.common.model.Observation;
import java.io.ByteArrayOutputStream;
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
    /**
     * 2 added the kept latencies of small windows; 3 the sums of squares behind the intervals; 4 the
     * counts per group of the sensitive attributes ({@link GroupCounts}), the first and last event
     * time and the endpoints; 5 the per-bin counts of binary models for estimated quality (Cbpe). 2 to 4
     * are still read.
     */
    private static final byte FORMAT = 6;

    private OperationalState ops = new OperationalState();
    private Task task;
    private QualityState quality;
    /** Counts per group of the model's fairness attributes; null when it has none (or is a regression). */
    private GroupCounts groups;
    /** The earliest and latest event time added ({@code model_versions.first_seen}, {@code last_seen}). */
    private long firstSeen = Long.MAX_VALUE, lastSeen = Long.MIN_VALUE;
    /** Predictions by the record's {@code endpoint} (canary, default; platforms' logs), or null without one. */
    private java.util.TreeMap<String, Long> endpoints;

    /** A multiclass model's one-vs-rest counts per class ({@link Cbpe}), or null. */
    public java.util.TreeMap<String, long[]> ovrCounts() {
        return quality instanceof MulticlassState m ? m.ovrCounts() : null;
    }

    /** A regression model's errors by prediction bin ({@link ErrorBins}), or null. */
    public ErrorBins errorBins() {
        return quality instanceof RegressionState r ? r.errorBins() : null;
    }

    /** A binary model's reliability diagram, or a multiclass model's top-class one; null otherwise. */
    public double[][] reliability() {
        return quality instanceof BinaryClassificationState b ? b.reliability()
                : quality instanceof MulticlassState m ? m.reliability() : null;
    }

    /** A binary model's per-bin counts for {@link Cbpe}, or null. */
    public long[] cbpeCounts() {
        return quality instanceof BinaryClassificationState b ? b.cbpeCounts() : null;
    }

    /** DeLong's variance of a binary model's ROC AUC ({@link RocAuc#delongVariance}), or null. */
    public Double rocAucVariance() {
        return quality instanceof BinaryClassificationState b ? b.rocAucVariance() : null;
    }

    /** The key prefix of a record's endpoint among its groups ({@code RecordParser}). */
    public static final String ENDPOINT = "__endpoint=";

    /**
     * Adds one prediction.
     *
     * @param threshold the model's binary decision threshold (ignored for other tasks)
     */
    public void add(Observation o, double threshold) {
        ops.add(o.error(), o.latencyMs(), o.cpuPct(), o.memoryMb(), o.gpuPct());
        firstSeen = Math.min(firstSeen, o.timestamp());
        lastSeen = Math.max(lastSeen, o.timestamp());
        String[] g = o.groups();
        if (g.length > 0 && g[g.length - 1].startsWith(ENDPOINT)) {
            if (endpoints == null) endpoints = new java.util.TreeMap<>();
            endpoints.merge(g[g.length - 1].substring(ENDPOINT.length()), 1L, Long::sum);
        }
        // a failed request without a prediction counts as a request and an error only
        if (!o.hasPrediction()) return;
        if (task == null) {
            task = o.task();
            quality = QualityState.of(task, threshold);
        }
        quality.add(o);
        if (o.groups().length == 0 || task == Task.REGRESSION) return;
        if (o.groups().length == 1 && endpoints != null && o.groups()[0].startsWith(ENDPOINT)) return;
        if (groups == null) groups = new GroupCounts();
        if (task == Task.BINARY_CLASSIFICATION) {
            groups.add(o.groups(), o.predictionNumber() >= threshold ? "1" : "0",
                    o.labeled() ? (o.labelNumber() == 1.0 ? "1" : "0") : null);
        } else {
            groups.add(o.groups(), o.predictionText(), o.labeled() ? o.labelText() : null);
        }
    }

    /** The earliest event time added, or null when empty. */
    public Long firstSeen() {
        return firstSeen == Long.MAX_VALUE ? null : firstSeen;
    }

    /** The latest event time added, or null when empty. */
    public Long lastSeen() {
        return lastSeen == Long.MIN_VALUE ? null : lastSeen;
    }

    /** The most frequent {@code endpoint} of the predictions (ties: the first by name), or null without one. */
    public String endpoint() {
        if (endpoints == null) return null;
        String best = null;
        long most = 0;
        for (java.util.Map.Entry<String, Long> e : endpoints.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    /** The counts per group of the fairness attributes ({@code fairness}), or null when none were added. */
    public GroupCounts groups() {
        return groups;
    }

    /** Adds everything of {@code other} (same key, so the same task). */
    public KpiState merge(KpiState other) {
        ops.merge(other.ops);
        if (other.groups != null) groups = groups == null ? other.groups : groups.merge(other.groups);
        firstSeen = Math.min(firstSeen, other.firstSeen);
        lastSeen = Math.max(lastSeen, other.lastSeen);
        if (other.endpoints != null) {
            if (endpoints == null) endpoints = new java.util.TreeMap<>();
            other.endpoints.forEach((k, v) -> endpoints.merge(k, v, Long::sum));
        }
        if (other.task == null) return this;
        if (task == null) {
            task = other.task;
            quality = other.quality;
        } else {
            quality.merge(other.quality);
        }
        return this;
    }

    /** The task of the predictions added, or null when none carried a prediction. */
    public Task task() {
        return task;
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
            if (task != null) quality.writeTo(out);
            out.writeBoolean(groups != null);
            if (groups != null) groups.writeTo(out);
            out.writeLong(firstSeen);
            out.writeLong(lastSeen);
            out.writeInt(endpoints == null ? -1 : endpoints.size());
            if (endpoints != null) {
                for (java.util.Map.Entry<String, Long> e : endpoints.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue());
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
            ByteArrayDataInput in = new ByteArrayDataInput(data);
            byte format = in.readByte();
            if (format < 2 || format > FORMAT) throw new IOException("unknown KPI state format " + format);
            int t = in.readByte();
            KpiState s = new KpiState();
            s.ops = OperationalState.readFrom(in, format);
            if (t >= 0) {
                s.task = Task.values()[t];
                s.quality = QualityState.readFrom(s.task, in, format);
            }
            if (format >= 4) {
                if (in.readBoolean()) s.groups = GroupCounts.readFrom(in);
                s.firstSeen = in.readLong();
                s.lastSeen = in.readLong();
                int n = in.readInt();
                if (n >= 0) {
                    s.endpoints = new java.util.TreeMap<>();
                    for (int i = 0; i < n; i++) s.endpoints.put(in.readUTF(), in.readLong());
                }
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The KPIs of the window; {@code windowMillis} is the span it covers, for throughput. */
    public KpiValues result(long windowMillis) {
        long n = ops.count();
        long labeled = quality == null ? 0 : quality.labeled();
        Moments lat = ops.latency();
        KpiValues.Builder k = KpiValues.builder(task == null ? null : task.configName())
                .cbpe(cbpeCounts()).errorBins(errorBins()).ovr(ovrCounts())
                .put(Kpi.PREDICTION_COUNT, n)
                .put(Kpi.ERROR_COUNT, ops.errors())
                .put(Kpi.ERROR_RATE, ops.errorRate())
                .put(Kpi.THROUGHPUT_PER_S, n / (windowMillis / 1000.0))
                .put(Kpi.LATENCY_MS_MEAN, lat.mean())
                .put(Kpi.LATENCY_MS_P50, ops.latencyQuantile(0.50))
                .put(Kpi.LATENCY_MS_P90, ops.latencyQuantile(0.90))
                .put(Kpi.LATENCY_MS_P95, ops.latencyQuantile(0.95))
                .put(Kpi.LATENCY_MS_P99, ops.latencyQuantile(0.99))
                .put(Kpi.LATENCY_MS_MAX, lat.max())
                .put(Kpi.LABELED_COUNT, labeled)
                .put(Kpi.LABEL_COVERAGE, n == 0 ? null : (double) labeled / n)
                .put(Kpi.CPU_PCT_MEAN, ops.cpu().mean())
                .put(Kpi.CPU_PCT_MAX, ops.cpu().max())
                .put(Kpi.MEMORY_MB_MEAN, ops.memory().mean())
                .put(Kpi.MEMORY_MB_MAX, ops.memory().max())
                .put(Kpi.GPU_PCT_MEAN, ops.gpu().mean());
        double seconds = windowMillis / 1000.0;
        double[] counts = Intervals.poisson(n);
        k.interval(Kpi.ERROR_RATE, Intervals.wilson(ops.errors(), n))
                .interval(Kpi.THROUGHPUT_PER_S, new double[] {counts[0] / seconds, counts[1] / seconds})
                .interval(Kpi.LATENCY_MS_MEAN, lat.interval())
                .interval(Kpi.LATENCY_MS_P50, ops.latencyQuantileInterval(0.50))
                .interval(Kpi.LATENCY_MS_P90, ops.latencyQuantileInterval(0.90))
                .interval(Kpi.LATENCY_MS_P95, ops.latencyQuantileInterval(0.95))
                .interval(Kpi.LATENCY_MS_P99, ops.latencyQuantileInterval(0.99))
                .interval(Kpi.LABEL_COVERAGE, Intervals.wilson(labeled, n))
                .interval(Kpi.CPU_PCT_MEAN, ops.cpu().interval())
                .interval(Kpi.MEMORY_MB_MEAN, ops.memory().interval())
                .interval(Kpi.GPU_PCT_MEAN, ops.gpu().interval());
        if (quality != null) quality.putKpis(k);
        return k.build();
    }
}
