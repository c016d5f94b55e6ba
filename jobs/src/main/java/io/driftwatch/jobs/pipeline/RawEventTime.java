package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.parse.BadRecordException;
import io.driftwatch.common.parse.RecordParser;
import io.driftwatch.jobs.source.RawRecord;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The event time of an undecoded record, read at the source so that watermarks are generated per
 * Kafka partition (files: per subtask, see {@code AnalyzeJob}): a partition that is behind does not
 * see its records made late by another one that is ahead. A record whose time cannot be read gets {@link Long#MIN_VALUE}, which
 * moves no watermark; the parser sends it to {@code dead_letter} downstream. The decoded record is
 * handed to the parser ({@link RawDecoder#decodeAhead}), so reading the time here costs no second decode.
 */
public final class RawEventTime implements SerializableTimestampAssigner<RawRecord> {
    private static final long serialVersionUID = 1L;

    private final RecordParser parser;
    private final boolean label;
    private transient RawDecoder decoder;

    private RawEventTime(RecordParser parser, boolean label) {
        this.parser = parser;
        this.label = label;
    }

    /**
     * Watermarks of a streaming run: bounded out-of-orderness ({@code streaming.out_of_orderness}), and
     * a partition (or subtask) without records for {@code streaming.idleness} stops holding the others back.
     *
     * @param label whether the source holds label records (their own timestamps)
     */
    public static WatermarkStrategy<RawRecord> strategy(AnalyzeSettings s, boolean label) {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(s.config().streaming().outOfOrderness())
                .withIdleness(s.config().streaming().idleness())
                .withTimestampAssigner(new RawEventTime(s.parser(), label));
    }

    @Override
    public long extractTimestamp(RawRecord raw, long recordTimestamp) {
        if (raw.text() == null) return Long.MIN_VALUE;
        // decoded as the parser downstream decodes it, which takes this tree instead of decoding again
        if (decoder == null) decoder = RawDecoder.ofSource(parser.config(), !label && parser.withFeatures(), label);
        try {
            // the records of one request (a platform's batch) share its time
            return decoder.timeOf(decoder.decodeAhead(raw).get(0), parser);
        } catch (BadRecordException | RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }
}
