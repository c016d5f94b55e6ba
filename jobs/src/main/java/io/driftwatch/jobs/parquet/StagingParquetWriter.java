package io.driftwatch.jobs.parquet;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.jobs.pipeline.RunCount;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;

/**
 * Writes a table's rows of a batch run into the run's staging folder, one Parquet file per subtask
 * and partition, and at end of input closes them and emits how many rows it wrote (as the count
 * {@code rows_<table>}). The files are private to the run until the finalizer commits them, so
 * they need no in-progress names; a failed run's files are removed with its staging folder.
 */
public final class StagingParquetWriter<T> extends AbstractStreamOperator<RunCount>
        implements OneInputStreamOperator<T, RunCount>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final TableSchema<T> schema;
    private final String tableDir;
    private final String runId;
    private final Compression compression;
    private transient Map<String, BulkWriter<T>> writers;
    private transient Map<String, FSDataOutputStream> streams;
    private transient BulkWriter.Factory<T> factory;
    private final String countName;
    private transient long rows;

    public StagingParquetWriter(TableSchema<T> schema, String tableDir, String runId, Compression compression) {
        this(schema, tableDir, runId, compression, "rows_" + schema.table());
    }

    /** @param countName the name of the row count this writer reports to the run's finalizer */
    public StagingParquetWriter(TableSchema<T> schema, String tableDir, String runId, Compression compression,
            String countName) {
        this.schema = schema;
        this.tableDir = tableDir;
        this.runId = runId;
        this.compression = compression;
        this.countName = countName;
    }

    @Override
    public void open() throws Exception {
        super.open();
        writers = new HashMap<>();
        streams = new HashMap<>();
        factory = TableSinks.writerFactory(schema, compression);
    }

    @Override
    public void processElement(StreamRecord<T> record) throws IOException {
        T row = record.getValue();
        String partition = partitionOf(row);
        BulkWriter<T> w = writers.get(partition);
        if (w == null) {
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            // unique per subtask across partitions: the commit may move a file into another partition
            Path file = new Path(tableDir, partition + "/part-" + runId + "-" + subtask + "-" + writers.size() + ".parquet");
            FileSystem fs = file.getFileSystem();
            fs.mkdirs(file.getParent());
            FSDataOutputStream out = fs.create(file, FileSystem.WriteMode.OVERWRITE);
            streams.put(partition, out);
            w = factory.create(out);
            writers.put(partition, w);
        }
        w.addElement(row);
        rows++;
    }

    /**
     * The partitions met so far by model and UTC day (a run writes a few dozen): a row's path is built
     * once per partition, not per row. Rows come in any order (label_carry's 400,000 kept predictions
     * are released id by id, models and days mixed), so a cache of the last row's partition missed.
     */
    private transient Map<String, Map<Long, String>> partitionByModelDay;

    private String partitionOf(T row) {
        if (partitionByModelDay == null) partitionByModelDay = new HashMap<>();
        String model = schema.partitionModelOf(row);
        long time = schema.partitionTimeOf(row);
        long day = time == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(time, 86_400_000L);
        return partitionByModelDay.computeIfAbsent(model, m -> new HashMap<>()) // a null model: its own key
                .computeIfAbsent(day, d -> schema.partitionOf(row));
    }

    @Override
    public void endInput() throws IOException {
        // each open file's last row group and footer (one file per partition: 150 for 150 daily
        // windows), on a few threads (FileThreads)
        FileThreads.map(new java.util.ArrayList<>(writers.keySet()), partition -> {
            writers.get(partition).finish();
            streams.get(partition).close();
            return partition;
        });
        writers.clear();
        streams.clear();
        output.collect(new StreamRecord<>(new RunCount(countName, rows)));
    }

    @Override
    public void close() throws Exception {
        // after a failure: release the streams; the partial files go with the staging folder
        if (streams != null) {
            for (FSDataOutputStream out : streams.values()) {
                try {
                    out.close();
                } catch (IOException | RuntimeException ignored) {
                    // already failing
                }
            }
        }
        super.close();
    }
}
