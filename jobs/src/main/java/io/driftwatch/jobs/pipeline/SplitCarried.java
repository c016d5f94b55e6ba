package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.parse.BadRecordException;
import io.driftwatch.common.parse.RecordParser;
import io.driftwatch.jobs.tables.LabelCarryRow;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the predictions kept by the last run ({@link LabelCarry}) by whether a label read in this run
 * names them. Those it names go to the label join ({@link #TO_JOIN}) with the label they had, to compete
 * with the new ones there. The others cannot change: they leave at once with the label they had (as the
 * join would give it: normalized, replacing a label logged with the prediction), and are kept again for
 * the next run ({@link #KEPT}) — without the join's sort, which batch mode pays per record. In batch mode
 * Flink reads the broadcast side (the new labels' ids) to its end before the kept predictions.
 */
public final class SplitCarried extends BroadcastProcessFunction<CarriedPrediction, String, Observation> {
    private static final long serialVersionUID = 1L;

    /** The ids of the labels read in this run. */
    static final MapStateDescriptor<String, Boolean> IDS = new MapStateDescriptor<>("new-label-ids", Types.STRING, Types.BOOLEAN);

    /** Kept predictions a new label names, for the label join. */
    static final OutputTag<CarriedPrediction> TO_JOIN =
            new OutputTag<>("carried-to-join", TypeInformation.of(CarriedPrediction.class));

    /** Kept predictions that did not pass the join, kept again for the next run. */
    static final OutputTag<LabelCarryRow> KEPT = new OutputTag<>("carried-kept", TypeInformation.of(LabelCarryRow.class));

    private final RecordParser parser;
    private final AnalyzeSettings settings;

    public SplitCarried(RecordParser parser, AnalyzeSettings settings) {
        this.parser = parser;
        this.settings = settings;
    }

    @Override
    public void processBroadcastElement(String id, Context ctx, Collector<Observation> out) throws Exception {
        ctx.getBroadcastState(IDS).put(id, Boolean.TRUE);
    }

    @Override
    public void processElement(CarriedPrediction c, ReadOnlyContext ctx, Collector<Observation> out) throws Exception {
        String id = c.observation().predictionId();
        if (id != null && ctx.getBroadcastState(IDS).contains(id)) {
            ctx.output(TO_JOIN, c);
            return;
        }
        LabelCarryRow kept = keptAgain(c, settings);
        if (kept != null) ctx.output(KEPT, kept);
        out.collect(withItsLabel(c, parser));
    }

    /** The row that keeps {@code c} for the next run, or null when its window is older than the run keeps. */
    static LabelCarryRow keptAgain(CarriedPrediction c, AnalyzeSettings settings) {
        LabelCarry carry = settings.carry();
        long t = c.observation().timestamp();
        if (!carry.writes() || t < carry.writeFrom() || t >= settings.to()) return null;
        return LabelCarryRow.of(c.observation(), settings.grid().start(t), c.label());
    }

    /** The prediction with the label it had, as the label join gives it. */
    static Observation withItsLabel(CarriedPrediction c, RecordParser parser) {
        Observation o = c.observation();
        LabelRecord l = c.label();
        if (l == null || !o.hasPrediction()) return o;
        try {
            return o.withLabel(parser.normalizeLabel(o.task(), o.model(), l.labelNumber(), l.labelText()), l.labelText());
        } catch (BadRecordException e) {
            return o; // the run that joined it wrote its dead letter
        }
    }

    /** Without label files in this run: every kept prediction keeps the label it had. */
    static final class NoNewLabels extends ProcessFunction<CarriedPrediction, Observation> {
        private static final long serialVersionUID = 1L;
        private final RecordParser parser;
        private final AnalyzeSettings settings;

        NoNewLabels(RecordParser parser, AnalyzeSettings settings) {
            this.parser = parser;
            this.settings = settings;
        }

        @Override
        public void processElement(CarriedPrediction c, Context ctx, Collector<Observation> out) {
            LabelCarryRow kept = keptAgain(c, settings);
            if (kept != null) ctx.output(KEPT, kept);
            out.collect(withItsLabel(c, parser));
        }
    }
}
