package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.Durations;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.commit.OutputCommitter;
import io.driftwatch.jobs.parquet.ParquetTables;
import io.driftwatch.jobs.parquet.TableSinks;
import io.driftwatch.jobs.pipeline.AnalyzeJob;
import io.driftwatch.jobs.pipeline.AnalyzeSettings;
import io.driftwatch.jobs.pipeline.Counters;
import io.driftwatch.jobs.pipeline.TaskSampler;
import io.driftwatch.jobs.source.ChunkingFileEnumerator;
import io.driftwatch.jobs.source.LogFileFormat;
import io.driftwatch.jobs.source.RawRecord;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import io.driftwatch.jobs.tables.RunRow;
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
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import io.driftwatch.jobs.parquet.StreamOutput;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.parquet.hadoop.ParquetWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code analyze}: the historical batch job (SPEC §1). Reads the logs, computes {@code kpi_windows},
 * writes unusable records to {@code dead_letter}, replaces the range's earlier output only when the
 * job succeeded and the input was accepted, and appends a {@code runs} row in every case.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Compute KPI windows for the predictions in [--from, --to) and write them as Parquet.")
public final class AnalyzeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyzeCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config (optional).")
    java.nio.file.Path configFile;

    @Option(names = "--input", paramLabel = "PATH", required = true,
            description = "Prediction log: file, directory or glob; JSON Lines, CSV or Parquet; .gz accepted. Repeatable.")
    List<String> inputs;

    @Option(names = "--labels", paramLabel = "PATH", description = "Label records joined by prediction_id. Repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--from", paramLabel = "DATE|INSTANT", description = "Inclusive start (UTC).")
    String from;

    @Option(names = "--to", paramLabel = "DATE|INSTANT", description = "Exclusive end (UTC).")
    String to;

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "Output directory (any Flink file system).")
    String output;

    @Option(names = "--window", paramLabel = "DURATION", description = "Window length (15m, 1h, 1d); overrides the config.")
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
        Result r = run();
        return r.run().status().equals("rejected") ? Driftwatch.INPUT_REJECTED : Driftwatch.OK;
    }

    /** Runs the analysis; throws {@link ConfigException} or {@link InputRejectedException} on user mistakes. */
    public Result run() throws Exception {
        long startedAt = System.currentTimeMillis();
        DriftwatchConfig config = configFile == null ? DriftwatchConfig.DEFAULT : ConfigLoader.load(configFile);
        if (window != null) config = config.withWindow(Durations.parsePositive(window, "--window"));
        long fromMs = bound(from, "--from", Long.MIN_VALUE);
        long toMs = bound(to, "--to", Long.MAX_VALUE);
        if (fromMs >= toMs) throw new ConfigException("--from must be before --to");
        if (!(maxBadRatio >= 0 && maxBadRatio <= 1)) throw new ConfigException("--max-bad-ratio: must be between 0 and 1");
        if (parallelism != null && parallelism < 1) throw new ConfigException("--parallelism: must be at least 1");

        List<Path> inputPaths = InputPaths.resolve(inputs, "--input");
        List<Path> labelPaths = InputPaths.resolve(labels, "--labels");
        List<FileStatus> files = ChunkingFileEnumerator.listFiles(inputPaths.toArray(Path[]::new));
        if (files.isEmpty()) throw new InputRejectedException("--input: no readable files in " + String.join(", ", inputs));

        TaskSampler.Sample sample = TaskSampler.sample(files, config);
        new TreeMap<>(sample.tasks()).forEach((model, task) -> info("model " + model + ": task inferred as "
                + task.configName() + " from " + sample.evidence().records(model) + " sampled records"
                + " (set models." + model + ".task to fix it)"));

        String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(startedAt)) + "-" + HexFormat.of().toHexDigits((int) (Math.random() * 0xFFFFFF)).substring(2);
        Path out = new Path(output);
        OutputCommitter committer = new OutputCommitter(out, runId, config.compression());
        AnalyzeSettings settings = new AnalyzeSettings(config, sample.tasks(), fromMs, toMs, Duration.ZERO);

        FileSource<RawRecord> predictionSource = FileSource.forBulkFileFormat(new LogFileFormat(), inputPaths.toArray(Path[]::new))
                .setFileEnumerator(ChunkingFileEnumerator.provider()).build();
        FileSource<RawRecord> labelSource = labelPaths.isEmpty() ? null
                : FileSource.forBulkFileFormat(new LogFileFormat(), labelPaths.toArray(Path[]::new))
                        .setFileEnumerator(ChunkingFileEnumerator.provider()).build();
        AnalyzeJob job = new AnalyzeJob(predictionSource, labelSource,
                TableSinks.parquet(KpiWindowRow.SCHEMA, committer.stagingDir(KpiWindowRow.SCHEMA.table()), runId, config.compression()),
                TableSinks.parquet(DeadLetterRow.SCHEMA, committer.stagingDir(DeadLetterRow.SCHEMA.table()), runId, config.compression()),
                settings);

        StreamExecutionEnvironment env = environment(parallelism);
        JobExecutionResult result;
        try {
            result = job.execute(env, "driftwatch analyze " + runId);
        } catch (Exception e) {
            committer.cleanUp();
            writeRun(out, config, new RunRow(runId, "analyze", startedAt, System.currentTimeMillis(), "failed",
                    sha256(configFile), inputs, labels, nullIfUnbounded(fromMs), nullIfUnbounded(toMs), 0, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, Driftwatch.rootMessage(e)));
            throw e;
        }
        long read = count(result, Counters.RECORDS_READ);
        long invalid = count(result, Counters.RECORDS_INVALID);
        long first = fromMs != Long.MIN_VALUE ? fromMs : count(result, Counters.FIRST_EVENT, Long.MAX_VALUE);
        long last = toMs != Long.MAX_VALUE ? toMs : count(result, Counters.LAST_EVENT, Long.MIN_VALUE);
        long windowMs = config.window().toMillis();
        // without --from/--to, the range is that of the windows the data touched
        long rangeStart = fromMs != Long.MIN_VALUE ? fromMs : first == Long.MAX_VALUE ? 0 : first - Math.floorMod(first, windowMs);
        long rangeEnd = toMs != Long.MAX_VALUE ? toMs : last == Long.MIN_VALUE ? 0 : last - Math.floorMod(last, windowMs) + windowMs;
        // dead letters whose time is unknown are filed under the range's start (a run without data: its own start)
        long unknownTimeAs = rangeStart < rangeEnd ? rangeStart : startedAt;

        boolean rejected = read == 0 || (double) invalid / read > maxBadRatio;
        String message;
        if (read == 0) {
            message = "no records in the input";
        } else if (rejected) {
            message = String.format("%d of %d records (%.2f%%) are unusable, more than --max-bad-ratio %s; see %s/dead_letter",
                    invalid, read, 100.0 * invalid / read, maxBadRatio, output);
        } else {
            message = null;
        }
        try {
            if (!rejected) {
                LOG.info("kpi_windows in [{}, {}): {}", Timestamps.format(rangeStart), Timestamps.format(rangeEnd),
                        committer.commit(KpiWindowRow.SCHEMA.table(), "window_start", rangeStart, rangeEnd, rangeStart));
            }
            LOG.info("dead_letter in [{}, {}): {}", Timestamps.format(rangeStart), Timestamps.format(rangeEnd),
                    committer.commit(DeadLetterRow.SCHEMA.table(), "partition_time", rangeStart, rangeEnd, unknownTimeAs,
                            "source"));
        } finally {
            committer.cleanUp();
        }
        RunRow run = new RunRow(runId, "analyze", startedAt, System.currentTimeMillis(), rejected ? "rejected" : "succeeded",
                sha256(configFile), inputs, labels, nullIfUnbounded(fromMs), nullIfUnbounded(toMs), read,
                count(result, Counters.RECORDS_VALID), invalid, count(result, Counters.RECORDS_OUT_OF_RANGE), 0,
                count(result, Counters.LABELS_READ), count(result, Counters.LABELS_JOINED),
                count(result, Counters.LABELS_UNMATCHED), count(result, Counters.LABELS_INVALID),
                rejected ? 0 : count(result, Counters.KPI_WINDOWS), message);
        writeRun(out, config, run);
        info(String.format("analyze %s: %d records read, %d valid, %d invalid (dead_letter), %d out of range; "
                        + "%d labels read, %d joined, %d unmatched; %d KPI windows%s",
                runId, run.recordsRead(), run.recordsValid(), run.recordsInvalid(), run.recordsOutOfRange(),
                run.labelsRead(), run.labelsJoined(), run.labelsUnmatched(), run.kpiWindows(),
                rejected ? " (not written: input rejected)" : " in " + output + "/kpi_windows"));
        if (rejected) throw new InputRejectedException(message);
        return new Result(run, out);
    }

    /** The execution environment: batch mode, local settings from conf/flink when run by bin/driftwatch. */
    static StreamExecutionEnvironment environment(Integer parallelism) {
        Configuration conf = new Configuration();
        String home = System.getProperty("driftwatch.home");
        if (home != null && Files.isRegularFile(java.nio.file.Path.of(home, "conf", "flink", "config.yaml"))) {
            conf.addAll(GlobalConfiguration.loadConfiguration(java.nio.file.Path.of(home, "conf", "flink").toString()));
        }
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (parallelism != null) env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        return env;
    }

    private static long bound(String value, String option, long none) {
        if (value == null) return none;
        Long v = Timestamps.parseBound(value);
        if (v == null) {
            throw new ConfigException(option + ": '" + value + "' is not a date (2026-11-01) or an instant (2026-11-01T06:00:00Z)");
        }
        return v;
    }

    private static Long nullIfUnbounded(long v) {
        return v == Long.MIN_VALUE || v == Long.MAX_VALUE ? null : v;
    }

    private static long count(JobExecutionResult r, String name) {
        return count(r, name, 0L);
    }

    private static long count(JobExecutionResult r, String name, long absent) {
        Object v = r.getAllAccumulatorResults().get(name);
        return v instanceof Number n ? n.longValue() : absent;
    }

    /** Appends the run's row to {@code runs} (one small file per run). */
    static void writeRun(Path output, DriftwatchConfig config, RunRow run) throws IOException {
        Path file = new Path(output, RunRow.SCHEMA.table() + "/" + RunRow.SCHEMA.partitionOf(run) + "/run-" + run.runId() + ".parquet");
        FileSystem fs = file.getFileSystem();
        fs.mkdirs(file.getParent());
        try (var stream = fs.create(file, FileSystem.WriteMode.OVERWRITE);
                ParquetWriter<RunRow> w = ParquetTables.open(new StreamOutput(stream), RunRow.SCHEMA,
                        ParquetTables.codec(config.compression()))) {
            w.write(run);
        }
    }

    private static String sha256(java.nio.file.Path file) throws IOException {
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
}
