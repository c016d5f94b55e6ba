package io.driftwatch.common.kpi;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;


/**
 * Mergeable state of the operational KPIs of one window: counts, errors, latency (mean, min and max
 * exact, quantiles from a sketch) and resource use. Absent values (NaN) are skipped; a KPI over no
 * values reads as null.
 *
 * <p>Latency quantiles come from DDSketch (Datadog's sketches-java), not from a KLL sketch: a
 * KLL sketch's answer depends on the order its values arrive in, and at parallelism above 1 that
 * order differs from run to run, so a re-run of the same range would not give identical results
 * (contract §3). DDSketch counts values in logarithmic buckets, so its state, and every quantile read
 * from it, is the same whatever the order and however partial states are merged. A quantile is
 * within {@link #LATENCY_RELATIVE_ACCURACY} (relative) of the true value; its rank error is at most
 * the share of values within that distance, under 1 % for any latency distribution whose log has a
 * standard deviation above 0.08 (a spread narrower than ±8 %). Memory: one 8-byte counter per
 * 0.2 % of value range in use (about 15 KB for latencies spread from 5 ms to 200 ms), at most
 * {@link #LATENCY_MAX_BINS} bins (the lowest latencies collapse first).
 *
 * <p>A window with at most {@link #EXACT_LATENCIES} latencies also keeps the values themselves, and
 * reads its quantiles from them exactly as numpy's default ({@code np.quantile(v, q)}, "linear":
 * the value at rank {@code q·(n−1)}, interpolated between its neighbours), so small windows give the
 * figures a user checks with numpy; larger ones the sketch's. The kept values cost 8 bytes each.
 */
public final class OperationalState {
    public static final double LATENCY_RELATIVE_ACCURACY = 0.001;
    public static final int LATENCY_MAX_BINS = 8192;
    /** Latencies kept as values, for exact quantiles in small windows (docs/guide/output.md, kpi_windows). */
    public static final int EXACT_LATENCIES = 1024;

    long count;
    long errors;
    private final Moments latency = new Moments();
    private DDSketch latencySketch;
    private double latencyMin = Double.POSITIVE_INFINITY;
    /** The latencies while there are at most EXACT_LATENCIES of them; null after. */
    private double[] values = new double[16];
    private int valueCount;
    private final Moments cpu = new Moments();
    private final Moments memory = new Moments();
    private final Moments gpu = new Moments();

    /** Adds one prediction. */
    public void add(boolean error, double latencyMs, double cpuPct, double memoryMb, double gpuPct) {
        count++;
        if (error) errors++;
        if (!Double.isNaN(latencyMs)) {
            latency.add(latencyMs);
            latencyMin = Math.min(latencyMin, latencyMs);
            if (latencySketch == null) latencySketch = newLatencySketch();
            latencySketch.accept(latencyMs);
            keep(latencyMs);
        }
        cpu.add(cpuPct);
        memory.add(memoryMb);
        gpu.add(gpuPct);
    }

    /** Adds everything of {@code other}. */
    public void merge(OperationalState other) {
        count += other.count;
        errors += other.errors;
        latency.merge(other.latency);
        latencyMin = Math.min(latencyMin, other.latencyMin);
        if (other.latencySketch != null) {
            if (latencySketch == null) latencySketch = newLatencySketch();
            latencySketch.mergeWith(other.latencySketch);
        }
        if (other.values == null) {
            values = null;
        } else {
            for (int i = 0; i < other.valueCount; i++) keep(other.values[i]);
        }
        cpu.merge(other.cpu);
        memory.merge(other.memory);
        gpu.merge(other.gpu);
    }

    private void keep(double v) {
        if (values == null) return;
        if (valueCount == EXACT_LATENCIES) {
            values = null;
            return;
        }
        if (valueCount == values.length) values = java.util.Arrays.copyOf(values, Math.min(EXACT_LATENCIES, valueCount * 2));
        values[valueCount++] = v;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeLong(errors);
        latency.writeTo(out);
        out.writeDouble(latencyMin);
        cpu.writeTo(out);
        memory.writeTo(out);
        gpu.writeTo(out);
        if (latencySketch == null) {
            out.writeInt(-1);
        } else {
            GrowingByteArrayOutput sketch = GrowingByteArrayOutput.withDefaultInitialCapacity();
            latencySketch.encode(sketch, false);
            out.writeInt(sketch.numWrittenBytes());
            out.write(sketch.backingArray(), 0, sketch.numWrittenBytes());
        }
        if (values == null) {
            out.writeInt(-1);
        } else {
            // sorted, so the bytes do not depend on the order values arrived in
            double[] sorted = java.util.Arrays.copyOf(values, valueCount);
            java.util.Arrays.sort(sorted);
            out.writeInt(valueCount);
            for (double v : sorted) out.writeDouble(v);
        }
    }

    static OperationalState readFrom(DataInput in, int format) throws IOException {
        OperationalState s = new OperationalState();
        s.count = in.readLong();
        s.errors = in.readLong();
        s.latency.readFrom(in, format);
        s.latencyMin = in.readDouble();
        s.cpu.readFrom(in, format);
        s.memory.readFrom(in, format);
        s.gpu.readFrom(in, format);
        int n = in.readInt();
        if (n >= 0) {
            byte[] bytes = new byte[n];
            in.readFully(bytes);
            s.latencySketch = newLatencySketch();
            s.latencySketch.decodeAndMergeWith(ByteArrayInput.wrap(bytes));
        }
        int kept = in.readInt();
        if (kept < 0) {
            s.values = null;
        } else {
            s.values = new double[Math.max(16, kept)];
            for (int i = 0; i < kept; i++) s.values[i] = in.readDouble();
            s.valueCount = kept;
        }
        return s;
    }

    public long count() {
        return count;
    }

    public long errors() {
        return errors;
    }

    /** error_count / prediction_count, null for an empty window. */
    public Double errorRate() {
        return count == 0 ? null : (double) errors / count;
    }

    /**
     * The order-statistic interval of latency quantile {@code q} ({@link Intervals#orderStatisticRanks}):
     * the values at those ranks, exact while the latencies are kept, else read from the sketch at ranks
     * {@code (r − 1)/(n − 1)} (within its 0.1 % relative accuracy); null with fewer than 2 latencies.
     */
    public double[] latencyQuantileInterval(double q) {
        long n = latency.count();
        if (n < 2 || latencySketch == null) return null;
        long[] ranks = Intervals.orderStatisticRanks(n, q);
        if (values != null && valueCount == n) {
            double[] sorted = java.util.Arrays.copyOf(values, valueCount);
            java.util.Arrays.sort(sorted);
            return new double[] {sorted[(int) ranks[0] - 1], sorted[(int) ranks[1] - 1]};
        }
        return new double[] {latencyQuantile((ranks[0] - 1) / (double) (n - 1)),
                latencyQuantile((ranks[1] - 1) / (double) (n - 1))};
    }

    /** The latency quantile {@code q} in [0, 1], within the observed min and max; null without latencies. */
    public Double latencyQuantile(double q) {
        if (latencySketch == null || latencySketch.isEmpty()) return null;
        if (q <= 0) return latencyMin;
        if (q >= 1) return latency.max();
        if (values != null && valueCount > 0) return numpyLinearQuantile(q);
        double v = latencySketch.getValueAtQuantile(q);
        return Math.max(latencyMin, Math.min(latency.max(), v));
    }

    /**
     * {@code np.quantile(values, q)} with numpy's default method: virtual index {@code (n−1)·q}, then
     * numpy's {@code _lerp} ({@code a + (b−a)·t}, or {@code b − (b−a)·(1−t)} from {@code t ≥ 0.5}), to the bit.
     */
    private double numpyLinearQuantile(double q) {
        double[] sorted = java.util.Arrays.copyOf(values, valueCount);
        java.util.Arrays.sort(sorted);
        double index = (valueCount - 1) * q;
        int lo = (int) Math.floor(index);
        if (lo >= valueCount - 1) return sorted[valueCount - 1];
        double t = index - lo;
        double a = sorted[lo], b = sorted[lo + 1], diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    private static DDSketch newLatencySketch() {
        return DDSketches.logarithmicCollapsingLowestDense(LATENCY_RELATIVE_ACCURACY, LATENCY_MAX_BINS);
    }

    public Moments latency() {
        return latency;
    }

    public Moments cpu() {
        return cpu;
    }

    public Moments memory() {
        return memory;
    }

    public Moments gpu() {
        return gpu;
    }
}
