package io.driftwatch.common.kpi;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The KPIs of one window and key, as {@code kpi_windows} holds them (contract §5), by {@link Kpi}.
 * Null where a KPI is not defined for the window (no labels, no latencies, another task, a zero
 * denominator); counts are never null.
 *
 * <p>Held as one {@code double} per KPI (NaN: not defined; flags as 1/0) so that Flink ships it with
 * its own record serializer rather than Kryo; counts stay exact up to 2^53.
 *
 * @param task the task's config name, or null for a window without predictions of any task
 * @param values by {@link Kpi#ordinal()}; use {@link #get} and friends
 * @param intervals the sampling interval of each KPI ({@link Intervals}): low at {@code 2·ordinal},
 *     high at {@code 2·ordinal + 1}, NaN where none; use {@link #ciLow} and {@link #ciHigh}
 */
public record KpiValues(String task, double[] values, double[] intervals, long[] cbpe, byte[] errorBins,
        byte[] ovr) implements Serializable {

    /**
     * @param cbpe a binary model's per-bin counts behind estimated quality ({@link Cbpe}), or null
     * @param errorBins a regression model's errors by prediction bin ({@link ErrorBins}) as bytes, or null
     */
    public KpiValues(String task, double[] values, double[] intervals) {
        this(task, values, intervals, null, null, null);
    }

    /** A multiclass model's one-vs-rest counts per class ({@link Cbpe}), or null. */
    public java.util.TreeMap<String, long[]> ovrCounts() {
        return ovr == null ? null : io.driftwatch.common.io.ByteForms.fromBytes(ovr, MulticlassState::readOvr);
    }

    /** The regression errors by prediction bin, or null. */
    public ErrorBins errorBinsState() {
        return errorBins == null ? null : io.driftwatch.common.io.ByteForms.fromBytes(errorBins, ErrorBins::readFrom);
    }

    /** The KPI as stored: a {@code Long} (counts), {@code Double} (values), {@code Boolean} (flags) or null. */
    public Object get(Kpi k) {
        double v = values[k.ordinal()];
        if (Double.isNaN(v)) return k.kind() == Kpi.Kind.COUNT ? 0L : null;
        return switch (k.kind()) {
            case COUNT -> (long) v;
            case VALUE -> v;
            case FLAG -> v != 0;
        };
    }

    /** A count or value as a double, or null. */
    public Double value(Kpi k) {
        double v = values[k.ordinal()];
        return Double.isNaN(v) ? null : v;
    }

    /** A count. */
    public long count(Kpi k) {
        double v = values[k.ordinal()];
        return Double.isNaN(v) ? 0L : (long) v;
    }

    public Boolean flag(Kpi k) {
        double v = values[k.ordinal()];
        return Double.isNaN(v) ? null : v != 0;
    }

    /** The low end of the KPI's interval at {@link Intervals#LEVEL}, or null. */
    public Double ciLow(Kpi k) {
        double v = intervals[2 * k.ordinal()];
        return Double.isNaN(v) ? null : v;
    }

    /** The high end of the KPI's interval at {@link Intervals#LEVEL}, or null. */
    public Double ciHigh(Kpi k) {
        double v = intervals[2 * k.ordinal() + 1];
        return Double.isNaN(v) ? null : v;
    }

    /**
     * The KPI's interval at another confidence level, each side of the value scaled from the stored
     * one by {@code z/z₀.₉₅} (so an asymmetric interval stays asymmetric); null without an interval.
     */
    public double[] interval(Kpi k, double z) {
        Double v = value(k), lo = ciLow(k), hi = ciHigh(k);
        if (v == null || lo == null || hi == null) return null;
        double f = z / Intervals.Z;
        return new double[] {v - (v - lo) * f, v + (hi - v) * f};
    }

    /** How many observations a KPI's value stands on (predictions, or labeled predictions). */
    public long basisCount(Kpi k) {
        return count(k.basis() == Kpi.Basis.LABELS ? Kpi.LABELED_COUNT : Kpi.PREDICTION_COUNT);
    }

    public static Builder builder(String task) {
        return new Builder(task);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KpiValues v && java.util.Objects.equals(task, v.task) && Arrays.equals(values, v.values)
                && Arrays.equals(intervals, v.intervals);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * java.util.Objects.hashCode(task) + Arrays.hashCode(values)) + Arrays.hashCode(intervals);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("KpiValues{task=").append(task);
        for (Kpi k : Kpi.values()) {
            if (!Double.isNaN(values[k.ordinal()])) b.append(", ").append(k.column()).append('=').append(get(k));
        }
        return b.append('}').toString();
    }

    /** Collects the KPIs of a window; a KPI not put reads as null (a count as 0). */
    public static final class Builder {
        private final String task;
        private final double[] values = new double[Kpi.values().length];
        private final double[] intervals = new double[2 * Kpi.values().length];
        private long[] cbpe;
        private byte[] errorBins;
        private byte[] ovr;

        /** Puts a multiclass model's one-vs-rest counts per class. */
        public Builder ovr(java.util.TreeMap<String, long[]> counts) {
            ovr = counts == null ? null : io.driftwatch.common.io.ByteForms.toBytes(out -> MulticlassState.writeOvr(counts, out));
            return this;
        }

        /** Puts a regression model's errors by prediction bin ({@link ErrorBins}). */
        public Builder errorBins(ErrorBins bins) {
            errorBins = bins == null ? null : io.driftwatch.common.io.ByteForms.toBytes(bins::writeTo);
            return this;
        }

        private Builder(String task) {
            this.task = task;
            Arrays.fill(values, Double.NaN);
            Arrays.fill(intervals, Double.NaN);
        }

        /** Puts a KPI's interval ({low, high}, or null for none). */
        public Builder interval(Kpi k, double[] ci) {
            intervals[2 * k.ordinal()] = ci == null ? Double.NaN : ci[0];
            intervals[2 * k.ordinal() + 1] = ci == null ? Double.NaN : ci[1];
            return this;
        }

        /** Puts a KPI's interval from its two ends (either null: none). */
        public Builder interval(Kpi k, Double low, Double high) {
            return interval(k, low == null || high == null ? null : new double[] {low, high});
        }

        /** Puts a KPI; the value must be of the KPI's kind (a count as a long, a value as a double). */
        public Builder put(Kpi k, Object v) {
            double d = Double.NaN;
            if (v != null) {
                boolean fits = switch (k.kind()) {
                    case COUNT -> v instanceof Long;
                    case VALUE -> v instanceof Double;
                    case FLAG -> v instanceof Boolean;
                };
                if (!fits) throw new IllegalArgumentException(k.column() + ": " + v.getClass().getSimpleName());
                d = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
            }
            values[k.ordinal()] = d;
            return this;
        }

        /** Puts a binary model's per-bin counts ({@link Cbpe}). */
        public Builder cbpe(long[] counts) {
            cbpe = counts == null ? null : counts.clone();
            return this;
        }

        public KpiValues build() {
            return new KpiValues(task, values.clone(), intervals.clone(), cbpe, errorBins, ovr);
        }
    }
}
