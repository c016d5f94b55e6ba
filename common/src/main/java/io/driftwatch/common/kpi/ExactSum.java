package io.driftwatch.common.kpi;

import io.driftwatch.common.drift.FixedSum;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A sum of doubles that is exact until it is read, so its value (the correctly rounded sum) does
 * not depend on the order values were added or partial sums merged. Plain {@code +=} gives
 * last-digit differences between runs at parallelism above 1, where the order differs; KPI tables
 * must be identical on re-runs (docs/reference/contract.md §3). The sum is held as a fixed-point
 * integer ({@link FixedSum}: each addition costs the same whatever the sum holds — Shewchuk's
 * partials, kept here before, cost a loop over them per value, and the KPI states add two to eight
 * values a record; bench/README.md "Exact sums"); its byte form is the greedy expansion of the exact
 * value, so it depends on the value alone. Hand-written because neither the JDK
 * ({@code DoubleStream.sum} is compensated, not exact) nor commons-math offers an exact, mergeable
 * sum. Non-finite values make the sum NaN or infinite as plain addition would.
 */
public final class ExactSum {
    private final FixedSum sum;

    public ExactSum() {
        this(new FixedSum());
    }

    private ExactSum(FixedSum sum) {
        this.sum = sum;
    }

    /** Adds a value. */
    public void add(double x) {
        sum.add(x);
    }

    /** Adds everything of {@code other}. */
    public void add(ExactSum other) {
        sum.add(other.sum);
    }

    /** An independent copy. */
    public ExactSum copy() {
        return new ExactSum(sum.copy());
    }

    /** Adds {@code x * y} exactly (the product's rounding error is added too). */
    public void addProduct(double x, double y) {
        double p = x * y;
        sum.add(p);
        if (Double.isFinite(p)) sum.add(Math.fma(x, y, -p));
    }

    /** The correctly rounded sum (ties to even, as Python's {@code math.fsum}). */
    public double value() {
        return sum.value();
    }

    /**
     * Writes the sum in a canonical form that depends only on its exact value: the special (non-finite)
     * part, then the greedy expansion — the rounded sum, then the rounded rest, and so on — so equal
     * sums have equal bytes.
     */
    public void writeTo(DataOutput out) throws IOException {
        double special = sum.finite() ? 0.0 : sum.value();
        double[] terms = new double[48]; // each term takes >= 53 bits of the at most 2100-bit exact value
        int n = 0;
        if (special == 0.0) {
            FixedSum rest = sum.copy();
            while (n < terms.length) {
                double hi = rest.value();
                if (hi == 0.0 || !Double.isFinite(hi)) break;
                terms[n++] = hi;
                rest.add(-hi);
            }
        }
        out.writeDouble(special);
        out.writeInt(n);
        for (int i = 0; i < n; i++) out.writeDouble(terms[i]);
    }

    /** Reads a sum written by {@link #writeTo} (its terms added exactly). */
    public void readFrom(DataInput in) throws IOException {
        sum.clear();
        sum.add(in.readDouble());
        int n = in.readInt();
        for (int i = 0; i < n; i++) sum.add(in.readDouble());
    }
}
