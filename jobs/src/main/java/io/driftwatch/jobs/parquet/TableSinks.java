package io.driftwatch.jobs.parquet;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * Flink file sinks for the output tables: Parquet, partitioned by model and date, files named
 * {@code part-<run id>-<subtask>-<n>.parquet}. Bulk formats roll on checkpoints (streaming) and at
 * end of input (batch); files in progress are hidden ({@code .part-...}), so readers never see them.
 */
public final class TableSinks {
    private TableSinks() {}

    /**
     * @param tableDir the table's folder (a staging folder for batch runs, see {@code OutputCommitter})
     */
    public static <T> FileSink<T> parquet(TableSchema<T> schema, Path tableDir, String runId, Compression compression) {
        return FileSink.forBulkFormat(tableDir, ParquetTables.writerFactory(schema, compression))
                .withBucketAssigner(new PartitionBucketAssigner<>(schema))
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix("part-" + runId)
                        .withPartSuffix(".parquet")
                        .build())
                .build();
    }
}
