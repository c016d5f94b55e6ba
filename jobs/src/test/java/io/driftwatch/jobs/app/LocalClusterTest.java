package io.driftwatch.jobs.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.Duck;
import io.driftwatch.jobs.cli.Driftwatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded cluster a {@code bin/driftwatch} run starts while it plans ({@link LocalCluster}): the job
 * takes it, the tables are those of a run in Flink's own local cluster, and a cluster nobody takes is
 * closed. No MiniClusterExtension here: the runs use Flink's local environment, as the launcher's do.
 */
class LocalClusterTest {
    @TempDir
    Path dir;

    private static List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int day = 1; day <= 2; day++) {
            for (int i = 0; i < 60; i++) {
                lines.add("{\"prediction_id\":\"p" + day + "-" + i + "\",\"timestamp\":\"2026-11-0" + day + "T"
                        + String.format("%02d", i % 24) + ":10:00Z\",\"model\":\"m\",\"prediction\":" + (i % 10) / 10.0
                        + ",\"label\":" + (i % 3 == 0 ? 1 : 0) + ",\"latency_ms\":" + (10 + i % 7)
                        + ",\"features\":{\"x\":" + (i % 13) + ",\"c\":\"" + (char) ('a' + i % 4) + "\"}}");
            }
        }
        return lines;
    }

    private static String[] analyze(Path input, Path output) {
        return new String[] {"analyze", "--input", input.toString(), "--output", output.toString(), "--reference-from",
            "2026-11-01", "--reference-to", "2026-11-02"};
    }

    @Test
    void aLauncherRunTakesTheClusterStartedWhileItPlans_andWritesWhatFlinksOwnClusterDoes() throws Exception {
        Path input = dir.resolve("log.jsonl");
        Files.write(input, lines());
        Path plain = dir.resolve("plain"), early = dir.resolve("early");
        // Flink's own local cluster, started when the job is submitted (no driftwatch.home: no early start)
        assertThat(Driftwatch.run(analyze(input, plain))).isZero();
        assertThat(LocalCluster.waiting()).isFalse();

        int taken = LocalCluster.taken();
        String home = System.getProperty("driftwatch.home");
        System.setProperty("driftwatch.home", Path.of(System.getProperty("driftwatch.home", "..")).toAbsolutePath()
                .normalize().toString());
        try {
            assertThat(Driftwatch.run(analyze(input, early))).isZero();
        } finally {
            if (home == null) System.clearProperty("driftwatch.home");
            else System.setProperty("driftwatch.home", home);
        }
        assertThat(LocalCluster.taken()).as("the job ran on the early cluster").isEqualTo(taken + 1);
        assertThat(LocalCluster.waiting()).isFalse();
        try (Duck duck = new Duck()) {
            for (String table : List.of("kpi_windows", "feature_profiles", "feature_drift", "retraining_signals")) {
                String expected = duck.comparable(plain, table);
                assertThat(expected).as(table).isNotEqualTo("[]");
                assertThat(duck.comparable(early, table)).as(table).isEqualTo(expected);
            }
        }
    }

    @Test
    void aClusterNoJobTakesIsClosed() throws Exception {
        Configuration settings = BatchRun.settings();
        settings.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
        LocalCluster.prestart(settings);
        assertThat(LocalCluster.waiting()).isTrue();
        var cluster = LocalCluster.early();
        LocalCluster.discard();
        assertThat(LocalCluster.waiting()).isFalse();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (cluster.isRunning() && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(cluster.isRunning()).isFalse();
    }

    @Test
    void withoutSlotsSetNothingStartsEarly() {
        Configuration settings = BatchRun.settings(); // no conf/flink here: the slots would follow the job
        assertThat(settings.contains(TaskManagerOptions.NUM_TASK_SLOTS)).isFalse();
        LocalCluster.prestart(settings);
        assertThat(LocalCluster.waiting()).isFalse();
    }

    @Test
    void aClusterOfOtherSettingsIsNotTheEarlyOne_jobSettingsAside() {
        Configuration settings = new Configuration();
        settings.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
        MiniClusterConfiguration have = LocalCluster.clusterOf(settings);

        Configuration job = new Configuration(settings);
        job.setString("pipeline.name", "driftwatch analyze");
        job.setString("execution.buffer-timeout.enabled", "false");
        job.setString("parallelism.default", "1");
        assertThat(LocalCluster.sameCluster(have, LocalCluster.clusterOf(job))).isTrue();

        Configuration slots = new Configuration(settings);
        slots.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
        assertThat(LocalCluster.sameCluster(have, LocalCluster.clusterOf(slots))).isFalse();
        Configuration memory = new Configuration(settings);
        memory.setString("taskmanager.memory.managed.size", "64m");
        assertThat(LocalCluster.sameCluster(have, LocalCluster.clusterOf(memory))).isFalse();
    }
}
