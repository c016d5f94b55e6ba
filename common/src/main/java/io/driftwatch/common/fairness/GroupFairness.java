package io.driftwatch.common.fairness;

/**
 * One group of one sensitive attribute in one window: a row of the {@code fairness} table without its
 * key (docs/reference/output-tables.md). Rates and their 95 % intervals are null where their
 * denominator is 0; comparisons with the reference group are null for the reference group itself and
 * where the reference's rate is undefined.
 *
 * @param attribute the sensitive attribute
 * @param group the group (the attribute's value, {@code __missing__} without one)
 * @param positiveClass the class taken as positive ({@code 1} for binary models)
 * @param referenceGroup the group compared with
 * @param count predictions of the group
 * @param labeledCount labeled predictions of the group
 * @param positiveCount predictions of the positive class
 * @param positiveRate {@code positive_count / count} (Fairlearn's selection rate)
 * @param tpr true-positive rate over the labeled predictions (recall)
 * @param fpr false-positive rate over the labeled predictions
 * @param precision over the labeled predictions predicted positive
 * @param disparateImpact {@code positive_rate / reference's positive_rate}, with its interval (Katz, log scale)
 * @param parityDifference {@code positive_rate − reference's}, with its interval (Newcombe, from Wilson)
 * @param tprDifference {@code tpr − reference's}, with its interval (Newcombe)
 * @param fprDifference {@code fpr − reference's}, with its interval (Newcombe)
 * @param demographicParityDifference over the attribute's judged groups: max − min positive rate (Fairlearn)
 * @param demographicParityRatio over the judged groups: min / max positive rate (Fairlearn)
 * @param equalOpportunityDifference over the judged groups: max − min TPR (Fairlearn)
 * @param equalizedOddsDifference over the judged groups: the larger of the TPR and FPR ranges (Fairlearn)
 * @param judged whether the group and its reference both reach {@code min_group_size}
 * @param breach a limit crossed beyond sampling noise (at the alarm budget's level)
 * @param breachPValue the one-sided p-value of the limit tested nearest to breaching, or null when not judged
 * @param note why the group is not judged, or what breached, in words
 */
public record GroupFairness(
        String attribute, String group, String positiveClass, String referenceGroup, long count, long labeledCount,
        long positiveCount, Double positiveRate, double[] positiveRateCi, Double tpr, double[] tprCi, Double fpr,
        double[] fprCi, Double precision, double[] precisionCi, Double disparateImpact, double[] disparateImpactCi,
        Double parityDifference, double[] parityDifferenceCi, Double tprDifference, double[] tprDifferenceCi,
        Double fprDifference, double[] fprDifferenceCi, Double demographicParityDifference,
        Double demographicParityRatio, Double equalOpportunityDifference, Double equalizedOddsDifference,
        boolean judged, boolean breach, Double breachPValue, String note) {

    public boolean isReference() {
        return group.equals(referenceGroup);
    }
}
