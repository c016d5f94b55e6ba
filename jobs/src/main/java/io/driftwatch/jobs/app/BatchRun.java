package io.driftwatch.jobs.app;

import io.driftwatch.jobs.commit.AuditTrail;

import io.driftwatch.jobs.commit.CommitPlan;
import io.driftwatch.jobs.store.Store;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.common.window.WindowGrid;
import io.driftwatch.jobs.commit.FinalizeRun;
import io.driftwatch.jobs.commit.OutputCommitter;
import io.driftwatch.jobs.commit.OutputLock;
import io.driftwatch.jobs.commit.RunLog;
import io.driftwatch.jobs.commit.StagedRunOutputs;
import io.driftwatch.jobs.pipeline.AnalyzeJob;
import io.driftwatch.jobs.pipeline.AnalyzeSettings;
import io.driftwatch.jobs.tables.RunRow;
import io.driftwatch.jobs.tables.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.flink.api.common.BatchShuffleMode;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs a planned batch job ({@code analyze}, {@code profile}, {@code stream --bounded}): reads the
 * logs, aggregates per window, writes the window tables and unusable records to {@code dead_letter};
 * the job's last operator ({@link FinalizeRun}) replaces the range's earlier output when the input
 * was accepted and appends a {@code runs} row. Holds the output's lock from before the job to its
 * row, waits for the job where the client can, and reports the run.
 */
public final class BatchRun {

    /** What a finished run reports (for demo and tests); {@code run} is null when nobody could wait for it. */
    public record Result(RunRow run, Path output) {}

    private BatchRun() {}

    /** Plans and runs {@code request}; a plan with nothing to do returns at once. */
    public static Result run(RunRequest request) throws Exception {
        // a run of bin/driftwatch: its embedded cluster starts while the run plans
        if (System.getProperty("driftwatch.home") != null) EmbeddedCluster.startEarly(environmentConfig());
        // started with the quick JIT: what the plan says waits until the run knows it stays in this JVM
        if (QuickJit.on()) Console.hold();
        try {
            var plan = new RunPlanner().plan(request);
            return plan.isPresent() ? run(plan.get()) : new Result(null, new Path(request.output()));
        } finally {
            Console.release();
        }
    }

    public static Result run(RunPlan plan) throws Exception {
        long startedAt = System.currentTimeMillis();
        RunSources src = RunSources.of(plan, false);
        RunPlan.Carry carry = plan.carry();
        long readBytes = readBytes(src.textBytes(), carry.settings().carriesIn() ? carry.files() : java.util.List.of());
        if (QuickJit.restarts(readBytes)) {
            // more to read than the launcher thought (QuickJit): again, with the optimizing JIT
            Integer code = QuickJit.restart();
            if (code != null) {
                Console.discard();
                io.driftwatch.jobs.cli.Driftwatch.exit(code);
            }
        }
        Console.release();
        sayPartialWindows(plan.config().window(), plan.from(), plan.to(), plan.command());
        String runId = Console.newRunId(startedAt);
        Path out = qualified(plan.request().output());
        // one run at a time per output; released when the run's row is written (here or by the job)
        OutputLock.acquire(out, runId, plan.command(), startedAt, OutputLock.DEFAULT_TIMEOUT);
        Result result;
        try {
            result = submit(plan, out, runId, startedAt, src, readBytes);
        } catch (Exception | Error e) {
            OutputLock.release(out, runId);
            throw e;
        }
        sayEmptyReference(plan, result);
        return result;
    }

    private static Result submit(RunPlan p, Path out, String runId, long startedAt, RunSources src, long readBytes)
            throws Exception {
        String command = p.command();
        String outputDir = p.request().output();
        CommitPlan plan = finalizePlan(p, out, runId, startedAt, src);
        OutputCommitter committer = Store.at(out).replaceRange(runId, p.config().compression());
        RunPlan.InJobReference ref = p.inJobReference();
        RunPlan.Carry carry = p.carry();
        AnalyzeSettings settings = new AnalyzeSettings(p.config(), src.sample().tasks(), p.from(), p.to(), false,
                p.reference(), ref == null ? null : new AnalyzeSettings.ReferencePeriod(ref.from(), ref.to()),
                carry.settings());
        AnalyzeJob job = new AnalyzeJob(src.predictions(), src.labels(), new StagedRunOutputs(plan, committer), settings);
        if (carry.settings().carriesIn() && !carry.files().isEmpty()) {
            long freshFrom = carry.settings().freshFrom();
            job.withCarried(io.driftwatch.jobs.pipeline.JoinKeptLabels.Kept.of(carry.files(), p.from(), freshFrom),
                    new io.driftwatch.jobs.pipeline.CarriedProfiles(out.toString(), p.from(), freshFrom));
        }

        boolean local = System.getProperty("driftwatch.home") != null;
        Integer parallelism = parallelism(p.request().parallelism(), local, readBytes);
        job.withLabelJoinInMemory(labelJoinInMemory(local, readBytes));
        if (p.request().parallelism() == null && parallelism != null) {
            Console.info(String.format(java.util.Locale.ROOT, "%s: %.0f MB to read: one subtask (a local run under %d MB;"
                    + " --parallelism N to choose)", command, readBytes / 1e6, SMALL_RUN_BYTES / 1_000_000));
        }
        // the job commits its own output (FinalizeRun); a client that can wait reports the outcome
        JobClient client = job.submit(environment(parallelism), "driftwatch " + command + " " + runId);
        if (!AnalyzeJob.canAwait(client)) {
            Console.info(command + " " + runId + ": submitted as job " + client.getJobID() + "; its row in " + outputDir
                    + "/runs tells the outcome");
            return new Result(null, out);
        }
        try {
            Progress.await(client, command, src.textBytes());
        } catch (java.util.concurrent.ExecutionException e) {
            FinalizeRun.recordFailure(plan, rootMessage(e));
            throw new IllegalStateException("the job failed: " + rootMessage(e), e);
        }
        RunRow run = RunLog.read(out, runId, startedAt).orElseThrow(() -> new IllegalStateException(
                "the job finished but its run was not recorded (see the log)"));
        OutputLock.release(out, runId);
        boolean rejected = run.status() == RunStatus.REJECTED;
        Console.info(String.format("%s %s: %d predictions read, %d valid, %d invalid (dead_letter), %d out of range; "
                        + "%d labels read, %d joined, %d unmatched (no prediction with their id), %d of predictions out of"
                        + " range, %d invalid; %d KPI windows, %d profile rows, %d drift rows%s",
                command, runId, run.recordsRead(), run.recordsValid(), run.recordsInvalid(), run.recordsOutOfRange(),
                run.labelsRead(), run.labelsJoined(), run.labelsUnmatched(), run.labelsOutOfRange(), run.labelsInvalid(),
                run.kpiWindows(),
                run.featureProfiles(), run.featureDrift(), rejected ? " (not written: input rejected)" : " in " + outputDir));
        RunReport.unmatchedByDate(run, src.predictionsByDate()).ifPresent(Console::info);
        RunReport.deadLetters(run, p.config()).forEach(Console::info);
        RunReport.personalData(run).forEach(Console::warn);
        // the records read count only from where the kept windows end
        RunReport.range(run, Math.max(p.from(), p.carry().settings().freshFrom()), p.to()).ifPresent(Console::info);
        RunReport.decisions(run, outputDir).ifPresent(Console::info);
        if (!rejected && (run.from() == null || run.to() == null)) {
            java.util.List<RunRow> earlier = new java.util.ArrayList<>();
            for (RunRow r : Store.at(out).readAll(RunRow.SCHEMA)) {
                if (command.equals(r.command()) && r.status() == RunStatus.SUCCEEDED && !runId.equals(r.runId())) earlier.add(r);
            }
            RunReport.windowsCutShort(run, earlier, p.config().window()).forEach(Console::warn);
        }
        if (rejected) throw new InputRejectedException(run.message());
        return new Result(run, out);
    }

    /** When the reference period held no record, says what the logs hold rather than pointing at a `profile` run. */
    private static void sayEmptyReference(RunPlan plan, Result result) throws IOException {
        RunPlan.InJobReference ref = plan.inJobReference();
        RunRow p = result.run();
        if (ref == null || p == null || p.status() != RunStatus.SUCCEEDED) return;
        // the job writes the marker only with a reference (FinalizeRun)
        Path marker = new Path(ref.dir(), FinalizeRun.REFERENCE_MARKER);
        if (marker.getFileSystem().exists(marker)) return;
        Console.warn("the reference period [" + Timestamps.format(ref.from()) + ", " + Timestamps.format(ref.to())
                + ") holds none of the " + p.recordsValid() + " valid records of the input"
                + (p.eventTimeMin() == null ? "" : " (their event times span " + Timestamps.format(p.eventTimeMin())
                        + " to " + Timestamps.format(p.eventTimeMax()) + ")")
                + ", so feature_drift has no reference to compare with");
    }

    /** What the run's commit (or a stream's runs rows and judge) needs, fixed at start. */
    static CommitPlan finalizePlan(RunPlan p, Path out, String runId, long startedAt, RunSources src)
            throws IOException {
        DriftwatchConfig config = p.config();
        RunPlan.InJobReference ref = p.inJobReference();
        RunRequest r = p.request();
        String stored = p.reference() == null ? null : p.reference().description();
        String period = ref == null ? null : qualified(ref.dir()).toString();
        return new CommitPlan(
                new CommitPlan.Run(p.command(), runId, startedAt, RunPlanner.sha256(r.configFile()), src.inputs(),
                        src.labelInputs(), config.labelFieldsDescribed(), AuditTrail.version(),
                        AuditTrail.maskedConfig(r.configFile()), src.inputFiles()),
                new CommitPlan.Output(out.toString(), config.compression(), p.windowTables()),
                new CommitPlan.Range(p.from(), p.to(), config.window(), r.maxBadRatio(), p.carry().settings().freshFrom(),
                        p.storedInputStart()),
                // the reference's kpi_windows: built by this job, or beside the stored profiles read
                new CommitPlan.Reference(ref != null ? ref.description() : stored, ref != null ? period : stored, period,
                        ref == null ? 0 : ref.from(), ref == null ? 0 : ref.to(), ref == null ? null : ref.marker()),
                r.kind() == RunRequest.Kind.PROFILE ? null : config.retraining(), r.alerts(), config.fairness(),
                config.checks(), r.kind() == RunRequest.Kind.PROFILE ? io.driftwatch.common.config.AlertRoute.Settings.NONE : config.alerts().resolved());
    }

    static Path qualified(String dir) throws IOException {
        Path p = new Path(dir);
        return p.makeQualified(p.getFileSystem());
    }

    /** Says when the range cuts a window: that window is written as partial and replaces the stored one. */
    private static void sayPartialWindows(WindowGrid grid, long from, long to, String command) {
        for (long edge : new long[] {from, to}) {
            if (edge == Long.MIN_VALUE || edge == Long.MAX_VALUE || grid.start(edge) == edge) continue;
            long start = grid.start(edge);
            Console.info(command + ": " + (edge == from ? "--from " : "--to ") + Timestamps.format(edge) + " is inside the "
                    + grid.spec() + " window [" + Timestamps.format(start) + ", " + Timestamps.format(grid.end(start))
                    + "): it is written as a partial window (complete = false, coverage_start/coverage_end) and replaces"
                    + " that window's stored rows");
        }
    }

    /** Local settings from conf/flink when run by bin/driftwatch (empty otherwise). */
    static Configuration localFlinkConfig() {
        Configuration conf = new Configuration();
        String home = System.getProperty("driftwatch.home");
        if (home != null && Files.isRegularFile(java.nio.file.Path.of(home, "conf", "flink", "config.yaml"))) {
            conf.addAll(GlobalConfiguration.loadConfiguration(java.nio.file.Path.of(home, "conf", "flink").toString()));
        }
        if (home != null && !conf.contains(org.apache.flink.configuration.ClusterOptions.PROCESS_WORKING_DIR_BASE)) {
            conf.set(org.apache.flink.configuration.ClusterOptions.PROCESS_WORKING_DIR_BASE, LocalWorkingDir.PATH);
        }
        return conf;
    }

    /**
     * The embedded cluster's working directory ({@code process.working-dir}; Flink's default is a
     * {@code minicluster_*} directory in the temporary directory): one per process, removed at exit. The
     * launcher's JVM exits as soon as a command is done ({@code Driftwatch#main}), before the cluster's own
     * shutdown would remove its directory.
     */
    private static final class LocalWorkingDir {
        static final String PATH = create();

        private static String create() {
            try {
                java.nio.file.Path dir = Files.createTempDirectory("driftwatch-cluster-");
                Runtime.getRuntime().addShutdownHook(new Thread(
                        () -> org.apache.flink.util.FileUtils.deleteDirectoryQuietly(dir.toFile()), "remove-cluster-dir"));
                return dir.toString();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot make the embedded cluster's working directory", e);
            }
        }
    }

    /**
     * Below this much to read, a local run ({@code bin/driftwatch}, the embedded cluster) without
     * {@code --parallelism} runs on one subtask, as Flink's adaptive batch scheduler sizes a job vertex by
     * its data. On 2 cores a second subtask made such runs no faster: its start, the kept predictions each
     * subtask loads, the records sent between subtasks and the JIT's compiler threads take the core it
     * would use. Measured, alternating (bench/README.md, "Scheduled runs", session 16): the 14th daily run
     * (86 MB: its day's log, its label files, the kept predictions) 12.4–14.0 s at one subtask against
     * 14.6–15.3 s at two, CPU 19.7–21.8 s against 22.9–25.2 s; a one-day run (83 MB) and a three-day run
     * (192 MB) the same at both; the full 14 days (786 MB) 36.9 s at one against 29.7 s at two.
     */
    public static final long SMALL_RUN_BYTES = 128_000_000L;

    /**
     * The job's parallelism: the one asked for; else 1 for a local run that reads under
     * {@link #SMALL_RUN_BYTES}; else null (the environment's: conf/flink's {@code parallelism.default}
     * locally, the cluster's under {@code flink run}).
     */
    static Integer parallelism(Integer requested, boolean local, long readBytes) {
        if (requested != null) return requested;
        return small(local, readBytes) ? Integer.valueOf(1) : null;
    }

    /** A local run that reads under {@link #SMALL_RUN_BYTES} (a known size). */
    private static boolean small(boolean local, long readBytes) {
        return local && readBytes >= 0 && readBytes < SMALL_RUN_BYTES;
    }

    /**
     * Whether the run's label join holds its predictions and labels in memory (a hash join,
     * {@code JoinKeptLabels}) rather than sorting them by id: a local run under {@link #SMALL_RUN_BYTES} (the
     * launcher's 2 GB heap holds them: bench/incremental.sh's 14th daily run, 86 MB, held about 300 MB; a
     * cluster's TaskManager may have less). The same tables either way. System property
     * {@code driftwatch.labelJoin} ({@code memory} or {@code sorted}) decides instead. Measured, alternating
     * (bench/README.md, "Scheduled runs", session 19): the 14th daily run 7.78-8.34 s sorted against
     * 7.26-7.52 s in memory, a one-day run 5.8-6.1 s against 5.1-5.3 s, at about 50 MB more peak RSS.
     */
    static boolean labelJoinInMemory(boolean local, long readBytes) {
        String forced = System.getProperty("driftwatch.labelJoin");
        if (forced != null) {
            if (!forced.equals("memory") && !forced.equals("sorted")) {
                throw new io.driftwatch.common.config.ConfigException(
                        "system property driftwatch.labelJoin: '" + forced + "' is neither memory nor sorted");
            }
            return forced.equals("memory");
        }
        return small(local, readBytes);
    }

    /** What a run reads: its text inputs' bytes (-1 when unknown: Parquet or a compression without a size) and the kept predictions' files. */
    static long readBytes(long textBytes, java.util.List<Path> carried) throws IOException {
        if (textBytes < 0) return -1;
        long total = textBytes;
        for (Path f : carried) total += f.getFileSystem().getFileStatus(f).getLen();
        return total;
    }

    /**
     * The execution environment: batch mode, local settings from conf/flink when run by bin/driftwatch (on
     * the cluster {@link EmbeddedCluster} started while the run planned).
     */
    static StreamExecutionEnvironment environment(Integer parallelism) {
        StreamExecutionEnvironment env = EmbeddedCluster.environment(environmentConfig());
        if (parallelism != null) env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        return env;
    }

    /** The execution environment's configuration ({@link #environment}). */
    static Configuration environmentConfig() {
        Configuration conf = localFlinkConfig();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        // Pipelined exchanges: Flink's default for batch jobs, blocking sort-merge partitions, asks 512
        // network buffers of a TaskManager per result partition, more than Flink's shipped TaskManager
        // (1728 MB, 1 slot) or a 1536 MB one with 2 slots has (docs/guide/cluster.md). The job's
        // exchanges carry few records (pre-aggregated window states, counts), so streaming them costs
        // little; a Flink config that sets execution.batch-shuffle-mode (conf/flink) still wins.
        if (!conf.contains(ExecutionOptions.BATCH_SHUFFLE_MODE)) {
            conf.set(ExecutionOptions.BATCH_SHUFFLE_MODE, BatchShuffleMode.ALL_EXCHANGES_PIPELINED);
            conf.set(JobManagerOptions.SCHEDULER, JobManagerOptions.SchedulerType.Default);
        }
        if (System.getProperty("driftwatch.home") != null && !conf.contains(HeartbeatManagerOptions.HEARTBEAT_INTERVAL)) {
            // the local cluster: accumulators (the progress line) come with the TaskManager's heartbeats
            conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, java.time.Duration.ofSeconds(1));
        }
        return conf;
    }

    /** The innermost cause's message, or what a damaged stored file says of itself. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            // a damaged stored file says itself which file and what to do
            if (t instanceof io.driftwatch.jobs.parquet.DamagedFileException) return t.getMessage();
            t = t.getCause();
        }
        if (t instanceof io.driftwatch.jobs.parquet.DamagedFileException) return t.getMessage();
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.split("\n")[0]);
    }
}
