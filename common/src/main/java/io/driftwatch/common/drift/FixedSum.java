package io.driftwatch.common.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * An exact sum of doubles kept as a fixed-point integer (a sparse Kulisch accumulator): every double
 * is an integer multiple of 2⁻¹⁰⁷⁴, so its 53-bit significand is added into 32-bit digits at its
 * exponent's position, with carries deferred. The sum does not depend on the order of additions or
 * merges, so co-moment states are byte-identical at any parallelism, at a constant cost per
 * addition, which matters for the d(d+1)/2 co-moments of a record ({@link CoMoments}; measured in
 * bench/README.md) and for the KPI states' sums ({@link io.driftwatch.common.kpi.ExactSum} holds
 * one). Only the digits the values reach are held. Hand-written: no library offers an exact, mergeable, order-independent sum at this cost.
 */
public final class FixedSum {
    private static final long MASK = 0xFFFF_FFFFL;
    /** Additions between carry propagations: each adds less than 2³³ to a digit. */
    private static final int CARRY_EVERY = 1 << 28;

    /** Digit {@code i} weighs {@code 2^(32 (lo + i) − 1074)}. */
    private long[] digits;
    private int lo;
    private int pending;
    /** Non-finite values (NaN, ±∞), summed as plain doubles. */
    private double special;

    /** Adds {@code x} exactly. */
    public void add(double x) {
        if (x == 0) return;
        if (!Double.isFinite(x)) {
            special += x;
            return;
        }
        long bits = Double.doubleToRawLongBits(x);
        int exponent = exponent(bits);
        int i = position(exponent) >>> 5;
        ensure(i, i + 2);
        addDigits(digits, i - lo, bits, exponent);
        if (++pending >= CARRY_EVERY) normalize();
    }

    /** The biased exponent of a double's bits. */
    static int exponent(long bits) {
        return (int) ((bits >>> 52) & 0x7FF);
    }

    /** The position of a finite double's significand's lowest bit above 2⁻¹⁰⁷⁴ (its digit is this / 32). */
    static int position(int exponent) {
        return exponent == 0 ? 0 : exponent - 1;
    }

    /**
     * Adds a finite double (its bits) into three 32-bit digits from {@code at}, the first being the digit of
     * {@link #position}: the significand shifted to its place, split into digits, negated for a negative
     * value without a branch (their signs are as often one as the other). Carries are deferred.
     */
    static void addDigits(long[] digits, int at, long bits, int exponent) {
        long m = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponent != 0) m |= 1L << 52;
        int s = position(exponent) & 31;
        long low = (m & MASK) << s; // < 2^63
        long high = (m >>> 32) << s; // < 2^53
        long sign = bits >> 63; // (v ^ sign) − sign is ±v
        digits[at] += ((low & MASK) ^ sign) - sign;
        digits[at + 1] += (((low >>> 32) + (high & MASK)) ^ sign) - sign;
        digits[at + 2] += ((high >>> 32) ^ sign) - sign;
    }

    /**
     * Adds {@code Σ window[from + j] · 2^(32 (lo + j) − 1074)} for {@code j < length}: digits of any
     * sign and size (a {@link FlatSums} window, carries deferred).
     */
    void addDigits(long[] window, int from, int length, int digitLo) {
        boolean any = false;
        for (int j = 0; j < length; j++) any |= window[from + j] != 0;
        if (!any) return;
        normalize();
        ensure(digitLo, digitLo + length);
        for (int j = 0; j < length; j++) {
            long v = window[from + j];
            int k = digitLo + j - lo;
            // split so no digit overflows: the low 32 bits here, the rest one digit up
            digits[k] += v & MASK;
            digits[k + 1] += v >> 32;
        }
        normalize();
    }

    /** Empties the sum. */
    public void clear() {
        digits = null;
        lo = 0;
        pending = 0;
        special = 0;
    }

    /** Adds everything of {@code other}. */
    public void add(FixedSum other) {
        combine(other, 1);
    }

    /** Subtracts everything of {@code other} (exact: a part of a sum taken out again). */
    public void subtract(FixedSum other) {
        combine(other, -1);
    }

    private void combine(FixedSum other, int sign) {
        special += sign * other.special;
        if (other.digits == null) return;
        other.normalize();
        normalize();
        ensure(other.lo, other.lo + other.digits.length - 1);
        for (int j = 0; j < other.digits.length; j++) digits[other.lo + j - lo] += sign * other.digits[j];
        normalize();
    }

    /** An independent copy. */
    public FixedSum copy() {
        FixedSum c = new FixedSum();
        c.digits = digits == null ? null : digits.clone();
        c.lo = lo;
        c.pending = pending;
        c.special = special;
        return c;
    }

    private void ensure(int from, int to) {
        if (digits == null) {
            lo = from;
            digits = new long[Math.max(4, to - from + 2)];
            return;
        }
        int hi = lo + digits.length - 1;
        if (from >= lo && to <= hi) return;
        int newLo = Math.min(lo, from);
        int newHi = Math.max(hi, to) + 1;
        long[] grown = new long[newHi - newLo + 1];
        System.arraycopy(digits, 0, grown, lo - newLo, digits.length);
        digits = grown;
        lo = newLo;
    }

    /**
     * Propagates carries and trims, leaving the one form of the value: every digit in [0, 2³²) but the
     * top one, which is in [−2³¹, 2³¹) and not 0; no zero digit at the bottom.
     */
    private void normalize() {
        pending = 0;
        if (digits == null) return;
        int n = digits.length;
        for (int j = 0; j < n - 1; j++) {
            long carry = digits[j] >> 32;
            digits[j] &= MASK;
            digits[j + 1] += carry;
        }
        // the top digit into the signed range, growing while it is out of it
        while (digits[n - 1] >= (1L << 31) || digits[n - 1] < -(1L << 31)) {
            digits = Arrays.copyOf(digits, n + 1);
            long carry = digits[n - 1] >> 32;
            digits[n - 1] &= MASK;
            digits[n] = carry;
            n++;
        }
        int top = n - 1;
        while (top >= 0) {
            if (digits[top] == 0 && (top == 0 || digits[top - 1] < (1L << 31))) {
                top--;
            } else if (digits[top] == -1 && top > 0 && digits[top - 1] >= (1L << 31)) {
                digits[top - 1] -= 1L << 32;
                top--;
            } else {
                break;
            }
        }
        int bottom = 0;
        while (bottom <= top && digits[bottom] == 0) bottom++;
        if (bottom > top) {
            digits = null;
            lo = 0;
            return;
        }
        if (bottom > 0 || top < n - 1) {
            digits = Arrays.copyOfRange(digits, bottom, top + 1);
            lo += bottom;
        }
    }

    /** The sum, correctly rounded to a double (NaN or ±∞ where a non-finite value was added). */
    public double value() {
        if (special != 0 || Double.isNaN(special)) return special;
        normalize();
        if (digits == null) return 0;
        return rounded(integer(), 32 * lo - 1074);
    }

    /** The digits as one integer: the sum is this times {@code 2^(32 lo − 1074)}. */
    private BigInteger integer() {
        BigInteger v = BigInteger.ZERO;
        for (int j = digits.length - 1; j >= 0; j--) v = v.shiftLeft(32).add(BigInteger.valueOf(digits[j]));
        return v;
    }

    /**
     * {@code v · 2^scale} rounded to the nearest double, ties to even, ±∞ past the largest (IEEE 754
     * round-to-nearest; {@code scale ≥ −1074}): the bits below the 53 a double keeps — fewer where the
     * value is subnormal — decide the rounding with a round bit and a sticky bit, and what is kept
     * is exact as a double, so scaling it is exact too.
     */
    static double rounded(BigInteger v, int scale) {
        BigInteger a = v.abs();
        int drop = Math.max(a.bitLength() - 53, -1074 - scale);
        if (drop > 0) {
            BigInteger kept = a.shiftRight(drop);
            boolean roundBit = a.testBit(drop - 1);
            boolean sticky = a.getLowestSetBit() < drop - 1;
            if (roundBit && (sticky || kept.testBit(0))) kept = kept.add(BigInteger.ONE);
            a = kept;
            scale += drop;
        }
        double d = Math.scalb((double) a.longValueExact(), scale);
        return v.signum() < 0 ? -d : d;
    }

    /** The exact sum as a decimal (for sums whose differences cancel: centred co-moments). */
    public java.math.BigDecimal exact() {
        if (special != 0 || Double.isNaN(special)) return new java.math.BigDecimal(special);
        normalize();
        if (digits == null) return java.math.BigDecimal.ZERO;
        BigInteger v = integer();
        int scale = 32 * lo - 1074;
        if (scale >= 0) return new java.math.BigDecimal(v.shiftLeft(scale));
        // v / 2^k = v · 5^k / 10^k, exactly
        return new java.math.BigDecimal(v.multiply(fivePow(-scale)), -scale);
    }

    private static final BigInteger[] FIVE_POWERS = new BigInteger[1200];

    private static BigInteger fivePow(int k) {
        if (k >= FIVE_POWERS.length) return BigInteger.valueOf(5).pow(k);
        BigInteger p = FIVE_POWERS[k];
        if (p == null) FIVE_POWERS[k] = p = BigInteger.valueOf(5).pow(k);
        return p;
    }

    /** Whether a non-finite value was added. */
    public boolean finite() {
        return special == 0 && !Double.isNaN(special);
    }

    public void writeTo(DataOutput out) throws IOException {
        normalize();
        out.writeDouble(special);
        if (digits == null) {
            out.writeInt(0);
            return;
        }
        out.writeInt(digits.length);
        out.writeInt(lo);
        for (int j = 0; j < digits.length - 1; j++) out.writeInt((int) digits[j]);
        out.writeLong(digits[digits.length - 1]);
    }

    public static FixedSum readFrom(DataInput in) throws IOException {
        FixedSum s = new FixedSum();
        s.special = in.readDouble();
        int n = in.readInt();
        if (n == 0) return s;
        s.lo = in.readInt();
        s.digits = new long[n];
        for (int j = 0; j < n - 1; j++) s.digits[j] = in.readInt() & MASK;
        s.digits[n - 1] = in.readLong();
        return s;
    }
}
