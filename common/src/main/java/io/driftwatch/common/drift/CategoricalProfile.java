package io.driftwatch.common.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mergeable profile of one categorical column in one window: exact counts per category up to
 * {@link #MAX_CATEGORIES}; past that, values of categories not yet held are counted together under
 * {@link #OTHER} and the profile says it is {@link #truncated()} (then which categories are held
 * depends on arrival order). Exact counts rather than a frequent-items sketch keep profiles identical
 * on re-runs for the usual cardinalities. Null values count as missing.
 *
 * <p>Distinct count: exact while nothing is pooled; from the moment the profile is full, every value
 * (including all categories held until then) also goes into an HLL sketch ({@link DistinctCounter}),
 * which so sees every distinct value whatever the arrival order.
 */
public final class CategoricalProfile {
    public static final int MAX_CATEGORIES = 10_000;
    public static final String OTHER = "__other__";

    private final Map<String, long[]> counts = new HashMap<>();
    private long count;
    private long missing;
    private long other;
    private DistinctCounter overflowDistinct; // non-null once the profile is full

    /** Adds a value; null counts as missing. */
    public void add(String value) {
        if (value == null) {
            missing++;
            return;
        }
        count++;
        long[] c = counts.get(value);
        if (c != null) {
            c[0]++;
        } else if (counts.size() < MAX_CATEGORIES) {
            counts.put(value, new long[] {1});
        } else {
            other++;
            startOverflow().add(value);
        }
        if (overflowDistinct != null) overflowDistinct.add(value);
    }

    private DistinctCounter startOverflow() {
        if (overflowDistinct == null) {
            overflowDistinct = new DistinctCounter();
            for (String k : counts.keySet()) overflowDistinct.add(k);
        }
        return overflowDistinct;
    }

    public void merge(CategoricalProfile o) {
        count += o.count;
        missing += o.missing;
        other += o.other;
        for (Map.Entry<String, long[]> e : o.counts.entrySet()) {
            long[] c = counts.get(e.getKey());
            if (c != null) {
                c[0] += e.getValue()[0];
            } else if (counts.size() < MAX_CATEGORIES) {
                counts.put(e.getKey(), new long[] {e.getValue()[0]});
            } else {
                other += e.getValue()[0];
                startOverflow();
            }
        }
        if (o.overflowDistinct != null) startOverflow().merge(o.overflowDistinct);
        if (overflowDistinct != null) {
            for (String k : o.counts.keySet()) overflowDistinct.add(k);
        }
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeLong(missing);
        out.writeLong(other);
        out.writeInt(counts.size());
        // sorted, so equal profiles have equal bytes whatever the insertion order
        for (String k : new java.util.TreeSet<>(counts.keySet())) {
            byte[] b = k.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
            out.writeLong(counts.get(k)[0]);
        }
        out.writeBoolean(overflowDistinct != null);
        if (overflowDistinct != null) overflowDistinct.writeTo(out);
    }

    static CategoricalProfile readFrom(DataInput in) throws IOException {
        CategoricalProfile p = new CategoricalProfile();
        p.count = in.readLong();
        p.missing = in.readLong();
        p.other = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            p.counts.put(new String(b, java.nio.charset.StandardCharsets.UTF_8), new long[] {in.readLong()});
        }
        if (in.readBoolean()) p.overflowDistinct = DistinctCounter.readFrom(in);
        return p;
    }

    public long count() {
        return count;
    }

    public long missing() {
        return missing;
    }

    /** Whether some categories were counted under {@link #OTHER} because the profile was full. */
    public boolean truncated() {
        return other > 0;
    }

    /** Distinct categories: exact while nothing was pooled, else an HLL estimate. */
    public long distinct() {
        return overflowDistinct == null ? counts.size() : Math.max(counts.size(), overflowDistinct.estimate());
    }

    /** Counts a missing value. */
    public void addMissing() {
        missing++;
    }

    /** The count of a category (0 when not held). */
    public long countOf(String category) {
        long[] c = counts.get(category);
        return c == null ? 0 : c[0];
    }

    /** The {@code k} most frequent categories, ties by name. */
    public List<Map.Entry<String, Long>> top(int k) {
        List<Map.Entry<String, Long>> all = new ArrayList<>();
        counts.forEach((name, c) -> all.add(Map.entry(name, c[0])));
        all.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        return all.subList(0, Math.min(k, all.size()));
    }

    Map<String, Long> countsView() {
        Map<String, Long> m = new HashMap<>();
        counts.forEach((k, v) -> m.put(k, v[0]));
        if (other > 0) m.merge(OTHER, other, Long::sum);
        return m;
    }
}
