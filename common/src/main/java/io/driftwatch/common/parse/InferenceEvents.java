package io.driftwatch.common.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.common.parse.BadRecordException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the request/response logs of KServe's inference logger and Seldon Core's request logger as
 * Driftwatch's own fields (contract §2). Both send each inference as two CloudEvents 1.0 — the
 * request and the response — that share an id; Driftwatch pairs them ({@code PairEvents} in the job)
 * and reads the pair here. Sources of the shapes:
 * <ul>
 *   <li>KServe {@code pkg/logger/worker.go}: types {@code org.kubeflow.serving.inference.request} /
 *       {@code .response}, the request id as the CloudEvent {@code id}, extensions
 *       {@code inferenceservicename}, {@code namespace}, {@code component}, {@code endpoint} (default
 *       or canary), {@code metadata}, {@code annotations}; binary mode over HTTP (attributes as
 *       {@code ce-*} headers), in Kafka through a Knative sink as {@code ce_*} headers (CloudEvents
 *       Kafka protocol binding). Its blob-store sink ({@code pkg/logger/marshaller_record.go}) writes
 *       records {@code url, bytes} (the body, base64), {@code contentType, reqType, id, sourceUri,
 *       inferenceService, namespace, component, endpoint, metadata, annotations} as CSV or Parquet,
 *       and as JSON with Go's field names ({@code Bytes}, {@code ReqType}, {@code Id}, ...), one
 *       object or an array of a batch; such a record carries no time: the file's modification time
 *       (an object store's upload time, kept by {@code aws s3 sync}) stands for it.</li>
 *   <li>Seldon Core {@code executor/logger/worker.go}: types {@code io.seldon.serving.inference.request}
 *       / {@code .response} and {@code io.seldon.serving.feedback}; extensions {@code requestid},
 *       {@code modelid}, {@code inferenceservicename}, {@code namespace}, {@code endpoint} (the
 *       predictor), {@code protocol}; direct to Kafka the same as plain headers ({@code type},
 *       {@code requestid}, ...), with no id and no time: the pair is matched by {@code requestid}
 *       and timed by the message.</li>
 *   <li>Structured mode (one JSON object with {@code specversion}, {@code id}, {@code type},
 *       {@code time}, the extensions and {@code data} or {@code data_base64}), as a CloudEvents sink
 *       or an event display writes them to files.</li>
 * </ul>
 * Bodies: Open Inference Protocol V2 ({@code inputs}/{@code outputs}: tensors {@code name, shape,
 * datatype, data}; {@code model_name}, {@code model_version}), KServe V1 / TensorFlow Serving
 * ({@code instances} or {@code inputs} / {@code predictions}) and Seldon's ({@code data.ndarray} with
 * {@code data.names}, or {@code data.tensor}). A request of N rows is N predictions with ids
 * {@code <id>#0} .. {@code <id>#N-1} (the id alone when N is 1).
 */
public final class InferenceEvents {
    private InferenceEvents() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** What an event is. */
    public enum Kind { REQUEST, RESPONSE, FEEDBACK }

    /**
     * The events one record holds: {@code {"id", "kind", "time" (epoch millis, absent if unknown),
     * "attributes": {..}, "body": ..}}.
     *
     * @param headers a Kafka message's headers ({@code ce_*} of the binary mode, Seldon's plain ones),
     *     or null
     * @param sourceTime when the source says the record was written (the message's or file's time), or
     *     Long.MIN_VALUE
     * @param timestamps reads {@code time} attributes
     */
    public static List<ObjectNode> events(JsonNode record, JsonNode headers, long sourceTime, TimestampReader timestamps)
            throws BadRecordException {
        List<ObjectNode> out = new ArrayList<>(1);
        if (record.isArray()) { // a blob-store JSON file of a batch
            for (JsonNode r : record) out.add(blobEvent(r, sourceTime));
            return out;
        }
        if (!record.isObject()) throw new BadRecordException(Reason.NOT_AN_OBJECT, "record is not a JSON object");
        ObjectNode attributes = F.objectNode();
        if (headers != null && (headers.has("ce_type") || headers.has("ce-type") || headers.has("type"))) {
            // binary mode: the value is the body, the attributes are headers
            for (Map.Entry<String, JsonNode> h : headers.properties()) {
                String k = h.getKey().toLowerCase(Locale.ROOT);
                if (k.startsWith("ce_") || k.startsWith("ce-")) k = k.substring(3);
                attributes.set(k, h.getValue());
            }
            out.add(event(attributes, record, sourceTime, timestamps));
        } else if (record.has("specversion")) {
            for (Map.Entry<String, JsonNode> e : record.properties()) {
                if (!e.getKey().equals("data") && !e.getKey().equals("data_base64")) attributes.set(e.getKey(), e.getValue());
            }
            JsonNode body = record.has("data_base64") ? json(base64(record.get("data_base64"), "data_base64"), "data_base64")
                    : record.get("data");
            if (body != null && body.isTextual()) body = json(body.asText(), "data");
            out.add(event(attributes, body, sourceTime, timestamps));
        } else if (field(record, "reqType") != null) {
            out.add(blobEvent(record, sourceTime));
        } else {
            throw new BadRecordException(Reason.MISSING_FIELD, "not an inference logger event: no CloudEvent attributes"
                    + " (specversion, or ce_type/type headers) and no reqType of a blob-store record");
        }
        return out;
    }

    /** A record of KServe's blob-store sink. */
    private static ObjectNode blobEvent(JsonNode r, long sourceTime) throws BadRecordException {
        if (!r.isObject()) throw new BadRecordException(Reason.NOT_AN_OBJECT, "a blob-store record is not a JSON object");
        ObjectNode attributes = F.objectNode();
        attributes.put("type", text(field(r, "reqType")));
        attributes.put("id", text(field(r, "id")));
        for (String[] k : new String[][] {{"inferenceService", "inferenceservicename"}, {"namespace", "namespace"},
                {"component", "component"}, {"endpoint", "endpoint"}}) {
            String v = text(field(r, k[0]));
            if (v != null && !v.isEmpty()) attributes.put(k[1], v);
        }
        JsonNode bytes = field(r, "bytes");
        if (bytes == null || bytes.isNull() || bytes.asText().isEmpty()) {
            throw new BadRecordException(Reason.MISSING_FIELD, "bytes (the body) is missing");
        }
        ObjectNode event = F.objectNode();
        putHead(event, attributes);
        if (sourceTime != Long.MIN_VALUE) event.put("time", sourceTime);
        event.set("attributes", attributes);
        event.set("body", json(base64(bytes, "bytes"), "bytes"));
        return event;
    }

    private static ObjectNode event(ObjectNode attributes, JsonNode body, long sourceTime, TimestampReader timestamps)
            throws BadRecordException {
        ObjectNode event = F.objectNode();
        putHead(event, attributes);
        JsonNode time = attributes.get("time");
        if (time != null && !time.isNull() && !time.asText().isEmpty()) event.put("time", timestamps.read(time, "time"));
        else if (sourceTime != Long.MIN_VALUE) event.put("time", sourceTime);
        event.set("attributes", attributes);
        if (body == null || body.isNull()) throw new BadRecordException(Reason.MISSING_FIELD, "the event has no data");
        event.set("body", body);
        return event;
    }

    /** {@code id} (Seldon's {@code requestid} first: its events' own ids differ) and {@code kind}. */
    private static void putHead(ObjectNode event, ObjectNode attributes) throws BadRecordException {
        String type = text(attributes.get("type"));
        if (type == null || type.isEmpty()) throw new BadRecordException(Reason.MISSING_FIELD, "the event has no type");
        Kind kind;
        if (type.endsWith(".request")) kind = Kind.REQUEST;
        else if (type.endsWith(".response")) kind = Kind.RESPONSE;
        else if (type.endsWith("feedback")) kind = Kind.FEEDBACK;
        else {
            throw new BadRecordException(Reason.BAD_FIELD, "type '" + type
                    + "' is not an inference request, response or feedback (org.kubeflow.serving.inference.*, io.seldon.serving.*)");
        }
        String id = text(attributes.get("requestid"));
        if (id == null || id.isEmpty()) id = text(attributes.get("id"));
        if (id == null || id.isEmpty()) throw new BadRecordException(Reason.MISSING_FIELD, "the event has no id (nor requestid)");
        event.put("id", id);
        event.put("kind", kind.name().toLowerCase(Locale.ROOT));
    }

    /** The event's kind. */
    public static Kind kind(JsonNode event) {
        return Kind.valueOf(event.get("kind").asText().toUpperCase(Locale.ROOT));
    }

    /** The event's time, or Long.MIN_VALUE. */
    public static long time(JsonNode event) {
        JsonNode t = event.get("time");
        return t != null && t.canConvertToLong() ? t.asLong() : Long.MIN_VALUE;
    }

    /**
     * The predictions of a request and its response.
     *
     * @param payloadColumns names of the values of a multi-value tensor or array instance, in order
     */
    public static List<ObjectNode> predictions(JsonNode request, JsonNode response, List<String> payloadColumns)
            throws BadRecordException {
        if (request == null || response == null || !request.has("body") || !response.has("body")) {
            throw new BadRecordException(Reason.MISSING_FIELD, "not a request and its response");
        }
        JsonNode reqBody = request.get("body"), resBody = response.get("body");
        List<ObjectNode> inputs = inputs(reqBody, payloadColumns);
        List<JsonNode> outputs = outputs(resBody);
        if (inputs.size() != outputs.size()) {
            throw new BadRecordException(Reason.BAD_FIELD, "the request has " + inputs.size() + " rows, the response "
                    + outputs.size() + " outputs");
        }
        ObjectNode attributes = (ObjectNode) request.get("attributes");
        String id = request.get("id").asText();
        String model = text(resBody.get("model_name"));
        if (model == null) model = text(reqBody.get("model_name"));
        if (model == null || model.isEmpty()) model = text(attributes.get("modelid"));
        if (model == null || model.isEmpty()) model = text(attributes.get("inferenceservicename"));
        String version = text(resBody.get("model_version"));
        long requestTime = time(request), responseTime = time(response);
        List<ObjectNode> rows = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            ObjectNode row = F.objectNode();
            row.put("prediction_id", inputs.size() == 1 ? id : id + "#" + i);
            if (requestTime != Long.MIN_VALUE) row.put("timestamp", requestTime);
            if (model != null && !model.isEmpty()) row.put("model", model);
            if (version != null && !version.isEmpty()) row.put("model_version", version);
            for (String a : new String[] {"inferenceservicename", "namespace", "component", "endpoint", "modelid"}) {
                String v = text(attributes.get(a));
                if (v != null && !v.isEmpty()) row.put(a, v);
            }
            if (requestTime != Long.MIN_VALUE && responseTime != Long.MIN_VALUE && responseTime >= requestTime) {
                row.put("latency_ms", responseTime - requestTime);
            }
            row.set("features", inputs.get(i));
            row.set("prediction", outputs.get(i));
            rows.add(row);
        }
        return rows;
    }

    /**
     * The labels of a Seldon feedback event: {@code truth} read as a response is, each row joined to
     * the prediction of the same request ({@code response.meta.puid}, else the event's id).
     */
    public static List<ObjectNode> labels(JsonNode feedback) throws BadRecordException {
        JsonNode body = feedback.get("body");
        JsonNode truth = body.get("truth");
        if (truth == null || truth.isNull()) throw new BadRecordException(Reason.MISSING_FIELD, "the feedback has no truth");
        List<JsonNode> values = outputs(truth);
        String id = text(body.path("response").path("meta").get("puid"));
        if (id == null || id.isEmpty()) id = feedback.get("id").asText();
        long time = time(feedback);
        List<ObjectNode> labels = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            ObjectNode label = F.objectNode();
            label.put("prediction_id", values.size() == 1 ? id : id + "#" + i);
            if (time != Long.MIN_VALUE) label.put("timestamp", time);
            label.set("label", values.get(i));
            labels.add(label);
        }
        return labels;
    }

    /** The feature rows of a request body. */
    private static List<ObjectNode> inputs(JsonNode body, List<String> names) throws BadRecordException {
        JsonNode inputs = body.get("inputs");
        if (inputs != null && inputs.isArray() && inputs.size() > 0 && inputs.get(0).isObject() && inputs.get(0).has("data")) {
            return tensorRows(inputs, names); // V2
        }
        JsonNode seldon = body.get("data");
        if (seldon != null && seldon.isObject()) {
            List<List<JsonNode>> rows = seldonRows(seldon);
            List<String> columns = names;
            if (columns.isEmpty() && seldon.has("names")) {
                columns = new ArrayList<>();
                for (JsonNode n : seldon.get("names")) columns.add(n.asText());
            }
            List<ObjectNode> out = new ArrayList<>(rows.size());
            for (List<JsonNode> row : rows) out.add(Payloads.named(row, columns.isEmpty() ? positional("x", row.size()) : columns, "data"));
            return out;
        }
        JsonNode instances = body.has("instances") ? body.get("instances") : inputs;
        if (instances == null || !instances.isArray()) {
            throw new BadRecordException(Reason.MISSING_FIELD, "the request has no inputs (V2), instances (V1) or data (Seldon)");
        }
        List<ObjectNode> out = new ArrayList<>(instances.size());
        for (JsonNode n : instances) out.add(Payloads.instance(n, names.isEmpty() && n.isArray() ? positional("x", n.size()) : names, "instances"));
        return out;
    }

    /** The prediction of each row of a response body (or of a feedback's truth). */
    private static List<JsonNode> outputs(JsonNode body) throws BadRecordException {
        JsonNode outputs = body.get("outputs");
        if (outputs != null && outputs.isArray() && outputs.size() > 0 && outputs.get(0).isObject() && outputs.get(0).has("data")) {
            JsonNode t = outputs.get(0);
            List<JsonNode> values = flat(t.get("data"));
            int rows = t.path("shape").size() > 0 ? t.path("shape").get(0).asInt() : values.size();
            return byRow(values, rows, "outputs[0] " + text(t.get("name")));
        }
        JsonNode seldon = body.get("data");
        if (seldon != null && seldon.isObject()) {
            List<JsonNode> out = new ArrayList<>();
            for (List<JsonNode> row : seldonRows(seldon)) out.add(Payloads.prediction(row, "data"));
            return out;
        }
        JsonNode predictions = body.get("predictions");
        if (predictions == null || !predictions.isArray()) {
            throw new BadRecordException(Reason.MISSING_FIELD, "the response has no outputs (V2), predictions (V1) or data (Seldon)");
        }
        List<JsonNode> out = new ArrayList<>(predictions.size());
        for (JsonNode p : predictions) {
            if (p.isArray()) {
                List<JsonNode> row = new ArrayList<>();
                p.forEach(row::add);
                out.add(Payloads.prediction(row, "predictions"));
            } else {
                out.add(Payloads.output(p, "predictions"));
            }
        }
        return out;
    }

    /** V2 input tensors as rows: each tensor's first dimension is the batch. */
    private static List<ObjectNode> tensorRows(JsonNode tensors, List<String> names) throws BadRecordException {
        List<ObjectNode> rows = null;
        for (JsonNode t : tensors) {
            String name = text(t.get("name"));
            if (name == null || name.isEmpty()) throw new BadRecordException(Reason.MISSING_FIELD, "an input tensor has no name");
            List<JsonNode> values = flat(t.get("data"));
            JsonNode shape = t.path("shape");
            int n = shape.size() > 0 ? shape.get(0).asInt() : values.size();
            if (n <= 0 || values.size() % n != 0) {
                throw new BadRecordException(Reason.BAD_FIELD, "input " + name + ": " + values.size() + " values do not fill shape " + shape);
            }
            int width = values.size() / n;
            List<String> columns = width == 1 ? List.of(name) : tensors.size() == 1 && names.size() == width ? names
                    : positional(name, width);
            if (rows == null) {
                rows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) rows.add(F.objectNode());
            } else if (rows.size() != n) {
                throw new BadRecordException(Reason.BAD_FIELD, "input " + name + " has " + n + " rows, the first input " + rows.size());
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < width; j++) rows.get(i).set(columns.get(j), values.get(i * width + j));
            }
        }
        if (rows == null) throw new BadRecordException(Reason.MISSING_FIELD, "the request has no input tensors");
        return rows;
    }

    private static List<JsonNode> byRow(List<JsonNode> values, int rows, String where) throws BadRecordException {
        if (rows <= 0 || values.size() % rows != 0) {
            throw new BadRecordException(Reason.BAD_PREDICTION, where + ": " + values.size() + " values in " + rows + " rows");
        }
        int width = values.size() / rows;
        List<JsonNode> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) out.add(Payloads.prediction(values.subList(i * width, (i + 1) * width), where));
        return out;
    }

    /** Seldon's {@code data}: {@code ndarray} (rows) or {@code tensor} ({@code shape}, {@code values}). */
    private static List<List<JsonNode>> seldonRows(JsonNode data) throws BadRecordException {
        List<List<JsonNode>> rows = new ArrayList<>();
        if (data.has("ndarray")) {
            for (JsonNode r : data.get("ndarray")) {
                List<JsonNode> row = new ArrayList<>();
                if (r.isArray()) r.forEach(row::add);
                else row.add(r);
                rows.add(row);
            }
            return rows;
        }
        if (data.has("tensor")) {
            List<JsonNode> values = flat(data.get("tensor").get("values"));
            JsonNode shape = data.get("tensor").path("shape");
            int n = shape.size() > 0 ? shape.get(0).asInt() : values.size();
            if (n <= 0 || values.size() % n != 0) {
                throw new BadRecordException(Reason.BAD_FIELD, "data.tensor: " + values.size() + " values do not fill shape " + shape);
            }
            int width = values.size() / n;
            for (int i = 0; i < n; i++) rows.add(new ArrayList<>(values.subList(i * width, (i + 1) * width)));
            return rows;
        }
        throw new BadRecordException(Reason.MISSING_FIELD, "data has neither ndarray nor tensor");
    }

    private static List<String> positional(String name, int width) {
        List<String> out = new ArrayList<>(width);
        for (int j = 0; j < width; j++) out.add(name + "_" + j);
        return out;
    }

    private static List<JsonNode> flat(JsonNode data) throws BadRecordException {
        if (data == null || data.isNull()) throw new BadRecordException(Reason.MISSING_FIELD, "a tensor has no data");
        List<JsonNode> out = new ArrayList<>();
        flatten(data, out);
        return out;
    }

    private static void flatten(JsonNode n, List<JsonNode> out) {
        if (n.isArray()) for (JsonNode c : n) flatten(c, out);
        else out.add(n);
    }

    /** A field by its name as written ({@code reqType}) or in Go's spelling ({@code ReqType}). */
    private static JsonNode field(JsonNode r, String name) {
        JsonNode v = r.get(name);
        if (v == null) v = r.get(Character.toUpperCase(name.charAt(0)) + name.substring(1));
        return v;
    }

    private static String base64(JsonNode n, String where) throws BadRecordException {
        try {
            return new String(Base64.getMimeDecoder().decode(n.asText()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(Reason.BAD_FIELD, where + " is not base64: " + e.getMessage());
        }
    }

    private static JsonNode json(String text, String where) throws BadRecordException {
        try {
            return LineDecoder.json(text);
        } catch (BadRecordException e) {
            throw new BadRecordException(e.reason(), where + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }

    /** For tests and the pairing: a pair's JSON ({@code {"request": .., "response": ..}}). */
    public static ObjectNode pair(JsonNode request, JsonNode response) {
        ObjectNode p = F.objectNode();
        p.set("request", request);
        p.set("response", response);
        return p;
    }
}
