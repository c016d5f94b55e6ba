package io.driftwatch.common.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Column names as the OpenInference spec writes them (github.com/Arize-ai/open-inference-spec,
 * spec/overview.md, id.md, timestamp.md, feature.md, prediction.md, actual.md, tag.md), read into
 * Driftwatch's fields.
 */
class OpenInferenceRecordsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSpecsColumnNamesInBothSeparatorStyles() throws Exception {
        // overview.md ":feature.int:age", prediction.md/actual.md ":prediction:float:score" ":actual:str:label",
        // timestamp.md ":timestamp.iso_8601:", tag.md ":tag:str:ethnicity", id.md ":id.str:"
        var row = JSON.readTree("""
                {":id.str:": "a1", ":timestamp.iso_8601:": "2021-01-01T00:00:00Z", ":version:": "v2",
                 ":feature.int:age": 31, ":feature:str:plan": "gold", ":prediction:float:score": 0.8,
                 ":prediction:str:label": "cat", ":actual:str:label": "dog", ":tag:str:ethnicity": "declined",
                 ":feature.float.importance:age": 0.3, ":prediction:text:response": "Tokyo", "extra": 1}
                """);
        assertThat(OpenInferenceRecords.toCanonical(row)).isEqualTo(JSON.readTree("""
                {"prediction_id": "a1", "timestamp": "2021-01-01T00:00:00Z", "model_version": "v2",
                 "ethnicity": "declined", "extra": 1, "prediction": 0.8, "label": "dog",
                 "features": {"age": 31, "plan": "gold"}}
                """));
    }

    @Test
    void aLabelPredictionWithoutAScoreAndMillisecondTimes() throws Exception {
        // timestamp.md's second example: ":timestamp.milliseconds:" with ":prediction.str.label:"
        var row = JSON.readTree("{\":timestamp.milliseconds:\": 1689272425546, \":prediction.str.label:\": \"cat\","
                + " \":tag.str:model\": \"pets\", \":actual.float.score:\": 1}");
        assertThat(OpenInferenceRecords.toCanonical(row)).isEqualTo(JSON.readTree(
                "{\"timestamp\": 1689272425546, \"prediction\": \"cat\", \"model\": \"pets\", \"label\": 1}"));
    }

    @Test
    void aColumnOfOnlySeparatorsIsKeptAsItIs() throws Exception {
        // found by the platformRecord fuzz target: ":::" split into no parts and threw
        var row = JSON.readTree("{\":::\": 1, \"::x\": 2, \":\": 3}");
        assertThat(OpenInferenceRecords.toCanonical(row)).isEqualTo(JSON.readTree("{\":::\": 1, \"::x\": 2, \":\": 3}"));
    }
}
