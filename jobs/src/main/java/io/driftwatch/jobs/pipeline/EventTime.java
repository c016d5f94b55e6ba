package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.Observation;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/** Event time of a prediction: its logged {@code timestamp}. */
public final class EventTime implements SerializableTimestampAssigner<Observation> {
    private static final long serialVersionUID = 1L;

    @Override
    public long extractTimestamp(Observation o, long previous) {
        return o.timestamp();
    }
}
