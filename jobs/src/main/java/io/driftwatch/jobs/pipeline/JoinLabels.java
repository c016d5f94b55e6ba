package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.CarriedObservations;
import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.parse.BadRecordException;
import io.driftwatch.common.parse.RecordParser;
import io.driftwatch.jobs.tables.DeadLetterRow;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.tables.LabelCarryRow;
import io.driftwatch.jobs.tables.LateEventRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.Collector;

/**
 * Joins labels that arrived separately to their predictions by {@code prediction_id}, however late
 * the label is: keyed state holds the prediction (the only per-record state of the pipeline) until
 * an event-time timer at its window's end plus {@code labels.wait}. In batch mode every timer of a
 * key fires after all its records are in, so every label finds its prediction.
 *
 * <p>A label record replaces a label logged with the prediction; of several label records for one
 * prediction the one with the latest timestamp wins (at equal times the greater value:
 * {@link LabelRecord#replaces}). Counts: {@code labels_joined} (label records
 * whose prediction was found), {@code labels_unmatched} (no prediction with that id in the
 * analyzed range). A label the model's task cannot read goes to {@code dead_letter}.
 *
 * <p>Streaming: the prediction leaves when the watermark passes its window's end plus the label wait,
 * just before the window fires. A label that comes first waits for its prediction until the window of
 * the label's own time is emitted (a prediction is never later than its label), then is unmatched. A
 * label that comes after its prediction left is late: it goes to {@code late_events}
 * (count {@code labels_late}) for as long as {@code labels.horizon} after the release, when the key's
 * state is dropped; later still it is unmatched.
 */
public final class JoinLabels extends KeyedCoProcessFunction<String, Observation, LabelRecord, Observation> {
    private static final long serialVersionUID = 1L;

    private final RecordParser parser;
    private final AnalyzeSettings settings;
    private final long horizonMillis;

    private transient ListState<Observation> predictions;
    private transient ValueState<LabelRecord> label;
    private transient ValueState<Long> labelRecords;
    /** Streaming: the event time of the prediction released already (kept until the horizon passes). */
    private transient ValueState<Long> released;
    private transient ValueState<String> releasedModel;
    private transient LongCounter joined, unmatched, late, outOfRange;
    /** A prediction with this id was read outside the range: until when that is remembered (see {@link LabelRecord}). */
    private transient ValueState<Long> outOfRangeUntil;

    public JoinLabels(RecordParser parser, AnalyzeSettings settings) {
        this.parser = parser;
        this.settings = settings.withoutReference(); // it reads no reference
        this.horizonMillis = settings.config().labelHorizon().toMillis();
    }

    @Override
    public void open(OpenContext ctx) {
        predictions = getRuntimeContext().getListState(new ListStateDescriptor<>("predictions", Observation.class));
        label = getRuntimeContext().getState(new ValueStateDescriptor<>("label", LabelRecord.class));
        labelRecords = getRuntimeContext().getState(new ValueStateDescriptor<>("label-records", Long.class));
        released = getRuntimeContext().getState(new ValueStateDescriptor<>("released", Long.class));
        releasedModel = getRuntimeContext().getState(new ValueStateDescriptor<>("released-model", String.class));
        late = getRuntimeContext().getLongCounter(Counters.LABELS_LATE);
        joined = getRuntimeContext().getLongCounter(Counters.LABELS_JOINED);
        unmatched = getRuntimeContext().getLongCounter(Counters.LABELS_UNMATCHED);
        outOfRange = getRuntimeContext().getLongCounter(Counters.LABELS_OUT_OF_RANGE);
        outOfRangeUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("prediction-out-of-range", Long.class));
    }

    @Override
    public void processElement1(Observation o, Context ctx, Collector<Observation> out) throws Exception {
        predictions.add(o);
        ctx.timerService().registerEventTimeTimer(settings.emittedAt(settings.grid().start(o.timestamp())));
    }

    @Override
    public void processElement2(LabelRecord l, Context ctx, Collector<Observation> out) throws Exception {
        if (l.predictionOutOfRange()) {
            // remembered as long as a label for it may come (streaming: then dropped; batch: to the end)
            long until = AnalyzeSettings.saturatedAdd(labelGivesUpAt(l), horizonMillis);
            outOfRangeUntil.update(until);
            if (settings.streaming()) ctx.timerService().registerEventTimeTimer(until);
            return;
        }
        Long releasedAt = released.value();
        if (releasedAt != null) {
            long releasedWindow = settings.grid().start(releasedAt);
            late.add(1);
            ctx.output(AnalyzePipeline.COUNTS, new RunCount(Counters.LABELS_LATE, 1));
            ctx.output(AnalyzePipeline.LATE_EVENTS, LateEventRow.of(sourceOf(l), rawOf(l), "label", releasedAt, releasedWindow,
                    "label arrived after its prediction's window was emitted (labels.wait " + settings.config().labelWait()
                            + ")", releasedModel.value()));
            return;
        }
        LabelRecord current = label.value();
        if (LabelRecord.replaces(l, current)) label.update(l);
        Long n = labelRecords.value();
        labelRecords.update(n == null ? 1 : n + 1);
        // its prediction is no later than the label, so it comes (or is late) before the window of the
        // label's own time is emitted: until then the label waits for it, whatever order logs are read in
        ctx.timerService().registerEventTimeTimer(labelGivesUpAt(l));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Observation> out) throws Exception {
        List<Observation> held = new ArrayList<>();
        for (Observation o : predictions.get()) held.add(o);
        LabelRecord l = label.value();
        Long n = labelRecords.value();
        long labelCount = n == null ? 0 : n;
        Long releasedAt = released.value();
        if (held.isEmpty() && l == null && releasedAt != null && timestamp >= AnalyzeSettings.saturatedAdd(
                settings.emittedAt(settings.grid().start(releasedAt)), horizonMillis)) {
            released.clear(); // past the horizon: a label now is unmatched
            releasedModel.clear();
            return;
        }
        if (held.isEmpty()) {
            // a label without a prediction (yet: in streaming the prediction may still come)
            Long marked = outOfRangeUntil.value();
            if (l != null && timestamp >= labelGivesUpAt(l)) {
                // its prediction was read, outside the range: not an id problem
                ctx.output(AnalyzePipeline.COUNTS, withoutPrediction(marked != null, labelCount, outOfRange, unmatched));
                label.clear();
                labelRecords.clear();
            } else if (l == null && marked != null && timestamp >= marked) {
                outOfRangeUntil.clear();
            }
            return;
        }
        release(held, null, l, labelCount, parser, settings, joined, new Released() {
            @Override
            public void observation(Observation o) {
                out.collect(o);
            }

            @Override
            public <X> void side(org.apache.flink.util.OutputTag<X> tag, X value) {
                ctx.output(tag, value);
            }
        });
        predictions.clear();
        label.clear();
        labelRecords.clear();
        if (settings.streaming()) {
            long first = held.get(0).timestamp();
            long window = settings.grid().start(first);
            released.update(first);
            releasedModel.update(held.get(0).model());
            ctx.timerService().registerEventTimeTimer(
                    AnalyzeSettings.saturatedAdd(settings.emittedAt(window), horizonMillis));
        }
    }

    /**
     * Counts the label records of an id without a prediction in the range: {@code labels_out_of_range} when a
     * prediction with that id was read outside the range ({@code outside}: not an id problem), else
     * {@code labels_unmatched}. Returns the count for the {@code runs} row.
     */
    static RunCount withoutPrediction(boolean outside, long labelCount, LongCounter outOfRange, LongCounter unmatched) {
        (outside ? outOfRange : unmatched).add(labelCount);
        return new RunCount(outside ? Counters.LABELS_OUT_OF_RANGE : Counters.LABELS_UNMATCHED, labelCount);
    }

    /** Where the predictions a join releases go, and what leaves beside them. */
    interface Released {
        void observation(Observation o);

        <X> void side(org.apache.flink.util.OutputTag<X> tag, X value);
    }

    /**
     * Releases the predictions held for one id with the label record that won ({@code l}, null: none),
     * of which {@code labelCount} were read by this run: the counts, the predictions kept for the next
     * scheduled run ({@link LabelCarry}), each prediction with the label read as its task reads it (a
     * label it cannot read goes to {@code dead_letter} and the prediction stays unlabeled). Shared with
     * {@link JoinKeptLabels}, so a kept prediction is labeled as in one run over everything.
     *
     * @param stored null, or for each of {@code held} the carried form it was read from ({@code label_carry},
     *     {@link CarriedObservations#toBytes}) or null: kept again as those bytes, not encoded again
     */
    static void release(List<Observation> held, List<byte[]> stored, LabelRecord l, long labelCount,
            RecordParser parser, AnalyzeSettings settings, LongCounter joined, Released out) {
        if (l != null && labelCount > 0) {
            joined.add(labelCount);
            out.side(AnalyzePipeline.COUNTS, new RunCount(Counters.LABELS_JOINED, labelCount));
        }
        LabelCarry carry = settings.carry();
        for (int i = 0; i < held.size(); i++) {
            Observation o = held.get(i);
            if (carry.writes() && o.timestamp() >= carry.writeFrom() && o.timestamp() < settings.to()) {
                // kept for the next scheduled run as read, with the label record that won so far
                byte[] carried = stored == null ? null : stored.get(i);
                out.side(AnalyzePipeline.LABEL_CARRY, LabelCarryRow.of(o,
                        carried != null ? carried : CarriedObservations.toBytes(o), settings.grid().start(o.timestamp()), l));
            }
            if (l == null || !o.hasPrediction()) {
                // a failed request without a prediction has nothing a label can judge
                out.observation(o);
                continue;
            }
            try {
                double normalized = parser.normalizeLabel(o.task(), o.model(), l.labelNumber(), l.labelText());
                out.observation(o.withLabel(normalized, l.labelText()));
            } catch (BadRecordException e) {
                out.observation(o);
                String raw = rawOf(l);
                String source = sourceOf(l);
                out.side(AnalyzePipeline.DEAD_LETTERS, DeadLetterRow.of(source, raw, e.reason(), e.getMessage(),
                        o.model(), o.timestamp(), "label"));
                out.side(AnalyzePipeline.COUNTS, new RunCount(Counters.deadLetter("label", e.reason().code()), 1,
                        source + ": " + e.getMessage()));
            }
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** When a label without its prediction is counted unmatched: the emission of its own time's window. */
    private long labelGivesUpAt(LabelRecord l) {
        return settings.emittedAt(settings.grid().start(l.timestamp()));
    }

    /** A label record as its fields in JSON (the record's own text is not kept past parsing). */
    private static String rawOf(LabelRecord l) {
        ObjectNode raw = JSON.createObjectNode().put("prediction_id", l.predictionId())
                .put("timestamp", Timestamps.format(l.timestamp())).put("label", l.labelText());
        return raw.toString();
    }

    private static String sourceOf(LabelRecord l) {
        return "labels (prediction_id " + l.predictionId() + ")";
    }


    /**
     * The join's operator. Its event time follows the predictions: when every prediction input is idle
     * it stays at the predictions' last watermark instead of letting the labels alone move the windows
     * on. A labels backlog read ahead of its predictions (a directory of label files found before the
     * new prediction files, a labels topic replayed) would otherwise fire windows whose predictions are
     * still to come. Labels idle: the predictions move the windows, as Flink's idleness does.
     */
    public static KeyedCoProcessOperator<String, Observation, LabelRecord, Observation> operator(RecordParser parser,
            AnalyzeSettings settings) {
        return new PredictionsKeepTime(new JoinLabels(parser, settings));
    }

    private static final class PredictionsKeepTime
            extends KeyedCoProcessOperator<String, Observation, LabelRecord, Observation> {
        private static final long serialVersionUID = 1L;

        PredictionsKeepTime(JoinLabels join) {
            super(join);
        }

        @Override
        protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
            if (index == 0 && status.isIdle()) return; // input 1, the predictions: never idle here
            super.processWatermarkStatus(status, index);
        }
    }
}
