package io.driftwatch.common.trend;

import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.kpi.KpiValues;

/** One window's KPIs of one (model, version, segment), as the {@link Judge} reads them. */
public interface KpiWindow {
    String model();

    String modelVersion();

    String segment();

    long windowStart();

    long windowEnd();

    /** The part of the window the run covered: the whole window unless the range cut it. */
    long coverageStart();

    long coverageEnd();

    /** Whether the run covered the whole window. */
    default boolean complete() {
        return coverageStart() == windowStart() && coverageEnd() == windowEnd();
    }

    KpiValues kpis();

    /** The mergeable state the KPIs came from, or null (written before states were stored). */
    KpiState state();
}
