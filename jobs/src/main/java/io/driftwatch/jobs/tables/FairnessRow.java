package io.driftwatch.jobs.tables;

import io.driftwatch.common.fairness.GroupFairness;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One row of {@code fairness} (docs/guide/fairness.md): one group of one sensitive attribute of one key
 * and window — its rates with their 95 % intervals, its comparison with the reference group, the
 * attribute's spread across groups (Fairlearn's definitions) and whether a limit is crossed beyond
 * sampling noise ({@link io.driftwatch.common.fairness.FairnessEvaluator}).
 */
public record FairnessRow(String model, String modelVersion, String segment, long windowStart, long windowEnd,
        long coverageStart, long coverageEnd, GroupFairness f) {

    public boolean complete() {
        return coverageStart == windowStart && coverageEnd == windowEnd;
    }

    public static final TableSchema<FairnessRow> SCHEMA = new TableSchema<>("fairness", columns(), FairnessRow::model,
            FairnessRow::windowStart, FairnessRow::read);

    private static List<Column<FairnessRow>> columns() {
        List<Column<FairnessRow>> c = new ArrayList<>(List.of(
                Column.string("model", FairnessRow::model),
                Column.string("model_version", FairnessRow::modelVersion),
                Column.string("segment", FairnessRow::segment),
                Column.timestamp("window_start", FairnessRow::windowStart),
                Column.timestamp("window_end", FairnessRow::windowEnd),
                Column.timestamp("coverage_start", FairnessRow::coverageStart),
                Column.timestamp("coverage_end", FairnessRow::coverageEnd),
                Column.bool("complete", FairnessRow::complete),
                Column.string("attribute", r -> r.f().attribute()),
                Column.string("group", r -> r.f().group()),
                Column.string("positive_class", r -> r.f().positiveClass()),
                Column.string("reference_group", r -> r.f().referenceGroup()),
                Column.bool("is_reference", r -> r.f().isReference()),
                Column.int64("count", r -> r.f().count()),
                Column.int64("labeled_count", r -> r.f().labeledCount()),
                Column.int64("positive_count", r -> r.f().positiveCount())));
        withInterval(c, "positive_rate", GroupFairness::positiveRate, GroupFairness::positiveRateCi);
        withInterval(c, "tpr", GroupFairness::tpr, GroupFairness::tprCi);
        withInterval(c, "fpr", GroupFairness::fpr, GroupFairness::fprCi);
        withInterval(c, "precision", GroupFairness::precision, GroupFairness::precisionCi);
        withInterval(c, "disparate_impact", GroupFairness::disparateImpact, GroupFairness::disparateImpactCi);
        withInterval(c, "parity_difference", GroupFairness::parityDifference, GroupFairness::parityDifferenceCi);
        withInterval(c, "tpr_difference", GroupFairness::tprDifference, GroupFairness::tprDifferenceCi);
        withInterval(c, "fpr_difference", GroupFairness::fprDifference, GroupFairness::fprDifferenceCi);
        c.addAll(List.of(
                Column.float64("demographic_parity_difference", r -> r.f().demographicParityDifference()),
                Column.float64("demographic_parity_ratio", r -> r.f().demographicParityRatio()),
                Column.float64("equal_opportunity_difference", r -> r.f().equalOpportunityDifference()),
                Column.float64("equalized_odds_difference", r -> r.f().equalizedOddsDifference()),
                Column.bool("judged", r -> r.f().judged()),
                Column.bool("breach", r -> r.f().breach()),
                Column.float64("breach_p_value", r -> r.f().breachPValue()),
                Column.string("note", r -> r.f().note())));
        return c;
    }

    /** A getter the columns' lambdas capture: serializable, as the writers ship the schema. */
    private interface Field<V> extends Function<GroupFairness, V>, java.io.Serializable {}

    private static void withInterval(List<Column<FairnessRow>> c, String name, Field<Double> value,
            Field<double[]> ci) {
        c.add(Column.float64(name, r -> value.apply(r.f())));
        c.add(Column.float64(name + "_ci_low", r -> ci.apply(r.f()) == null ? null : ci.apply(r.f())[0]));
        c.add(Column.float64(name + "_ci_high", r -> ci.apply(r.f()) == null ? null : ci.apply(r.f())[1]));
    }

    private static double[] ci(StoredRow r, String name) {
        Double lo = r.float64(name + "_ci_low"), hi = r.float64(name + "_ci_high");
        return lo == null || hi == null ? null : new double[] {lo, hi};
    }

    private static FairnessRow read(StoredRow r) {
        long start = r.int64("window_start"), end = r.int64("window_end");
        GroupFairness f = new GroupFairness(r.string("attribute"), r.string("group"), r.string("positive_class"),
                r.string("reference_group"), r.int64("count", 0), r.int64("labeled_count", 0),
                r.int64("positive_count", 0), r.float64("positive_rate"), ci(r, "positive_rate"), r.float64("tpr"),
                ci(r, "tpr"), r.float64("fpr"), ci(r, "fpr"), r.float64("precision"), ci(r, "precision"),
                r.float64("disparate_impact"), ci(r, "disparate_impact"), r.float64("parity_difference"),
                ci(r, "parity_difference"), r.float64("tpr_difference"), ci(r, "tpr_difference"),
                r.float64("fpr_difference"), ci(r, "fpr_difference"), r.float64("demographic_parity_difference"),
                r.float64("demographic_parity_ratio"), r.float64("equal_opportunity_difference"),
                r.float64("equalized_odds_difference"), Boolean.TRUE.equals(r.bool("judged")),
                Boolean.TRUE.equals(r.bool("breach")), r.float64("breach_p_value"), r.string("note"));
        return new FairnessRow(r.string("model"), r.string("model_version"), r.string("segment"), start, end,
                r.int64("coverage_start", start), r.int64("coverage_end", end), f);
    }
}
