package io.driftwatch.common.kpi;

import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Mergeable state of the operational KPIs of one window: counts, errors, latency (mean and max
 * exact, quantiles from a KLL sketch) and resource use. Absent values (NaN) are skipped; a KPI over
 * no values reads as null.
 */
public final class OperationalState {
    /**
     * KLL accuracy parameter for latency: normalized rank error about 0.65 % (single quantile,
     * 99 % confidence), inside the 1 % rank the SPEC asks; about 7 KB once it holds 10^5 values.
     */
    public static final int LATENCY_K = 400;

    long count;
    long errors;
    private final Moments latency = new Moments();
    private KllDoublesSketch latencySketch;
    private final Moments cpu = new Moments();
    private final Moments memory = new Moments();
    private final Moments gpu = new Moments();

    /** Adds one prediction. */
    public void add(boolean error, double latencyMs, double cpuPct, double memoryMb, double gpuPct) {
        count++;
        if (error) errors++;
        if (!Double.isNaN(latencyMs)) {
            latency.add(latencyMs);
            if (latencySketch == null) latencySketch = KllDoublesSketch.newHeapInstance(LATENCY_K);
            latencySketch.update(latencyMs);
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
        if (other.latencySketch != null) {
            if (latencySketch == null) latencySketch = KllDoublesSketch.newHeapInstance(LATENCY_K);
            latencySketch.merge(other.latencySketch);
        }
        cpu.merge(other.cpu);
        memory.merge(other.memory);
        gpu.merge(other.gpu);
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

    /** A latency quantile at normalized rank {@code rank} (inclusive search), null without latencies. */
    public Double latencyQuantile(double rank) {
        return latencySketch == null || latencySketch.isEmpty() ? null : latencySketch.getQuantile(rank);
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
