package io.driftwatch.common.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.common.config.InputConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KServe and Seldon logger events (shapes: kserve/kserve pkg/logger/worker.go and
 * marshaller_record.go; SeldonIO/seldon-core executor/logger/worker.go; the Open Inference Protocol
 * V2 REST spec in KServe's docs) read into Driftwatch's own fields. The jobs' KServeLoggerTest and
 * SeldonLoggerTest check whole runs; this checks the shapes those do not write.
 */
class InferenceEventsTest {
    private static final TimestampReader TIMES = new TimestampReader(InputConfig.DEFAULT);

    private static JsonNode json(String s) throws BadRecordException {
        return LineDecoder.json(s, true);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theBlobStoreJsonBatchIsAnArrayOfGoNamedRecordsTimedByTheirFile() throws Exception {
        String request = "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":[[6.8,2.8,4.8],[6.0,3.4,4.5]]}]}";
        String response = "{\"model_name\":\"iris\",\"model_version\":\"2\",\"outputs\":[{\"name\":\"output-0\",\"shape\":[2,3],"
                + "\"datatype\":\"FP32\",\"data\":[0.1,0.7,0.2,0.05,0.05,0.9]}]}";
        // the JSON marshaller writes Go's field names; Url and SourceUri as Go marshals a url.URL
        List<ObjectNode> events = InferenceEvents.events(json("[{\"Url\":{\"Scheme\":\"s3\"},\"Bytes\":\"" + b64(request)
                + "\",\"ContentType\":\"application/json\",\"ReqType\":\"org.kubeflow.serving.inference.request\",\"Id\":\"r1\","
                + "\"InferenceService\":\"iris\",\"Namespace\":\"ml\",\"Component\":\"predictor\",\"Endpoint\":\"canary\"},"
                + "{\"Bytes\":\"" + b64(response) + "\",\"ReqType\":\"org.kubeflow.serving.inference.response\",\"Id\":\"r1\","
                + "\"InferenceService\":\"iris\",\"Endpoint\":\"canary\"}]"), null, 1_000_000L, TIMES);
        assertThat(events).extracting(e -> e.get("kind").asText()).containsExactly("request", "response");
        assertThat(InferenceEvents.time(events.get(0))).isEqualTo(1_000_000L);
        // one tensor of three values a row: named by input.payload_columns; three class probabilities: the largest's index
        List<ObjectNode> rows = InferenceEvents.predictions(events.get(0), events.get(1), List.of("sepal_length", "sepal_width", "petal_length"));
        assertThat(rows).extracting(ObjectNode::toString).containsExactly(
                "{\"prediction_id\":\"r1#0\",\"timestamp\":1000000,\"model\":\"iris\",\"model_version\":\"2\",\"inferenceservicename\":"
                        + "\"iris\",\"namespace\":\"ml\",\"component\":\"predictor\",\"endpoint\":\"canary\",\"latency_ms\":0,\"features\":"
                        + "{\"sepal_length\":6.8,\"sepal_width\":2.8,\"petal_length\":4.8},\"prediction\":\"1\"}",
                "{\"prediction_id\":\"r1#1\",\"timestamp\":1000000,\"model\":\"iris\",\"model_version\":\"2\",\"inferenceservicename\":"
                        + "\"iris\",\"namespace\":\"ml\",\"component\":\"predictor\",\"endpoint\":\"canary\",\"latency_ms\":0,\"features\":"
                        + "{\"sepal_length\":6.0,\"sepal_width\":3.4,\"petal_length\":4.5},\"prediction\":\"2\"}");
        // without names: <tensor>_<i>
        assertThat(InferenceEvents.predictions(events.get(0), events.get(1), List.of()).get(0).get("features").toString())
                .isEqualTo("{\"input-0_0\":6.8,\"input-0_1\":2.8,\"input-0_2\":4.8}");
    }

    @Test
    void binaryModeHeadersAndStructuredModeGiveTheSameEvent() throws Exception {
        String body = "{\"instances\":[[1,2]]}";
        ObjectNode fromHeaders = InferenceEvents.events(json(body), json("{\"ce_specversion\":\"1.0\",\"ce_id\":\"x\",\"ce_type\":"
                + "\"org.kubeflow.serving.inference.request\",\"ce_time\":\"2026-11-01T10:00:00.250Z\",\"ce_endpoint\":\"default\","
                + "\"content-type\":\"application/json\"}"), 5L, TIMES).get(0);
        ObjectNode structured = InferenceEvents.events(json("{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":"
                + "\"org.kubeflow.serving.inference.request\",\"time\":\"2026-11-01T10:00:00.250Z\",\"endpoint\":\"default\","
                + "\"data_base64\":\"" + b64(body) + "\"}"), null, 5L, TIMES).get(0);
        assertThat(fromHeaders.get("id").asText()).isEqualTo("x");
        assertThat(InferenceEvents.time(fromHeaders)).isEqualTo(InferenceEvents.time(structured)).isEqualTo(1_793_527_200_250L);
        assertThat(fromHeaders.get("body")).isEqualTo(structured.get("body"));
    }

    @Test
    void seldonPairsByRequestIdAndItsFeedbackLabelsTheRowsOfTheResponsesPuid() throws Exception {
        ObjectNode feedback = InferenceEvents.events(json("{\"response\":{\"meta\":{\"puid\":\"p9\"}},\"truth\":{\"data\":"
                + "{\"tensor\":{\"shape\":[2,1],\"values\":[1,0]}}},\"reward\":0}"), json("{\"type\":\"io.seldon.serving.feedback\","
                + "\"requestid\":\"other\"}"), 7L, TIMES).get(0);
        assertThat(InferenceEvents.kind(feedback)).isEqualTo(InferenceEvents.Kind.FEEDBACK);
        assertThat(InferenceEvents.labels(feedback)).extracting(ObjectNode::toString).containsExactly(
                "{\"prediction_id\":\"p9#0\",\"timestamp\":7,\"label\":1}", "{\"prediction_id\":\"p9#1\",\"timestamp\":7,\"label\":0}");
    }

    @Test
    void whatCannotBeReadSaysWhy() throws Exception {
        assertThatThrownBy(() -> InferenceEvents.events(json("{\"a\":1}"), null, 0, TIMES))
                .hasMessageStartingWith("not an inference logger event");
        assertThatThrownBy(() -> InferenceEvents.events(json("{\"specversion\":\"1.0\",\"id\":\"x\",\"type\":\"com.example.other\","
                + "\"data\":{}}"), null, 0, TIMES)).hasMessageContaining("is not an inference request, response or feedback");
        List<ObjectNode> e = InferenceEvents.events(json("[{\"bytes\":\"" + b64("{\"instances\":[[1],[2]]}") + "\",\"reqType\":"
                + "\"org.kubeflow.serving.inference.request\",\"id\":\"y\"},{\"bytes\":\"" + b64("{\"predictions\":[0.5]}")
                + "\",\"reqType\":\"org.kubeflow.serving.inference.response\",\"id\":\"y\"}]"), null, 0, TIMES);
        assertThatThrownBy(() -> InferenceEvents.predictions(e.get(0), e.get(1), List.of()))
                .hasMessage("the request has 2 rows, the response 1 outputs");
    }
}
