package io.driftwatch.jobs.report;

import java.util.List;

/**
 * What the report's page shows as text (the Mustache template reads these records' components by
 * name; the engine escapes them as HTML).
 *
 * @param range the windows shown, first to last
 * @param reference the reference directory, or why there is none
 */
public record ReportPage(String output, String range, String reference, List<Model> models, boolean noModels,
        List<Run> runs, int runCount, List<DeadLetters> deadLetters, boolean noDeadLetters) {

    /**
     * One model's section.
     *
     * @param id the model's element ids' prefix ({@code m0}, {@code m1}, ...)
     * @param decision the latest window's most severe decision, or "no decision"
     * @param decisionClass its CSS class
     * @param decisionWindow the window it is for (null without a decision)
     * @param severity the decision's severity, two decimals
     * @param decisions every window's decision, latest first
     * @param kpiCharts the KPI charts drawn, in order
     * @param driftCells the drift heatmap's cells (0: no drift rows)
     * @param driftHeight the heatmap's height in pixels
     * @param missingColumns columns with missing values somewhere (charted)
     * @param newColumns columns with new categories somewhere (charted)
     * @param versionsId the versions chart's element ({@code model_versions}: traffic share per version)
     * @param versionCount versions seen in the windows shown
     */
    public record Model(String name, String id, String decision, String decisionClass, String decisionWindow,
            String decisionVersion, String severity, List<String> reasons, String driftedFeatures,
            List<Decision> decisions, List<ChartRef> kpiCharts, String driftId, int driftCells, int driftHeight,
            boolean hasDrift, String distId, String missingId, String newId, int missingColumns, int newColumns,
            String versionsId, int versionCount, String fairnessId, int fairnessGroups, String multivariateId,
            int multivariateSeries, String reliabilityId, int reliabilitySeries) {}

    /** One window's decision for one version. */
    public record Decision(String window, String version, String decision, String decisionClass, String reason) {}

    /** A KPI chart's element and how many anomalies it marks. */
    public record ChartRef(String id, String kpi, int anomalies) {}

    /** One {@code runs} row as the audit trail shows it. */
    public record Run(String runId, String command, String status, String started, String range, long read, long valid,
            long invalid, long late, long labelsJoined, long windows, String decisions, String message) {}

    /** Dead letters of one {@code kind:reason} over all runs. */
    public record DeadLetters(String reason, long count) {}
}
