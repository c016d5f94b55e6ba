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
}
