package io.driftwatch.common.drift;

/**
 * The drift of one column of one key and window against the reference: one {@code feature_drift}
 * row without its keys (contract §5). Doubles are NaN where not defined (written as null).
 *
 * @param statistic the value the decision compares: the method's distance, or for the tests (KS,
 *     chi-square) their statistic; the decision itself then uses {@code pValueAdjusted}
 * @param pValue the raw p-value of the deciding test; for a distance method the column's test that gates it
 *     ({@code drift.require_significance}), else NaN
 * @param pValueAdjusted {@code pValue} corrected for the window's tests ({@code multiple_testing})
 * @param drifted the decision; null when it cannot be made (no reference, no labels, ...)
 * @param note why a decision is missing or special, in words; null otherwise
 */
public record ColumnDrift(
        ProfileSet.Kind kind, String feature, String featureType, long count, long referenceCount,
        double missingRate, double referenceMissingRate, String method, double statistic, double pValue,
        double pValueAdjusted, double threshold, Boolean drifted, double psi, double jensenShannon, double hellinger,
        double ksStatistic, double ksPValue, double wasserstein, double wassersteinNorm, double chiSquarePValue,
        double lInfinity, double mean, double referenceMean, double newCategoryRate, String note) {

    ColumnDrift decided(double adjusted, Boolean isDrifted) {
        return new ColumnDrift(kind, feature, featureType, count, referenceCount, missingRate, referenceMissingRate,
                method, statistic, pValue, adjusted, threshold, isDrifted, psi, jensenShannon, hellinger, ksStatistic,
                ksPValue, wasserstein, wassersteinNorm, chiSquarePValue, lInfinity, mean, referenceMean,
                newCategoryRate, note);
    }
}
