package io.driftwatch.jobs.commit;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.jobs.parquet.ParquetTables;
import io.driftwatch.jobs.parquet.Partitions;
import io.driftwatch.jobs.parquet.StreamOutput;
import io.driftwatch.jobs.parquet.TableReader;
import io.driftwatch.jobs.tables.RunRow;
import java.io.IOException;
import java.util.Optional;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;

/** The {@code runs} table: one small Parquet file per run, written once and read back by the client. */
public final class RunLog {
    private RunLog() {}

    static Path fileOf(Path output, String runId, long startedAt) {
        // runs are filed under model=__all__ by their start (RunRow.SCHEMA)
        return new Path(output, RunRow.SCHEMA.table() + "/" + Partitions.path("__all__", startedAt) + "/run-" + runId
                + ".parquet");
    }

    /** Writes the run's row (replacing an earlier row of the same run). */
    public static void write(Path output, Compression compression, RunRow run) throws IOException {
        Path file = fileOf(output, run.runId(), run.startedAt());
        FileSystem fs = file.getFileSystem();
        fs.mkdirs(file.getParent());
        // written aside and renamed into place: a full disk must not leave a 0-byte run row that makes
        // the table unreadable (docs/reference/store.md); a crash's leftover is swept by CommitJournal.recover
        Path tmp = new Path(file.getParent(), ".run-" + run.runId() + ".parquet.tmp");
        try {
            try (var stream = fs.create(tmp, FileSystem.WriteMode.OVERWRITE);
                    ParquetWriter<RunRow> w = ParquetTables.open(new StreamOutput(stream), RunRow.SCHEMA,
                            ParquetTables.codec(compression))) {
                CommitFaults.at(CommitFaults.Step.WRITE_PREPARED);
                w.write(run);
            }
            TableReader.readFile(tmp, RunRow.SCHEMA);
            if (!fs.rename(tmp, file)) throw new IOException("could not move " + tmp + " to " + file);
        } catch (IOException | RuntimeException e) {
            if (fs.exists(tmp)) fs.delete(tmp, false);
            throw e;
        }
    }

    /** The run's row as written, or empty when it was not written. */
    public static Optional<RunRow> read(Path output, String runId, long startedAt) throws IOException {
        Path file = fileOf(output, runId, startedAt);
        if (!file.getFileSystem().exists(file)) return Optional.empty();
        return TableReader.readFile(file, RunRow.SCHEMA).stream().findFirst();
    }
}
