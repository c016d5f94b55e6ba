package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.model.Observation;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Incremental KPI aggregation of one window and key: a thin adapter over {@link KpiState}. */
public final class KpiAggregate implements AggregateFunction<Observation, KpiState, KpiState> {
    private static final long serialVersionUID = 1L;

    private final DriftwatchConfig config;

    public KpiAggregate(DriftwatchConfig config) {
        this.config = config;
    }

    @Override
    public KpiState createAccumulator() {
        return new KpiState();
    }

    @Override
    public KpiState add(Observation o, KpiState state) {
        state.add(o, config.model(o.model()).threshold());
        return state;
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
