package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.window.WindowState;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Merges the partial KPI states of one key and window (from every subtask) into one. */
public final class MergeWindowPartials implements AggregateFunction<WindowPartial, WindowState, WindowState> {
    private static final long serialVersionUID = 1L;

    @Override
    public WindowState createAccumulator() {
        return new WindowState();
    }

    @Override
    public WindowState add(WindowPartial partial, WindowState state) {
        return state.merge(WindowState.fromBytes(partial.state()));
    }

    @Override
    public WindowState getResult(WindowState state) {
        return state;
    }

    @Override
    public WindowState merge(WindowState a, WindowState b) {
        return a.merge(b);
    }
}
