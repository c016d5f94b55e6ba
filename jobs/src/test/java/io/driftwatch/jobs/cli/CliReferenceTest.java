package io.driftwatch.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.GeneratedDoc;
import org.junit.jupiter.api.Test;

/** docs/reference/cli.md is what the commands declare: regenerate it rather than edit it. */
class CliReferenceTest {

    @Test
    void theGeneratedCommandLineReferenceMatchesTheCommands() throws Exception {
        String generated = CliReference.markdown();
        GeneratedDoc.assertCurrent("cli.md", generated, CliReferenceTest.class);
        // every command, each with the help its --help prints (defaults and examples included)
        for (String c : Help.commandLine().getSubcommands().keySet()) {
            assertThat(generated).contains("\n## " + c + "\n\n```\nUsage: driftwatch " + c);
        }
        assertThat(generated).contains("--since-last-run", "Example:", "driftwatch repair --output out");
    }
}
