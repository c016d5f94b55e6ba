package io.driftwatch.jobs.app;

import io.driftwatch.jobs.commit.CommitPlan;
import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.Durations;
import io.driftwatch.jobs.commit.FinalizeRun;
import io.driftwatch.jobs.commit.OutputLock;
import io.driftwatch.jobs.commit.StreamingOutputs;
import io.driftwatch.jobs.pipeline.AnalyzeJob;
import io.driftwatch.jobs.pipeline.AnalyzeSettings;
import io.driftwatch.jobs.source.RawRecord;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.client.JobCancellationException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;

/**
 * A continuous stream (contract §1): the analyze pipeline over unbounded sources in event time, each
 * window emitted once the watermark passes its end plus {@code labels.wait}, judged on emission, every
 * table committed with each checkpoint (exactly once); runs until cancelled. Submitted, then waited
 * for while the client lives; {@link #client()} is the running job (bench and tests stop it).
 */
public final class StreamRun {

    /**
     * How a continuous stream runs besides its plan.
     *
     * @param checkpointInterval how often output is committed, or null for {@code streaming.checkpoint_interval}
     * @param fromSavepoint a savepoint or retained checkpoint to go on from, or null
     * @param predictionsTap inserted after the predictions source (tests inject failures), or null
     */
    public record Options(String checkpointInterval, String fromSavepoint, MapFunction<RawRecord, RawRecord> predictionsTap) {
        public static final Options DEFAULT = new Options(null, null, null);
    }

    private final Options options;
    private volatile JobClient client;

    public StreamRun(Options options) {
        this.options = options;
    }

    /** The running job, once submitted; else null. */
    public JobClient client() {
        return client;
    }

    /** Runs the plan until the job is cancelled (or fails); returns at once where nobody can wait for it. */
    public BatchRun.Result run(RunPlan plan) throws Exception {
        if (plan.inJobReference() != null) {
            throw new ConfigException("--reference-from: a continuous stream compares windows with a stored reference;"
                    + " profile the period first (profile --from ... --to ... --output DIR, or one analyze/stream --bounded"
                    + " run with the period) and pass --reference-profile DIR");
        }
        DriftwatchConfig config = plan.config();
        long startedAt = System.currentTimeMillis();
        String runId = Console.newRunId(startedAt);
        Path out = BatchRun.qualified(plan.request().output());
        RunSources src = RunSources.of(plan, true);
        CommitPlan finalize = BatchRun.finalizePlan(plan, out, runId, startedAt, src);
        AnalyzeSettings settings = new AnalyzeSettings(config, src.sample().tasks(), plan.from(), plan.to(), true,
                plan.reference(), null);
        Duration interval = options.checkpointInterval() == null ? config.streaming().checkpointInterval()
                : Durations.parsePositive(options.checkpointInterval(), "--checkpoint-interval");

        Configuration conf = BatchRun.localFlinkConfig();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        // every operator names its state by a uid of ours, so a savepoint restores into a newer jar:
        // a new operator without one fails the submission instead of a later restore
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        String savepoint = options.fromSavepoint();
        if (savepoint != null) {
            Path sp = new Path(savepoint);
            Path metadata = sp.getName().equals("_metadata") ? sp : new Path(sp, "_metadata");
            if (!metadata.getFileSystem().exists(metadata)) {
                throw new ConfigException("--from-savepoint: no savepoint at " + savepoint + " (no _metadata file there)");
            }
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        // one writer per output: a scheduled analyze into the stream's output would write its windows
        // again (held while this client waits for the job; a REST submission nobody waits for takes none)
        OutputLock.acquire(out, runId, "stream", startedAt, OutputLock.DEFAULT_TIMEOUT);
        try {
            return submit(conf, out, plan, runId, src, finalize, settings, interval);
        } finally {
            OutputLock.release(out, runId);
        }
    }

    private BatchRun.Result submit(Configuration conf, Path out, RunPlan plan, String runId, RunSources src,
            CommitPlan finalize, AnalyzeSettings settings, Duration interval) throws Exception {
        String outputDir = plan.request().output();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (plan.request().parallelism() != null) env.setParallelism(plan.request().parallelism());
        env.getConfig().enableObjectReuse();
        env.enableCheckpointing(interval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        Path checkpoints = checkpointStorage(env, out);
        AnalyzeJob job = new AnalyzeJob(src.predictions(), src.labels(), new StreamingOutputs(finalize, settings), settings)
                .withPredictionsTap(options.predictionsTap());
        client = job.submit(env, "driftwatch stream " + runId);
        DriftwatchConfig config = plan.config();
        Console.info("stream " + runId + ": job " + client.getJobID() + " running; each " + config.window().spec()
                + " window is written when the watermark passes its end + labels.wait ("
                + Durations.format(config.labelWait()) + "), files are committed every " + Durations.format(interval)
                + " (checkpoints), a runs row every " + Durations.format(config.streaming().runsEvery()) + "; stop it with"
                + " Ctrl-C, or flink stop/cancel on a cluster");
        if (!AnalyzeJob.canAwait(client)) return new BatchRun.Result(null, out);
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
            if (ExceptionUtils.findThrowable(e, JobCancellationException.class).isPresent()) {
                if (local) Runtime.getRuntime().removeShutdownHook(hint);
                Path last = lastCheckpoint(jobCheckpoints);
                Console.info("stream " + runId + ": cancelled; output up to the last checkpoint is committed in " + outputDir
                        + (last == null ? "" : "; to go on from there: stream ... --from-savepoint " + last));
                return new BatchRun.Result(null, out);
            }
            throw new IllegalStateException("the stream failed: " + BatchRun.rootMessage(e), e);
        }
        return new BatchRun.Result(null, out);
    }

    /**
     * Where checkpoints go: the cluster's or conf/flink's {@code execution.checkpointing.dir}, else
     * {@code <output>/_checkpoints} (every TaskManager reaches the output already). Without a directory
     * Flink keeps checkpoints in the JobManager's memory, 5 MB of state per task at most — a label
     * join holding a few days of predictions fails its first checkpoints. Kept when the job is
     * cancelled, so a stopped stream can go on from its last one.
     */
    private static Path checkpointStorage(StreamExecutionEnvironment env, Path out) {
        ReadableConfig effective = env.getConfiguration();
        Configuration c = new Configuration();
        String dir = effective.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                .orElse(new Path(out, "_checkpoints").toString());
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        if (effective.getOptional(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION).isEmpty()) {
            c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
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
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
