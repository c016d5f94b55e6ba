package io.driftwatch.common.kpi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A sum of doubles that is exact until it is read, so its value (the correctly rounded sum) does
 * not depend on the order values were added or partial sums merged. Plain {@code +=} gives
 * last-digit differences between runs at parallelism above 1, where the order differs; KPI tables
 * must be identical on re-runs (contract §3). Shewchuk's algorithm (as Python's {@code math.fsum}):
 * the sum is kept as a few non-overlapping partials, each addition is a handful of exact
 * two-sums. Hand-written because neither the JDK ({@code DoubleStream.sum} is compensated, not
 * exact) nor commons-math offers an exact, mergeable sum. Non-finite values make the sum NaN or
 * infinite as plain addition would.
 */
public final class ExactSum {
    private double[] partials = new double[4];
    private int size;
    private double special; // running sum of non-finite values (NaN/inf), 0 when none

    /** Adds a value. */
    public void add(double x) {
        if (!Double.isFinite(x)) {
            special += x;
            return;
        }
        int i = 0;
        for (int j = 0; j < size; j++) {
            double y = partials[j];
            if (Math.abs(x) < Math.abs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) partials[i++] = lo;
            x = hi;
        }
        if (i == partials.length) partials = Arrays.copyOf(partials, i * 2);
        partials[i] = x;
        size = i + 1;
    }

    /** Adds everything of {@code other}. */
    public void add(ExactSum other) {
        for (int j = 0; j < other.size; j++) add(other.partials[j]);
        special += other.special;
    }

    /** An independent copy. */
    public ExactSum copy() {
        ExactSum c = new ExactSum();
        c.partials = Arrays.copyOf(partials, Math.max(4, size));
        c.size = size;
        c.special = special;
        return c;
    }

    /** Adds {@code x * y} exactly (the product's rounding error is added too). */
    public void addProduct(double x, double y) {
        double p = x * y;
        add(p);
        if (Double.isFinite(p)) add(Math.fma(x, y, -p));
    }

    /** The correctly rounded sum. */
    public double value() {
        if (special != 0.0 || Double.isNaN(special)) return special;
        if (size == 0) return 0.0;
        int n = size - 1;
        double hi = partials[n];
        double lo = 0.0;
        while (n > 0) {
            double x = hi;
            double y = partials[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) break;
        }
        // round half to even across the remaining partials, as fsum does
        if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            if (y == x - hi) hi = x;
        }
        return hi;
    }

    /**
     * Writes the sum in a canonical form that depends only on its exact value (not on the order of
     * additions, which shapes the partials): the greedy expansion — the rounded sum, then the
     * rounded rest, and so on — so equal sums have equal bytes.
     */
    public void writeTo(DataOutput out) throws IOException {
        ExactSum rest = copy();
        double[] terms = new double[48]; // each term takes >= 53 bits of the at most 2100-bit exact value
        int n = 0;
        while (n < terms.length) {
            double hi = rest.value();
            if (hi == 0.0 || !Double.isFinite(hi)) break;
            terms[n++] = hi;
            rest.add(-hi);
        }
        out.writeDouble(special);
        out.writeInt(n);
        for (int i = 0; i < n; i++) out.writeDouble(terms[i]);
    }

    /**
     * Reads a sum written by {@link #writeTo}. The canonical terms come largest first; the partials
     * are kept smallest first (the order {@link #add} and {@link #value} rely on), so they are stored
     * reversed — read in the written order, a merged sum could be rounded wrongly and its canonical
     * bytes differ between runs that merged in another order.
     */
    public void readFrom(DataInput in) throws IOException {
        special = in.readDouble();
        size = in.readInt();
        partials = new double[Math.max(4, size)];
        for (int i = size - 1; i >= 0; i--) partials[i] = in.readDouble();
    }
}
