package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file under docs/reference/ generated from the code: the test fails when the file and the code
 * disagree, and rewrites the file with {@code -Ddriftwatch.updateDocs=true}.
 */
public final class GeneratedDoc {
    private GeneratedDoc() {}

    /** Asserts that {@code docs/reference/<name>} is {@code generated}; {@code test} is the test class that regenerates it. */
    public static void assertCurrent(String name, String generated, Class<?> test) throws IOException {
        Path file = Path.of("..", "docs", "reference", name);
        if (Boolean.getBoolean("driftwatch.updateDocs")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("docs/reference/%s is stale: run mvn -pl jobs test -Dtest=%s -Ddriftwatch.updateDocs=true", name,
                        test.getSimpleName())
                .isEqualTo(generated);
    }
}
