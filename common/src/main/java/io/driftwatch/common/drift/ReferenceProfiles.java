package io.driftwatch.common.drift;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The reference of a run: one {@link ProfileSet} per (model, segment), every model version and
 * reference window merged into it. Built once (from a {@code profile} output or the reference
 * period's logs) and shipped with the job as bytes; drift of a window is then computed from the
 * window's profiles and these, without reading the reference logs again.
 */
public final class ReferenceProfiles implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final char SEP = '\u0001';

    private final Map<String, byte[]> sets;
    private final String description;
    /** The reference's KPIs per {@link io.driftwatch.common.trend.Judge#referenceKey}, for the estimates without labels. */
    private final HashMap<String, io.driftwatch.common.kpi.KpiValues> kpis;
    private transient Map<String, ProfileSet> decoded;

    private ReferenceProfiles(Map<String, byte[]> sets, String description,
            HashMap<String, io.driftwatch.common.kpi.KpiValues> kpis) {
        this.sets = sets;
        this.description = description;
        this.kpis = kpis;
    }

    /**
     * These profiles with the reference's KPIs (its {@code kpi_windows} merged per model and segment,
     * {@link io.driftwatch.common.trend.Judge#referenceKpis}), from which each window's quality is
     * estimated without labels ({@link io.driftwatch.common.kpi.Estimates}).
     */
    public ReferenceProfiles withKpis(Map<String, io.driftwatch.common.kpi.KpiValues> byReferenceKey) {
        return new ReferenceProfiles(sets, description, new HashMap<>(byReferenceKey));
    }

    /** The reference's KPIs of a key, or null. */
    public io.driftwatch.common.kpi.KpiValues kpisOf(String model, String segment) {
        return kpis.get(io.driftwatch.common.trend.Judge.referenceKey(model, segment));
    }

    /** Collects reference profiles key by key. */
    public static final class Builder {
        private final Map<String, ProfileSet> sets = new HashMap<>();
        private final Map<String, Set<String>> rowsCounted = new HashMap<>();

        /**
         * Merges one stored column profile into the reference of its key.
         *
         * @param windowKey identifies the stored window and version the row belongs to, so that each
         *     window's row count is added once
         */
        public void add(String model, String segment, String windowKey, ProfileSet.Kind kind, String name,
                ColumnProfile profile, long rows) {
            String key = model + SEP + segment;
            ProfileSet set = sets.computeIfAbsent(key, k -> new ProfileSet());
            if (rowsCounted.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(windowKey)) set.addRows(rows);
            set.mergeColumn(kind, name, profile);
        }

        public int keys() {
            return sets.size();
        }

        public ReferenceProfiles build(String description) {
            Map<String, byte[]> bytes = new HashMap<>();
            sets.forEach((k, v) -> bytes.put(k, v.toBytes()));
            return new ReferenceProfiles(bytes, description, new HashMap<>());
        }
    }

    /** The reference of a key, or null when the reference has none. */
    public ProfileSet of(String model, String segment) {
        if (decoded == null) decoded = new HashMap<>();
        String key = model + SEP + segment;
        if (!sets.containsKey(key)) return null;
        return decoded.computeIfAbsent(key, k -> ProfileSet.fromBytes(sets.get(k)));
    }

    /** Where the reference came from, for logs and the {@code runs} row. */
    public String description() {
        return description;
    }

    /** Keys (model, segment) the reference covers. */
    public int size() {
        return sets.size();
    }
}
