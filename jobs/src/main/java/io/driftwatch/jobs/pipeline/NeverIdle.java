package io.driftwatch.jobs.pipeline;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Forwards records and watermarks but never tells downstream that this subtask is idle. Chained right
 * after the label join: every join subtask reads every source subtask (a keyed shuffle), so all of
 * them turn idle and active together, and when all their inputs go idle Flink still flushes the
 * highest watermark through each. If they announced idleness, the windows would stop waiting for the
 * join subtasks that wake up a moment later than the first one: that first subtask's new watermark
 * fires the windows, and the predictions the others release at the same watermark arrive after the
 * windows were emitted (seen with a watched directory read by two readers: whole days in
 * {@code late_events}). Idleness of a quiet source partition still counts — at the join's input.
 */
public final class NeverIdle<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) {
        // not forwarded: downstream keeps waiting for this subtask's watermark
    }
}
