package io.driftwatch.jobs.cli;

import io.driftwatch.jobs.tables.RunRow;
import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.commit.FinalizeRun;
import io.driftwatch.jobs.commit.OutputLock;
import io.driftwatch.jobs.source.DatedFiles;
import io.driftwatch.jobs.commit.OutputCommitter;
import io.driftwatch.jobs.commit.RunLog;
import io.driftwatch.jobs.commit.StagedRunOutputs;
import io.driftwatch.common.drift.ReferenceProfiles;
import io.driftwatch.jobs.pipeline.AnalyzeJob;
import io.driftwatch.jobs.pipeline.AnalyzeSettings;
import io.driftwatch.jobs.pipeline.TaskSampler;
import io.driftwatch.jobs.source.ChunkingFileEnumerator;
import io.driftwatch.jobs.source.LogFileFormat;
import io.driftwatch.jobs.source.RawRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * What the batch commands ({@code analyze}, {@code profile}) share: their options, and running the
 * batch job — read the logs, aggregate per window, write the window tables and unusable records to
 * {@code dead_letter}; the job's last operator ({@code FinalizeRun}) replaces the range's earlier
 * output when the input was accepted and appends a {@code runs} row. The command submits the job,
 * waits where it can, reports the run and maps it to an exit code.
 */
public abstract class BatchCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config (optional).")
    java.nio.file.Path configFile;

    @Option(names = "--input", paramLabel = "PATH",
            description = "Prediction log: file, directory or glob; JSON Lines, CSV or Parquet; .gz accepted. Repeatable.")
    List<String> inputs;

    @Option(names = "--labels", paramLabel = "PATH", description = "Label records joined by prediction_id. Repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--from", paramLabel = "DATE|INSTANT", description = "Inclusive start (UTC).")
    String from;

    @Option(names = "--to", paramLabel = "DATE|INSTANT", description = "Exclusive end (UTC); analyze also takes now,"
            + " today (its start) and this-hour (its start).")
    String to;

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "Output directory (any Flink file system).")
    String output;

    @Option(names = "--window", paramLabel = "DURATION", description = "Window: 15m, 1h, 1d, 1w (ISO weeks, from Monday) or 1mo (calendar months); overrides the config.")
    String window;

    @Option(names = "--parallelism", paramLabel = "N", description = "Job parallelism (default: the environment's).")
    Integer parallelism;

    @Option(names = "--max-bad-ratio", paramLabel = "R", defaultValue = "0.01",
            description = "Reject the input (exit 3) when more than this share of records is unusable (default ${DEFAULT-VALUE}).")
    double maxBadRatio;

    /** What a finished run reports (for demo and tests). */
    public record Result(RunRow run, Path output) {}

    @Override
    public Integer call() throws Exception {
        run();
        return Driftwatch.OK;
    }

    /** Runs the command; throws {@link ConfigException} or {@link InputRejectedException} on user mistakes. */
    public abstract Result run() throws Exception;

    /** Sets the options one command passes to another it runs (demo, a reference period's profile). */
    <C extends BatchCommand> C with(List<String> inputs, List<String> labels, java.nio.file.Path configFile,
            Integer parallelism, double maxBadRatio, String from, String to, String output) {
        this.inputs = inputs;
        this.labels = labels;
        this.configFile = configFile;
        this.parallelism = parallelism;
        this.maxBadRatio = maxBadRatio;
        this.from = from;
        this.to = to;
        this.output = output;
        @SuppressWarnings("unchecked")
        C self = (C) this;
        return self;
    }

    /** Where a run's alerts go besides the log, or null ({@code analyze}/{@code stream}: {@code --alerts-topic}). */
    io.driftwatch.jobs.trend.Alerts.Destination alerts() {
        return null;
    }

    /** {@code --input} is required (not by picocli: {@code stream} reads topics instead). */
    void requireInputs() {
        if (inputs == null || inputs.isEmpty()) throw new ConfigException("--input: required (a file, directory or glob)");
    }

    /** The config file's settings with {@code --window} applied, the alarm rules held to the alarm budget. */
    DriftwatchConfig loadConfig() {
        DriftwatchConfig config = configFile == null ? DriftwatchConfig.DEFAULT : ConfigLoader.load(configFile);
        if (window != null) config = config.withWindow(config.window().withSpec(window, "--window"));
        DriftwatchConfig budgeted = config.budgeted();
        sayBudget(config, budgeted);
        return budgeted;
    }

    /** Says which thresholds the alarm budget tightened (docs/guide/decisions.md, "Alarm budget"). */
    static void sayBudget(DriftwatchConfig configured, DriftwatchConfig budgeted) {
        if (configured == budgeted) return;
        var was = configured.retraining();
        var now = budgeted.retraining();
        double p = configured.drift().thresholdOf("__no_such_column__", "p_value");
        double q = budgeted.drift().thresholdOf("__no_such_column__", "p_value");
        if (was.confidence() == now.confidence() && was.anomalies().zThreshold() == now.anomalies().zThreshold() && p == q) return;
        long perWeek = 7L * 86_400_000L / Math.max(1, budgeted.window().maxLengthMillis());
        info(String.format(java.util.Locale.ROOT, "alarms: budget %s, %s windows a week: a quality drop needs z >= %.2f,"
                + " drift tests level %.3g, anomalies |z| >= %.2f (alarms.budget: none for the rules as configured)",
                budgeted.alarms().describe(), perWeek == 0 ? "under one" : String.valueOf(perWeek),
                io.driftwatch.common.trend.RetrainingRules.criticalZ(now.confidence()), q, now.anomalies().zThreshold()));
    }

    void checkOptions(long fromMs, long toMs) {
        if (fromMs >= toMs) throw new ConfigException("--from must be before --to");
        if (!(maxBadRatio >= 0 && maxBadRatio <= 1)) throw new ConfigException("--max-bad-ratio: must be between 0 and 1");
        if (parallelism != null && parallelism < 1) throw new ConfigException("--parallelism: must be at least 1");
    }

    /** How one batch run differs between the commands. */
    record Job(String command, DriftwatchConfig config, long from, long to, List<String> windowTables,
            ReferenceProfiles reference, InJobReference inJobReference) {
        Job(String command, DriftwatchConfig config, long from, long to, List<String> windowTables,
                ReferenceProfiles reference) {
            this(command, config, from, to, windowTables, reference, null);
        }
    }

    /**
     * A reference period of the same logs that the analyze job profiles itself while it reads them
     * (one read of the input), into {@code dir} with {@code marker} as {@code _reference.json}.
     */
    record InJobReference(long from, long to, String dir, String marker, String description) {}

    private static String qualified(String dir) throws IOException {
        Path p = new Path(dir);
        return p.makeQualified(p.getFileSystem()).toString();
    }

    /**
     * Where a run reads its records: the predictions and labels sources, the sample its tasks are
     * inferred from, and the inputs as the {@code runs} row names them.
     */
    record Sources(Source<RawRecord, ?, ?> predictions, Source<RawRecord, ?, ?> labels, TaskSampler.Sample sample,
            List<String> inputs, List<String> labelInputs, long textBytes) {
        Sources(Source<RawRecord, ?, ?> predictions, Source<RawRecord, ?, ?> labels, TaskSampler.Sample sample,
                List<String> inputs, List<String> labelInputs) {
            this(predictions, labels, sample, inputs, labelInputs, -1);
        }
    }

    /** The run's sources: the files of {@code --input}/{@code --labels}, pruned to the range by their dates. */
    Sources sources(Job j, long fromMs, long toMs) throws Exception {
        requireInputs();
        DriftwatchConfig config = j.config();
        List<Path> inputPaths = InputPaths.resolve(inputs, "--input");
        List<Path> labelPaths = InputPaths.resolve(labels, "--labels");
        List<FileStatus> files = ChunkingFileEnumerator.listFiles(inputPaths.toArray(Path[]::new));
        if (files.isEmpty()) throw new InputRejectedException("--input: no readable files in " + String.join(", ", inputs));
        // inputs laid out by date: read only the files that can hold the range (and the reference period)
        long horizonDays = (long) Math.ceil(config.labelHorizon().toMillis() / 86_400_000.0);
        List<DatedFiles.Days> predictionDays = new ArrayList<>(List.of(DatedFiles.forRange(fromMs, toMs, 0)));
        List<DatedFiles.Days> labelDays = new ArrayList<>(List.of(DatedFiles.forRange(fromMs, toMs, horizonDays)));
        if (j.inJobReference() != null) {
            predictionDays.add(DatedFiles.forRange(j.inJobReference().from(), j.inJobReference().to(), 0));
            labelDays.add(DatedFiles.forRange(j.inJobReference().from(), j.inJobReference().to(), horizonDays));
        }
        List<FileStatus> kept = DatedFiles.prune(files, predictionDays);
        if (kept.isEmpty()) {
            throw new InputRejectedException("--input: none of the " + files.size() + " files is dated within the range"
                    + " (dates read from their paths, e.g. " + files.get(0).getPath() + ")");
        }
        if (kept.size() < files.size()) {
            info(j.command() + ": reading " + kept.size() + " of " + files.size() + " input files (the others are dated"
                    + " outside the range by their paths)");
            files = kept;
            inputPaths = kept.stream().map(FileStatus::getPath).toList();
        }
        long textBytes = Progress.textBytes(files);
        if (!labelPaths.isEmpty()) {
            List<FileStatus> labelFiles = ChunkingFileEnumerator.listFiles(labelPaths.toArray(Path[]::new));
            List<FileStatus> keptLabels = DatedFiles.prune(labelFiles, labelDays);
            long labelBytes = Progress.textBytes(keptLabels);
            textBytes = textBytes < 0 || labelBytes < 0 ? -1 : textBytes + labelBytes;
            if (keptLabels.size() < labelFiles.size()) {
                info(j.command() + ": reading " + keptLabels.size() + " of " + labelFiles.size() + " label files (dated"
                        + " within the range plus labels.horizon)");
                labelPaths = keptLabels.stream().map(FileStatus::getPath).toList();
            }
        }

        TaskSampler.Sample sample = TaskSampler.sample(files, config);
        new TreeMap<>(sample.tasks()).forEach((model, task) -> info("model " + model + ": task inferred as "
                + task.configName() + " from " + sample.evidence().records(model) + " sampled records"
                + " (set models." + model + ".task to fix it)"));
        if (sample.statusHint() != null) warn(sample.statusHint());
        FileSource<RawRecord> predictionSource = FileSource.forBulkFileFormat(new LogFileFormat(config.input()), inputPaths.toArray(Path[]::new))
                .setFileEnumerator(ChunkingFileEnumerator.provider()).build();
        FileSource<RawRecord> labelSource = labelPaths.isEmpty() ? null
                : FileSource.forBulkFileFormat(new LogFileFormat(config.input()), labelPaths.toArray(Path[]::new))
                        .setFileEnumerator(ChunkingFileEnumerator.provider()).build();
        return new Sources(predictionSource, labelSource, sample, List.copyOf(inputs), List.copyOf(labels), textBytes);
    }

    /** Runs one batch job over this command's inputs into {@code outputDir}. */
    Result runJob(Job j, String outputDir) throws Exception {
        long startedAt = System.currentTimeMillis();
        DriftwatchConfig config = j.config();
        long fromMs = j.from();
        long toMs = j.to();

        Sources src = sources(j, fromMs, toMs);
        sayPartialWindows(config.window(), fromMs, toMs, j.command());

        String runId = newRunId(startedAt);
        Path out = new Path(outputDir);
        out = out.makeQualified(out.getFileSystem());
        // one run at a time per output; released when the run's row is written (here or by the job)
        OutputLock.acquire(out, runId, j.command(), startedAt, OutputLock.DEFAULT_TIMEOUT);
        try {
            return submit(j, outputDir, out, runId, startedAt, src, fromMs, toMs);
        } catch (Exception | Error e) {
            OutputLock.release(out, runId);
            throw e;
        }
    }

    private Result submit(Job j, String outputDir, Path out, String runId, long startedAt, Sources src, long fromMs,
            long toMs) throws Exception {
        TaskSampler.Sample sample = src.sample();
        DriftwatchConfig config = j.config();
        InJobReference ref = j.inJobReference();
        FinalizeRun.Plan plan = plan(j, out, runId, startedAt, src, fromMs, toMs);
        OutputCommitter committer = new OutputCommitter(out, runId, config.compression());
        AnalyzeSettings settings = new AnalyzeSettings(config, sample.tasks(), fromMs, toMs, false,
                j.reference(), ref == null ? null : new AnalyzeSettings.ReferencePeriod(ref.from(), ref.to()));

        AnalyzeJob job = new AnalyzeJob(src.predictions(), src.labels(), new StagedRunOutputs(plan, committer), settings);

        // the job commits its own output (FinalizeRun); a client that can wait reports the outcome
        JobClient client = job.submit(environment(parallelism), "driftwatch " + j.command() + " " + runId);
        if (!AnalyzeJob.canAwait(client)) {
            info(j.command() + " " + runId + ": submitted as job " + client.getJobID() + "; its row in " + outputDir
                    + "/runs tells the outcome");
            return new Result(null, out);
        }
        try {
            Progress.await(client, j.command(), src.textBytes());
        } catch (java.util.concurrent.ExecutionException e) {
            FinalizeRun.recordFailure(plan, Driftwatch.rootMessage(e));
            throw new IllegalStateException("the job failed: " + Driftwatch.rootMessage(e), e);
        }
        RunRow run = RunLog.read(out, runId, startedAt).orElseThrow(() -> new IllegalStateException(
                "the job finished but its run was not recorded (see the log)"));
        OutputLock.release(out, runId);
        boolean rejected = run.status().equals("rejected");
        info(String.format("%s %s: %d records read, %d valid, %d invalid (dead_letter), %d out of range; "
                        + "%d labels read, %d joined, %d unmatched, %d invalid; %d KPI windows, %d profile rows, %d drift rows%s",
                j.command(), runId, run.recordsRead(), run.recordsValid(), run.recordsInvalid(), run.recordsOutOfRange(),
                run.labelsRead(), run.labelsJoined(), run.labelsUnmatched(), run.labelsInvalid(), run.kpiWindows(),
                run.featureProfiles(), run.featureDrift(), rejected ? " (not written: input rejected)" : " in " + outputDir));
        RunReport.deadLetters(run).forEach(BatchCommand::info);
        RunReport.range(run, fromMs, toMs).ifPresent(BatchCommand::info);
        RunReport.decisions(run, outputDir).ifPresent(BatchCommand::info);
        if (rejected) throw new InputRejectedException(run.message());
        return new Result(run, out);
    }

    /** What the run's commit (or a stream's runs rows and judge) needs, fixed at start. */
    FinalizeRun.Plan plan(Job j, Path out, String runId, long startedAt, Sources src, long fromMs, long toMs)
            throws IOException {
        DriftwatchConfig config = j.config();
        InJobReference ref = j.inJobReference();
        return new FinalizeRun.Plan(j.command(), out.toString(), runId, startedAt, sha256(configFile),
                src.inputs(), src.labelInputs(), fromMs, toMs, config.window(), maxBadRatio,
                config.compression(), j.windowTables(), ref != null ? ref.description()
                        : j.reference() == null ? null : j.reference().description(),
                ref == null ? null : qualified(ref.dir()), ref == null ? 0 : ref.from(), ref == null ? 0 : ref.to(),
                ref == null ? null : ref.marker(),
                // the reference's kpi_windows: built by this job, or beside the stored profiles read
                ref != null ? qualified(ref.dir()) : j.reference() == null ? null : j.reference().description(),
                j.command().equals("profile") ? null : config.retraining(), alerts());
    }

    /** A new run's id: its start time and a random suffix. */
    static String newRunId(long startedAt) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(startedAt)) + "-" + HexFormat.of().toHexDigits((int) (Math.random() * 0xFFFFFF)).substring(2);
    }

    /** Says when the range cuts a window: that window is written as partial and replaces the stored one. */
    private static void sayPartialWindows(io.driftwatch.common.window.WindowGrid grid, long from, long to, String command) {
        for (long edge : new long[] {from, to}) {
            if (edge == Long.MIN_VALUE || edge == Long.MAX_VALUE || grid.start(edge) == edge) continue;
            long start = grid.start(edge);
            info(command + ": " + (edge == from ? "--from " : "--to ") + Timestamps.format(edge) + " is inside the "
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
        return conf;
    }

    /** The execution environment: batch mode, local settings from conf/flink when run by bin/driftwatch. */
    static StreamExecutionEnvironment environment(Integer parallelism) {
        Configuration conf = localFlinkConfig();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        // Pipelined exchanges: Flink's default for batch jobs, blocking sort-merge partitions, asks 512
        // network buffers of a TaskManager per result partition, more than Flink's shipped TaskManager
        // (1728 MB, 1 slot) or a 1536 MB one with 2 slots has (docs/guide/cluster.md). The job's
        // exchanges carry few records (pre-aggregated window states, counts), so streaming them costs
        // little; a Flink config that sets execution.batch-shuffle-mode (conf/flink) still wins.
        if (!conf.contains(ExecutionOptions.BATCH_SHUFFLE_MODE)) {
            conf.set(ExecutionOptions.BATCH_SHUFFLE_MODE, org.apache.flink.api.common.BatchShuffleMode.ALL_EXCHANGES_PIPELINED);
            conf.set(org.apache.flink.configuration.JobManagerOptions.SCHEDULER,
                    org.apache.flink.configuration.JobManagerOptions.SchedulerType.Default);
        }
        if (System.getProperty("driftwatch.home") != null && !conf.contains(HeartbeatManagerOptions.HEARTBEAT_INTERVAL)) {
            // the local cluster: accumulators (the progress line) come with the TaskManager's heartbeats
            conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, java.time.Duration.ofSeconds(1));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (parallelism != null) env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        return env;
    }

    static long bound(String value, String option, long none) {
        if (value == null) return none;
        Long v = Timestamps.parseBound(value);
        if (v == null) {
            throw new ConfigException(option + ": '" + value + "' is not a date (2026-11-01) or an instant (2026-11-01T06:00:00Z)");
        }
        return v;
    }

    static String sha256(java.nio.file.Path file) throws IOException {
        if (file == null) return null;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void info(String line) {
        System.out.println(line);
        LOG.info(line);
    }

    static void warn(String line) {
        System.out.println("warning: " + line);
        LOG.warn(line);
    }
}
