package io.driftwatch.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.parse.BadRecordException;
import io.driftwatch.common.parse.BadRecordException.Reason;
import io.driftwatch.common.parse.InferenceEvents;
import io.driftwatch.common.parse.RecordParser;
import io.driftwatch.jobs.source.RawRecord;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Reads the events of a format that logs a request and its response apart ({@code input.format:
 * kserve}, {@code seldon}; {@link InferenceEvents}): requests and responses go on to
 * {@link PairEvents}; feedback events (Seldon) to {@link #FEEDBACK}, as label records; a record that
 * is no event goes to {@code dead_letter} with the reason.
 */
public final class ReadEvents extends ProcessFunction<RawRecord, PlatformEvent> implements CountsSource {
    private static final long serialVersionUID = 1L;

    /** Records that hold feedback events: read as labels. */
    public static final OutputTag<RawRecord> FEEDBACK = new OutputTag<>("feedback") {};

    private final RecordParser parser;
    private transient RawDecoder decoder;
    private transient LongCounter read, invalid, bytesRead;
    private transient DeadLetterCounts deadLetters;

    public ReadEvents(RecordParser parser) {
        this.parser = parser;
    }

    @Override
    public void open(OpenContext ctx) {
        decoder = new RawDecoder(parser.config(), parser.withFeatures(), RawDecoder.Role.EVENTS);
        // events are counted where they end: as predictions (ParseRecords) or as dead letters here
        read = new LongCounter();
        invalid = new LongCounter();
        bytesRead = getRuntimeContext().getLongCounter(Counters.BYTES_READ);
        deadLetters = new DeadLetterCounts();
    }

    @Override
    public java.util.Map<String, Long> counts() {
        java.util.Map<String, Long> c = new java.util.HashMap<>(java.util.Map.of(
                Counters.RECORDS_READ, read.getLocalValue(), Counters.RECORDS_INVALID, invalid.getLocalValue()));
        deadLetters.addTo(c);
        return c;
    }

    @Override
    public java.util.Map<String, String> examples() {
        return deadLetters.examples();
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<PlatformEvent> out) {
        if (raw.text() != null) bytesRead.add(raw.text().length() + 1);
        List<JsonNode> events;
        try {
            events = decoder.decode(raw);
        } catch (BadRecordException e) {
            deadLetter(raw, e.reason(), e.getMessage(), ctx);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            deadLetter(raw, Reason.UNEXPECTED_ERROR, e.toString(), ctx);
            return;
        }
        boolean feedback = false;
        for (JsonNode e : events) {
            InferenceEvents.Kind kind = InferenceEvents.kind(e);
            if (kind == InferenceEvents.Kind.FEEDBACK) {
                feedback = true;
                continue;
            }
            out.collect(new PlatformEvent(e.get("id").asText(), kind == InferenceEvents.Kind.REQUEST,
                    InferenceEvents.time(e), raw.source(), e.toString()));
        }
        if (feedback) ctx.output(FEEDBACK, raw);
    }

    private void deadLetter(RawRecord raw, Reason reason, String detail, Context ctx) {
        read.add(1);
        invalid.add(1);
        ctx.output(AnalyzePipeline.DEAD_LETTERS, ParseRecords.deadLetterOf(parser, raw, null, reason, detail,
                "prediction", deadLetters));
    }
}
