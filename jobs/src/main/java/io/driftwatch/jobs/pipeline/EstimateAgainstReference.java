package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.kpi.Estimates;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.common.trend.Judge;
import io.driftwatch.jobs.tables.KpiWindowRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The analyzed windows' quality without labels against a reference built in the same job (one read of
 * the input, as {@link DriftAgainstReference} does for drift). Keyed by (model, segment): input 1 is the
 * reference period's {@code kpi_windows} rows, merged as the judge merges a reference
 * ({@link Judge#referenceKpis}); input 2 the analyzed rows, held until the key's timer, which in batch
 * fires once both inputs are all in; then each row goes on with its estimates ({@link Estimates}). A
 * stored reference needs none of this: {@link EmitWindow} sets them as it emits.
 */
public final class EstimateAgainstReference extends KeyedCoProcessFunction<String, KpiWindowRow, KpiWindowRow, KpiWindowRow> {
    private static final long serialVersionUID = 1L;
    private static final long END_OF_KEY = Long.MAX_VALUE - 1;

    private transient ListState<KpiWindowRow> reference;
    private transient ListState<KpiWindowRow> windows;

    /** The key: model and segment (the reference's versions merged). */
    public static final class ModelAndSegment implements KeySelector<KpiWindowRow, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(KpiWindowRow r) {
            return r.model() + '\u0001' + r.segment();
        }
    }

    @Override
    public void open(OpenContext ctx) {
        reference = getRuntimeContext().getListState(new ListStateDescriptor<>("reference", KpiWindowRow.class));
        windows = getRuntimeContext().getListState(new ListStateDescriptor<>("windows", KpiWindowRow.class));
    }

    @Override
    public void processElement1(KpiWindowRow r, Context ctx, Collector<KpiWindowRow> out) throws Exception {
        reference.add(r);
        ctx.timerService().registerEventTimeTimer(END_OF_KEY);
    }

    @Override
    public void processElement2(KpiWindowRow w, Context ctx, Collector<KpiWindowRow> out) throws Exception {
        windows.add(w);
        ctx.timerService().registerEventTimeTimer(END_OF_KEY);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiWindowRow> out) throws Exception {
        List<KpiWindowRow> rows = new ArrayList<>();
        reference.get().forEach(rows::add);
        KpiValues ref = null;
        for (KpiWindowRow w : windows.get()) {
            if (ref == null && !rows.isEmpty()) {
                ref = Judge.referenceKpis(rows).get(Judge.referenceKey(w.model(), w.segment()));
            }
            out.collect(ref == null ? w : w.withKpis(Estimates.of(w.kpis(), null, ref)));
        }
        windows.clear();
        reference.clear();
    }
}
