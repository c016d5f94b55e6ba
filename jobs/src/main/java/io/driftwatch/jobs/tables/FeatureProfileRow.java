package io.driftwatch.jobs.tables;

import io.driftwatch.common.drift.CategoricalProfile;
import io.driftwatch.common.drift.ColumnProfile;
import io.driftwatch.common.drift.ColumnType;
import io.driftwatch.common.drift.NumericProfile;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code feature_profiles} (contract §5): the profile of one column of one key and window.
 * {@code count} is the number of values of the column's type; {@code missing_count} the rows without
 * one (absent, null, or a value of the wrong kind — those are also in {@code invalid_count});
 * {@code rows} the key's predictions in the window. {@code sketch} is the serialized mergeable
 * {@link ColumnProfile}: profiles of small windows merge into large ones from it alone.
 */
public record FeatureProfileRow(
        String model, String modelVersion, String segment, long windowStart, long windowEnd, long coverageStart,
        long coverageEnd, String feature,
        String kind, String featureType, long rows, long count, long missingCount, long invalidCount, long truncatedCount, Double mean,
        Double std, Double min, Double max, double[] quantiles, long distinctEstimate, String[] topValues,
        long[] topCounts, byte[] sketch) {

    /** Whether the run covered the whole window (a range that starts or ends inside it covers a part). */
    public boolean complete() {
        return coverageStart == windowStart && coverageEnd == windowEnd;
    }

    /** Values listed in {@code top_values} (categorical columns). */
    public static final int TOP_VALUES = 10;

    public static final TableSchema<FeatureProfileRow> SCHEMA = new TableSchema<>("feature_profiles", List.of(
            Column.string("model", FeatureProfileRow::model),
            Column.string("model_version", FeatureProfileRow::modelVersion),
            Column.string("segment", FeatureProfileRow::segment),
            Column.timestamp("window_start", FeatureProfileRow::windowStart),
            Column.timestamp("window_end", FeatureProfileRow::windowEnd),
            Column.timestamp("coverage_start", FeatureProfileRow::coverageStart),
            Column.timestamp("coverage_end", FeatureProfileRow::coverageEnd),
            Column.bool("complete", FeatureProfileRow::complete),
            Column.string("feature", FeatureProfileRow::feature),
            Column.string("kind", FeatureProfileRow::kind),
            Column.string("feature_type", FeatureProfileRow::featureType),
            Column.int64("rows", FeatureProfileRow::rows),
            Column.int64("count", FeatureProfileRow::count),
            Column.int64("missing_count", FeatureProfileRow::missingCount),
            Column.int64("invalid_count", FeatureProfileRow::invalidCount),
            Column.int64("truncated_count", FeatureProfileRow::truncatedCount),
            Column.float64("mean", FeatureProfileRow::mean),
            Column.float64("std", FeatureProfileRow::std),
            Column.float64("min", FeatureProfileRow::min),
            Column.float64("max", FeatureProfileRow::max),
            Column.doubleList("quantiles", r -> r.quantiles() == null ? null
                    : java.util.Arrays.stream(r.quantiles()).boxed().toList()),
            Column.int64("distinct_estimate", FeatureProfileRow::distinctEstimate),
            Column.valueCounts("top_values", FeatureProfileRow::topValueList),
            Column.binary("sketch", FeatureProfileRow::sketch)),
            FeatureProfileRow::model, FeatureProfileRow::windowStart, FeatureProfileRow::read);

    private static FeatureProfileRow read(StoredRow r) {
        long start = r.int64("window_start"), end = r.int64("window_end");
        List<Double> q = r.list("quantiles");
        List<Column.ValueCount> top = r.list("top_values");
        long rows = r.int64("rows", 0), count = r.int64("count", 0);
        return new FeatureProfileRow(r.string("model"), r.string("model_version"), r.string("segment"), start, end,
                r.int64("coverage_start", start), r.int64("coverage_end", end), r.string("feature"), r.string("kind"),
                r.string("feature_type"), rows, count, r.int64("missing_count", rows - count), r.int64("invalid_count", 0),
                r.int64("truncated_count", 0), r.float64("mean"), r.float64("std"), r.float64("min"), r.float64("max"),
                q == null ? null : q.stream().mapToDouble(x -> x == null ? Double.NaN : x).toArray(),
                r.int64("distinct_estimate", 0),
                top == null ? null : top.stream().map(Column.ValueCount::value).toArray(String[]::new),
                top == null ? null : top.stream().mapToLong(Column.ValueCount::count).toArray(), r.bytes("sketch"));
    }

    /** The column's mergeable profile, from {@code sketch}. */
    public ColumnProfile profile() {
        return ColumnProfile.fromBytes(sketch);
    }

    public ProfileSet.Kind columnKind() {
        return ProfileSet.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
    }

    /** {@code top_values} as the column writes it. */
    public List<Column.ValueCount> topValueList() {
        if (topValues == null) return null;
        List<Column.ValueCount> out = new ArrayList<>(topValues.length);
        for (int i = 0; i < topValues.length; i++) out.add(new Column.ValueCount(topValues[i], topCounts[i]));
        return out;
    }

    /** The row of one column of a window's {@link ProfileSet}. */
    public static FeatureProfileRow of(String model, String version, String segment, long start, long end,
            long coverageStart, long coverageEnd, ProfileSet.Column column, long rows) {
        ColumnProfile p = column.profile();
        ColumnType type = p.type();
        long count = p.count();
        Double mean = null, std = null, min = null, max = null;
        double[] quantiles = null;
        String[] topValues = null;
        long[] topCounts = null;
        if (type == ColumnType.NUMERIC && count > 0) {
            NumericProfile n = p.numericProfile();
            mean = n.mean();
            std = n.std();
            min = n.min();
            max = n.max();
            quantiles = new double[11];
            for (int i = 0; i <= 10; i++) quantiles[i] = n.quantile(i / 10.0);
        } else if (type == ColumnType.CATEGORICAL && count > 0) {
            CategoricalProfile c = p.categoricalProfile();
            List<Map.Entry<String, Long>> top = c.top(TOP_VALUES);
            topValues = new String[top.size()];
            topCounts = new long[top.size()];
            for (int i = 0; i < top.size(); i++) {
                topValues[i] = top.get(i).getKey();
                topCounts[i] = top.get(i).getValue();
            }
        }
        return new FeatureProfileRow(model, version, segment, start, end, coverageStart, coverageEnd, column.name(), column.kind().configName(),
                type == null ? null : type.configName(), rows, count, rows - count, p.invalid(), p.truncated(), mean, std, min, max,
                quantiles, p.distinct(), topValues, topCounts, p.toBytes());
    }
}
