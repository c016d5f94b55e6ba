package io.driftwatch.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.InputConfig;
import io.driftwatch.common.parse.InferenceEvents;
import io.driftwatch.common.parse.OpenInferenceRecords;
import io.driftwatch.common.parse.TimestampReader;
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
    private record Ahead(RawRecord raw, boolean allFeatures, Role role, List<JsonNode> nodes, BadRecordException error) {}

    /** What the decoded records are. */
    enum Role {
        /** Prediction records (of a format that pairs events: a request and its response, {@link PairEvents}). */
        PREDICTIONS,
        /** A pairing format's raw events, before they are paired ({@link InferenceEvents#events}). */
        EVENTS,
        /** Label records ({@code --labels}, a platform's ground truth or feedback). */
        LABELS
    }

    private static final ThreadLocal<Ahead> AHEAD = new ThreadLocal<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonFieldSelector json;
    private final boolean allFeatures;
    private final InputConfig.Format format;
    private final Role role;
    private final List<String> payloadColumns;
    private final TimestampReader timestamps;
    private String lastHeaderLine;
    private List<String> lastHeader;

    /** A decoder of prediction records. */
    RawDecoder(DriftwatchConfig config, boolean allFeatures) {
        this(config, allFeatures, Role.PREDICTIONS);
    }

    RawDecoder(DriftwatchConfig config, boolean allFeatures, Role role) {
        this.json = new JsonFieldSelector(config, allFeatures);
        this.allFeatures = allFeatures;
        this.format = config.input().format();
        this.role = role;
        this.payloadColumns = config.input().payloadColumns();
        this.timestamps = new TimestampReader(config.input());
    }

    /** The decoder of what a source of this config's format holds: prediction records or raw events. */
    static RawDecoder ofSource(DriftwatchConfig config, boolean allFeatures, boolean labels) {
        return new RawDecoder(config, allFeatures,
                labels ? Role.LABELS : config.input().format().pairsEvents() ? Role.EVENTS : Role.PREDICTIONS);
    }

    /** The time of a decoded record of this decoder's role (a raw event's own time), or Long.MIN_VALUE. */
    long timeOf(JsonNode node, io.driftwatch.common.parse.RecordParser parser) {
        return role == Role.EVENTS ? InferenceEvents.time(node) : parser.timeOr(node, role == Role.LABELS, Long.MIN_VALUE);
    }

    /** Decodes the record and keeps the result for the parser of the same record (see above). */
    List<JsonNode> decodeAhead(RawRecord raw) throws BadRecordException {
        try {
            List<JsonNode> nodes = decodeNow(raw);
            AHEAD.set(new Ahead(raw, allFeatures, role, nodes, null));
            return nodes;
        } catch (BadRecordException e) {
            AHEAD.set(new Ahead(raw, allFeatures, role, null, e));
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
            if (ahead.raw() == raw && ahead.allFeatures() == allFeatures && ahead.role() == role) {
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
                return List.copyOf(role == Role.LABELS ? SageMakerCapture.groundTruth(record, raw.file(),
                        raw.attributes() != null ? raw.sourceTime() : Long.MIN_VALUE)
                        : SageMakerCapture.predictions(record, raw.file(), payloadColumns));
            }
            case KSERVE:
            case SELDON:
                return pairedFormat(raw);
            default:
                return List.of(decodeWhole(raw));
        }
    }

    /**
     * KServe and Seldon: raw events ({@link Role#EVENTS}); a request and its response paired by
     * {@link PairEvents} ({@link Role#PREDICTIONS}); labels — Seldon's feedback events, else label
     * records in Driftwatch's own fields.
     */
    private List<JsonNode> pairedFormat(RawRecord raw) throws BadRecordException {
        switch (role) {
            case PREDICTIONS: {
                JsonNode pair = LineDecoder.json(raw.text());
                return List.copyOf(InferenceEvents.predictions(pair.get("request"), pair.get("response"), payloadColumns));
            }
            case EVENTS:
                return List.copyOf(events(raw));
            default: {
                JsonNode record = decodeWhole(raw);
                if (record.has("prediction_id") || raw.csvHeader() != null) return List.of(record);
                List<JsonNode> labels = new java.util.ArrayList<>();
                for (JsonNode event : events(raw, record)) {
                    if (InferenceEvents.kind(event) == InferenceEvents.Kind.FEEDBACK) labels.addAll(InferenceEvents.labels(event));
                }
                if (labels.isEmpty()) {
                    throw new BadRecordException(BadRecordException.Reason.MISSING_FIELD,
                            "neither a label record (prediction_id, timestamp, label) nor a feedback event");
                }
                return labels;
            }
        }
    }

    private List<com.fasterxml.jackson.databind.node.ObjectNode> events(RawRecord raw) throws BadRecordException {
        return events(raw, decodeWhole(raw));
    }

    private List<com.fasterxml.jackson.databind.node.ObjectNode> events(RawRecord raw, JsonNode record) throws BadRecordException {
        JsonNode headers = null;
        if (raw.attributes() != null) {
            try {
                headers = JSON.readTree(raw.attributes());
            } catch (java.io.IOException e) {
                throw new BadRecordException(BadRecordException.Reason.UNEXPECTED_ERROR, "message headers: " + e.getMessage());
            }
        }
        return InferenceEvents.events(record, headers, raw.sourceTime(), timestamps);
    }

    private JsonNode decodeWhole(RawRecord raw) throws BadRecordException {
        if (raw.readError() != null) {
            throw new BadRecordException(raw.errorReason() != null ? raw.errorReason()
                    : BadRecordException.Reason.UNREADABLE, raw.readError());
        }
        if (raw.csvHeader() == null) {
            // KServe's blob-store JSON holds a batch of events as one array
            return format != InputConfig.Format.CANONICAL ? LineDecoder.json(raw.text(), format.pairsEvents()) : json.decode(raw.text());
        }
        if (!raw.csvHeader().equals(lastHeaderLine)) {
            lastHeader = Arrays.asList(LineDecoder.csvCells(raw.csvHeader()));
            lastHeaderLine = raw.csvHeader();
        }
        return LineDecoder.csv(raw.text(), lastHeader);
    }
}
