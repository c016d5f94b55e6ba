package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.kpi.KpiState;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Merges the partial KPI states of one key and window (from every subtask) into one. */
public final class MergeKpiPartials implements AggregateFunction<KpiPartial, KpiState, KpiState> {
    private static final long serialVersionUID = 1L;

    @Override
    public KpiState createAccumulator() {
        return new KpiState();
    }

    @Override
    public KpiState add(KpiPartial partial, KpiState state) {
        return state.merge(KpiState.fromBytes(partial.state()));
    }

    @Override
    public KpiState getResult(KpiState state) {
        return state;
    }

    @Override
    public KpiState merge(KpiState a, KpiState b) {
        return a.merge(b);
    }
}
