package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.jobs.tables.KpiWindowRow;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns the aggregated state of a window into its {@code kpi_windows} row. */
public final class EmitKpiWindow extends ProcessWindowFunction<KpiState, KpiWindowRow, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private transient org.apache.flink.api.common.accumulators.LongCounter windows;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
        windows = getRuntimeContext().getLongCounter(Counters.KPI_WINDOWS);
    }

    @Override
    public void process(String key, Context ctx, Iterable<KpiState> states, Collector<KpiWindowRow> out) {
        String[] parts = KpiKey.split(key);
        TimeWindow w = ctx.window();
        KpiState state = states.iterator().next();
        windows.add(1);
        out.collect(new KpiWindowRow(parts[0], parts[1], parts[2], w.getStart(), w.getEnd(),
                state.result(w.getEnd() - w.getStart())));
    }
}
