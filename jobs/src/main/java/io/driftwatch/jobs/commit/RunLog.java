package io.driftwatch.jobs.commit;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.jobs.parquet.ParquetGroups;
import io.driftwatch.jobs.parquet.ParquetTables;
import io.driftwatch.jobs.parquet.StreamOutput;
import io.driftwatch.jobs.tables.RunRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.driftwatch.jobs.parquet.Column;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;

/** The {@code runs} table: one small Parquet file per run, written once and read back by the client. */
public final class RunLog {
    private RunLog() {}

    static Path fileOf(Path output, String runId, long startedAt) {
        RunRow key = new RunRow(runId, null, startedAt, 0, null, null, null, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, null, null, null, null, null, null);
        return new Path(output, RunRow.SCHEMA.table() + "/" + RunRow.SCHEMA.partitionOf(key) + "/run-" + runId + ".parquet");
    }

    /** Writes the run's row (replacing an earlier row of the same run). */
    public static void write(Path output, Compression compression, RunRow run) throws IOException {
        Path file = fileOf(output, run.runId(), run.startedAt());
        FileSystem fs = file.getFileSystem();
        fs.mkdirs(file.getParent());
        try (var stream = fs.create(file, FileSystem.WriteMode.OVERWRITE);
                ParquetWriter<RunRow> w = ParquetTables.open(new StreamOutput(stream), RunRow.SCHEMA,
                        ParquetTables.codec(compression))) {
            w.write(run);
        }
    }

    /** What the client needs of a run's row: its status, counts and message; empty when not written. */
    public record Outcome(String status, long recordsRead, long recordsValid, long recordsInvalid,
            long recordsOutOfRange, long labelsRead, long labelsJoined, long labelsUnmatched, long labelsInvalid,
            long kpiWindows, long featureProfiles, long featureDrift, String message, Long eventTimeMin,
            Long eventTimeMax, List<Column.ValueCount> deadLetterReasons, List<String> deadLetterExamples) {}

    private static boolean has(Group g, String field) {
        return g.getFieldRepetitionCount(g.getType().getFieldIndex(field)) > 0;
    }

    private static List<Column.ValueCount> valueCounts(Group g, String field) {
        List<Column.ValueCount> out = new ArrayList<>();
        if (!has(g, field)) return out;
        Group list = g.getGroup(field, 0);
        for (int i = 0; i < list.getFieldRepetitionCount(0); i++) {
            Group element = list.getGroup(0, i).getGroup(0, 0);
            out.add(new Column.ValueCount(element.getString("value", 0), element.getLong("count", 0)));
        }
        return out;
    }

    private static List<String> strings(Group g, String field) {
        List<String> out = new ArrayList<>();
        if (!has(g, field)) return out;
        Group list = g.getGroup(field, 0);
        for (int i = 0; i < list.getFieldRepetitionCount(0); i++) out.add(list.getGroup(0, i).getString(0, 0));
        return out;
    }

    public static Optional<Outcome> read(Path output, String runId, long startedAt) throws IOException {
        Path file = fileOf(output, runId, startedAt);
        if (!file.getFileSystem().exists(file)) return Optional.empty();
        try (ParquetGroups rows = ParquetGroups.open(file)) {
            if (!rows.hasNext()) return Optional.empty();
            Group g = rows.next();
            return Optional.of(new Outcome(g.getString("status", 0), g.getLong("records_read", 0),
                    g.getLong("records_valid", 0), g.getLong("records_invalid", 0), g.getLong("records_out_of_range", 0),
                    g.getLong("labels_read", 0), g.getLong("labels_joined", 0), g.getLong("labels_unmatched", 0),
                    g.getLong("labels_invalid", 0), g.getLong("kpi_windows", 0), g.getLong("feature_profiles", 0),
                    g.getLong("feature_drift", 0), has(g, "message") ? g.getString("message", 0) : null,
                    has(g, "event_time_min") ? g.getLong("event_time_min", 0) : null,
                    has(g, "event_time_max") ? g.getLong("event_time_max", 0) : null,
                    valueCounts(g, "dead_letter_reasons"), strings(g, "dead_letter_examples")));
        }
    }
}
