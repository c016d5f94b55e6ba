package io.driftwatch.common.kpi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Count, exact sum and maximum of the non-NaN values added; mean and max read as null when empty.
 * Results do not depend on the order of values or merges ({@link ExactSum}).
 */
public final class Moments {
    private long n;
    private final ExactSum sum = new ExactSum();
    private double max = Double.NEGATIVE_INFINITY;

    /** Adds a value; NaN means absent and is skipped. */
    public void add(double v) {
        if (Double.isNaN(v)) return;
        n++;
        sum.add(v);
        if (v > max) max = v;
    }

    public void merge(Moments other) {
        n += other.n;
        sum.add(other.sum);
        if (other.max > max) max = other.max;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(n);
        sum.writeTo(out);
        out.writeDouble(max);
    }

    void readFrom(DataInput in) throws IOException {
        n = in.readLong();
        sum.readFrom(in);
        max = in.readDouble();
    }

    public long count() {
        return n;
    }

    public Double mean() {
        return n == 0 ? null : sum.value() / n;
    }

    public Double max() {
        return n == 0 ? null : max;
    }
}
