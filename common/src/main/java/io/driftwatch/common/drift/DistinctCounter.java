package io.driftwatch.common.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Distinct-value estimate of a column: a k-minimum-values sketch of 64-bit hashes (k =
 * {@value #K}, at most 8 KB; exact below k distinct values, about 3 % relative standard error
 * above). Its state is canonically the k smallest hashes of the set of values seen, so it — and
 * its bytes — do not depend on the order values arrive in or partial sketches are merged.
 *
 * <p>Hand-written because the DataSketches HLL and Theta sketches, whose estimates are order
 * independent, serialize order-dependent state (the coupon order of a small HLL, the HIP
 * accumulator), and the {@code sketch} column of {@code feature_profiles} must be identical on
 * re-runs at any parallelism.
 */
final class DistinctCounter {
    static final int K = 1024;

    private static final int MAX_CAPACITY = 4 * K; // open addressing, at most half full

    private long[] table = new long[16]; // hashes + 1 (0 marks an empty slot), all < threshold; grows
    private int mask = 15;
    private int size;
    private long threshold = Long.MAX_VALUE; // hashes >= threshold are beyond the k smallest
    private boolean saturated; // more than K distinct values seen

    void add(double v) {
        addHash(mix(Double.doubleToLongBits(v == 0.0 ? 0.0 : v))); // -0.0 and 0.0 are one value
    }

    void add(String v) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the chars, then mixed
        for (int i = 0; i < v.length(); i++) {
            h ^= v.charAt(i);
            h *= 0x100000001b3L;
        }
        addHash(mix(h));
    }

    private void addHash(long h) {
        addHashUnmixed((h & Long.MAX_VALUE) >>> 1); // in [0, 2^62): h + 1 never overflows
    }

    private void addHashUnmixed(long h) {
        if (h >= threshold) return;
        long stored = h + 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (table[i] != 0) {
            if (table[i] == stored) return;
            i = (i + 1) & mask;
        }
        table[i] = stored;
        if (++size == 2 * K) trim();
        else if (size * 2 > table.length) rebuild(sorted());
    }

    /** The held hashes, sorted. */
    private long[] sorted() {
        long[] out = new long[size];
        int k = 0;
        for (long t : table) if (t != 0) out[k++] = t - 1;
        Arrays.sort(out);
        return out;
    }

    /** Keeps the K smallest hashes. */
    private void trim() {
        if (size <= K) return;
        long[] keep = Arrays.copyOf(sorted(), K);
        saturated = true;
        threshold = keep[K - 1] + 1;
        rebuild(keep);
    }

    private void rebuild(long[] hashes) {
        int capacity = 16;
        while (capacity < 4 * hashes.length && capacity < MAX_CAPACITY) capacity *= 2;
        table = new long[capacity];
        mask = capacity - 1;
        size = 0;
        for (long h : hashes) {
            long stored = h + 1;
            int i = (int) (h ^ (h >>> 32)) & mask;
            while (table[i] != 0) i = (i + 1) & mask;
            table[i] = stored;
            size++;
        }
    }

    void merge(DistinctCounter other) {
        if (other.saturated) {
            saturated = true;
            threshold = Math.min(threshold, other.threshold);
            long[] mine = sorted();
            int k = 0;
            while (k < mine.length && mine[k] < threshold) k++;
            rebuild(Arrays.copyOf(mine, k));
        }
        for (long t : other.table.clone()) {
            if (t != 0) addHashUnmixed(t - 1);
        }
        trim();
    }

    long estimate() {
        trim();
        if (!saturated) return size;
        // the K-th smallest of n uniform hashes in [0, 2^62) lies near K / n of the range
        long[] s = sorted();
        double kth = (s[K - 1] + 1.0) / 0x1p62;
        return Math.round((K - 1) / kth);
    }

    void writeTo(DataOutput out) throws IOException {
        trim();
        long[] s = sorted();
        out.writeBoolean(saturated);
        out.writeInt(s.length);
        for (long h : s) out.writeLong(h);
    }

    static DistinctCounter readFrom(DataInput in) throws IOException {
        DistinctCounter c = new DistinctCounter();
        boolean saturated = in.readBoolean();
        long[] s = new long[in.readInt()];
        for (int i = 0; i < s.length; i++) s[i] = in.readLong();
        c.rebuild(s);
        c.saturated = saturated;
        if (saturated) c.threshold = s[s.length - 1] + 1;
        return c;
    }

    /** SplitMix64's finalizer: spreads any 64-bit input over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
