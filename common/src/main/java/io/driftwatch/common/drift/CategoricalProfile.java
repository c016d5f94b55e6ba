package io.driftwatch.common.drift;

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
 */
public final class CategoricalProfile {
    public static final int MAX_CATEGORIES = 10_000;
    public static final String OTHER = "__other__";

    private final Map<String, long[]> counts = new HashMap<>();
    private long count;
    private long missing;
    private long other;

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
        }
    }

    public void merge(CategoricalProfile o) {
        count += o.count;
        missing += o.missing;
        other += o.other;
        for (Map.Entry<String, long[]> e : o.counts.entrySet()) {
            long[] c = counts.get(e.getKey());
            if (c != null) c[0] += e.getValue()[0];
            else if (counts.size() < MAX_CATEGORIES) counts.put(e.getKey(), new long[] {e.getValue()[0]});
            else other += e.getValue()[0];
        }
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

    /** Distinct categories held (a lower bound when {@link #truncated()}). */
    public long distinct() {
        return counts.size();
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
