package io.driftwatch.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/reference/output-tables.md is what the code writes: regenerate it rather than edit it. */
class ReferenceDocsTest {
    private static final Path FILE = Path.of("..", "docs", "reference", "output-tables.md");

    @Test
    void theGeneratedReferenceMatchesTheCode() throws Exception {
        String generated = ReferenceDocs.outputTables();
        if (Boolean.getBoolean("driftwatch.updateDocs")) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("docs/reference/output-tables.md is stale: run mvn -pl jobs test -Dtest=ReferenceDocsTest"
                        + " -Ddriftwatch.updateDocs=true")
                .isEqualTo(generated);
        assertThat(generated).contains("| `accuracy_ci_low` | DOUBLE |", "| `cusum_threshold` | DOUBLE |");
    }

    @Test
    void theAlarmThresholdsAreTheCodes() throws Exception {
        Path file = FILE.resolveSibling("alarm-thresholds.md");
        String generated = ReferenceDocs.alarmThresholds();
        if (Boolean.getBoolean("driftwatch.updateDocs")) Files.writeString(file, generated, StandardCharsets.UTF_8);
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("docs/reference/alarm-thresholds.md is stale: run mvn -pl jobs test -Dtest=ReferenceDocsTest"
                        + " -Ddriftwatch.updateDocs=true")
                .isEqualTo(generated);
        // the worked example of docs/guide/decisions.md: hourly α_f = 1/504, quality z 2.88, anomalies 3.77, KPI CUSUM h 7.54
        assertThat(generated).contains("| 1h | 168 | 0.005952 | 0.001984 | 0.9960 (2.88) | 0.001984 | 3.77 | 7.54 |");
    }
}
