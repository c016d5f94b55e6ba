package io.driftwatch.common.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.InputConfig;
import io.driftwatch.common.model.Task;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzz targets over everything that reads a record or a config (issue 19): whatever the bytes, the
 * only outcome besides a value is the documented exception ({@link BadRecordException} for a
 * record, {@link ConfigException} for a config). Jazzer reports any other throwable — a
 * {@code StackOverflowError}, an {@code OutOfMemoryError}, an {@code ArithmeticException} — as a
 * finding.
 *
 * <p>In a normal build each target runs over its committed corpus
 * ({@code src/test/resources/io/driftwatch/common/parse/InputFuzzTestInputs/<target>/}, the cases
 * of issue 19 among the seeds); with {@code JAZZER_FUZZ=1} Jazzer fuzzes a target for its
 * {@code maxDuration} ({@code .ci/run} does, for a bounded time).
 */
class InputFuzzTest {
    private static final DriftwatchConfig CONFIG = ConfigLoader.parse("""
            models:
              m: {task: binary_classification, segments: [country]}
              r: {task: regression}
              c: {task: multiclass_classification}
            """);
    private static final JsonFieldSelector ALL = new JsonFieldSelector(CONFIG, true);
    private static final JsonFieldSelector KPIS = new JsonFieldSelector(CONFIG, false);
    private static final RecordParser PARSER = new RecordParser(CONFIG, Map.of("x", Task.BINARY_CLASSIFICATION));
    private static final List<String> HEADER = List.of("prediction_id", "timestamp", "model", "prediction", "label",
            "latency_ms", "country", "x1");

    private static final TimestampReader TIMES = new TimestampReader(InputConfig.DEFAULT);

    /**
     * A record of a serving platform's log (issue 22) through each platform reader: SageMaker Data
     * Capture and ground truth, KServe/Seldon events (the record as a body with headers too), a
     * request paired with itself and with the next event, feedback as labels, OpenInference columns.
     */
    @FuzzTest(maxDuration = "15s")
    void platformRecord(byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = LineDecoder.json(line, true);
        } catch (BadRecordException expected) {
            return;
        }
        List<String> names = List.of("a", "b", "c");
        try {
            SageMakerCapture.predictions(node, "p/e/v/2026/11/01/00/f.jsonl", names);
        } catch (BadRecordException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        try {
            SageMakerCapture.groundTruth(node, "p/2026/11/01/00/f.jsonl", 0L);
        } catch (BadRecordException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        JsonNode headers = JsonNodeFactory.instance.objectNode().put("ce_type", "org.kubeflow.serving.inference.request")
                .put("ce_id", "x");
        for (JsonNode h : new JsonNode[] {null, headers}) {
            try {
                List<com.fasterxml.jackson.databind.node.ObjectNode> events = InferenceEvents.events(node, h, 0L, TIMES);
                for (int i = 0; i < events.size(); i++) {
                    JsonNode e = events.get(i);
                    if (InferenceEvents.kind(e) == InferenceEvents.Kind.FEEDBACK) {
                        InferenceEvents.labels(e);
                        continue;
                    }
                    InferenceEvents.predictions(e, events.get((i + 1) % events.size()), names);
                }
            } catch (BadRecordException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        if (node.isObject()) OpenInferenceRecords.toCanonical(node);
    }

    /** A JSON Lines record through the selector the job uses, then the parser (features kept and not). */
    @FuzzTest(maxDuration = "15s")
    void jsonRecord(byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8);
        for (JsonFieldSelector selector : new JsonFieldSelector[] {ALL, KPIS}) {
            try {
                JsonNode node = selector.decode(line);
                PARSER.parse(node);
                PARSER.parseLabel(node);
            } catch (BadRecordException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        try {
            PARSER.parse(LineDecoder.json(line));
        } catch (BadRecordException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    /** A CSV record (one or more physical lines) against a fixed header, then the parser. */
    @FuzzTest(maxDuration = "10s")
    void csvRecord(byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8);
        try {
            PARSER.parse(LineDecoder.csv(line, HEADER), true);
        } catch (BadRecordException expected) {
            assertThat(expected.reason()).isNotNull();
        }
        try {
            LineDecoder.csvCells(line);
        } catch (BadRecordException expected) {
            assertThat(expected.getMessage()).startsWith("invalid CSV: ").doesNotContain("Exception");
        }
    }

    /** A timestamp as text and as a number, in each unit and with a pattern. */
    @FuzzTest(maxDuration = "10s")
    void timestamp(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (InputConfig.TimestampUnit unit : InputConfig.TimestampUnit.values()) {
            TimestampReader reader = new TimestampReader(new InputConfig("Europe/Berlin", unit, "dd/MM/yyyy HH:mm:ss"));
            try {
                reader.parse(text, "timestamp");
            } catch (BadRecordException expected) {
                assertThat(expected.reason()).isIn(BadRecordException.Reason.BAD_TIMESTAMP,
                        BadRecordException.Reason.IMPLAUSIBLE_TIMESTAMP, BadRecordException.Reason.MISSING_FIELD);
            }
            try {
                long bits = 0;
                for (int i = 0; i < Math.min(8, data.length); i++) bits = bits << 8 | (data[i] & 0xff);
                reader.read(JsonNodeFactory.instance.numberNode(bits), "timestamp");
                reader.read(JsonNodeFactory.instance.numberNode(Double.longBitsToDouble(bits)), "timestamp");
            } catch (BadRecordException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    /** A config file: parsed, or one {@link ConfigException} naming what is wrong. */
    @FuzzTest(maxDuration = "10s")
    void config(byte[] data) {
        try {
            ConfigLoader.parse(new String(data, StandardCharsets.UTF_8));
        } catch (ConfigException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
