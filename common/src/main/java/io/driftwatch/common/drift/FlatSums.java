package io.driftwatch.common.drift;

import java.util.Arrays;

/**
 * Many {@link FixedSum}s accumulated side by side in one array, for the hot path of {@link CoMoments}:
 * each sum gets a window of {@link #W} 32-bit digits placed at its first value's exponent (two digits
 * below it, one above), so a record's d(d+1)/2 additions touch one contiguous array instead of as
 * many objects; a value outside its sum's window goes to a {@link FixedSum} of its own. Every
 * {@link #CARRY_EVERY} additions, and before the sums are read, the windows are added into the
 * target {@link FixedSum}s exactly ({@link #flushInto}). Measured in bench/README.md.
 */
final class FlatSums {
    static final int W = 6;
    private static final int UNSET = Integer.MIN_VALUE;
    private static final int CARRY_EVERY = 1 << 27;

    private final long[] digits;
    private final int[] lo;
    private final FixedSum[] overflow;
    private int adds;

    FlatSums(int n) {
        digits = new long[n * W];
        lo = new int[n];
        Arrays.fill(lo, UNSET);
        overflow = new FixedSum[n];
    }

    /** Whether {@link #flushInto} is due. */
    boolean full() {
        return adds >= CARRY_EVERY;
    }

    void add(int k, double x) {
        if (x == 0) return;
        long bits = Double.doubleToRawLongBits(x);
        int exponent = FixedSum.exponent(bits);
        if (exponent == 0x7FF) {
            overflowOf(k).add(x); // NaN, ±∞
            return;
        }
        int i = FixedSum.position(exponent) >>> 5;
        int base = lo[k];
        if (base == UNSET) {
            base = i - 2;
            lo[k] = base;
        }
        int off = i - base;
        if (off < 0 || off > W - 3) {
            overflowOf(k).add(x);
            return;
        }
        FixedSum.addDigits(digits, k * W + off, bits, exponent);
        adds++;
    }

    private FixedSum overflowOf(int k) {
        FixedSum o = overflow[k];
        if (o == null) overflow[k] = o = new FixedSum();
        return o;
    }

    /** Adds every sum into {@code target[k]} and starts again from zero. */
    void flushInto(FixedSum[] target) {
        for (int k = 0; k < lo.length; k++) {
            if (lo[k] != UNSET) target[k].addDigits(digits, k * W, W, lo[k]);
            if (overflow[k] != null) target[k].add(overflow[k]);
        }
        Arrays.fill(digits, 0);
        Arrays.fill(lo, UNSET);
        Arrays.fill(overflow, null);
        adds = 0;
    }
}
