package io.driftwatch.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.app.BatchRun;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which runs {@code bin/driftwatch} starts with the quick JIT (C1 only): its {@code reads_little} rule, run by
 * bash as the launcher runs it — {@code analyze} or {@code profile} with {@code --since-last-run}, or with every
 * {@code --input} local and under 128 MB together; anything it cannot size is not small.
 */
class LauncherJitRuleTest {
    @TempDir
    Path dir;

    @Test
    void onlyRunsSmallByTheirCommandLineGetTheQuickJit() throws Exception {
        Path small = Files.writeString(dir.resolve("small.jsonl"), "{}\n");
        Path logs = Files.createDirectories(dir.resolve("logs/date=2026-11-01"));
        Files.writeString(logs.resolve("a.jsonl"), "{}\n");
        // sparse files: their apparent size counts, not their blocks; the launcher's bound is the run's
        // (BatchRun.SMALL_RUN_BYTES, past which a quick-JIT run starts again)
        Path big = sparse("big.jsonl", 200_000_000L);
        Path justUnder = sparse("under/a.jsonl", BatchRun.SMALL_RUN_BYTES - 1);
        Path justAt = sparse("at/a.jsonl", BatchRun.SMALL_RUN_BYTES);
        assertThat(readsLittle("analyze", "--input", justUnder.toString())).isTrue();
        assertThat(readsLittle("analyze", "--input", justAt.toString())).isFalse();
        assertThat(readsLittle("analyze", "--input", small.toString(), "--output", "o")).isTrue();
        assertThat(readsLittle("profile", "--input=" + small, "--output", "o")).isTrue();
        assertThat(readsLittle("analyze", "--input", dir.resolve("logs").toString())).isTrue();
        assertThat(readsLittle("analyze", "--input", dir + "/*.jsonl")).as("a glob over both files").isFalse();
        assertThat(readsLittle("analyze", "--input", small.toString(), "--input", big.toString())).isFalse();
        assertThat(readsLittle("analyze", "--input", big.toString(), "--since-last-run")).isTrue();
        assertThat(readsLittle("analyze", "--input", "s3://bucket/logs/")).isFalse();
        assertThat(readsLittle("analyze", "--input", dir.resolve("missing").toString())).isFalse();
        assertThat(readsLittle("analyze", "--config", "c.yaml")).as("inputs from the config: not sized").isFalse();
        assertThat(readsLittle("report", "--input", small.toString())).isFalse();
        assertThat(readsLittle("stream", "--since-last-run")).isFalse();
    }

    private Path sparse(String name, long length) throws java.io.IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(length);
        }
        return p;
    }

    /** The launcher's {@code reads_little} function, cut out of bin/driftwatch, on {@code args}. */
    private boolean readsLittle(String... args) throws Exception {
        Path launcher = Path.of(System.getProperty("driftwatch.home", "..")).toAbsolutePath().normalize().resolve("bin/driftwatch");
        List<String> cmd = new ArrayList<>(List.of("bash", "-c",
                "set -euo pipefail; eval \"$(sed -n '/^reads_little() {/,/^}/p' \"$0\")\"; reads_little \"$@\"",
                launcher.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(out).as("nothing printed").isEmpty();
        assertThat(p.exitValue()).as(out).isIn(0, 1);
        return p.exitValue() == 0;
    }
}
