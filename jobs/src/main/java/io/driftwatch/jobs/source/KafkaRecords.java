package io.driftwatch.jobs.source;

import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Kafka messages as raw records: the value as UTF-8 text (one JSON object), the source as
 * {@code topic/partition/offset} for {@code dead_letter}. Nothing is parsed here, so a message that
 * is not JSON, too large or of the wrong types reaches the parser and leaves as a dead letter with
 * its reason, never failing the source; an empty (tombstone) message is a dead letter too.
 */
public final class KafkaRecords implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    private final long maxBytes;
    /** Headers and time are kept ({@link RawRecord#attributes}): a platform's format reads them. */
    private final boolean withAttributes;

    /** @param maxBytes the longest message read as a record ({@code input.max_line_bytes}) */
    public KafkaRecords(long maxBytes) {
        this(maxBytes, false);
    }

    /** @param withAttributes keep each message's headers and time with it ({@link RawRecord#attributes}) */
    public KafkaRecords(long maxBytes, boolean withAttributes) {
        this.maxBytes = maxBytes;
        this.withAttributes = withAttributes;
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
        String text = new String(value, StandardCharsets.UTF_8);
        out.collect(withAttributes ? RawRecord.message(source, text, attributes(message),
                message.timestamp() >= 0 ? message.timestamp() : Long.MIN_VALUE) : RawRecord.line(source, text, null));
    }

    /** The message's headers (the last value of a name wins), as a JSON object. */
    static String attributes(ConsumerRecord<byte[], byte[]> message) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        for (Header h : message.headers()) {
            if (h.value() != null) a.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return a.toString();
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
