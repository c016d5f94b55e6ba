package io.driftwatch.common.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordParserTest {
    private static final DriftwatchConfig CONFIG = ConfigLoader.parse("""
            models:
              fraud: {task: binary_classification, threshold: 0.7, positive_label: fraud, segments: [country]}
              price: {task: regression}
            columns:
              timestamp: event_time
              model: meta.name
              features: inputs
            """);
    private final RecordParser parser = new RecordParser(CONFIG, Map.of());

    @Test
    void mapsColumnsAndNesting() throws Exception {
        Observation o = parser.parse(LineDecoder.json("""
                {"prediction_id": 7, "event_time": "2026-11-29T08:00:00.123+01:00", "meta": {"name": "fraud"},
                 "inputs": {"country": "DE", "amount": 3.5}, "prediction": 0.8, "label": "legit",
                 "latency_ms": 12.5, "status": "OK", "resources": {"cpu_pct": 40, "gpu_pct": 3}}"""));
        assertThat(o.model()).isEqualTo("fraud");
        assertThat(o.modelVersion()).isEqualTo("unknown");
        assertThat(o.predictionId()).isEqualTo("7");
        // 2026-11-29T07:00:00.123Z in epoch millis (python: datetime(2026,11,29,7,0,0,123000,tzinfo=timezone.utc).timestamp()*1000)
        assertThat(o.timestamp()).isEqualTo(1795935600123L);
        assertThat(o.task()).isEqualTo(Task.BINARY_CLASSIFICATION);
        assertThat(o.labelNumber()).isEqualTo(0.0); // positive_label is "fraud": "legit" is negative
        assertThat(o.segments()).containsExactly("country=DE");
        assertThat(o.error()).isFalse();
        assertThat(o.cpuPct()).isEqualTo(40.0);
        assertThat(o.memoryMb()).isNaN();
        assertThat(o.gpuPct()).isEqualTo(3.0);
    }

    @Test
    void csvRowsAreTypedAndFlatResourcesRead() throws Exception {
        JsonNode row = LineDecoder.csv("p1,1764399600000,price,v2,\"12,5\",10,,error,55.5",
                List.of("prediction_id", "event_time", "meta", "model_version", "prediction", "label", "latency_ms",
                        "status", "cpu_pct"));
        assertThat(row.get("prediction").asText()).isEqualTo("12,5");
        assertThat(row.get("label").isIntegralNumber()).isTrue();
        assertThat(row.get("latency_ms").isNull()).isTrue();
        RecordParser flat = new RecordParser(DriftwatchConfig.DEFAULT, Map.of("price", Task.REGRESSION));
        Observation o = flat.parse(LineDecoder.csv("p1,1764399600000,price,v2,12.5,10,,error,55.5",
                List.of("prediction_id", "timestamp", "model", "model_version", "prediction", "label", "latency_ms",
                        "status", "cpu_pct")));
        assertThat(o.predictionNumber()).isEqualTo(12.5);
        assertThat(o.labelNumber()).isEqualTo(10.0);
        assertThat(o.latencyMs()).isNaN();
        assertThat(o.error()).isTrue();
        assertThat(o.cpuPct()).isEqualTo(55.5);
        assertThat(LineDecoder.csvCells("a,\"b,c\",\"d\"\"e\"")).containsExactly("a", "b,c", "d\"e");
    }

    @Test
    void badRecordsSayWhy() {
        assertThatThrownBy(() -> parser.parse(LineDecoder.json("{\"meta\":{\"name\":\"price\"},\"event_time\":1,\"prediction\":\"x\"}")))
                .hasMessage("prediction 'x' is not a number, but model 'price' is regression");
        assertThatThrownBy(() -> parser.parse(LineDecoder.json("{\"meta\":{\"name\":\"price\"},\"prediction\":1}")))
                .hasMessage("missing required field 'event_time'");
        assertThatThrownBy(() -> parser.parse(LineDecoder.json("{\"meta\":{\"name\":\"price\"},\"event_time\":\"2026-11-29 08:00\",\"prediction\":1}")))
                .hasMessageContaining("is not an ISO-8601 time with offset");
        assertThatThrownBy(() -> parser.parse(LineDecoder.json("{\"meta\":{\"name\":\"price\"},\"event_time\":1,\"prediction\":1,\"label\":\"n/a\"}")))
                .hasMessage("label 'n/a' is not a number, but model 'price' is regression");
        assertThatThrownBy(() -> LineDecoder.json("{\"a\":")).hasMessageStartingWith("invalid JSON");
    }

    @Test
    void tasksAreInferredFromASample() throws Exception {
        TaskInference inference = new TaskInference();
        inference.add("a", LineDecoder.json("{\"p\":0.2}").get("p"), LineDecoder.json("{\"l\":true}").get("l"));
        inference.add("b", LineDecoder.json("{\"p\":0.2}").get("p"), LineDecoder.json("{\"l\":3}").get("l"));
        inference.add("c", LineDecoder.json("{\"p\":\"cat\"}").get("p"), null);
        inference.add("d", LineDecoder.json("{\"p\":\"17.5\"}").get("p"), null);
        assertThat(inference.tasks()).containsEntry("a", Task.BINARY_CLASSIFICATION)
                .containsEntry("b", Task.REGRESSION)
                .containsEntry("c", Task.MULTICLASS_CLASSIFICATION)
                .containsEntry("d", Task.REGRESSION);
    }
}
