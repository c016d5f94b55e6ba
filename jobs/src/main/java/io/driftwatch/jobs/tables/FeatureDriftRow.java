package io.driftwatch.jobs.tables;

import io.driftwatch.common.drift.ColumnDrift;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.List;

/**
 * One row of {@code feature_drift} (contract §5): the drift of one column of one key and window against
 * the reference, every statistic that applies to the column's type, and the decision.
 */
public record FeatureDriftRow(
        String model, String modelVersion, String segment, long windowStart, long windowEnd, long coverageStart,
        long coverageEnd, ColumnDrift d) implements io.driftwatch.common.trend.DriftWindow {

    /** Whether the run covered the whole window (a range that starts or ends inside it covers a part). */
    public boolean complete() {
        return coverageStart == windowStart && coverageEnd == windowEnd;
    }

    public static final TableSchema<FeatureDriftRow> SCHEMA = new TableSchema<>("feature_drift", List.of(
            Column.string("model", FeatureDriftRow::model),
            Column.string("model_version", FeatureDriftRow::modelVersion),
            Column.string("segment", FeatureDriftRow::segment),
            Column.timestamp("window_start", FeatureDriftRow::windowStart),
            Column.timestamp("window_end", FeatureDriftRow::windowEnd),
            Column.timestamp("coverage_start", FeatureDriftRow::coverageStart),
            Column.timestamp("coverage_end", FeatureDriftRow::coverageEnd),
            Column.bool("complete", FeatureDriftRow::complete),
            Column.string("feature", r -> r.d().feature()),
            Column.string("kind", r -> r.d().kind().configName()),
            Column.string("feature_type", r -> r.d().featureType()),
            Column.int64("count", r -> r.d().count()),
            Column.int64("reference_count", r -> r.d().referenceCount()),
            Column.float64("missing_rate", r -> r.d().missingRate()),
            Column.float64("reference_missing_rate", r -> r.d().referenceMissingRate()),
            Column.string("method", r -> r.d().method()),
            Column.float64("statistic", r -> r.d().statistic()),
            Column.float64("p_value", r -> r.d().pValue()),
            Column.float64("p_value_adjusted", r -> r.d().pValueAdjusted()),
            Column.float64("threshold", r -> r.d().threshold()),
            Column.bool("drifted", r -> r.d().drifted()),
            Column.float64("psi", r -> r.d().psi()),
            Column.float64("jensen_shannon", r -> r.d().jensenShannon()),
            Column.float64("hellinger", r -> r.d().hellinger()),
            Column.float64("ks_statistic", r -> r.d().ksStatistic()),
            Column.float64("ks_p_value", r -> r.d().ksPValue()),
            Column.float64("wasserstein", r -> r.d().wasserstein()),
            Column.float64("wasserstein_norm", r -> r.d().wassersteinNorm()),
            Column.float64("chi_square_p_value", r -> r.d().chiSquarePValue()),
            Column.float64("l_infinity", r -> r.d().lInfinity()),
            Column.float64("mean", r -> r.d().mean()),
            Column.float64("reference_mean", r -> r.d().referenceMean()),
            Column.float64("new_category_rate", r -> r.d().newCategoryRate()),
            Column.string("note", r -> r.d().note())),
            FeatureDriftRow::model, FeatureDriftRow::windowStart, FeatureDriftRow::read);

    private static FeatureDriftRow read(StoredRow r) {
        long start = r.int64("window_start"), end = r.int64("window_end");
        ColumnDrift d = new ColumnDrift(ProfileSet.Kind.valueOf(r.string("kind").toUpperCase(java.util.Locale.ROOT)),
                r.string("feature"), r.string("feature_type"), r.int64("count", 0), r.int64("reference_count", 0),
                nan(r, "missing_rate"), nan(r, "reference_missing_rate"), r.string("method"), nan(r, "statistic"),
                nan(r, "p_value"), nan(r, "p_value_adjusted"), nan(r, "threshold"), r.bool("drifted"), nan(r, "psi"),
                nan(r, "jensen_shannon"), nan(r, "hellinger"), nan(r, "ks_statistic"), nan(r, "ks_p_value"),
                nan(r, "wasserstein"), nan(r, "wasserstein_norm"), nan(r, "chi_square_p_value"), nan(r, "l_infinity"),
                nan(r, "mean"), nan(r, "reference_mean"), nan(r, "new_category_rate"), r.string("note"));
        return new FeatureDriftRow(r.string("model"), r.string("model_version"), r.string("segment"), start, end,
                r.int64("coverage_start", start), r.int64("coverage_end", end), d);
    }

    /** A stored DOUBLE as {@link ColumnDrift} holds it: NaN where null. */
    private static double nan(StoredRow r, String column) {
        Double v = r.float64(column);
        return v == null ? Double.NaN : v;
    }
}
