package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.Observation;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Emits a prediction once for the whole model ({@code __all__}) and once per configured segment it is in. */
public final class FanOutSegments implements FlatMapFunction<Observation, Observation> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(Observation o, Collector<Observation> out) {
        out.collect(o.segment().equals(Observation.ALL_SEGMENTS) ? o : o.inSegment(Observation.ALL_SEGMENTS));
        for (String s : o.segments()) out.collect(o.inSegment(s));
    }
}
