package io.driftwatch.common.kpi;

/** Count, sum and maximum of the non-NaN values added; mean and max read as null when empty. */
public final class Moments {
    private long n;
    private double sum;
    private double max = Double.NEGATIVE_INFINITY;

    /** Adds a value; NaN means absent and is skipped. */
    public void add(double v) {
        if (Double.isNaN(v)) return;
        n++;
        sum += v;
        if (v > max) max = v;
    }

    public void merge(Moments other) {
        n += other.n;
        sum += other.sum;
        if (other.max > max) max = other.max;
    }

    public long count() {
        return n;
    }

    public Double mean() {
        return n == 0 ? null : sum / n;
    }

    public Double max() {
        return n == 0 ? null : max;
    }
}
