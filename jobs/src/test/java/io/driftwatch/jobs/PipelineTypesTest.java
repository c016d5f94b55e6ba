package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.jobs.cli.Driftwatch;
import io.driftwatch.jobs.pipeline.AnalyzeJob;
import io.driftwatch.jobs.pipeline.AnalyzeSettings;
import io.driftwatch.jobs.source.ChunkingFileEnumerator;
import io.driftwatch.jobs.source.LogFileFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline's record types (including profile and drift rows) are Flink POJOs/records (no Kryo),
 * in batch and in streaming mode.
 */
class PipelineTypesTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir
    Path dir;

    @Test
    void noTypeFallsBackToKryo() throws Exception {
        Path input = dir.resolve("p.jsonl");
        Files.write(input, List.of(
                "{\"prediction_id\":\"a\",\"timestamp\":\"2026-11-01T01:00:00Z\",\"model\":\"m\",\"prediction\":0.9,\"features\":{\"c\":\"x\"}}",
                "not json"));
        Path labels = dir.resolve("l.jsonl");
        Files.write(labels, List.of("{\"prediction_id\":\"a\",\"timestamp\":\"2026-11-02T01:00:00Z\",\"label\":1}"));
        DriftwatchConfig config = ConfigLoader.parse("models: {m: {task: binary_classification, segments: [c]}}");
        for (RuntimeExecutionMode mode : new RuntimeExecutionMode[] {RuntimeExecutionMode.BATCH, RuntimeExecutionMode.STREAMING})
        // a stored reference shipped with the job, and a reference period profiled in the job itself
        for (boolean inJob : new boolean[] {false, true}) {
            Configuration conf = new Configuration();
            conf.set(PipelineOptions.GENERIC_TYPES, false);
            conf.set(ExecutionOptions.RUNTIME_MODE, mode);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            AnalyzeJob job = new AnalyzeJob(
                    FileSource.forBulkFileFormat(new LogFileFormat(io.driftwatch.common.config.InputConfig.DEFAULT), new org.apache.flink.core.fs.Path(input.toUri()))
                            .setFileEnumerator(ChunkingFileEnumerator.provider()).build(),
                    FileSource.forBulkFileFormat(new LogFileFormat(io.driftwatch.common.config.InputConfig.DEFAULT), new org.apache.flink.core.fs.Path(labels.toUri())).build(),
                    AnalyzeJob.toSinks(new DiscardingSink<>(), new DiscardingSink<>()),
                    new AnalyzeSettings(config, Map.of(), Long.MIN_VALUE, Long.MAX_VALUE, false,
                            inJob ? null : new io.driftwatch.common.drift.ReferenceProfiles.Builder().build("empty"),
                            inJob ? new AnalyzeSettings.ReferencePeriod(1793491200000L, 1793577600000L) : null)); // 2026-11-01
            // building and running fail with "Generic types have been disabled" if any type needs Kryo
            var result = job.execute(env, "types " + mode + (inJob ? " in-job reference" : ""));
            if (inJob) assertThat(result.<Long>getAccumulatorResult("reference_windows")).as(mode.name()).isEqualTo(2L);
            assertThat(result.<Long>getAccumulatorResult("records_read")).as(mode.name()).isEqualTo(2L);
            assertThat(result.<Long>getAccumulatorResult("kpi_windows")).as(mode.name()).isEqualTo(2L);
            assertThat(result.<Long>getAccumulatorResult("labels_joined")).as(mode.name()).isEqualTo(1L);
        }
    }

    @Test
    void globsSelectTheMatchingFiles() throws Exception {
        Files.createDirectories(dir.resolve("logs/2026-11"));
        for (String name : new String[] {"logs/2026-11/a.jsonl", "logs/2026-11/b.jsonl", "logs/2026-11/c.csv", "logs/other.jsonl"}) {
            Files.writeString(dir.resolve(name), name.endsWith(".csv")
                    ? "timestamp,model,prediction\n2026-11-01T00:00:00Z,m,0.5\n"
                    : "{\"timestamp\":\"2026-11-01T00:00:00Z\",\"model\":\"m\",\"prediction\":0.5}\n");
        }
        Path out = dir.resolve("out");
        assertThat(Driftwatch.run("analyze", "--input", dir.resolve("logs") + "/**/*.jsonl", "--output", out.toString()))
                .isEqualTo(0);
        try (Duck duck = new Duck()) {
            assertThat(duck.value("select records_read from " + Duck.table(out, "runs"))).isEqualTo(2L);
        }
    }
}
