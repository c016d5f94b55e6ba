package io.driftwatch.common.config;

import java.io.Serializable;

/**
 * One sensitive attribute of a model ({@code models.<model>.fairness[]}, docs/guide/fairness.md):
 * whose groups the {@code fairness} table compares, against which group, and the limits whose
 * crossing beyond sampling noise is a {@code breach}.
 *
 * @param attribute a feature or any field of the record (as {@code segments} are read)
 * @param referenceGroup the group the others are compared with; null: the largest group of the window
 * @param positiveClass multiclass: the class taken as positive (one-vs-rest); null: every class seen.
 *     Binary models: the positive class (score at or over the threshold; the positive label)
 * @param minGroupSize groups (and a reference group) with fewer predictions are reported, never flagged
 * @param disparateImpactMin a group's positive rate over the reference group's below this is a breach
 *     (default 0.8, the four-fifths rule)
 * @param maxParityDifference a group's positive rate this far from the reference's is a breach (null: off)
 * @param maxEqualOpportunityDifference a group's TPR this far from the reference's (null: off)
 * @param maxEqualizedOddsDifference the larger of the TPR and FPR differences this large (null: off)
 * @param retrain a breach makes the window RETRAIN rather than INVESTIGATE ({@code decision: retrain})
 */
public record FairnessRule(String attribute, String referenceGroup, String positiveClass, long minGroupSize,
        double disparateImpactMin, Double maxParityDifference, Double maxEqualOpportunityDifference,
        Double maxEqualizedOddsDifference, boolean retrain) implements Serializable {
    public static final long DEFAULT_MIN_GROUP_SIZE = 50;
    public static final double DEFAULT_DISPARATE_IMPACT_MIN = 0.8;

    /** An attribute with the default limits. */
    public static FairnessRule of(String attribute, String referenceGroup) {
        return new FairnessRule(attribute, referenceGroup, null, DEFAULT_MIN_GROUP_SIZE, DEFAULT_DISPARATE_IMPACT_MIN,
                null, null, null, false);
    }
}
