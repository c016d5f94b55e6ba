package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.Durations;
import io.driftwatch.jobs.commit.FinalizeRun;
import io.driftwatch.jobs.commit.OutputLock;
import io.driftwatch.jobs.commit.StreamingOutputs;
import io.driftwatch.jobs.pipeline.AnalyzeJob;
import io.driftwatch.jobs.pipeline.AnalyzeSettings;
import io.driftwatch.jobs.source.ChunkingFileEnumerator;
import io.driftwatch.jobs.source.LogFileFormat;
import io.driftwatch.jobs.source.OrderedSplitAssigner;
import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import io.driftwatch.jobs.pipeline.TaskSampler;
import io.driftwatch.jobs.source.KafkaRecords;
import io.driftwatch.jobs.source.RawRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stream} (contract §1): the analyze pipeline over Kafka topics or a watched directory.
 *
 * <p>Continuous (the default): event time with watermarks per Kafka partition or file, each window
 * emitted once the watermark passes its end plus {@code labels.wait}, judged on emission, and every
 * table written through Flink's {@code FileSink}, committed with each checkpoint (exactly once);
 * runs until cancelled. With {@code --bounded} it reads what the topics (or the directory) hold at
 * start as a batch job and commits the same tables as {@code analyze}.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Analyze predictions from Kafka topics or a watched directory, continuously in event time"
                + " (--bounded: what is there at start, then finish).")
public final class StreamCommand extends AnalyzeCommand {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic of prediction records (one JSON object per message).")
    String topic;

    @Option(names = "--labels-topic", paramLabel = "TOPIC", description = "Topic of label records (optional).")
    String labelsTopic;

    @Option(names = "--group-id", paramLabel = "ID", description = "Consumer group id (default: driftwatch-<topic>).")
    String groupId;

    @Option(names = "--start", paramLabel = "POSITION", defaultValue = "earliest",
            description = "Where to start reading: earliest, latest, committed (the group's offsets, else earliest) or an"
                    + " instant such as 2026-11-28T00:00:00Z (default ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka consumer property, e.g. security.protocol=SASL_SSL; repeatable.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--watch", paramLabel = "DIR", description = "A directory of log files instead of Kafka.")
    String watch;

    @Option(names = "--bounded", description = "Read what is there at start (topic offsets, files) as a batch job and finish.")
    boolean bounded;

    @Override
    String commandName() {
        return "stream";
    }

    @Override
    io.driftwatch.jobs.trend.Alerts.Destination alerts() {
        if (alertsTopic != null && alertsBootstrap == null) alertsBootstrap = bootstrap;
        return super.alerts();
    }

    @Override
    Map<String, String> alertProperties() {
        return Map.copyOf(kafkaProperties);
    }

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION",
            description = "How often output is committed (overrides streaming.checkpoint_interval; default 1m).")
    String checkpointInterval;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "Start from a savepoint (or retained checkpoint) of an earlier stream: its offsets, open windows,"
                    + " waiting predictions and history go on where they stopped. On a cluster: flink run -s PATH.")
    String fromSavepoint;

    /** Inserted after the predictions source: tests inject failures here. */
    MapFunction<RawRecord, RawRecord> predictionsTap;

    /** The running continuous job (tests cancel it). */
    volatile JobClient client;

    /** The running continuous job, once submitted (for programs that embed the command, e.g. bench/); else null. */
    public JobClient client() {
        return client;
    }

    @Override
    public Result run() throws Exception {
        if ((watch == null) == (bootstrap == null)) {
            throw new ConfigException(watch == null ? "--kafka-bootstrap: give it with --topic, or --watch DIR"
                    : "--watch: give either it or --kafka-bootstrap");
        }
        if (watch != null) {
            if (inputs != null && !inputs.isEmpty()) throw new ConfigException("--watch: give either it or --input");
            inputs = List.of(watch);
        } else if (topic == null) {
            throw new ConfigException("--topic: required with --kafka-bootstrap");
        } else {
            if (inputs != null && !inputs.isEmpty()) throw new ConfigException("--input: give either it or --kafka-bootstrap");
            // the topics as the runs row and a stored reference's marker name them
            inputs = List.of("kafka://" + bootstrap + "/" + topic);
            labels = labelsTopic == null ? new ArrayList<>() : List.of("kafka://" + bootstrap + "/" + labelsTopic);
        }
        return super.run();
    }

    @Override
    Result runJob(Job j, String outputDir) throws Exception {
        return bounded ? super.runJob(j, outputDir) : runContinuous(j, outputDir);
    }

    /** The continuous job: submitted, then waited for until it is cancelled (or fails). */
    private Result runContinuous(Job j, String outputDir) throws Exception {
        if (j.inJobReference() != null) {
            throw new ConfigException("--reference-from: a continuous stream compares windows with a stored reference;"
                    + " profile the period first (profile --from ... --to ... --output DIR, or one analyze/stream --bounded"
                    + " run with the period) and pass --reference-profile DIR");
        }
        DriftwatchConfig config = j.config();
        long startedAt = System.currentTimeMillis();
        String runId = newRunId(startedAt);
        Path out = new Path(outputDir);
        out = out.makeQualified(out.getFileSystem());
        Sources src = continuousSources(j);
        FinalizeRun.Plan plan = plan(j, out, runId, startedAt, src, j.from(), j.to());
        AnalyzeSettings settings = new AnalyzeSettings(config, src.sample().tasks(), j.from(), j.to(), true,
                j.reference(), null);
        Duration interval = checkpointInterval == null ? config.streaming().checkpointInterval()
                : Durations.parsePositive(checkpointInterval, "--checkpoint-interval");

        Configuration conf = localFlinkConfig();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        // every operator names its state by a uid of ours, so a savepoint restores into a newer jar:
        // a new operator without one fails the submission instead of a later restore
        conf.set(org.apache.flink.configuration.PipelineOptions.AUTO_GENERATE_UIDS, false);
        if (fromSavepoint != null) {
            Path sp = new Path(fromSavepoint);
            Path metadata = sp.getName().equals("_metadata") ? sp : new Path(sp, "_metadata");
            if (!metadata.getFileSystem().exists(metadata)) {
                throw new ConfigException("--from-savepoint: no savepoint at " + fromSavepoint + " (no _metadata file there)");
            }
        }
        if (fromSavepoint != null) conf.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint);
        // one writer per output: a scheduled analyze into the stream's output would write its windows
        // again (held while this client waits for the job; a REST submission nobody waits for takes none)
        OutputLock.acquire(out, runId, "stream", startedAt, OutputLock.DEFAULT_TIMEOUT);
        try {
            return submitContinuous(conf, out, outputDir, runId, src, plan, settings, interval, config);
        } finally {
            OutputLock.release(out, runId);
        }
    }

    private Result submitContinuous(Configuration conf, Path out, String outputDir, String runId, Sources src,
            FinalizeRun.Plan plan, AnalyzeSettings settings, Duration interval, DriftwatchConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (parallelism != null) env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        env.enableCheckpointing(interval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        Path checkpoints = checkpointStorage(env, out);
        AnalyzeJob job = new AnalyzeJob(src.predictions(), src.labels(), new StreamingOutputs(plan, settings), settings)
                .withPredictionsTap(predictionsTap);
        client = job.submit(env, "driftwatch stream " + runId);
        info("stream " + runId + ": job " + client.getJobID() + " running; each " + config.window().spec()
                + " window is written when the watermark passes its end + labels.wait ("
                + Durations.format(config.labelWait()) + "), files are committed every " + Durations.format(interval)
                + " (checkpoints), a runs row every " + Durations.format(config.streaming().runsEvery()) + "; stop it with"
                + " Ctrl-C, or flink stop/cancel on a cluster");
        if (!AnalyzeJob.canAwait(client)) return new Result(null, out);
        // Ctrl-C ends the local cluster with the process: say where the stream can go on from
        Path jobCheckpoints = new Path(checkpoints, client.getJobID().toString());
        Thread hint = new Thread(() -> {
            OutputLock.release(out, runId);
            Path last = lastCheckpoint(jobCheckpoints);
            if (last != null) System.out.println("stream " + runId + ": stopped; to go on from the last checkpoint: stream ..."
                    + " --from-savepoint " + last);
        });
        boolean local = System.getProperty("driftwatch.home") != null;
        if (local) Runtime.getRuntime().addShutdownHook(hint);
        try {
            client.getJobExecutionResult().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (org.apache.flink.util.ExceptionUtils.findThrowable(e,
                    org.apache.flink.runtime.client.JobCancellationException.class).isPresent()) {
                if (local) Runtime.getRuntime().removeShutdownHook(hint);
                Path last = lastCheckpoint(jobCheckpoints);
                info("stream " + runId + ": cancelled; output up to the last checkpoint is committed in " + outputDir
                        + (last == null ? "" : "; to go on from there: stream ... --from-savepoint " + last));
                return new Result(null, out);
            }
            throw new IllegalStateException("the stream failed: " + Driftwatch.rootMessage(e), e);
        }
        return new Result(null, out);
    }

    /**
     * Where checkpoints go: the cluster's or conf/flink's {@code execution.checkpointing.dir}, else
     * {@code <output>/_checkpoints} (every TaskManager reaches the output already). Without a directory
     * Flink keeps checkpoints in the JobManager's memory, 5 MB of state per task at most — a label
     * join holding a few days of predictions fails its first checkpoints. Kept when the job is
     * cancelled, so a stopped stream can go on from its last one.
     */
    private static Path checkpointStorage(StreamExecutionEnvironment env, Path out) {
        org.apache.flink.configuration.ReadableConfig effective = env.getConfiguration();
        Configuration c = new Configuration();
        String dir = effective.getOptional(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                .orElse(new Path(out, "_checkpoints").toString());
        c.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        if (effective.getOptional(org.apache.flink.configuration.CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION)
                .isEmpty()) {
            c.set(org.apache.flink.configuration.CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        env.configure(c);
        return new Path(dir);
    }

    /** The newest completed checkpoint under a job's checkpoint directory, or null. */
    private static Path lastCheckpoint(Path jobDir) {
        try {
            FileStatus[] entries = jobDir.getFileSystem().listStatus(jobDir);
            Path last = null;
            long newest = -1;
            for (FileStatus f : entries == null ? new FileStatus[0] : entries) {
                String name = f.getPath().getName();
                if (!name.startsWith("chk-") || !jobDir.getFileSystem().exists(new Path(f.getPath(), "_metadata"))) continue;
                long n = Long.parseLong(name.substring(4));
                if (n > newest) {
                    newest = n;
                    last = f.getPath();
                }
            }
            return last;
        } catch (java.io.IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Unbounded sources: the topics from the start position on, or the watched directory's files as they come. */
    private Sources continuousSources(Job j) throws Exception {
        if (watch == null) return sources(j, j.from(), j.to());
        Path dir = new Path(watch);
        List<FileStatus> present = dir.getFileSystem().exists(dir)
                ? ChunkingFileEnumerator.listFiles(new Path[] {dir}) : List.of();
        TaskSampler.Sample sample = present.isEmpty() ? TaskSampler.Sample.EMPTY : TaskSampler.sample(present, j.config());
        Duration every = Duration.ofSeconds(10);
        // files read oldest first (by name), so event time moves forward in each reader
        FileSource<RawRecord> predictions = FileSource.forBulkFileFormat(new LogFileFormat(j.config().input()), dir)
                .setFileEnumerator(ChunkingFileEnumerator.provider()).setSplitAssigner(OrderedSplitAssigner::new)
                .monitorContinuously(every).build();
        FileSource<RawRecord> labelSource = labels.isEmpty() ? null
                : FileSource.forBulkFileFormat(new LogFileFormat(j.config().input()), InputPaths.resolve(labels, "--labels").toArray(Path[]::new))
                        .setFileEnumerator(ChunkingFileEnumerator.provider()).setSplitAssigner(OrderedSplitAssigner::new)
                        .monitorContinuously(every).build();
        info("stream: watching " + watch + " for new files every " + every.toSeconds() + " s");
        return new Sources(predictions, labelSource, sample, List.copyOf(inputs), List.copyOf(labels));
    }

    @Override
    Sources sources(Job j, long fromMs, long toMs) throws Exception {
        if (watch != null) return super.sources(j, fromMs, toMs);
        // tasks cannot be sampled from a topic before the job: declared ones count, others are judged per record
        info("stream: models without models.<m>.task are judged per record from their predictions");
        long maxBytes = j.config().input().maxLineBytes();
        return new Sources(source(topic, maxBytes), labelsTopic == null ? null : source(labelsTopic, maxBytes), TaskSampler.Sample.EMPTY,
                List.copyOf(inputs), List.copyOf(labels));
    }

    private KafkaSource<RawRecord> source(String name, long maxBytes) {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        var builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(name)
                .setGroupId(groupId != null ? groupId : "driftwatch-" + topic)
                .setStartingOffsets(startingOffsets())
                .setDeserializer(new KafkaRecords(maxBytes))
                .setProperties(properties);
        if (bounded) builder.setBounded(OffsetsInitializer.latest());
        return builder.build();
    }

    private OffsetsInitializer startingOffsets() {
        return switch (start) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> {
                Long t = io.driftwatch.common.parse.Timestamps.parseBound(start);
                if (t == null) {
                    throw new ConfigException("--start: '" + start + "' is not earliest, latest, committed or an instant"
                            + " (" + Instant.parse("2026-11-28T00:00:00Z") + ")");
                }
                yield OffsetsInitializer.timestamp(t);
            }
        };
    }
}
