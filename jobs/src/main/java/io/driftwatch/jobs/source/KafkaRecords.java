package io.driftwatch.jobs.source;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka messages as raw records: the value as UTF-8 text (one JSON object), the source as
 * {@code topic/partition/offset} for {@code dead_letter}. Nothing is parsed here, so a message that
 * is not JSON, too large or of the wrong types reaches the parser and leaves as a dead letter with
 * its reason, never failing the source; an empty (tombstone) message is a dead letter too.
 */
public final class KafkaRecords implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    private final long maxBytes;

    /** @param maxBytes the longest message read as a record ({@code input.max_line_bytes}) */
    public KafkaRecords(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> message, Collector<RawRecord> out) {
        String source = message.topic() + "/" + message.partition() + "/" + message.offset();
        byte[] value = message.value();
        if (value == null) {
            out.collect(RawRecord.unreadable(source, "empty message (no value)"));
            return;
        }
        if (value.length > maxBytes) {
            out.collect(RawRecord.tooLarge(source, new String(value, 0, Math.min(value.length, LineReader.KEPT_OF_LONG_LINE), StandardCharsets.UTF_8),
                    "message of " + value.length + " bytes is longer than input.max_line_bytes (" + maxBytes + ")"));
            return;
        }
        out.collect(RawRecord.line(source, new String(value, StandardCharsets.UTF_8), null));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
