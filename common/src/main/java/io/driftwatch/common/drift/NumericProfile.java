package io.driftwatch.common.drift;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import io.driftwatch.common.kpi.ExactSum;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * Mergeable profile of one numeric column in one window: count, missing, exact sum and sum of
 * squares, min, max, and a DDSketch of the values from which quantiles, the CDF and drift statistics
 * against another profile are read without the raw values.
 *
 * <p>DDSketch rather than a KLL sketch for the same reason as the latency quantiles: its state does
 * not depend on the order values arrive in, so profiles and drift are identical on re-runs at any
 * parallelism. Relative accuracy {@link #RELATIVE_ACCURACY}; at most {@link #MAX_BINS} bins per sign
 * (about 13 KB), enough for values spanning seven orders of magnitude; smaller magnitudes collapse
 * first. NaN and infinite values count as missing.
 */
public final class NumericProfile {
    public static final double RELATIVE_ACCURACY = 0.005;
    public static final int MAX_BINS = 1600;

    private long count;
    private long missing;
    private final ExactSum sum = new ExactSum();
    private final ExactSum sumOfSquares = new ExactSum();
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private final DDSketch sketch = DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS);
    private DistinctCounter distinct = new DistinctCounter();

    /** Adds a value; NaN or infinite counts as missing. */
    public void add(double v) {
        if (!Double.isFinite(v)) {
            missing++;
            return;
        }
        count++;
        sum.add(v);
        sumOfSquares.addProduct(v, v); // with the product's rounding error: exact

        if (v < min) min = v;
        if (v > max) max = v;
        sketch.accept(v);
        distinct.add(v);
    }

    /** Counts a missing value. */
    public void addMissing() {
        missing++;
    }

    public void merge(NumericProfile o) {
        count += o.count;
        missing += o.missing;
        sum.add(o.sum);
        sumOfSquares.add(o.sumOfSquares);
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
        sketch.mergeWith(o.sketch);
        distinct.merge(o.distinct);
    }

    /** Estimated number of distinct values (exact for small counts). */
    public long distinct() {
        return distinct.estimate();
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeLong(missing);
        sum.writeTo(out);
        sumOfSquares.writeTo(out);
        out.writeDouble(min);
        out.writeDouble(max);
        GrowingByteArrayOutput bytes = GrowingByteArrayOutput.withDefaultInitialCapacity();
        sketch.encode(bytes, false);
        out.writeInt(bytes.numWrittenBytes());
        out.write(bytes.backingArray(), 0, bytes.numWrittenBytes());
        distinct.writeTo(out);
    }

    static NumericProfile readFrom(DataInput in) throws IOException {
        NumericProfile p = new NumericProfile();
        p.count = in.readLong();
        p.missing = in.readLong();
        p.sum.readFrom(in);
        p.sumOfSquares.readFrom(in);
        p.min = in.readDouble();
        p.max = in.readDouble();
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        p.sketch.decodeAndMergeWith(ByteArrayInput.wrap(b));
        p.distinct = DistinctCounter.readFrom(in);
        return p;
    }

    public long count() {
        return count;
    }

    public long missing() {
        return missing;
    }

    public double mean() {
        return count == 0 ? Double.NaN : sum.value() / count;
    }

    /** Population standard deviation; NaN when empty. */
    public double std() {
        if (count == 0) return Double.NaN;
        ExactSum ss = sumOfSquares.copy();
        double s = sum.value();
        ss.add(-s * s / count);
        return Math.sqrt(Math.max(0, ss.value() / count));
    }

    public double min() {
        return count == 0 ? Double.NaN : min;
    }

    public double max() {
        return count == 0 ? Double.NaN : max;
    }

    /** The quantile {@code q} (0..1) within [min, max]; exact at 0 and 1; NaN when empty. */
    public double quantile(double q) {
        if (count == 0) return Double.NaN;
        if (q <= 0) return min;
        if (q >= 1) return max;
        return Math.max(min, Math.min(max, sketch.getValueAtQuantile(q)));
    }

    /**
     * The distribution the sketch describes, as sorted support points with cumulative counts (each
     * sketch bin read as lying at its representative value, clamped to [min, max]); for CDFs and
     * drift statistics. Empty when the profile is.
     */
    public Distribution distribution() {
        TreeMap<Double, Double> points = points();
        double[] values = new double[points.size()];
        double[] cumulative = new double[points.size()];
        int i = 0;
        double running = 0;
        for (var e : points.entrySet()) {
            values[i] = Math.max(min, Math.min(max, e.getKey()));
            running += e.getValue();
            cumulative[i++] = running;
        }
        return new Distribution(values, cumulative, running);
    }

    /** Support points and cumulative counts of a profile's sketch. */
    public record Distribution(double[] values, double[] cumulative, double total) {
        /** The share of values at or below {@code x}; NaN when empty. */
        public double cdf(double x) {
            if (total == 0) return Double.NaN;
            int lo = 0;
            int hi = values.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (values[mid] <= x) lo = mid + 1;
                else hi = mid;
            }
            return lo == 0 ? 0 : Math.min(1.0, cumulative[lo - 1] / total);
        }

        /** The share of values strictly below {@code x}; NaN when empty. */
        public double cdfBelow(double x) {
            if (total == 0) return Double.NaN;
            int lo = 0;
            int hi = values.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (values[mid] < x) lo = mid + 1;
                else hi = mid;
            }
            return lo == 0 ? 0 : Math.min(1.0, cumulative[lo - 1] / total);
        }

        /** The smallest support value whose CDF reaches {@code q} (inverted CDF); NaN when empty. */
        public double quantile(double q) {
            if (total == 0) return Double.NaN;
            double target = q * total;
            for (int i = 0; i < values.length; i++) {
                if (cumulative[i] >= target - 1e-9) return values[i];
            }
            return values[values.length - 1];
        }
    }

    /** The sketch's mass by representative value (negative values, zero, positive values). */
    TreeMap<Double, Double> points() {
        TreeMap<Double, Double> points = new TreeMap<>();
        IndexMapping mapping = sketch.getIndexMapping();
        Store negative = sketch.getNegativeValueStore();
        Store positive = sketch.getPositiveValueStore();
        for (Iterator<Bin> it = negative.getAscendingIterator(); it.hasNext(); ) {
            Bin b = it.next();
            points.merge(-mapping.value(b.getIndex()), b.getCount(), Double::sum);
        }
        double zeros = sketch.getCount() - negative.getTotalCount() - positive.getTotalCount();
        if (zeros > 0) points.merge(0.0, zeros, Double::sum);
        for (Iterator<Bin> it = positive.getAscendingIterator(); it.hasNext(); ) {
            Bin b = it.next();
            points.merge(mapping.value(b.getIndex()), b.getCount(), Double::sum);
        }
        return points;
    }
}
