package io.driftwatch.jobs.app;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.pipeline.TaskSampler;
import io.driftwatch.jobs.source.ChunkingFileEnumerator;
import io.driftwatch.jobs.source.DatedFiles;
import io.driftwatch.jobs.source.KafkaRecords;
import io.driftwatch.jobs.source.LogFileFormat;
import io.driftwatch.jobs.source.OrderedSplitAssigner;
import io.driftwatch.jobs.source.RawRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Where a run reads its records: the predictions and labels sources, the sample its tasks are
 * inferred from, and the inputs as the {@code runs} row names them; {@code predictionsByDate} when only the
 * prediction files dated within the range are read (the labels' files reach {@code labels.horizon} further).
 */
public record RunSources(Source<RawRecord, ?, ?> predictions, Source<RawRecord, ?, ?> labels, TaskSampler.Sample sample,
        List<String> inputs, List<String> labelInputs, long textBytes, List<String> inputFiles, boolean predictionsByDate) {

    /** Each file with its size and modification time, for the {@code runs} row's audit trail. */
    private static List<String> described(List<FileStatus> files) {
        List<String> out = new ArrayList<>();
        for (FileStatus f : files) {
            out.add(String.format(java.util.Locale.ROOT, "%s\t%d bytes\tmodified %s", f.getPath(), f.getLen(),
                    Timestamps.format(f.getModificationTime())));
        }
        return out;
    }

    /** The sources of a plan: bounded unless {@code continuous} (a stream that runs until stopped). */
    public static RunSources of(RunPlan plan, boolean continuous) throws Exception {
        RunRequest.Source source = plan.request().source();
        if (source instanceof RunRequest.Files f) return files(plan, f);
        if (source instanceof RunRequest.Kafka k) return kafka(plan, k, !continuous);
        RunRequest.Watched w = (RunRequest.Watched) source;
        return continuous ? watched(plan, w) : files(plan, new RunRequest.Files(List.of(w.dir()), w.labels()));
    }

    /** The files of {@code --input}/{@code --labels}, pruned to the range by their dates. */
    private static RunSources files(RunPlan plan, RunRequest.Files f) throws Exception {
        DriftwatchConfig config = plan.config();
        String command = plan.command();
        List<Path> inputPaths = InputPaths.resolve(f.predictions(), "--input");
        List<Path> labelPaths = InputPaths.resolve(f.labels(), "--labels");
        List<FileStatus> files = ChunkingFileEnumerator.listFiles(inputPaths.toArray(Path[]::new));
        if (files.isEmpty()) throw new InputRejectedException("--input: no readable files in " + String.join(", ", f.predictions()));
        // inputs laid out by date: read only the files that can hold the range (and the reference period)
        long horizonDays = (long) Math.ceil(config.labelHorizon().toMillis() / 86_400_000.0);
        // windows carried from the last run: their records were read by it (files dated up to the day after it stopped)
        long freshFrom = Math.max(plan.from(), plan.carry().settings().freshFrom());
        List<DatedFiles.Days> predictionDays = new ArrayList<>(List.of(DatedFiles.forRange(freshFrom, plan.to(), 0)));
        // the labels filed before it were joined by the last run to the predictions it kept (label_carry)
        List<DatedFiles.Days> labelDays = new ArrayList<>(List.of(DatedFiles.forRange(freshFrom, plan.to(), horizonDays)));
        RunPlan.InJobReference ref = plan.inJobReference();
        if (ref != null) {
            predictionDays.add(DatedFiles.forRange(ref.from(), ref.to(), 0));
            labelDays.add(DatedFiles.forRange(ref.from(), ref.to(), horizonDays));
        }
        List<FileStatus> kept = DatedFiles.prune(files, predictionDays);
        if (kept.isEmpty() && freshFrom > plan.from()) {
            // no new prediction file (a model that stopped logging): the kept windows are judged again
            // with their new labels, and its silence found; the horizon's files are read, their records
            // counted out of range (the kept predictions stand for them)
            predictionDays.set(0, DatedFiles.forRange(plan.from(), plan.to(), 0));
            kept = DatedFiles.prune(files, predictionDays);
        }
        if (kept.isEmpty()) {
            throw new InputRejectedException("--input: none of the " + files.size() + " files is dated within the range"
                    + " (dates read from their paths, e.g. " + files.get(0).getPath() + ")");
        }
        boolean byDate = kept.size() < files.size();
        if (byDate) {
            Console.info(command + ": reading " + kept.size() + " of " + files.size() + " input files (the others are dated"
                    + " outside the range by their paths)");
            files = kept;
            inputPaths = kept.stream().map(FileStatus::getPath).toList();
        }
        long textBytes = Progress.textBytes(files);
        List<String> inputFiles = new ArrayList<>(described(files));
        if (!labelPaths.isEmpty()) {
            List<FileStatus> labelFiles = ChunkingFileEnumerator.listFiles(labelPaths.toArray(Path[]::new));
            List<FileStatus> keptLabels = DatedFiles.prune(labelFiles, labelDays);
            inputFiles.addAll(described(keptLabels));
            long labelBytes = Progress.textBytes(keptLabels);
            textBytes = textBytes < 0 || labelBytes < 0 ? -1 : textBytes + labelBytes;
            if (keptLabels.size() < labelFiles.size()) {
                Console.info(command + ": reading " + keptLabels.size() + " of " + labelFiles.size() + " label files (dated"
                        + " within the range plus labels.horizon)");
                labelPaths = keptLabels.stream().map(FileStatus::getPath).toList();
            }
        }
        TaskSampler.Sample sample = TaskSampler.sample(files, config);
        new TreeMap<>(sample.tasks()).forEach((model, task) -> Console.info("model " + model + ": task inferred as "
                + task.configName() + " from " + sample.evidence().records(model) + " sampled records"
                + " (set models." + model + ".task to fix it)"));
        if (sample.statusHint() != null) Console.warn(sample.statusHint());
        return new RunSources(fileSource(config, inputPaths, false), labelPaths.isEmpty() ? null
                : fileSource(config, labelPaths, false), sample, f.predictions(), f.labels(), textBytes,
                List.copyOf(inputFiles), byDate);
    }

    /** How often a watched directory is listed for new files. */
    private static final Duration WATCH_EVERY = Duration.ofSeconds(10);

    /** A watched directory's files as they come, oldest first. */
    private static RunSources watched(RunPlan plan, RunRequest.Watched w) throws Exception {
        Path dir = new Path(w.dir());
        List<FileStatus> present = dir.getFileSystem().exists(dir)
                ? ChunkingFileEnumerator.listFiles(new Path[] {dir}) : List.of();
        TaskSampler.Sample sample = present.isEmpty() ? TaskSampler.Sample.EMPTY : TaskSampler.sample(present, plan.config());
        List<Path> labels = InputPaths.resolve(w.labels(), "--labels");
        Console.info("stream: watching " + w.dir() + " for new files every " + WATCH_EVERY.toSeconds() + " s");
        return new RunSources(fileSource(plan.config(), List.of(dir), true),
                labels.isEmpty() ? null : fileSource(plan.config(), labels, true), sample, w.inputNames(), w.labelNames(), -1,
                List.of("watched directory " + w.dir() + " (files as they come)"), false);
    }

    private static FileSource<RawRecord> fileSource(DriftwatchConfig config, List<Path> paths, boolean continuous) {
        var builder = FileSource.forBulkFileFormat(new LogFileFormat(config.input()), paths.toArray(Path[]::new))
                .setFileEnumerator(ChunkingFileEnumerator.provider());
        // files read oldest first (by name), so event time moves forward in each reader
        if (continuous) builder.setSplitAssigner(OrderedSplitAssigner::new).monitorContinuously(WATCH_EVERY);
        return builder.build();
    }

    /**
     * The topics from the start position on; {@code bounded}: up to their ends at start. The offsets are
     * resolved before the job ({@link KafkaOffsets}), so the source reads exactly what the audit trail
     * names; where they cannot be looked up, the source resolves them itself and the trail says so.
     */
    private static RunSources kafka(RunPlan plan, RunRequest.Kafka k, boolean bounded) {
        // tasks cannot be sampled from a topic before the job: declared ones count, others are judged per record
        Console.info("stream: models without models.<m>.task are judged per record from their predictions");
        long maxBytes = plan.config().input().maxLineBytes();
        boolean attributes = plan.config().input().format().readsMessageAttributes();
        List<String> described = new ArrayList<>();
        KafkaSource<RawRecord> predictions = kafkaSource(k, k.topic(), maxBytes, attributes, bounded, described);
        KafkaSource<RawRecord> labels = k.labelsTopic() == null ? null
                : kafkaSource(k, k.labelsTopic(), maxBytes, attributes, bounded, described);
        return new RunSources(predictions, labels, TaskSampler.Sample.EMPTY, k.inputNames(), k.labelNames(), -1,
                List.copyOf(described), false);
    }

    /**
     * @param described receives the topic as the audit trail names it: brokers, topic, start and each
     *     partition's offsets (never the client properties)
     */
    private static KafkaSource<RawRecord> kafkaSource(RunRequest.Kafka k, String topic, long maxBytes,
            boolean attributes, boolean bounded, List<String> described) {
        Properties properties = new Properties();
        properties.putAll(k.properties());
        var builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(k.bootstrap())
                .setTopics(topic)
                .setGroupId(k.group())
                .setDeserializer(new KafkaRecords(maxBytes, attributes))
                .setProperties(properties);
        String head = "kafka " + k.bootstrap() + " topic " + topic + " from " + k.start();
        OffsetsInitializer fallback = startingOffsets(k.start()); // a bad --start is a config error first
        KafkaOffsets offsets;
        try {
            offsets = KafkaOffsets.resolve(k, topic, bounded);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            Console.warn("stream: the offsets of topic " + topic + " could not be looked up before the job ("
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); the source resolves them itself");
            offsets = null;
        }
        if (offsets != null && !offsets.start().isEmpty()) {
            // partitions that appear later (continuous runs) start at their earliest offset
            builder.setStartingOffsets(OffsetsInitializer.offsets(offsets.startOffsets(), OffsetResetStrategy.EARLIEST));
            if (bounded) builder.setBounded(OffsetsInitializer.offsets(offsets.endOffsets()));
            described.add(head + ": " + offsets.describe() + (bounded ? "" : " (continuous)"));
        } else {
            builder.setStartingOffsets(fallback);
            if (bounded) builder.setBounded(OffsetsInitializer.latest());
            described.add(head + (bounded ? " to the end offsets at start" : " (continuous)")
                    + " (offsets not looked up)");
        }
        return builder.build();
    }

    private static OffsetsInitializer startingOffsets(String start) {
        return switch (start) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> {
                Long t = Timestamps.parseBound(start);
                if (t == null) {
                    throw new ConfigException("--start: '" + start + "' is not earliest, latest, committed or an instant"
                            + " (2026-11-28T00:00:00Z)");
                }
                yield OffsetsInitializer.timestamp(t);
            }
        };
    }
}
