package io.driftwatch.common.kpi;

/**
 * The KPIs of one window and key, as {@code kpi_windows} holds them (SPEC §5). Null where a KPI is
 * not defined for the window (no labels, no latencies, another task, a zero denominator).
 */
public record KpiValues(
        String task,
        long predictionCount,
        long errorCount,
        Double errorRate,
        double throughputPerS,
        Double latencyMsMean,
        Double latencyMsP50,
        Double latencyMsP90,
        Double latencyMsP95,
        Double latencyMsP99,
        Double latencyMsMax,
        long labeledCount,
        Double labelCoverage,
        Double accuracy,
        Double precision,
        Double recall,
        Double f1,
        Double rocAuc,
        Boolean rocAucExact,
        Double logLoss,
        Double brier,
        Double estimatedAccuracy,
        Double mae,
        Double rmse,
        Double mape,
        Double r2,
        Double meanPrediction,
        Double positiveRate,
        Double labelPositiveRate,
        Double cpuPctMean,
        Double cpuPctMax,
        Double memoryMbMean,
        Double memoryMbMax,
        Double gpuPctMean) {}
