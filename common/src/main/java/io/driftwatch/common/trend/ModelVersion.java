package io.driftwatch.common.trend;

/**
 * One version of a model in one window: a row of {@code model_versions} (docs/guide/versions.md) —
 * its share of the model's traffic, when it was first and last seen in the window, the endpoint the
 * log names, and, when another version served in the same window, its quality and latency against
 * the window's baseline version (the one with the most traffic) with the p-value of each difference.
 *
 * @param baselineVersion the version compared with; null for the baseline itself and a lone version
 * @param accuracyDiff accuracy minus the baseline's (two-proportion z-test, pooled; two-sided p)
 * @param rocAucDiff ROC AUC minus the baseline's (z over both Hanley–McNeil standard errors)
 * @param maeDiff MAE minus the baseline's (Welch, from both t intervals)
 * @param latencyMeanDiff mean latency minus the baseline's (Welch)
 * @param errorRateDiff error rate minus the baseline's (two-proportion z-test)
 * @param worse some comparison is worse than the baseline beyond sampling noise (one-sided, at the
 *     quality family's share of the alarm budget split over the window's tests)
 * @param note what is worse, in words (the reason the decision gives), else why nothing was compared
 */
public record ModelVersion(
        String model, String modelVersion, long windowStart, long windowEnd, String endpoint, long predictionCount,
        double trafficShare, Long firstSeen, Long lastSeen, String baselineVersion, long labeledCount, Double accuracy,
        Double accuracyDiff, Double accuracyPValue, Double rocAuc, Double rocAucDiff, Double rocAucPValue, Double mae,
        Double maeDiff, Double maePValue, Double latencyMsMean, Double latencyMeanDiff, Double latencyPValue,
        Double errorRate, Double errorRateDiff, Double errorRatePValue, boolean worse, String note) {}
