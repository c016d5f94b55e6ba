package io.driftwatch.jobs.store;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.jobs.commit.OutputCommitter;
import io.driftwatch.jobs.parquet.TableReader;
import io.driftwatch.jobs.parquet.TableSchema;
import io.driftwatch.jobs.parquet.TableSinks;
import io.driftwatch.jobs.parquet.TableSource;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.core.fs.Path;

/**
 * An output directory's tables (docs/reference/store.md), the one way Driftwatch reads and writes
 * them: the job, the judge's history, rollup, the report and the planner read through it; a batch
 * run replaces the windows of its range with an atomic, journaled commit ({@link #replaceRange});
 * a stream appends through Flink's {@code FileSink}, committed with each checkpoint ({@link #append}).
 * The tables are Parquet files any engine can glob; readers through the store never see a range half
 * replaced.
 */
public interface Store extends TableSource {

    /** The store of the output directory {@code dir} (any Flink file system). */
    static Store at(Path dir) {
        return new ParquetStore(dir);
    }

    /** The output directory. */
    Path location();

    /** As {@link #read(TableSchema, Collection, long, long)}, without the columns in {@code skip} (null there). */
    <T> List<T> read(TableSchema<T> schema, Collection<String> models, long from, long to, Set<String> skip)
            throws IOException;

    /** Every row of a table. */
    default <T> List<T> readAll(TableSchema<T> schema) throws IOException {
        return read(schema, null, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * A batch run's commit: its tables are staged, then {@link OutputCommitter#replace replace} the
     * windows of the run's range and are {@link OutputCommitter#publish published} through the journal.
     */
    OutputCommitter replaceRange(String runId, Compression compression) throws IOException;

    /** A stream's sink for one table: rows appended in time partitions, visible with each checkpoint. */
    <T> Sink<T> append(TableSchema<T> schema, Compression compression);

    /** The Parquet files of an output directory. */
    final class ParquetStore implements Store {
        private final Path dir;

        ParquetStore(Path dir) {
            this.dir = dir;
        }

        @Override
        public Path location() {
            return dir;
        }

        @Override
        public <T> List<T> read(TableSchema<T> schema, Collection<String> models, long from, long to) throws IOException {
            return TableReader.read(dir, schema, models, from, to);
        }

        @Override
        public <T> List<T> read(TableSchema<T> schema, Collection<String> models, long from, long to, Set<String> skip)
                throws IOException {
            return TableReader.read(dir, schema, models, from, to, skip);
        }

        @Override
        public OutputCommitter replaceRange(String runId, Compression compression) throws IOException {
            return new OutputCommitter(dir, runId, compression);
        }

        @Override
        public <T> Sink<T> append(TableSchema<T> schema, Compression compression) {
            return TableSinks.fileSink(dir.toString(), schema, compression);
        }
    }
}
