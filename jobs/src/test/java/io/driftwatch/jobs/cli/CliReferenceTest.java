package io.driftwatch.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/reference/cli.md is what the commands declare: regenerate it rather than edit it. */
class CliReferenceTest {
    private static final Path FILE = Path.of("..", "docs", "reference", "cli.md");

    @Test
    void theGeneratedCommandLineReferenceMatchesTheCommands() throws Exception {
        String generated = CliReference.markdown();
        if (Boolean.getBoolean("driftwatch.updateDocs")) Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("docs/reference/cli.md is stale: run mvn -pl jobs test -Dtest=CliReferenceTest -Ddriftwatch.updateDocs=true")
                .isEqualTo(generated);
        // every command, each with the help its --help prints (defaults and examples included)
        for (String c : Driftwatch.commandLine().getSubcommands().keySet()) {
            assertThat(generated).contains("\n## " + c + "\n\n```\nUsage: driftwatch " + c);
        }
        assertThat(generated).contains("--since-last-run", "Example:", "driftwatch repair --output out");
    }
}
