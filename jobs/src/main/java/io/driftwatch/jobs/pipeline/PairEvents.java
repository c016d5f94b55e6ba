package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.parse.BadRecordException.Reason;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.source.RawRecord;
import io.driftwatch.jobs.tables.DeadLetterRow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Pairs a request with its response by id ({@code input.format: kserve}, {@code seldon}), in either
 * order: the first to come waits in keyed state, the second leaves with it as one record
 * ({@code {"request": .., "response": ..}}, read by {@code InferenceEvents.predictions}). One that
 * waits longer than {@code input.pairing_wait} past its own event time (an event-time timer: the
 * watermark, so in batch at the end of the input, when every event of its id is in) is an
 * {@code unpaired} dead letter, as is a second request (or response) with an id already waiting.
 */
public final class PairEvents extends KeyedProcessFunction<String, PlatformEvent, RawRecord> {
    private static final long serialVersionUID = 1L;

    private final long waitMillis;
    private transient ValueState<PlatformEvent> waiting;

    /** @param waitMillis {@code input.pairing_wait} */
    public PairEvents(long waitMillis) {
        this.waitMillis = waitMillis;
    }

    @Override
    public void open(OpenContext ctx) {
        waiting = getRuntimeContext().getState(new ValueStateDescriptor<>("waiting", PlatformEvent.class));
    }

    @Override
    public void processElement(PlatformEvent e, Context ctx, Collector<RawRecord> out) throws Exception {
        PlatformEvent first = waiting.value();
        if (first == null) {
            waiting.update(e);
            ctx.timerService().registerEventTimeTimer(giveUpAt(e));
            return;
        }
        if (first.request() == e.request()) {
            unpaired(e, "a second " + kind(e) + " with id " + e.id() + " (the first from " + first.source() + ")", ctx);
            return;
        }
        waiting.clear();
        ctx.timerService().deleteEventTimeTimer(giveUpAt(first));
        PlatformEvent request = e.request() ? e : first, response = e.request() ? first : e;
        out.collect(new RawRecord(request.source(), "{\"request\":" + request.event() + ",\"response\":" + response.event() + "}",
                null, null, null, null, request.time()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RawRecord> out) throws Exception {
        PlatformEvent e = waiting.value();
        if (e == null) return;
        waiting.clear();
        String other = e.request() ? "response" : "request";
        unpaired(e, "no " + other + " with id " + e.id() + " within input.pairing_wait ("
                + java.time.Duration.ofMillis(waitMillis) + ") of its time "
                + (e.time() == Long.MIN_VALUE ? "(unknown)" : Timestamps.format(e.time())), ctx);
    }

    private long giveUpAt(PlatformEvent e) {
        return AnalyzeSettings.saturatedAdd(e.time(), waitMillis);
    }

    private static String kind(PlatformEvent e) {
        return e.request() ? "request" : "response";
    }

    private static void unpaired(PlatformEvent e, String detail, Context ctx) {
        ctx.output(AnalyzePipeline.DEAD_LETTERS, DeadLetterRow.of(e.source(), e.event(), Reason.UNPAIRED, detail, null,
                e.time() == Long.MIN_VALUE ? DeadLetterRow.UNKNOWN_TIME : e.time(), "prediction"));
        ctx.output(AnalyzePipeline.COUNTS, new RunCount(Counters.RECORDS_READ, 1, null));
        ctx.output(AnalyzePipeline.COUNTS, new RunCount(Counters.RECORDS_INVALID, 1, null));
        ctx.output(AnalyzePipeline.COUNTS, new RunCount(Counters.deadLetter("prediction", Reason.UNPAIRED.code()), 1,
                e.source() + ": " + detail));
    }
}
