package io.driftwatch.common.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SageMaker Data Capture records as the SageMaker Developer Guide shows them ("Capture data from
 * real-time endpoint", section "View Collected Data"; "Ingest Ground Truth labels and merge them with
 * predictions"), read into Driftwatch's own fields.
 */
class SageMakerCaptureTest {
    private static final String PATH = "s3/datacapture/fraud-endpoint/AllTraffic/2026/11/01/07/35-22-808-1f2a.jsonl";
    private static final List<String> NAMES = List.of("amount", "age", "country");

    private static JsonNode json(String s) throws BadRecordException {
        return LineDecoder.json(s);
    }

    @Test
    void aCsvCaptureIsOnePredictionWithModelAndVersionFromThePath() throws Exception {
        // the guide's example record, with three input values instead of its 69
        List<ObjectNode> rows = SageMakerCapture.predictions(json("{\"captureData\":{\"endpointInput\":{"
                + "\"observedContentType\":\"text/csv\",\"mode\":\"INPUT\",\"data\":\"132.5,25,DE\",\"encoding\":\"CSV\"},"
                + "\"endpointOutput\":{\"observedContentType\":\"text/csv; charset=utf-8\",\"mode\":\"OUTPUT\","
                + "\"data\":\"0.01076381653547287\",\"encoding\":\"CSV\"}},\"eventMetadata\":{\"eventId\":"
                + "\"feca1ab1-8025-47e3-8f6a-99e3fdd7b8d9\",\"inferenceTime\":\"2026-11-01T07:35:12Z\"},\"eventVersion\":\"0\"}"),
                PATH, NAMES);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).toString()).isEqualTo("{\"prediction_id\":\"feca1ab1-8025-47e3-8f6a-99e3fdd7b8d9\","
                + "\"timestamp\":\"2026-11-01T07:35:12Z\",\"model\":\"fraud-endpoint\",\"model_version\":\"AllTraffic\","
                + "\"endpoint\":\"fraud-endpoint\",\"variant\":\"AllTraffic\",\"features\":{\"amount\":132.5,\"age\":25,"
                + "\"country\":\"DE\"},\"prediction\":0.01076381653547287}");
    }

    @Test
    void aBatchOfLinesIsOnePredictionPerLineAndTheInferenceIdWinsOverTheEventId() throws Exception {
        List<ObjectNode> rows = SageMakerCapture.predictions(json("{\"captureData\":{\"endpointInput\":{"
                + "\"observedContentType\":\"text/csv\",\"mode\":\"INPUT\",\"data\":\"1,20,FR\\n2,,US\\n3,40,\\n\",\"encoding\":\"CSV\"},"
                + "\"endpointOutput\":{\"observedContentType\":\"text/csv\",\"mode\":\"OUTPUT\",\"data\":\"0.1\\n0.2\\n0.9\","
                + "\"encoding\":\"CSV\"}},\"eventMetadata\":{\"eventId\":\"e1\",\"inferenceId\":\"req-7\","
                + "\"inferenceTime\":\"2026-11-01T07:00:00Z\"},\"eventVersion\":\"0\"}"), PATH, NAMES);
        assertThat(rows).extracting(r -> r.get("prediction_id").asText()).containsExactly("req-7#0", "req-7#1", "req-7#2");
        assertThat(rows.get(1).get("features").toString()).isEqualTo("{\"amount\":2,\"age\":null,\"country\":\"US\"}");
        assertThat(rows.get(2).get("prediction").asDouble()).isEqualTo(0.9);
    }

    @Test
    void jsonAndBase64PayloadsAreReadByTheirEncodingAndContentType() throws Exception {
        // JSON Lines of SageMaker's built-in algorithms: {"instances": [{"features": [..]}]} → {"predictions": [{"score": ..}]}
        List<ObjectNode> rows = SageMakerCapture.predictions(json("{\"captureData\":{\"endpointInput\":{"
                + "\"observedContentType\":\"application/json\",\"mode\":\"INPUT\",\"data\":\"{\\\"instances\\\":[{\\\"features\\\":"
                + "[5,30,\\\"DE\\\"]},{\\\"features\\\":[6,31,\\\"AT\\\"]}]}\",\"encoding\":\"JSON\"},\"endpointOutput\":{"
                + "\"observedContentType\":\"application/json\",\"mode\":\"OUTPUT\",\"data\":\"{\\\"predictions\\\":[{\\\"score\\\":0.3,"
                + "\\\"predicted_label\\\":0},{\\\"score\\\":0.7,\\\"predicted_label\\\":1}]}\",\"encoding\":\"JSON\"}},"
                + "\"eventMetadata\":{\"eventId\":\"e2\",\"inferenceTime\":\"2026-11-01T07:01:00Z\"},\"eventVersion\":\"0\"}"), PATH, NAMES);
        assertThat(rows).extracting(r -> r.get("features").toString())
                .containsExactly("{\"amount\":5,\"age\":30,\"country\":\"DE\"}", "{\"amount\":6,\"age\":31,\"country\":\"AT\"}");
        assertThat(rows).extracting(r -> r.get("prediction").asDouble()).containsExactly(0.3, 0.7);
        // no capture content types configured: SageMaker writes the payload in base64
        String in = Base64.getEncoder().encodeToString("{\"amount\":9,\"country\":\"PL\"}".getBytes(StandardCharsets.UTF_8));
        String out = Base64.getEncoder().encodeToString("0.42".getBytes(StandardCharsets.UTF_8));
        rows = SageMakerCapture.predictions(json("{\"captureData\":{\"endpointInput\":{\"observedContentType\":"
                + "\"application/json\",\"mode\":\"INPUT\",\"data\":\"" + in + "\",\"encoding\":\"BASE64\"},\"endpointOutput\":{"
                + "\"observedContentType\":\"text/csv\",\"mode\":\"OUTPUT\",\"data\":\"" + out + "\",\"encoding\":\"BASE64\"}},"
                + "\"eventMetadata\":{\"eventId\":\"e3\",\"inferenceTime\":\"2026-11-01T07:02:00Z\"},\"eventVersion\":\"0\"}"), null, List.of());
        assertThat(rows.get(0).toString()).isEqualTo("{\"prediction_id\":\"e3\",\"timestamp\":\"2026-11-01T07:02:00Z\","
                + "\"features\":{\"amount\":9,\"country\":\"PL\"},\"prediction\":0.42}");
    }

    @Test
    void groundTruthIsJoinedByTheEventIdItCarriesAndTimedByItsHourFolder() throws Exception {
        // the guide's ground-truth record, under <prefix>/yyyy/mm/dd/hh/ as captured data is
        List<ObjectNode> labels = SageMakerCapture.groundTruth(json("{\"groundTruthData\":{\"data\":\"1\",\"encoding\":\"CSV\"},"
                + "\"eventMetadata\":{\"eventId\":\"aaaa-bbbb-cccc\"},\"eventVersion\":\"0\"}"),
                "truth/2026/11/02/13/labels.jsonl", Long.MIN_VALUE);
        assertThat(labels.get(0).toString())
                // 2026-11-02T13:00Z in epoch millis (python3: datetime(2026,11,2,13,tzinfo=utc).timestamp()*1000)
                .isEqualTo("{\"prediction_id\":\"aaaa-bbbb-cccc\",\"timestamp\":1793624400000,\"label\":1}");
        // a batch's labels, one line each; from Kafka, timed by the message
        labels = SageMakerCapture.groundTruth(json("{\"groundTruthData\":{\"data\":\"0\\n1\",\"encoding\":\"CSV\"},"
                + "\"eventMetadata\":{\"eventId\":\"req-7\"},\"eventVersion\":\"0\"}"), null, 1_762_000_000_000L);
        assertThat(labels).extracting(ObjectNode::toString).containsExactly(
                "{\"prediction_id\":\"req-7#0\",\"timestamp\":1762000000000,\"label\":0}",
                "{\"prediction_id\":\"req-7#1\",\"timestamp\":1762000000000,\"label\":1}");
    }

    @Test
    void whatCannotBeReadSaysWhy() {
        String csv = "{\"captureData\":{\"endpointInput\":{\"mode\":\"INPUT\",\"data\":\"1,2\",\"encoding\":\"CSV\"},"
                + "\"endpointOutput\":{\"mode\":\"OUTPUT\",\"data\":\"0.5\",\"encoding\":\"CSV\"}},\"eventMetadata\":{\"eventId\":\"e\"}}";
        assertThatThrownBy(() -> SageMakerCapture.predictions(json(csv), PATH, List.of()))
                .hasMessage("captureData.endpointInput: 2 values without names; name them in order in input.payload_columns");
        assertThatThrownBy(() -> SageMakerCapture.predictions(json(csv), PATH, NAMES))
                .hasMessage("captureData.endpointInput: 2 values, input.payload_columns names 3");
        assertThatThrownBy(() -> SageMakerCapture.predictions(json(csv.replace("\"0.5\"", "\"0.5\\n0.6\"")), PATH, List.of("a", "b")))
                .hasMessage("captureData: 1 input rows but 2 outputs");
        assertThatThrownBy(() -> SageMakerCapture.predictions(json("{\"groundTruthData\":{\"data\":\"1\"}}"), PATH, NAMES))
                .hasMessageContaining("a ground-truth record: give it with --labels");
    }
}
