package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.parse.BadRecordException;
import io.driftwatch.common.parse.RecordParser;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.common.window.WindowGrid;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins labels that arrived separately to their predictions by {@code prediction_id}, however late
 * the label is: keyed state holds the prediction (the only per-record state of the pipeline) until
 * an event-time timer at its window's end plus {@code labels.wait}. In batch mode every timer of a
 * key fires after all its records are in, so every label finds its prediction.
 *
 * <p>A label record replaces a label logged with the prediction; of several label records for one
 * prediction the one with the latest timestamp wins. Counts: {@code labels_joined} (label records
 * whose prediction was found), {@code labels_unmatched} (no prediction with that id in the
 * analyzed range). A label the model's task cannot read goes to {@code dead_letter}.
 */
public final class JoinLabels extends KeyedCoProcessFunction<String, Observation, LabelRecord, Observation> {
    private static final long serialVersionUID = 1L;

    private final RecordParser parser;
    private final WindowGrid grid;
    private final long labelWaitMillis;

    private transient ListState<Observation> predictions;
    private transient ValueState<LabelRecord> label;
    private transient ValueState<Long> labelRecords;
    private transient LongCounter joined, unmatched;

    public JoinLabels(RecordParser parser, WindowGrid grid, long labelWaitMillis) {
        this.parser = parser;
        this.grid = grid;
        this.labelWaitMillis = labelWaitMillis;
    }

    @Override
    public void open(OpenContext ctx) {
        predictions = getRuntimeContext().getListState(new ListStateDescriptor<>("predictions", Observation.class));
        label = getRuntimeContext().getState(new ValueStateDescriptor<>("label", LabelRecord.class));
        labelRecords = getRuntimeContext().getState(new ValueStateDescriptor<>("label-records", Long.class));
        joined = getRuntimeContext().getLongCounter(Counters.LABELS_JOINED);
        unmatched = getRuntimeContext().getLongCounter(Counters.LABELS_UNMATCHED);
    }

    @Override
    public void processElement1(Observation o, Context ctx, Collector<Observation> out) throws Exception {
        predictions.add(o);
        long windowEnd = grid.end(grid.start(o.timestamp()));
        ctx.timerService().registerEventTimeTimer(windowEnd - 1 + labelWaitMillis);
    }

    @Override
    public void processElement2(LabelRecord l, Context ctx, Collector<Observation> out) throws Exception {
        LabelRecord current = label.value();
        if (current == null || l.timestamp() >= current.timestamp()) label.update(l);
        Long n = labelRecords.value();
        labelRecords.update(n == null ? 1 : n + 1);
        ctx.timerService().registerEventTimeTimer(l.timestamp());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Observation> out) throws Exception {
        List<Observation> held = new ArrayList<>();
        for (Observation o : predictions.get()) held.add(o);
        LabelRecord l = label.value();
        Long n = labelRecords.value();
        long labelCount = n == null ? 0 : n;
        if (held.isEmpty()) {
            // a label without a prediction (yet: in streaming the prediction may still come)
            if (l != null && timestamp >= l.timestamp()) {
                unmatched.add(labelCount);
                ctx.output(AnalyzePipeline.COUNTS, new RunCount(Counters.LABELS_UNMATCHED, labelCount));
                label.clear();
                labelRecords.clear();
            }
            return;
        }
        if (l != null) {
            joined.add(labelCount);
            ctx.output(AnalyzePipeline.COUNTS, new RunCount(Counters.LABELS_JOINED, labelCount));
        }
        for (Observation o : held) {
            if (l == null || !o.hasPrediction()) {
                // a failed request without a prediction has nothing a label can judge
                out.collect(o);
                continue;
            }
            try {
                double normalized = parser.normalizeLabel(o.task(), o.model(), l.labelNumber(), l.labelText());
                out.collect(o.withLabel(normalized, l.labelText()));
            } catch (BadRecordException e) {
                out.collect(o);
                String raw = "{\"prediction_id\":\"" + l.predictionId() + "\",\"label\":\"" + l.labelText() + "\"}";
                String source = "labels (prediction_id " + l.predictionId() + ")";
                ctx.output(AnalyzePipeline.DEAD_LETTERS, DeadLetterRow.of(source, raw, e.reason(), e.getMessage(),
                        o.model(), o.timestamp(), "label"));
                ctx.output(AnalyzePipeline.COUNTS, new RunCount(Counters.deadLetter("label", e.reason().code()), 1,
                        source + ": " + e.getMessage()));
            }
        }
        predictions.clear();
        label.clear();
        labelRecords.clear();
    }

}
