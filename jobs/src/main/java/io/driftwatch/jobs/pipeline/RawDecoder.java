package io.driftwatch.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.InputConfig;
import io.driftwatch.common.parse.OpenInferenceRecords;
import io.driftwatch.common.parse.SageMakerCapture;
import io.driftwatch.common.parse.BadRecordException;
import io.driftwatch.common.parse.JsonFieldSelector;
import io.driftwatch.common.parse.LineDecoder;
import io.driftwatch.jobs.source.RawRecord;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a {@link RawRecord} to a JSON tree (JSON Lines through a {@link JsonFieldSelector} that
 * keeps only the fields the job reads), caching the split CSV header of the current file.
 *
 * <p>Streaming reads each record's event time at the source ({@link RawEventTime}), which must
 * decode it; the parser chained right after would decode it again. {@link #decodeAhead} leaves the
 * tree (or the error) for the next {@link #decode} of the same record object in the same thread —
 * the chained parser — so each record is decoded once. Hand-written because no Flink hook passes a
 * value from a source's timestamp assigner to the next operator; measured with bench/stream.sh. A
 * record that reaches a parser another way (not chained, another decoder) is simply decoded there.
 */
final class RawDecoder {
    /** The last record decoded ahead in this thread, and its result. */
    private record Ahead(RawRecord raw, boolean allFeatures, List<JsonNode> nodes, BadRecordException error) {}

    private static final ThreadLocal<Ahead> AHEAD = new ThreadLocal<>();
    private static final ObjectMapper ATTRIBUTES = new ObjectMapper();

    private final JsonFieldSelector json;
    private final boolean allFeatures;
    private final InputConfig.Format format;
    /** Ground-truth records of the platform ({@code --labels}), not its predictions. */
    private final boolean labels;
    private final List<String> payloadColumns;
    private String lastHeaderLine;
    private List<String> lastHeader;

    /** A decoder of prediction records. */
    RawDecoder(DriftwatchConfig config, boolean allFeatures) {
        this(config, allFeatures, false);
    }

    /** @param labels the records are label (ground-truth) records */
    RawDecoder(DriftwatchConfig config, boolean allFeatures, boolean labels) {
        this.json = new JsonFieldSelector(config, allFeatures);
        this.allFeatures = allFeatures;
        this.format = config.input().format();
        this.labels = labels;
        this.payloadColumns = config.input().payloadColumns();
    }

    /** Decodes the record and keeps the result for the parser of the same record (see above). */
    List<JsonNode> decodeAhead(RawRecord raw) throws BadRecordException {
        try {
            List<JsonNode> nodes = decodeNow(raw);
            AHEAD.set(new Ahead(raw, allFeatures, nodes, null));
            return nodes;
        } catch (BadRecordException e) {
            AHEAD.set(new Ahead(raw, allFeatures, null, e));
            throw e;
        }
    }

    /**
     * The records in Driftwatch's own fields that one raw record holds: one, except for a platform
     * record of a batch request (N predictions) or of N labels.
     */
    List<JsonNode> decode(RawRecord raw) throws BadRecordException {
        Ahead ahead = AHEAD.get();
        if (ahead != null) {
            AHEAD.remove();
            // the same object, decoded by a decoder that keeps the same fields
            if (ahead.raw() == raw && ahead.allFeatures() == allFeatures) {
                if (ahead.error() != null) throw ahead.error();
                return ahead.nodes();
            }
        }
        return decodeNow(raw);
    }

    private List<JsonNode> decodeNow(RawRecord raw) throws BadRecordException {
        // a platform's fields are not the ones the selector knows: the whole record, then renamed
        switch (format) {
            case OPENINFERENCE:
                return List.of(OpenInferenceRecords.toCanonical(decodeWhole(raw)));
            case SAGEMAKER: {
                JsonNode record = decodeWhole(raw);
                return List.copyOf(labels ? SageMakerCapture.groundTruth(record, raw.file(), messageTime(raw))
                        : SageMakerCapture.predictions(record, raw.file(), payloadColumns));
            }
            default:
                return List.of(decodeWhole(raw));
        }
    }

    /** A message's time ({@link RawRecord#KAFKA_TIMESTAMP}), or Long.MIN_VALUE. */
    private static long messageTime(RawRecord raw) {
        if (raw.attributes() == null) return Long.MIN_VALUE;
        try {
            JsonNode t = ATTRIBUTES.readTree(raw.attributes()).get(RawRecord.KAFKA_TIMESTAMP);
            return t != null && t.canConvertToLong() ? t.asLong() : Long.MIN_VALUE;
        } catch (java.io.IOException e) {
            return Long.MIN_VALUE;
        }
    }

    private JsonNode decodeWhole(RawRecord raw) throws BadRecordException {
        if (raw.readError() != null) {
            throw new BadRecordException(raw.errorReason() != null ? raw.errorReason()
                    : BadRecordException.Reason.UNREADABLE, raw.readError());
        }
        if (raw.csvHeader() == null) {
            return format != InputConfig.Format.CANONICAL ? LineDecoder.json(raw.text()) : json.decode(raw.text());
        }
        if (!raw.csvHeader().equals(lastHeaderLine)) {
            lastHeader = Arrays.asList(LineDecoder.csvCells(raw.csvHeader()));
            lastHeaderLine = raw.csvHeader();
        }
        return LineDecoder.csv(raw.text(), lastHeader);
    }
}
