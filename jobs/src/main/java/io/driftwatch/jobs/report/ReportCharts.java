package io.driftwatch.jobs.report;

import java.util.List;
import java.util.Map;

/**
 * The numbers the report's script draws (written into the page as JSON; {@code report.js} reads
 * these records' components by name).
 */
public record ReportCharts(List<Model> models, List<ReportPage.DeadLetters> deadLetters) {

    /**
     * One model's charts.
     *
     * @param distributions per window (as the page names it), its most drifted columns' distributions
     */
    public record Model(String name, String id, List<Kpi> kpis, Heatmap drift, Map<String, List<Distribution>> distributions,
            Quality missing, Quality newCategories, Quality versions, Quality fairness, Quality multivariate,
            Quality reliability) {}

    /**
     * One KPI's chart: a line per version, the anomalies marked, the reference level.
     *
     * @param reference the reference period's mean of the KPI, or null
     */
    public record Kpi(String id, String kpi, List<Line> series, List<Mark> anomalies, Double reference) {}

    /**
     * A version's series: {@code [t, value]} points, and {@code [t, low, high]} of each window's 95 % interval.
     */
    public record Line(String version, List<List<Object>> points, List<List<Object>> band) {}

    /** An anomaly on a KPI chart. */
    public record Mark(String version, long t, Double value, String note) {}

    /**
     * The drift heatmap: a cell per (column, window) as an array the script reads by position —
     * x, y, score, drifted (0/1), then version, method, statistic, threshold, p-value, PSI, Jensen–Shannon,
     * KS, Wasserstein, chi-square p, missing rate, reference missing rate, new-category rate, count, note
     * ({@code CELL} in report.js names them for the tooltip).
     */
    public record Heatmap(String id, List<String> windows, List<String> columns, List<Object[]> cells) {}

    /**
     * One column's distribution in a window against the reference: quantiles ({@code numeric}) or the
     * shares of {@code categories} ({@code categorical}); {@code reference} null without one.
     */
    public record Distribution(String column, String version, String kind, List<String> categories, List<Double> current,
            List<Double> reference) {}

    /** A data-quality chart (missing rates, new-category rates): a series per column that has any. */
    public record Quality(String id, List<ColumnSeries> series) {}

    /**
     * One column's {@code [t, rate]} points (the versions chart: a version's {@code [t, traffic share,
     * worse (0/1), note]}).
     */
    public record ColumnSeries(String column, List<List<Object>> points) {}
}
