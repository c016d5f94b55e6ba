package io.driftwatch.jobs.reference;

import io.driftwatch.jobs.store.Store;
import io.driftwatch.common.drift.ColumnProfile;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.drift.ReferenceProfiles;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.Path;

/**
 * Reads stored {@code feature_profiles} back: any output directory that has the table (a
 * {@code profile} output, an {@code analyze} output, a roll-up) can serve as a reference, its
 * windows and model versions merged per (model, segment) from the {@code sketch} column alone.
 */
public final class StoredProfiles {
    private StoredProfiles() {}

    /** One stored row: its keys, window and the deserialized profile. */
    public record Row(String model, String modelVersion, String segment, long windowStart, long windowEnd,
            long coverageStart, long coverageEnd, ProfileSet.Kind kind, String feature, long rows,
            ColumnProfile profile) {}

    /** Every row of {@code DIR/feature_profiles} whose window lies in {@code [from, to)}. */
    public static List<Row> read(Path dir, long from, long to) throws IOException {
        List<Row> out = new ArrayList<>();
        for (FeatureProfileRow r : Store.at(dir).read(FeatureProfileRow.SCHEMA, null, from, Long.MAX_VALUE)) {
            if (r.windowEnd() > to) continue;
            out.add(new Row(r.model(), r.modelVersion(), r.segment(), r.windowStart(), r.windowEnd(), r.coverageStart(),
                    r.coverageEnd(), r.columnKind(), r.feature(), r.rows(), r.profile()));
        }
        return out;
    }

    /**
     * The reference in {@code dir}: all its stored profiles, versions and windows merged per
     * (model, segment).
     *
     * @param option the option or config key that named the directory, for the error message
     */
    public static ReferenceProfiles reference(Path dir, String option) throws IOException {
        List<Row> rows = read(dir, Long.MIN_VALUE, Long.MAX_VALUE);
        if (rows.isEmpty()) {
            throw new io.driftwatch.common.config.ConfigException(option + ": no feature_profiles in " + dir
                    + " (write one with: driftwatch profile --from .. --to .. --output " + dir + ")");
        }
        ReferenceProfiles.Builder b = new ReferenceProfiles.Builder();
        for (Row r : rows) {
            b.add(r.model(), r.segment(), r.modelVersion() + "/" + r.windowStart(), r.kind(), r.feature(), r.profile(),
                    r.rows());
        }
        return b.build(dir.toString()).withKpis(io.driftwatch.jobs.trend.HistoryJudge.referenceKpis(dir, null));
    }
}
