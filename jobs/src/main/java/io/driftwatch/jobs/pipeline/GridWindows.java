package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.window.WindowGrid;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Tumbling event-time windows on a {@link WindowGrid}: fixed lengths with any alignment, or calendar
 * months (which Flink's {@code TumblingEventTimeWindows} cannot express, as months differ in length).
 * The pre-aggregation and the commit use the same grid, so every stage agrees on the window edges.
 */
public final class GridWindows extends WindowAssigner<Object, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final WindowGrid grid;

    public GridWindows(WindowGrid grid) {
        this.grid = grid;
    }

    @Override
    public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
        long start = grid.start(timestamp);
        return List.of(new TimeWindow(start, grid.end(start)));
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return EventTimeTrigger.create();
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig executionConfig) {
        return new TimeWindow.Serializer();
    }

    @Override
    public boolean isEventTime() {
        return true;
    }

    @Override
    public String toString() {
        return "GridWindows(" + grid.spec() + ")";
    }
}
