package io.driftwatch.common.kpi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Count, exact sum, exact sum of squares and maximum of the non-NaN values added; mean and max read as null when empty.
 * Results do not depend on the order of values or merges ({@link ExactSum}).
 */
public final class Moments {
    private long n;
    private final ExactSum sum = new ExactSum();
    private final ExactSum squares = new ExactSum();
    /** False for a state stored before squares were kept (KPI state format 2): no interval then. */
    private boolean squaresKnown = true;
    private double max = Double.NEGATIVE_INFINITY;

    /** Adds a value; NaN means absent and is skipped. */
    public void add(double v) {
        if (Double.isNaN(v)) return;
        n++;
        sum.add(v);
        squares.addProduct(v, v);
        if (v > max) max = v;
    }

    public void merge(Moments other) {
        n += other.n;
        sum.add(other.sum);
        squares.add(other.squares);
        squaresKnown &= other.squaresKnown;
        if (other.max > max) max = other.max;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(n);
        sum.writeTo(out);
        out.writeDouble(max);
        out.writeBoolean(squaresKnown);
        squares.writeTo(out);
    }

    /** Reads what {@link #writeTo} wrote in KPI state format {@code format}. */
    void readFrom(DataInput in, int format) throws IOException {
        n = in.readLong();
        sum.readFrom(in);
        max = in.readDouble();
        if (format >= 3) {
            squaresKnown = in.readBoolean();
            squares.readFrom(in);
        } else {
            squaresKnown = false;
        }
    }

    /** The mean's t interval ({@link Intervals#mean}), or null. */
    public double[] interval() {
        return squaresKnown ? Intervals.mean(n, sum.value(), squares.value()) : null;
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
