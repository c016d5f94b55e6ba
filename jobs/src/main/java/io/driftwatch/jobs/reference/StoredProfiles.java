package io.driftwatch.jobs.reference;

import io.driftwatch.common.drift.ColumnProfile;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.drift.ReferenceProfiles;
import io.driftwatch.jobs.parquet.ParquetGroups;
import io.driftwatch.jobs.parquet.ParquetTables;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.example.data.Group;

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

    /** A column's value, or {@code fallback} where the file has no such column (written before it existed) or null. */
    private static long optionalLong(Group g, String column, long fallback) {
        if (!g.getType().containsField(column)) return fallback;
        int i = g.getType().getFieldIndex(column);
        return g.getFieldRepetitionCount(i) == 0 ? fallback : g.getLong(i, 0);
    }

    /** Every row of {@code DIR/feature_profiles} whose window lies in {@code [from, to)}. */
    public static List<Row> read(Path dir, long from, long to) throws IOException {
        Path table = new Path(dir, FeatureProfileRow.SCHEMA.table());
        FileSystem fs = table.getFileSystem();
        if (!fs.exists(table)) return List.of();
        List<Row> out = new ArrayList<>();
        for (Path file : ParquetTables.files(fs, table)) {
            try (ParquetGroups rows = ParquetGroups.open(file)) {
                while (rows.hasNext()) {
                    Group g = rows.next();
                    long start = g.getLong("window_start", 0);
                    long end = g.getLong("window_end", 0);
                    if (start < from || end > to) continue;
                    out.add(new Row(g.getString("model", 0), g.getString("model_version", 0), g.getString("segment", 0),
                            start, end, optionalLong(g, "coverage_start", start), optionalLong(g, "coverage_end", end),
                            ProfileSet.Kind.valueOf(g.getString("kind", 0).toUpperCase(Locale.ROOT)),
                            g.getString("feature", 0), g.getLong("rows", 0),
                            ColumnProfile.fromBytes(g.getBinary("sketch", 0).getBytes())));
                }
            }
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
        return b.build(dir.toString());
    }
}
