package io.driftwatch.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.config.DriftwatchConfig;
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
    private record Ahead(RawRecord raw, boolean allFeatures, JsonNode node, BadRecordException error) {}

    private static final ThreadLocal<Ahead> AHEAD = new ThreadLocal<>();

    private final JsonFieldSelector json;
    private final boolean allFeatures;
    /** {@code input.format: openinference}: whole records, read into Driftwatch's fields. */
    private final boolean openInference;
    private String lastHeaderLine;
    private List<String> lastHeader;

    RawDecoder(DriftwatchConfig config, boolean allFeatures) {
        this.json = new JsonFieldSelector(config, allFeatures);
        this.allFeatures = allFeatures;
        this.openInference = config.input().format() == io.driftwatch.common.config.InputConfig.Format.OPENINFERENCE;
    }

    /** Decodes the record and keeps the result for the parser of the same record (see above). */
    JsonNode decodeAhead(RawRecord raw) throws BadRecordException {
        try {
            JsonNode node = decodeNow(raw);
            AHEAD.set(new Ahead(raw, allFeatures, node, null));
            return node;
        } catch (BadRecordException e) {
            AHEAD.set(new Ahead(raw, allFeatures, null, e));
            throw e;
        }
    }

    JsonNode decode(RawRecord raw) throws BadRecordException {
        Ahead ahead = AHEAD.get();
        if (ahead != null) {
            AHEAD.remove();
            // the same object, decoded by a decoder that keeps the same fields
            if (ahead.raw() == raw && ahead.allFeatures() == allFeatures) {
                if (ahead.error() != null) throw ahead.error();
                return ahead.node();
            }
        }
        return decodeNow(raw);
    }

    private JsonNode decodeNow(RawRecord raw) throws BadRecordException {
        // a platform's columns are not the fields the selector knows: the whole record, then renamed
        if (openInference) return io.driftwatch.common.parse.OpenInferenceRecords.toCanonical(decodeWhole(raw));
        return decodeWhole(raw);
    }

    private JsonNode decodeWhole(RawRecord raw) throws BadRecordException {
        if (raw.readError() != null) {
            throw new BadRecordException(raw.errorReason() != null ? raw.errorReason()
                    : BadRecordException.Reason.UNREADABLE, raw.readError());
        }
        if (raw.csvHeader() == null) {
            return openInference ? LineDecoder.json(raw.text()) : json.decode(raw.text());
        }
        if (!raw.csvHeader().equals(lastHeaderLine)) {
            lastHeader = Arrays.asList(LineDecoder.csvCells(raw.csvHeader()));
            lastHeaderLine = raw.csvHeader();
        }
        return LineDecoder.csv(raw.text(), lastHeader);
    }
}
