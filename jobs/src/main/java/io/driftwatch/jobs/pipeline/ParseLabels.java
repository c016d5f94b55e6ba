package io.driftwatch.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.parse.BadRecordException;
import io.driftwatch.common.parse.RecordParser;
import io.driftwatch.jobs.source.RawRecord;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Decodes label records ({@code --labels}); unusable ones go to the dead-letter side output. */
public final class ParseLabels extends ProcessFunction<RawRecord, LabelRecord> implements CountsSource {
    private static final long serialVersionUID = 1L;

    private final RecordParser parser;
    private transient LongCounter bytesRead;
    private transient LongCounter read, invalid;
    private transient RawDecoder decoder;
    private transient DeadLetterCounts deadLetters;

    public ParseLabels(RecordParser parser) {
        this.parser = parser;
    }

    @Override
    public void open(OpenContext ctx) {
        read = getRuntimeContext().getLongCounter(Counters.LABELS_READ);
        bytesRead = getRuntimeContext().getLongCounter(Counters.BYTES_READ);
        invalid = getRuntimeContext().getLongCounter(Counters.LABELS_INVALID);
        decoder = new RawDecoder(parser.config(), false, RawDecoder.Role.LABELS);
        deadLetters = new DeadLetterCounts();
    }

    @Override
    public java.util.Map<String, Long> counts() {
        java.util.Map<String, Long> c = new java.util.HashMap<>(java.util.Map.of(
                Counters.LABELS_READ, read.getLocalValue(), Counters.LABELS_INVALID, invalid.getLocalValue()));
        deadLetters.addTo(c);
        return c;
    }

    @Override
    public java.util.Map<String, String> examples() {
        return deadLetters.examples();
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<LabelRecord> out) {
        if (raw.text() != null) bytesRead.add(raw.text().length() + 1);
        java.util.List<JsonNode> nodes;
        try {
            nodes = decoder.decode(raw);
        } catch (BadRecordException e) {
            read.add(1);
            invalid.add(1);
            ctx.output(AnalyzePipeline.DEAD_LETTERS, ParseRecords.deadLetterOf(parser, raw, null, e.reason(),
                    e.getMessage(), "label", deadLetters));
            return;
        } catch (RuntimeException e) {
            read.add(1);
            invalid.add(1);
            ctx.output(AnalyzePipeline.DEAD_LETTERS, ParseRecords.deadLetterOf(parser, raw, null,
                    BadRecordException.Reason.UNEXPECTED_ERROR, e.toString(), "label", deadLetters));
            return;
        }
        for (JsonNode node : nodes) parse(raw, node, ctx, out);
    }

    private void parse(RawRecord raw, JsonNode node, Context ctx, Collector<LabelRecord> out) {
        read.add(1);
        try {
            out.collect(parser.parseLabel(node));
        } catch (BadRecordException e) {
            invalid.add(1);
            ctx.output(AnalyzePipeline.DEAD_LETTERS, ParseRecords.deadLetterOf(parser, raw, node, e.reason(),
                    e.getMessage(), "label", deadLetters));
        } catch (RuntimeException e) {
            invalid.add(1);
            ctx.output(AnalyzePipeline.DEAD_LETTERS, ParseRecords.deadLetterOf(parser, raw, node,
                    BadRecordException.Reason.UNEXPECTED_ERROR, e.toString(), "label", deadLetters));
        }
    }
}
