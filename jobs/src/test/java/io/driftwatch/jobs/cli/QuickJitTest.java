package io.driftwatch.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that {@code bin/driftwatch} started with the quick JIT (C1 only) and whose plan reads more than a
 * small run starts again in a JVM with the optimizing JIT (docs/guide/performance.md): the same command,
 * its lines said once, its exit code the run's. Here the limit is lowered to 100 bytes so that a few
 * records pass it.
 */
class QuickJitTest {
    @TempDir
    Path dir;

    @Test
    void aRunThatReadsMoreThanItsJitWasChosenForStartsAgainOnce() throws Exception {
        Path log = dir.resolve("log.jsonl");
        Files.writeString(log, """
                {"timestamp":"2026-11-01T10:00:00Z","model":"m","prediction":0.9,"label":1,"features":{"x":1.5}}
                {"timestamp":"2026-11-01T11:00:00Z","model":"m","prediction":0.2,"label":0,"features":{"x":2.5}}
                {"timestamp":"2026-11-01T12:00:00Z","model":"m","prediction":0.7,"label":1,"features":{"x":3.5}}
                """);
        // over the limit: again, without the quick JIT
        String restarted = launch("restarted", 100, "analyze", "--input", log.toString(), "--output", dir.resolve("a").toString());
        // under it: stays
        String stayed = launch("stayed", 1_000_000, "analyze", "--input", log.toString(), "--output", dir.resolve("b").toString());
        for (String out : List.of(restarted, stayed)) {
            assertThat(out.lines().filter(l -> l.startsWith("analyze ") && l.contains(" predictions read")))
                    .singleElement().asString().contains("3 predictions read, 3 valid");
            assertThat(out.lines().filter(l -> l.startsWith("alarms: budget"))).hasSize(1);
        }
        assertThat(Files.readString(dir.resolve("logs-restarted/driftwatch.log"))).contains("starting it again with the optimizing JIT");
        assertThat(Files.readString(dir.resolve("logs-stayed/driftwatch.log"))).doesNotContain("starting it again")
                // and the job ran on the cluster started while the run planned (EmbeddedCluster)
                .contains("the job runs on the embedded cluster started while the run planned");
        // both committed the same run's tables
        for (String out : List.of("a", "b")) {
            try (var files = Files.walk(dir.resolve(out).resolve("runs"))) {
                assertThat(files.filter(f -> f.getFileName().toString().endsWith(".parquet"))).hasSize(1);
            }
            assertThat(dir.resolve(out).resolve("kpi_windows")).isDirectory();
        }
    }

    /** Runs the CLI as the launcher does with the quick JIT; returns what it printed (exit code 0 asserted). */
    private String launch(String name, long maxBytes, String... args) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("driftwatch.home", "..")).toAbsolutePath().normalize();
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:TieredStopAtLevel=1", "-Ddriftwatch.jit=quick", "-Ddriftwatch.jit.quickMaxBytes=" + maxBytes,
                "-Ddriftwatch.home=" + home, "-Ddriftwatch.log.dir=" + dir.resolve("logs-" + name),
                "-Dlog4j.configurationFile=" + home.resolve("conf/log4j2.properties"),
                "-cp", System.getProperty("java.class.path"), Driftwatch.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the child ended").isTrue();
        String printed = Files.readString(out);
        assertThat(p.exitValue()).as(printed).isZero();
        return printed;
    }
}
