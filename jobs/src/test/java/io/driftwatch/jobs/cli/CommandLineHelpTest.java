package io.driftwatch.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The command line guides: suggestions for typos, help with defaults and examples, agreeing with the README and the guides. */
class CommandLineHelpTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Driftwatch.run(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void aMistypedOptionSuggestsTheClosestOneEvenWhenARequiredOptionIsMissing() {
        Result r = run("analyze", "--inptu", "logs/");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown option --inptu; did you mean --input?");
        r = run("analyze", "--inptu", "logs/", "--output", "out");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("driftwatch: unknown option --inptu; did you mean --input?");
        r = run("stream", "--watch", "logs", "--output", "out", "--chekpoint-interval=10s");
        assertThat(r.err()).contains("unknown option --chekpoint-interval; did you mean --checkpoint-interval?");
        // nothing close: no suggestion, still the option named
        r = run("report", "--output", "out", "--colour", "blue");
        assertThat(r.err()).contains("unknown option --colour").doesNotContain("did you mean");
    }

    @Test
    void aMistypedCommandSuggestsTheClosestAndNoCommandListsThemAll() {
        Result r = run("analyse", "--input", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command analyse; did you mean analyze?");
        r = run();
        assertThat(r.code()).isEqualTo(2);
        for (String c : List.of("analyze", "stream", "profile", "report", "rollup", "generate", "demo")) {
            assertThat(r.err()).contains(c);
        }
    }

    @Test
    void aMistypedConfigKeySuggestsTheClosest(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path config = dir.resolve("c.yaml");
        Files.writeString(config, "windw: 1d\n");
        Path log = dir.resolve("p.jsonl");
        Files.writeString(log, "{}\n");
        Result r = run("analyze", "--input", log.toString(), "--config", config.toString(), "--output",
                dir.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("windw: unknown key; did you mean window?");
    }

    @Test
    void optionsThatDoNotApplyToACommandAreNotAccepted() {
        // stream inherits analyze's options but runs until stopped: no --for, no --since-last-run
        for (String o : List.of("--for=today", "--since-last-run")) {
            Result r = run("stream", "--watch", "in", "--output", "out", o);
            assertThat(r.code()).as(o).isEqualTo(2);
            assertThat(r.err()).contains(o.replaceAll("=.*", "") + " does not apply to stream");
        }
        assertThat(run("stream", "--help").out()).doesNotContain("--for").doesNotContain("--since-last-run");
        assertThat(run("analyze", "--help").out()).contains("--for").contains("--since-last-run");
    }

    @Test
    void versionAndHelpOfEveryCommandWithDefaultsAndAnExample() throws Exception {
        Result v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("driftwatch ").contains("Apache Flink 2.2");
        String readme = Files.readString(Path.of("..", "README.md"));
        // the hand-written guides (not the generated CLI reference, which is the help itself)
        StringBuilder guides = new StringBuilder();
        try (var files = Files.list(Path.of("..", "docs", "guide"))) {
            for (Path f : files.sorted().toList()) guides.append(Files.readString(f));
        }
        Result top = run("--help");
        for (String c : List.of("analyze", "stream", "profile", "report", "rollup", "repair", "verify", "generate", "demo")) {
            assertThat(top.out()).contains("  " + c + " ");
            Result h = run(c, "--help");
            assertThat(h.code()).isZero();
            assertThat(h.out()).as(c).contains("Example:").doesNotContain("Default: []").doesNotContain("\u001b[");
            // every option the help lists is explained in a guide, and the README's command table has the command
            Matcher m = Pattern.compile("(--[a-z][a-z-]+)[=\\s]").matcher(h.out());
            TreeSet<String> options = new TreeSet<>();
            while (m.find()) options.add(m.group(1));
            options.removeAll(List.of("--help", "--version"));
            for (String o : options) assertThat(guides.toString()).as("%s %s in docs/guide", c, o).contains(o);
            assertThat(readme).contains("| `" + c + "` |");
        }
        // the window forms the guides document, in the help of the commands that take a window
        for (String c : List.of("analyze", "stream")) {
            assertThat(run(c, "--help").out()).contains("1w").contains("1mo");
        }
        // a profile is one window over its range: it does not take --window (it refused it before)
        assertThat(run("profile", "--help").out()).doesNotContain("--window");
        assertThat(run("profile", "--input", "x", "--output", "y", "--window", "1d").code()).isEqualTo(Driftwatch.USAGE);
        assertThat(run("rollup", "--help").out()).contains("1w");
    }
}
