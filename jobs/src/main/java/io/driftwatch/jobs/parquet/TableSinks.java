package io.driftwatch.jobs.parquet;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Flink's bulk Parquet writer over a table's schema ({@link TableWriteSupport}, Hadoop-free codecs),
 * used by the batch staging writer and by the streaming {@link FileSink}.
 */
public final class TableSinks {
    private TableSinks() {}

    /** flink-parquet's writer factory for a table. */
    public static <T> BulkWriter.Factory<T> writerFactory(TableSchema<T> schema, Compression compression) {
        CompressionCodecName codec = ParquetTables.codec(compression);
        return new ParquetWriterFactory<>(out -> ParquetTables.open(out, schema, codec));
    }

    /**
     * A table written continuously under {@code output/<table>}: one bucket per partition
     * ({@code model=/date=}), files rolled and committed with each checkpoint (exactly once; until then
     * they are hidden in-progress files that readers skip).
     */
    public static <T> FileSink<T> fileSink(String output, TableSchema<T> schema, Compression compression) {
        return FileSink.forBulkFormat(new Path(output, schema.table()), writerFactory(schema, compression))
                .withBucketAssigner(new PartitionAssigner<>(schema))
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part-stream").withPartSuffix(".parquet")
                        .build())
                .build();
    }

    /** The bucket of a row: its partition folder. */
    private static final class PartitionAssigner<T> implements BucketAssigner<T, String> {
        private static final long serialVersionUID = 1L;
        private final TableSchema<T> schema;

        PartitionAssigner(TableSchema<T> schema) {
            this.schema = schema;
        }

        @Override
        public String getBucketId(T row, Context context) {
            return schema.partitionOf(row);
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
