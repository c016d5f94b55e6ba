package io.driftwatch.jobs.source;

import io.driftwatch.common.model.CarriedObservations;
import io.driftwatch.common.model.Observation;
import io.driftwatch.jobs.parquet.ParquetGroups;
import io.driftwatch.jobs.tables.LabelCarryRow;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.example.data.Group;

/**
 * The predictions an earlier run kept in {@code label_carry} for windows in {@code [from, to)}, as
 * carried observations ({@link CarriedObservations}), read by the job like a log: one file a split.
 */
public final class CarriedPredictions implements BulkFormat<Observation, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 1024;

    private final long from;
    private final long to;

    private CarriedPredictions(long from, long to) {
        this.from = from;
        this.to = to;
    }

    /** A bounded source over {@code files} (of {@code label_carry}), keeping the rows of windows in {@code [from, to)}. */
    public static FileSource<Observation> source(List<Path> files, long from, long to) {
        return FileSource.forBulkFileFormat(new CarriedPredictions(from, to), files.toArray(Path[]::new)).build();
    }

    @Override
    public Reader<Observation> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new FileReader(ParquetGroups.open(split.path()), 0);
    }

    @Override
    public Reader<Observation> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new FileReader(ParquetGroups.open(split.path()), skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<Observation> getProducedType() {
        return TypeInformation.of(Observation.class);
    }

    private final class FileReader implements Reader<Observation> {
        private final ParquetGroups rows;
        private final int windowStart;
        private final int observation;
        private long emitted;

        FileReader(ParquetGroups rows, long skip) {
            this.rows = rows;
            this.windowStart = rows.schema().getFieldIndex("window_start");
            this.observation = rows.schema().getFieldIndex("observation");
            for (long i = 0; i < skip && rows.hasNext(); i++) rows.next();
            this.emitted = skip;
        }

        @Override
        public RecordIterator<Observation> readBatch() {
            Observation[] batch = new Observation[BATCH];
            int n = 0;
            long consumed = 0;
            while (n < BATCH && rows.hasNext()) {
                Group g = rows.next();
                consumed++;
                long w = g.getLong(windowStart, 0);
                if (w < from || w >= to) continue;
                batch[n++] = CarriedObservations.fromBytes(g.getBinary(observation, 0).getBytes());
            }
            if (consumed == 0) return null;
            ArrayResultIterator<Observation> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted);
            emitted += consumed;
            return it;
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }

}
