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
    private static final com.fasterxml.jackson.databind.node.JsonNodeFactory J =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;

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
        // versions and names that look like numbers stay as written; numeric ids still join as before
        List<String> header = List.of("prediction_id", "timestamp", "model", "model_version", "prediction");
        Observation v = flat.parse(LineDecoder.csv("7.0,1764399600000,price,2.0,1", header));
        assertThat(v.modelVersion()).isEqualTo("2.0");
        assertThat(v.predictionId()).isEqualTo("7");
        assertThat(flat.parse(LineDecoder.csv("7,1764399600000,price,007,1", header)).modelVersion()).isEqualTo("007");
    }

    @Test
    void badRecordsSayWhy() {
        assertThatThrownBy(() -> parser.parse(LineDecoder.json("{\"meta\":{\"name\":\"price\"},\"event_time\":1793664000,\"prediction\":\"x\"}")))
                .hasMessage("prediction 'x' is not a number, but model 'price' is regression");
        assertThatThrownBy(() -> parser.parse(LineDecoder.json("{\"meta\":{\"name\":\"price\"},\"prediction\":1}")))
                .hasMessage("missing required field 'event_time'");
        assertThatThrownBy(() -> parser.parse(LineDecoder.json("{\"meta\":{\"name\":\"price\"},\"event_time\":\"29.11.2026 08:00\",\"prediction\":1}")))
                .hasMessageContaining("is not ISO-8601 or an epoch number");
        assertThatThrownBy(() -> parser.parse(LineDecoder.json("{\"meta\":{\"name\":\"price\"},\"event_time\":1793664000,\"prediction\":1,\"label\":\"n/a\"}")))
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

    /** Issue 19: a latency of 1e300 made a mean of 4e297, negative CPU was accepted. */
    @Test
    void implausibleLatenciesAndNegativeResourcesAreDeadLetters() throws Exception {
        RecordParser p = new RecordParser(io.driftwatch.common.config.ConfigLoader.parse("models: {m: {task: regression}}"), Map.of());
        String base = "{\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":3";
        assertThatThrownBy(() -> p.parse(LineDecoder.json(base + ",\"latency_ms\":1e300}")))
                .hasMessage("latency_ms 1.0E300 is longer than a day (86400000 ms): not a serving latency")
                .extracting(e -> ((BadRecordException) e).reason()).isEqualTo(BadRecordException.Reason.BAD_LATENCY);
        assertThat(p.parse(LineDecoder.json(base + ",\"latency_ms\":86400000}")).latencyMs()).isEqualTo(86_400_000.0);
        assertThatThrownBy(() -> p.parse(LineDecoder.json(base + ",\"resources\":{\"cpu_pct\":-5}}")))
                .hasMessage("cpu_pct is negative: -5.0")
                .extracting(e -> ((BadRecordException) e).reason()).isEqualTo(BadRecordException.Reason.BAD_RESOURCES);
        assertThatThrownBy(() -> p.parse(LineDecoder.json(base + ",\"memory_mb\":-1}")))
                .hasMessage("memory_mb is negative: -1.0");
    }

    /** Issue 19: one "nan" among 334 scores made a binary model multiclass; the bulk decides now. */
    @Test
    void aStrayTextPredictionDoesNotDecideTheTask() throws Exception {
        TaskInference inference = new TaskInference();
        for (int i = 0; i < 334; i++) inference.add("scores", J.numberNode((i % 100) / 100.0), J.numberNode(i % 2));
        inference.add("scores", J.textNode("nan"), null);
        inference.add("classes", J.textNode("cat"), null);
        inference.add("classes", J.textNode("dog"), null);
        inference.add("classes", J.textNode("3"), null);
        assertThat(inference.tasks()).containsEntry("scores", Task.BINARY_CLASSIFICATION)
                .containsEntry("classes", Task.MULTICLASS_CLASSIFICATION);
        // the odd record is then a bad prediction of the binary model
        RecordParser p = new RecordParser(io.driftwatch.common.config.ConfigLoader.parse("window: 1d"), inference.tasks());
        assertThatThrownBy(() -> p.parse(LineDecoder.json("{\"model\":\"scores\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":\"nan\"}")))
                .hasMessage("prediction 'nan' is not a number, but model 'scores' is binary_classification")
                .extracting(e -> ((BadRecordException) e).reason()).isEqualTo(BadRecordException.Reason.BAD_PREDICTION);
    }

    @Test
    void classProbabilitiesAreReadForMulticlassModels() throws Exception {
        RecordParser p = parser("""
                models: {intent: {task: multiclass_classification}, fraud: {task: binary_classification}}
                columns: {probabilities: out.scores}
                """);
        Observation o = p.parse(LineDecoder.json("{\"model\":\"intent\",\"timestamp\":1793664000,\"prediction\":\"buy\","
                + "\"out\":{\"scores\":{\"sell\":0.1,\"buy\":0.7,\"hold\":0.2}}}"));
        assertThat(o.probabilityClasses()).containsExactly("buy", "hold", "sell");
        assertThat(o.probabilities()).containsExactly(0.7, 0.2, 0.1);
        // a binary model ignores them; a bad score is a dead letter naming the class
        assertThat(p.parse(LineDecoder.json("{\"model\":\"fraud\",\"timestamp\":1793664000,\"prediction\":0.4,"
                + "\"out\":{\"scores\":{\"x\":3}}}")).probabilities()).isEmpty();
        assertThatThrownBy(() -> p.parse(LineDecoder.json("{\"model\":\"intent\",\"timestamp\":1793664000,"
                + "\"prediction\":\"buy\",\"out\":{\"scores\":{\"buy\":\"high\"}}}")))
                .hasMessage("probabilities: the score of class 'buy' is not a number in [0, 1]");
        assertThatThrownBy(() -> p.parse(LineDecoder.json("{\"model\":\"intent\",\"timestamp\":1793664000,"
                + "\"prediction\":\"buy\",\"out\":{\"scores\":[0.5]}}")))
                .hasMessage("probabilities must be an object of class → score");
    }

    private static RecordParser parser(String yaml) {
        return new RecordParser(io.driftwatch.common.config.ConfigLoader.parse(yaml), Map.of());
    }

    @Test
    void statusesMapToSuccessByConfig() throws Exception {
        RecordParser http = parser("""
                models: {m: {task: binary_classification}}
                status: {success: [ok, 2xx, 304, "600-610", true]}
                """);
        for (String status : new String[] {"200", "\"204\"", "304", "\"OK\"", "605", "true", "null"}) {
            Observation o = http.parse(LineDecoder.json("{\"model\":\"m\",\"timestamp\":1793664000,\"prediction\":0.3,\"status\":" + status + "}"));
            assertThat(o.error()).as(status).isFalse();
        }
        for (String status : new String[] {"500", "\"503\"", "301", "\"error\"", "false", "199", "\"2xx\""}) {
            Observation o = http.parse(LineDecoder.json("{\"model\":\"m\",\"timestamp\":1793664000,\"prediction\":0.3,\"status\":" + status + "}"));
            assertThat(o.error()).as(status).isTrue();
        }
        // the default: only ok (any case) is a success
        RecordParser plain = parser("models: {m: {task: binary_classification}}");
        assertThat(plain.parse(LineDecoder.json("{\"model\":\"m\",\"timestamp\":1793664000,\"prediction\":0.3,\"status\":200}")).error()).isTrue();
        assertThat(plain.parse(LineDecoder.json("{\"model\":\"m\",\"timestamp\":1793664000,\"prediction\":0.3,\"status\":\"Ok\"}")).error()).isFalse();
    }

    @Test
    void aFailedRequestNeedsNoPrediction() throws Exception {
        RecordParser http = parser("status: {success: [2xx]}\nmodels: {m: {task: binary_classification}}");
        Observation failed = http.parse(LineDecoder.json("{\"model\":\"m\",\"timestamp\":1793664000,\"status\":500,\"latency_ms\":30,\"label\":1}"));
        assertThat(failed.error()).isTrue();
        assertThat(failed.hasPrediction()).isFalse();
        assertThat(failed.labeled()).isFalse();
        assertThat(failed.latencyMs()).isEqualTo(30.0);
        assertThat(failed.task()).isEqualTo(Task.BINARY_CLASSIFICATION);
        // an unusable prediction of a failed request counts as none
        Observation junk = http.parse(LineDecoder.json("{\"model\":\"m\",\"timestamp\":1793664000,\"status\":502,\"prediction\":\"N/A\"}"));
        assertThat(junk.hasPrediction()).isFalse();
        // a model nobody typed: no task rather than a guess
        assertThat(http.parse(LineDecoder.json("{\"model\":\"x\",\"timestamp\":1793664000,\"status\":500}")).task()).isNull();
        // a success still needs one
        assertThatThrownBy(() -> http.parse(LineDecoder.json("{\"model\":\"m\",\"timestamp\":1793664000,\"status\":200}")))
                .hasMessage("missing required field 'prediction'")
                .extracting(e -> ((BadRecordException) e).reason()).isEqualTo(BadRecordException.Reason.MISSING_FIELD);
    }

    @Test
    void labelFilesWithTheirOwnNames() throws Exception {
        RecordParser p = parser("""
                columns: {prediction_id: request.id, timestamp: ts}
                label_columns: {prediction_id: id, timestamp: labeled_at, label: outcome}
                input: {timezone: Europe/Berlin}
                """);
        var l = p.parseLabel(LineDecoder.json("{\"id\":\"r1\",\"labeled_at\":\"2014-01-03 18:38:22\",\"outcome\":\"true\"}"));
        assertThat(l.predictionId()).isEqualTo("r1");
        assertThat(l.timestamp()).isEqualTo(1388770702000L); // datetime(2014,1,3,18,38,22,tzinfo=ZoneInfo("Europe/Berlin"))
        assertThat(l.labelText()).isEqualTo("true");
        assertThatThrownBy(() -> p.parseLabel(LineDecoder.json("{\"id\":\"r1\",\"labeled_at\":1793664000}")))
                .hasMessage("missing required field 'outcome'");
        // the prediction side keeps its own mapping
        Observation o = p.parse(LineDecoder.json("{\"request\":{\"id\":\"r1\"},\"ts\":1388774302,\"model\":\"m\",\"prediction\":0.2}"));
        assertThat(o.predictionId()).isEqualTo("r1");
        assertThat(o.timestamp()).isEqualTo(1388774302000L);
    }

    @Test
    void resourceSubFieldsMapOneByOne() throws Exception {
        RecordParser p = parser("columns: {resources: {cpu_pct: host_stats.cpu, memory_mb: host_stats.rss_mb, gpu_pct: gpu}}");
        Observation o = p.parse(LineDecoder.json("{\"model\":\"m\",\"timestamp\":1793664000,\"prediction\":0.2,"
                + "\"host_stats\":{\"cpu\":41.5,\"rss_mb\":\"812\"},\"gpu\":7}"));
        assertThat(o.cpuPct()).isEqualTo(41.5);
        assertThat(o.memoryMb()).isEqualTo(812.0);
        assertThat(o.gpuPct()).isEqualTo(7.0);
        assertThatThrownBy(() -> p.parse(LineDecoder.json("{\"model\":\"m\",\"timestamp\":1793664000,\"prediction\":0.2,\"host_stats\":{\"cpu\":\"busy\"}}")))
                .hasMessage("host_stats.cpu must be a number, not 'busy'");
    }

    @Test
    void featuresAreChosenByIncludeAndExclude() throws Exception {
        RecordParser nested = parser("features: {include: ['x*', city], exclude: ['*_id', x_text]}");
        Observation o = nested.parse(LineDecoder.json("{\"model\":\"m\",\"timestamp\":1793664000,\"prediction\":0.2,"
                + "\"features\":{\"x1\":1,\"x2\":2,\"x_id\":3,\"x_text\":\"t\",\"city\":\"Oslo\",\"age\":40}}"));
        assertThat(o.featureNames()).containsExactly("x1", "x2", "city");
        RecordParser flat = parser("features: {exclude: [request_id, comment, label_copy]}");
        Observation row = flat.parse(LineDecoder.csv("m,1793664000,0.2,r1,hello,1,5.5",
                List.of("model", "timestamp", "prediction", "request_id", "comment", "label_copy", "amount")), true);
        assertThat(row.featureNames()).containsExactly("amount");
    }

    @Test
    void longTextValuesAreCut() throws Exception {
        String huge = "a".repeat(1_000_000);
        Observation o = parser("models: {m: {task: multiclass_classification}}").parse(LineDecoder.json(
                "{\"model\":\"m\",\"timestamp\":1793664000,\"prediction\":\"" + huge + "\",\"label\":\"" + huge + "\","
                        + "\"features\":{\"note\":\"" + huge + "\",\"short\":\"" + "b".repeat(256) + "\"}}"));
        assertThat(o.featureTexts()[0]).hasSize(257).endsWith("a…");
        assertThat(TextValues.wasCut(o.featureTexts()[0])).isTrue();
        assertThat(o.featureTexts()[1]).hasSize(256);
        assertThat(TextValues.wasCut(o.featureTexts()[1])).isFalse();
        assertThat(o.predictionText()).hasSize(257);
        assertThat(o.labelText()).hasSize(257);
        // a surrogate pair is not split
        String emoji = "a".repeat(255) + "\uD83D\uDE00" + "tail";
        assertThat(TextValues.bound(emoji)).hasSize(257).endsWith("a……");
    }
}
