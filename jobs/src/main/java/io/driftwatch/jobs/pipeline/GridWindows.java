package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.window.WindowGrid;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Tumbling event-time windows on a {@link WindowGrid}: fixed lengths with any alignment, or calendar
 * months (which Flink's {@code TumblingEventTimeWindows} cannot express, as months differ in length).
 * The pre-aggregation and the commit use the same grid, so every stage agrees on the window edges.
 *
 * <p>A window fires once, when the watermark passes its end plus the label wait ({@code labels.wait},
 * contract §3); the windowed stream allows that much lateness, so predictions the label join releases
 * at that time still count. With no wait this is Flink's {@code EventTimeTrigger}.
 */
public final class GridWindows extends WindowAssigner<Object, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final WindowGrid grid;
    private final long waitMillis;

    public GridWindows(WindowGrid grid, long waitMillis) {
        this.grid = grid;
        this.waitMillis = waitMillis;
    }

    @Override
    public Collection<TimeWindow> assignWindows(Object element, long timestamp, WindowAssignerContext context) {
        long start = grid.start(timestamp);
        return List.of(new TimeWindow(start, grid.end(start)));
    }

    @Override
    public Trigger<Object, TimeWindow> getDefaultTrigger() {
        return waitMillis == 0 ? EventTimeTrigger.create() : new AfterLabelWait(waitMillis);
    }

    /** Fires a window once the watermark passes its last millisecond plus the label wait. */
    static final class AfterLabelWait extends Trigger<Object, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final long waitMillis;

        AfterLabelWait(long waitMillis) {
            this.waitMillis = waitMillis;
        }

        private long fireAt(TimeWindow w) {
            return AnalyzeSettings.saturatedAdd(w.maxTimestamp(), waitMillis);
        }

        @Override
        public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx) {
            ctx.registerEventTimeTimer(fireAt(window));
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
            return time == fireAt(window) ? TriggerResult.FIRE : TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public void clear(TimeWindow window, TriggerContext ctx) {
            ctx.deleteEventTimeTimer(fireAt(window));
        }
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
