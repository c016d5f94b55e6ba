package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.Observation;
import org.apache.flink.api.common.functions.FilterFunction;

/** Keeps the observations whose event time is in {@code [from, to)}. */
public final class InPeriod implements FilterFunction<Observation> {
    private static final long serialVersionUID = 1L;

    private final long from;
    private final long to;

    public InPeriod(long from, long to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public boolean filter(Observation o) {
        return o.timestamp() >= from && o.timestamp() < to;
    }
}
