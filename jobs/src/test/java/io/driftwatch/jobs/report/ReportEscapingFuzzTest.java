package io.driftwatch.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target of the report's data escaping (issue 19): any text from the logs, put in the page's
 * JSON block, leaves no {@code <} for the HTML parser (so neither {@code </script>} nor
 * {@code <!--<script>} can end or swallow the block) and reads back as the same text.
 */
class ReportEscapingFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "10s")
    void dataBlock(byte[] data) throws Exception {
        String name = new String(data, StandardCharsets.UTF_8);
        String json = JSON.writeValueAsString(Map.of("models", List.of(Map.of("name", name, "version", name))));
        String block = HtmlReport.scriptSafe(json);
        assertThat(block).doesNotContain("<").doesNotContain("\u2028").doesNotContain("\u2029");
        assertThat(JSON.readTree(block).get("models").get(0).get("name").asText()).isEqualTo(name);
    }
}
