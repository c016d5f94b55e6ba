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
 * (SPEC §3). DDSketch counts values in logarithmic buckets, so its state, and every quantile read
 * from it, is the same whatever the order and however partial states are merged. A quantile is
 * within {@link #LATENCY_RELATIVE_ACCURACY} (relative) of the true value; its rank error is at most
 * the share of values within that distance, under 1 % for any latency distribution whose log has a
 * standard deviation above 0.08 (a spread narrower than ±8 %). Memory: one 8-byte counter per
 * 0.2 % of value range in use (about 15 KB for latencies spread from 5 ms to 200 ms), at most
 * {@link #LATENCY_MAX_BINS} bins (the lowest latencies collapse first).
 */
public final class OperationalState {
    public static final double LATENCY_RELATIVE_ACCURACY = 0.001;
    public static final int LATENCY_MAX_BINS = 8192;

    long count;
    long errors;
    private final Moments latency = new Moments();
    private DDSketch latencySketch;
    private double latencyMin = Double.POSITIVE_INFINITY;
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
        cpu.merge(other.cpu);
        memory.merge(other.memory);
        gpu.merge(other.gpu);
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
    }

    static OperationalState readFrom(DataInput in) throws IOException {
        OperationalState s = new OperationalState();
        s.count = in.readLong();
        s.errors = in.readLong();
        s.latency.readFrom(in);
        s.latencyMin = in.readDouble();
        s.cpu.readFrom(in);
        s.memory.readFrom(in);
        s.gpu.readFrom(in);
        int n = in.readInt();
        if (n >= 0) {
            byte[] bytes = new byte[n];
            in.readFully(bytes);
            s.latencySketch = newLatencySketch();
            s.latencySketch.decodeAndMergeWith(ByteArrayInput.wrap(bytes));
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

    /** The latency quantile {@code q} in [0, 1], within the observed min and max; null without latencies. */
    public Double latencyQuantile(double q) {
        if (latencySketch == null || latencySketch.isEmpty()) return null;
        if (q <= 0) return latencyMin;
        if (q >= 1) return latency.max();
        double v = latencySketch.getValueAtQuantile(q);
        return Math.max(latencyMin, Math.min(latency.max(), v));
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
