package io.driftwatch.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started as {@code bin/driftwatch} starts it ({@code driftwatch.home} set) exits as soon as its
 * command is done, without waiting for the embedded cluster's shutdown, and leaves nothing in the
 * temporary directory: the cluster's working directory (Flink's {@code minicluster_*}) went with the
 * exit (it stayed behind, one per run, when an exit did not wait before).
 */
class LauncherExitTest {
    @TempDir
    Path dir;

    @Test
    void aLocalRunExitsWithItsCodeAndLeavesNoClusterDirectory() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path log = dir.resolve("log.jsonl");
        Files.writeString(log, """
                {"timestamp":"2026-11-01T10:00:00Z","model":"m","prediction":0.9,"label":1,"features":{"x":1.5}}
                {"timestamp":"2026-11-01T11:00:00Z","model":"m","prediction":0.2,"label":0,"features":{"x":2.5}}
                """);
        assertThat(launch(tmp, "analyze", "--input", log.toString(), "--output", dir.resolve("out").toString()))
                .isZero();
        assertThat(Files.isDirectory(dir.resolve("out/kpi_windows"))).isTrue();
        // a bad option: the usage code, as before
        assertThat(launch(tmp, "analyze", "--inptu", log.toString())).isEqualTo(Driftwatch.USAGE);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("minicluster_") || n.startsWith("driftwatch-cluster-")))
                    .as("cluster directories left in " + tmp).isEmpty();
        }
    }

    /** Runs the CLI in a JVM of its own, as the launcher does, with {@code tmp} as its temporary directory. */
    private int launch(Path tmp, String... args) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("driftwatch.home", "..")).toAbsolutePath().normalize();
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Djava.io.tmpdir=" + tmp, "-Ddriftwatch.home=" + home, "-Ddriftwatch.log.dir=" + dir.resolve("logs"),
                "-cp", System.getProperty("java.class.path"), Driftwatch.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + args[0] + ".log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child ended").isTrue();
        return p.exitValue();
    }
}
