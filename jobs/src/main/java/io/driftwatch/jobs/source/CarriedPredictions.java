package io.driftwatch.jobs.source;

import io.driftwatch.common.model.CarriedObservations;
import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import io.driftwatch.jobs.parquet.ParquetGroups;
import io.driftwatch.jobs.pipeline.CarriedPrediction;
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
 * What an earlier run kept in {@code label_carry} for windows in {@code [from, to)}, read by the job
 * like a log (one file a split): each prediction as a carried observation ({@link CarriedObservations})
 * with the label record that run had joined to it.
 */
public final class CarriedPredictions implements BulkFormat<CarriedPrediction, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 1024;

    private final long from;
    private final long to;

    private CarriedPredictions(long from, long to) {
        this.from = from;
        this.to = to;
    }

    /** The kept predictions of {@code files} (of {@code label_carry}) in windows of {@code [from, to)}. */
    public static FileSource<CarriedPrediction> source(List<Path> files, long from, long to) {
        return FileSource.forBulkFileFormat(new CarriedPredictions(from, to), files.toArray(Path[]::new)).build();
    }

    @Override
    public Reader<CarriedPrediction> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new FileReader(ParquetGroups.open(split.path()), 0);
    }

    @Override
    public Reader<CarriedPrediction> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new FileReader(ParquetGroups.open(split.path()), skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<CarriedPrediction> getProducedType() {
        return TypeInformation.of(CarriedPrediction.class);
    }

    private final class FileReader implements Reader<CarriedPrediction> {
        private final ParquetGroups rows;
        private final int windowStart;
        private final int observation;
        private final int predictionId, labelNumber, labelText, labelTime;
        private long emitted;

        FileReader(ParquetGroups rows, long skip) {
            this.rows = rows;
            this.windowStart = rows.schema().getFieldIndex("window_start");
            this.observation = rows.schema().getFieldIndex("observation");
            this.predictionId = rows.schema().getFieldIndex("prediction_id");
            this.labelNumber = rows.schema().getFieldIndex("label_number");
            this.labelText = rows.schema().getFieldIndex("label_text");
            this.labelTime = rows.schema().getFieldIndex("label_time");
            for (long i = 0; i < skip && rows.hasNext(); i++) rows.next();
            this.emitted = skip;
        }

        @Override
        public RecordIterator<CarriedPrediction> readBatch() {
            CarriedPrediction[] batch = new CarriedPrediction[BATCH];
            int n = 0;
            long consumed = 0;
            while (n < BATCH && rows.hasNext()) {
                Group g = rows.next();
                consumed++;
                long w = g.getLong(windowStart, 0);
                if (w < from || w >= to) continue;
                Observation o = CarriedObservations.fromBytes(g.getBinary(observation, 0).getBytes());
                LabelRecord label = g.getFieldRepetitionCount(labelTime) == 0 ? null
                        : LabelRecord.carried(g.getString(predictionId, 0), g.getLong(labelTime, 0),
                                g.getFieldRepetitionCount(labelNumber) > 0 ? g.getDouble(labelNumber, 0) : Double.NaN,
                                g.getFieldRepetitionCount(labelText) > 0 ? g.getString(labelText, 0) : null);
                batch[n++] = new CarriedPrediction(o, label);
            }
            if (consumed == 0) return null;
            ArrayResultIterator<CarriedPrediction> it = new ArrayResultIterator<>();
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
