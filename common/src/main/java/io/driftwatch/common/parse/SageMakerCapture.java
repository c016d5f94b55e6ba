package io.driftwatch.common.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.common.parse.BadRecordException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SageMaker Model Monitor Data Capture records and their ground-truth records as Driftwatch's
 * own fields (contract §2). The shapes are those of the SageMaker Developer Guide, "Capture data from
 * real-time endpoint" (the captured record: {@code captureData.endpointInput}/{@code endpointOutput}
 * with {@code observedContentType}, {@code mode}, {@code data}, {@code encoding} CSV | JSON | BASE64;
 * {@code eventMetadata.eventId}, {@code inferenceId}, {@code inferenceTime}; {@code eventVersion}) and
 * "Ingest Ground Truth labels and merge them with predictions" ({@code groundTruthData.data/encoding},
 * {@code eventMetadata.eventId} holding the capture's {@code inferenceId}, else its {@code eventId}).
 *
 * <p>A capture record holds one request: a CSV payload of N lines, or a JSON payload of N instances,
 * is N predictions, with the N outputs in the same order. Their ids are the record's id when N is 1,
 * else {@code <id>#<i>} (from 0), and a ground-truth record of N lines labels them the same way.
 * Model and version come from where SageMaker writes the file,
 * {@code <prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/<file>.jsonl}: model = endpoint, version = variant
 * (also as fields {@code endpoint} and {@code variant}, for {@code columns:} and segments). A record
 * read from Kafka carries no path: {@code input.model} names its model. A ground-truth record's time is
 * the hour of its folder ({@code <prefix>/yyyy/mm/dd/hh/}), or the time its source gives.
 *
 * <p>CSV payloads carry no names: {@code input.payload_columns} names the values in order; without
 * it the record is a dead letter that says so. JSON instances are objects (named features), arrays
 * (named by {@code payload_columns}) or SageMaker's {@code {"features": [..]}}; outputs are numbers or
 * classes, or objects whose {@code score} (else {@code predicted_label}, {@code label},
 * {@code prediction}) is the prediction.
 */
public final class SageMakerCapture {
    private SageMakerCapture() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** {@code .../<endpoint>/<variant>/yyyy/mm/dd/hh/<file>}. */
    private static final Pattern CAPTURE_PATH = Pattern.compile(
            "(?:^|.*/)([^/]+)/([^/]+)/(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/[^/]+$");
    private static final Pattern HOUR_PATH = Pattern.compile("(?:^|.*/)(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/[^/]+$");

    /**
     * The predictions of one captured record.
     *
     * @param path the file it was read from, or null (Kafka)
     * @param payloadColumns the names of CSV and array values in order ({@code input.payload_columns}), or empty
     */
    public static List<ObjectNode> predictions(JsonNode record, String path, List<String> payloadColumns)
            throws BadRecordException {
        if (!record.isObject()) throw new BadRecordException(Reason.NOT_AN_OBJECT, "record is not a JSON object");
        JsonNode capture = record.path("captureData");
        if (!capture.isObject()) {
            throw new BadRecordException(Reason.MISSING_FIELD, "no captureData: not a SageMaker Data Capture record"
                    + (record.has("groundTruthData") ? " (a ground-truth record: give it with --labels)" : ""));
        }
        JsonNode meta = record.path("eventMetadata");
        String id = text(meta.path("inferenceId"));
        if (id == null) id = text(meta.path("eventId"));
        List<JsonNode> inputs = payloadRows(capture.path("endpointInput"), "captureData.endpointInput", payloadColumns, true);
        List<JsonNode> outputs = payloadRows(capture.path("endpointOutput"), "captureData.endpointOutput", payloadColumns, false);
        if (outputs == null) {
            throw new BadRecordException(Reason.MISSING_FIELD, "captureData.endpointOutput is missing (capture options without Output)");
        }
        if (inputs != null && inputs.size() != outputs.size()) {
            throw new BadRecordException(Reason.BAD_FIELD, "captureData: " + inputs.size() + " input rows but "
                    + outputs.size() + " outputs");
        }
        Matcher at = path == null ? null : CAPTURE_PATH.matcher(path.replace('\\', '/'));
        boolean laidOut = at != null && at.matches();
        JsonNode time = meta.get("inferenceTime");
        if ((time == null || time.isNull()) && laidOut) time = F.numberNode(hour(at, 3));
        List<ObjectNode> rows = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            ObjectNode row = F.objectNode();
            if (id != null) row.put("prediction_id", outputs.size() == 1 ? id : id + "#" + i);
            if (time != null) row.set("timestamp", time);
            if (laidOut) {
                row.put("model", at.group(1));
                row.put("model_version", at.group(2));
                row.put("endpoint", at.group(1));
                row.put("variant", at.group(2));
            }
            if (inputs != null) row.set("features", inputs.get(i));
            row.set("prediction", outputs.get(i));
            rows.add(row);
        }
        return rows;
    }

    /**
     * The labels of one ground-truth record ({@code prediction_id}, {@code timestamp}, {@code label}).
     *
     * @param path the file it was read from, or null
     * @param sourceTime when its source says it was written (a Kafka message's time), or Long.MIN_VALUE
     */
    public static List<ObjectNode> groundTruth(JsonNode record, String path, long sourceTime) throws BadRecordException {
        if (!record.isObject()) throw new BadRecordException(Reason.NOT_AN_OBJECT, "record is not a JSON object");
        JsonNode truth = record.path("groundTruthData");
        if (!truth.isObject()) {
            throw new BadRecordException(Reason.MISSING_FIELD, "no groundTruthData: not a SageMaker ground-truth record");
        }
        String id = text(record.path("eventMetadata").path("eventId"));
        if (id == null) id = text(record.path("eventMetadata").path("inferenceId"));
        if (id == null) throw new BadRecordException(Reason.MISSING_FIELD, "eventMetadata.eventId is missing");
        List<String> lines = payloadLines(truth, "groundTruthData");
        Matcher at = path == null ? null : HOUR_PATH.matcher(path.replace('\\', '/'));
        JsonNode time = record.path("eventMetadata").get("inferenceTime");
        if (time == null || time.isNull()) {
            if (at != null && at.matches()) time = F.numberNode(hour(at, 1));
            else if (sourceTime != Long.MIN_VALUE) time = F.numberNode(sourceTime);
        }
        List<ObjectNode> labels = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            ObjectNode label = F.objectNode();
            label.put("prediction_id", lines.size() == 1 ? id : id + "#" + i);
            if (time != null) label.set("timestamp", time);
            String[] cells = LineDecoder.csvCells(lines.get(i));
            label.set("label", LineDecoder.typed(cells[0]));
            labels.add(label);
        }
        return labels;
    }

    /** The hour a folder {@code yyyy/mm/dd/hh} names, in epoch millis (UTC, as SageMaker writes it). */
    private static long hour(Matcher m, int firstGroup) throws BadRecordException {
        try {
            return LocalDateTime.of(Integer.parseInt(m.group(firstGroup)), Integer.parseInt(m.group(firstGroup + 1)),
                    Integer.parseInt(m.group(firstGroup + 2)), Integer.parseInt(m.group(firstGroup + 3)), 0)
                    .toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (java.time.DateTimeException e) {
            throw new BadRecordException(Reason.BAD_TIMESTAMP, "the folder " + m.group(firstGroup) + "/"
                    + m.group(firstGroup + 1) + "/" + m.group(firstGroup + 2) + "/" + m.group(firstGroup + 3)
                    + " is not an hour");
        }
    }

    /** The rows of a payload: feature objects (input) or predictions (output); null when absent. */
    private static List<JsonNode> payloadRows(JsonNode payload, String where, List<String> names, boolean input)
            throws BadRecordException {
        if (payload.isMissingNode() || payload.isNull()) return null;
        String text = decoded(payload, where);
        String type = contentType(payload, text);
        List<JsonNode> rows = new ArrayList<>();
        if (type.equals("csv")) {
            for (String line : lines(text)) {
                String[] cells = LineDecoder.csvCells(line);
                if (input) {
                    rows.add(Payloads.named(cellsAsNodes(cells), names, where));
                } else {
                    if (cells.length != 1) {
                        throw new BadRecordException(Reason.BAD_PREDICTION, where + ": an output row of " + cells.length
                                + " values; one (the score, class or value) is read");
                    }
                    rows.add(LineDecoder.typed(cells[0]));
                }
            }
            return rows;
        }
        JsonNode body = LineDecoder.json(text);
        if (input) {
            JsonNode instances = body.isArray() ? body : body.has("instances") ? body.get("instances")
                    : body.has("inputs") ? body.get("inputs") : null;
            if (instances == null) rows.add(Payloads.instance(body, names, where));
            else for (JsonNode n : instances) rows.add(Payloads.instance(n, names, where));
        } else {
            JsonNode predictions = body.isArray() ? body : body.has("predictions") ? body.get("predictions")
                    : body.has("outputs") ? body.get("outputs") : null;
            if (predictions == null || !predictions.isArray()) rows.add(Payloads.output(body, where));
            else for (JsonNode n : predictions) rows.add(Payloads.output(n, where));
        }
        return rows;
    }

    private static List<JsonNode> cellsAsNodes(String[] cells) {
        List<JsonNode> out = new ArrayList<>(cells.length);
        for (String c : cells) out.add(LineDecoder.typed(c));
        return out;
    }

    private static List<String> payloadLines(JsonNode payload, String where) throws BadRecordException {
        List<String> lines = lines(decoded(payload, where));
        if (lines.isEmpty()) throw new BadRecordException(Reason.MISSING_FIELD, where + ".data is empty");
        return lines;
    }

    /** The payload's text: {@code data} as written (CSV, JSON) or base64-decoded (BASE64). */
    private static String decoded(JsonNode payload, String where) throws BadRecordException {
        JsonNode data = payload.get("data");
        if (data == null || data.isNull()) throw new BadRecordException(Reason.MISSING_FIELD, where + ".data is missing");
        if (!data.isTextual()) return data.toString(); // a JSON payload written as JSON, not as text
        String encoding = payload.path("encoding").asText("").toUpperCase(Locale.ROOT);
        if (!encoding.equals("BASE64")) return data.asText();
        try {
            return new String(Base64.getMimeDecoder().decode(data.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(Reason.BAD_FIELD, where + ".data is not base64: " + e.getMessage());
        }
    }

    /** {@code csv} or {@code json}: by the encoding, else the observed content type, else the text. */
    private static String contentType(JsonNode payload, String text) throws BadRecordException {
        String encoding = payload.path("encoding").asText("").toUpperCase(Locale.ROOT);
        if (encoding.equals("CSV")) return "csv";
        if (encoding.equals("JSON")) return "json";
        String observed = payload.path("observedContentType").asText("").toLowerCase(Locale.ROOT);
        if (observed.contains("csv")) return "csv";
        if (observed.contains("json")) return "json";
        String t = text.stripLeading();
        if (t.startsWith("{") || t.startsWith("[")) return "json";
        if (!observed.isEmpty()) {
            throw new BadRecordException(Reason.BAD_FIELD, "observedContentType " + observed + " is neither CSV nor JSON");
        }
        return "csv";
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\r?\n")) if (!line.isBlank()) out.add(line);
        return out;
    }

    private static String text(JsonNode n) {
        return n != null && n.isValueNode() && !n.isNull() && !n.asText().isEmpty() ? n.asText() : null;
    }

}
