package io.driftwatch.common.kpi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Mergeable state for the area under the ROC curve, by the Mann–Whitney rank statistic with ties
 * averaged (contract §5).
 *
 * <p>Exact while the state holds at most {@link #EXACT_LIMIT} labeled scores: they are kept as
 * (score, label) pairs and ranked when the metric is read. Past that the pairs are folded into
 * {@link #BINS} equal-width bins over [0, 1] (scores outside are clipped into the end bins) and pairs
 * that share a bin count as ties. The error that brings is at most half the share of
 * (positive, negative) pairs that share a bin — about {@code 1/(2·BINS)} for scores spread over
 * [0, 1]. Hand-written because no sketch library offers a mergeable AUC.
 */
public final class RocAuc {
    /** Labeled scores kept exactly; above this the state switches to bins (about 0.9 MB at the limit). */
    public static final int EXACT_LIMIT = 100_000;
    /** Bins of the approximate mode. */
    public static final int BINS = 4096;

    private double[] scores = new double[16];
    private boolean[] positive = new boolean[16];
    private int size;
    private long[] positiveBins;
    private long[] negativeBins;

    /** Adds one labeled prediction. */
    public void add(double score, boolean isPositive) {
        if (positiveBins != null) {
            addToBins(score, isPositive, 1);
            return;
        }
        if (size == scores.length) {
            if (size >= EXACT_LIMIT) {
                toBins();
                addToBins(score, isPositive, 1);
                return;
            }
            int n = Math.min(EXACT_LIMIT, size * 2);
            scores = Arrays.copyOf(scores, n);
            positive = Arrays.copyOf(positive, n);
        }
        scores[size] = score;
        positive[size] = isPositive;
        size++;
    }

    /** Adds everything of {@code other} to this state. */
    public void merge(RocAuc other) {
        if (other.positiveBins != null) {
            if (positiveBins == null) toBins();
            for (int i = 0; i < BINS; i++) {
                positiveBins[i] += other.positiveBins[i];
                negativeBins[i] += other.negativeBins[i];
            }
            return;
        }
        for (int i = 0; i < other.size; i++) {
            add(other.scores[i], other.positive[i]);
        }
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeBoolean(positiveBins != null);
        if (positiveBins != null) {
            for (int i = 0; i < BINS; i++) {
                out.writeLong(positiveBins[i]);
                out.writeLong(negativeBins[i]);
            }
            return;
        }
        // negatives then positives, each sorted: the bytes do not depend on the order predictions
        // arrived in
        double[][] sorted = sortedByLabel();
        out.writeInt(size);
        // the bytes DataOutput would write value by value (big-endian double, then 0 or 1), in one
        // write: per value, the stream calls were most of the time merging and judging windows with
        // exact scores (bench/flights.sh profile)
        ByteBuffer bytes = ByteBuffer.allocate(size * VALUE_BYTES);
        for (double v : sorted[0]) bytes.putDouble(v).put((byte) 0);
        for (double v : sorted[1]) bytes.putDouble(v).put((byte) 1);
        out.write(bytes.array());
    }

    /** Bytes per kept score in the serialized form: the score, then whether its label was positive. */
    private static final int VALUE_BYTES = 9;

    /** The kept scores of negative and of positive labels, each sorted (primitive sorts: this runs per state). */
    private double[][] sortedByLabel() {
        double[] negatives = new double[size];
        double[] positives = new double[size];
        int n = 0, p = 0;
        for (int i = 0; i < size; i++) {
            if (positive[i]) positives[p++] = scores[i];
            else negatives[n++] = scores[i];
        }
        negatives = Arrays.copyOf(negatives, n);
        positives = Arrays.copyOf(positives, p);
        Arrays.sort(negatives);
        Arrays.sort(positives);
        return new double[][] {negatives, positives};
    }

    static RocAuc readFrom(DataInput in) throws IOException {
        RocAuc r = new RocAuc();
        if (in.readBoolean()) {
            r.scores = null;
            r.positive = null;
            r.positiveBins = new long[BINS];
            r.negativeBins = new long[BINS];
            for (int i = 0; i < BINS; i++) {
                r.positiveBins[i] = in.readLong();
                r.negativeBins[i] = in.readLong();
            }
            return r;
        }
        int n = in.readInt();
        if (n < 0 || n > Integer.MAX_VALUE / VALUE_BYTES) throw new IOException("damaged ROC AUC state: " + n + " kept scores");
        r.scores = new double[Math.max(16, n)];
        r.positive = new boolean[Math.max(16, n)];
        byte[] raw = new byte[n * VALUE_BYTES];
        in.readFully(raw);
        ByteBuffer bytes = ByteBuffer.wrap(raw);
        for (int i = 0; i < n; i++) {
            r.scores[i] = bytes.getDouble();
            r.positive[i] = bytes.get() != 0; // as DataInput.readBoolean
        }
        r.size = n;
        return r;
    }

    /** True while the value is exact. */
    public boolean isExact() {
        return positiveBins == null;
    }

    /** The AUC, or null when there is no positive or no negative label. */
    public Double value() {
        return positiveBins == null ? exact() : binned();
    }

    /**
     * Mann–Whitney: U counts, over the positives, the negatives scored below them, ties as one half
     * (the same as the rank sum with tied ranks averaged), by one merge of the two sorted lists.
     */
    private Double exact() {
        double[][] sorted = sortedByLabel();
        double[] neg = sorted[0], pos = sorted[1];
        if (pos.length == 0 || neg.length == 0) return null;
        double u = 0;
        int below = 0, upTo = 0;
        for (double x : pos) {
            while (below < neg.length && neg[below] < x) below++;
            upTo = Math.max(upTo, below);
            while (upTo < neg.length && neg[upTo] == x) upTo++;
            u += below + (upTo - below) / 2.0;
        }
        return u / ((double) pos.length * neg.length);
    }

    /**
     * DeLong's variance of the AUC (DeLong, DeLong and Clarke-Pearson 1988) for one sample: from the
     * placement values — per positive, the share of negatives scored below it (ties one half); per
     * negative, the share of positives scored above it — {@code S10/m + S01/n}, with {@code S10} and
     * {@code S01} their sample variances over the {@code m} positives and {@code n} negatives. Binned
     * states treat a bin as a tie. Null with fewer than two of either label.
     */
    public Double delongVariance() {
        long[][] tied = positiveBins != null ? new long[][] {positiveBins, negativeBins} : null;
        double[] pos, neg;
        if (tied == null) {
            double[][] sorted = sortedByLabel();
            neg = sorted[0];
            pos = sorted[1];
            if (pos.length < 2 || neg.length < 2) return null;
            Double auc = exact();
            double s10 = 0;
            int below = 0, upTo = 0;
            for (double x : pos) {
                while (below < neg.length && neg[below] < x) below++;
                upTo = Math.max(upTo, below);
                while (upTo < neg.length && neg[upTo] == x) upTo++;
                double v = (below + (upTo - below) / 2.0) / neg.length - auc;
                s10 += v * v;
            }
            double s01 = 0;
            int above = pos.length, from = pos.length;
            for (int j = neg.length - 1; j >= 0; j--) {
                double y = neg[j];
                while (above > 0 && pos[above - 1] > y) above--;
                from = Math.min(from, above);
                while (from > 0 && pos[from - 1] == y) from--;
                double v = ((pos.length - above) + (above - from) / 2.0) / pos.length - auc;
                s01 += v * v;
            }
            return s10 / (pos.length - 1) / pos.length + s01 / (neg.length - 1) / neg.length;
        }
        long m = 0, n = 0;
        for (int b = 0; b < BINS; b++) {
            m += positiveBins[b];
            n += negativeBins[b];
        }
        if (m < 2 || n < 2) return null;
        double auc = binned();
        double s10 = 0, s01 = 0;
        long negBelow = 0, posAbove = m;
        for (int b = 0; b < BINS; b++) {
            posAbove -= positiveBins[b];
            double v10 = (negBelow + negativeBins[b] / 2.0) / n - auc;
            double v01 = (posAbove + positiveBins[b] / 2.0) / m - auc;
            s10 += positiveBins[b] * v10 * v10;
            s01 += negativeBins[b] * v01 * v01;
            negBelow += negativeBins[b];
        }
        return s10 / (m - 1) / m + s01 / (n - 1) / n;
    }

    private Double binned() {
        long pos = 0;
        long neg = 0;
        double u = 0;
        for (int b = 0; b < BINS; b++) {
            u += positiveBins[b] * (neg + negativeBins[b] / 2.0);
            neg += negativeBins[b];
            pos += positiveBins[b];
        }
        if (pos == 0 || neg == 0) return null;
        return u / ((double) pos * neg);
    }

    private void toBins() {
        positiveBins = new long[BINS];
        negativeBins = new long[BINS];
        for (int i = 0; i < size; i++) addToBins(scores[i], positive[i], 1);
        scores = null;
        positive = null;
        size = 0;
    }

    private void addToBins(double score, boolean isPositive, long count) {
        int b = (int) Math.floor(score * BINS);
        if (b < 0 || Double.isNaN(score)) b = 0;
        if (b >= BINS) b = BINS - 1;
        if (isPositive) positiveBins[b] += count;
        else negativeBins[b] += count;
    }
}
