package io.driftwatch.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.config.ColumnMapping;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.parse.BadRecordException;
import io.driftwatch.common.parse.TaskInference;
import io.driftwatch.jobs.source.LogFileFormat;
import io.driftwatch.jobs.source.RawRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FileStatus;

/**
 * Infers the task of models the config does not type, from the first records of each input file,
 * before the job starts, so that every window of a model is analyzed as the same task whatever the
 * parallelism. Reads at most {@link #PER_FILE} records per file. The same sample tells whether the
 * {@code status.success} rule would make most requests errors (a log of HTTP codes read with the
 * default rule), so the run can say which key fixes it before the user reads an error rate of 1.
 */
public final class TaskSampler {
    public static final int PER_FILE = 2000;

    private TaskSampler() {}

    /**
     * Inferred tasks by model, how many records of each were sampled, and a hint about the status
     * rule (null when the sampled statuses look right).
     */
    public record Sample(Map<String, Task> tasks, TaskInference evidence, String statusHint) {
        /** Nothing sampled (a topic cannot be read before the job): declared tasks count, others per record. */
        public static final Sample EMPTY = new Sample(Map.of(), new TaskInference(), null);
    }

    public static Sample sample(List<FileStatus> files, DriftwatchConfig config) throws IOException {
        TaskInference inference = new TaskInference();
        ColumnMapping columns = config.columns();
        String[] modelPath = columns.pathOf("model").split("\\.");
        String[] predictionPath = columns.pathOf("prediction").split("\\.");
        String[] labelPath = columns.pathOf("label").split("\\.");
        String[] statusPath = columns.pathOf("status").split("\\.");
        Map<String, Long> errorValues = new java.util.HashMap<>();
        long withStatus = 0;
        LogFileFormat format = new LogFileFormat(config.input());
        RawDecoder decoder = RawDecoder.ofSource(config, false, false);
        // a format that logs requests and responses apart: the sampled ones paired here, by id
        Map<String, JsonNode> unpaired = new java.util.HashMap<>();
        for (FileStatus f : files) {
            FileSourceSplit split = new FileSourceSplit("sample", f.getPath(), 0, f.getLen(), f.getModificationTime(), f.getLen());
            int seen = 0;
            try (BulkFormat.Reader<RawRecord> reader = format.createReader(new Configuration(), split)) {
                BulkFormat.RecordIterator<RawRecord> batch;
                outer:
                while ((batch = reader.readBatch()) != null) {
                    RecordAndPosition<RawRecord> r;
                    while ((r = batch.next()) != null) {
                        if (seen++ >= PER_FILE) break outer;
                        try {
                          for (JsonNode n : predictions(decoder.decode(r.getRecord()), config, unpaired)) {
                            JsonNode status = at(n, statusPath);
                            if (status != null && status.isValueNode() && !status.isNull()) {
                                withStatus++;
                                if (!config.status().isSuccess(status)) errorValues.merge(status.asText(), 1L, Long::sum);
                            }
                            JsonNode m = at(n, modelPath);
                            String model = m != null && m.isValueNode() && !m.asText().isEmpty() ? m.asText()
                                    : config.input().model();
                            if (model == null) continue;
                            if (config.model(model).task() != null) continue;
                            inference.add(model, at(n, predictionPath), at(n, labelPath));
                          }
                        } catch (BadRecordException ignored) {
                            // bad records are judged (and dead-lettered) by the job itself
                        }
                    }
                    batch.releaseBatch();
                }
            }
        }
        return new Sample(inference.tasks(), inference, statusHint(config, withStatus, errorValues));
    }

    /** The predictions of decoded records: themselves, or those of the events that pair with one sampled before. */
    private static List<JsonNode> predictions(List<JsonNode> decoded, DriftwatchConfig config, Map<String, JsonNode> unpaired)
            throws BadRecordException {
        if (!config.input().format().pairsEvents()) return decoded;
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode e : decoded) {
            io.driftwatch.common.parse.InferenceEvents.Kind kind = io.driftwatch.common.parse.InferenceEvents.kind(e);
            if (kind == io.driftwatch.common.parse.InferenceEvents.Kind.FEEDBACK) continue;
            JsonNode other = unpaired.remove(e.get("id").asText());
            if (other == null) {
                unpaired.put(e.get("id").asText(), e);
                continue;
            }
            boolean request = kind == io.driftwatch.common.parse.InferenceEvents.Kind.REQUEST;
            out.addAll(io.driftwatch.common.parse.InferenceEvents.predictions(request ? e : other, request ? other : e,
                    config.input().payloadColumns()));
        }
        return out;
    }

    /** A hint when most sampled statuses count as errors: the likely cause is the rule, not the service. */
    static String statusHint(DriftwatchConfig config, long withStatus, Map<String, Long> errorValues) {
        long errors = errorValues.values().stream().mapToLong(Long::longValue).sum();
        if (withStatus < 10 || errors * 2 <= withStatus) return null;
        Map.Entry<String, Long> top = errorValues.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(Map.Entry::getKey, java.util.Comparator.reverseOrder()))
                .orElseThrow();
        String example = top.getKey().matches("[1-5]\\d\\d") ? "[" + top.getKey().charAt(0) + "xx]" : "[ok, " + top.getKey() + "]";
        return String.format("%.0f%% of the sampled records have a status that counts as an error (most often '%s', %d times; "
                        + "status.success is %s): if it means success, set status: {success: %s} in the config",
                100.0 * errors / withStatus, top.getKey(), top.getValue(), config.status(), example);
    }

    private static JsonNode at(JsonNode n, String[] path) {
        for (String p : path) {
            if (n == null || !n.isObject()) return null;
            n = n.get(p);
        }
        return n;
    }
}
