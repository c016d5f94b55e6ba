package io.driftwatch.jobs.parquet;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/** Puts each row in its table's {@code model=<m>/date=<d>} folder. */
final class PartitionBucketAssigner<T> implements BucketAssigner<T, String> {
    private static final long serialVersionUID = 1L;
    private final TableSchema<T> schema;

    PartitionBucketAssigner(TableSchema<T> schema) {
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
