package io.driftwatch.jobs.parquet;

import java.util.List;
import java.util.Map;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of a {@link TableSchema} straight to Parquet's record consumer: no Avro, no Hadoop
 * configuration, one pass over the columns per row.
 */
final class TableWriteSupport<T> extends WriteSupport<T> {
    private final TableSchema<T> schema;
    private final MessageType messageType;
    private RecordConsumer consumer;

    TableWriteSupport(TableSchema<T> schema) {
        this.schema = schema;
        this.messageType = schema.messageType();
    }

    @Override
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
        return new WriteContext(messageType, Map.of("writer", "driftwatch"));
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(messageType, Map.of("writer", "driftwatch"));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(T row) {
        consumer.startMessage();
        List<Column<T>> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            Column<T> c = columns.get(i);
            Object v = c.getter.apply(row);
            if (v == null) continue;
            if (v instanceof Double d && d.isNaN()) continue; // NaN is written as null: "not defined"
            consumer.startField(c.name, i);
            switch (c.kind) {
                case STRING -> consumer.addBinary(Binary.fromString(v.toString()));
                case LONG, TIMESTAMP -> consumer.addLong(((Number) v).longValue());
                case DOUBLE -> consumer.addDouble(((Number) v).doubleValue());
                case BOOLEAN -> consumer.addBoolean((Boolean) v);
                case BINARY -> consumer.addBinary(Binary.fromConstantByteArray((byte[]) v));
                case STRING_LIST, DOUBLE_LIST -> writeList(Column.asList(v), c.kind == Column.Kind.STRING_LIST);
                case VALUE_COUNTS -> writeValueCounts(Column.asList(v));
            }
            consumer.endField(c.name, i);
        }
        consumer.endMessage();
    }

    private void writeValueCounts(List<Object> values) {
        consumer.startGroup();
        if (!values.isEmpty()) {
            consumer.startField("list", 0);
            for (Object o : values) {
                Column.ValueCount vc = (Column.ValueCount) o;
                consumer.startGroup();
                consumer.startField("element", 0);
                consumer.startGroup();
                if (vc.value() != null) {
                    consumer.startField("value", 0);
                    consumer.addBinary(Binary.fromString(vc.value()));
                    consumer.endField("value", 0);
                }
                consumer.startField("count", 1);
                consumer.addLong(vc.count());
                consumer.endField("count", 1);
                consumer.endGroup();
                consumer.endField("element", 0);
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
    }

    private void writeList(List<Object> values, boolean strings) {
        consumer.startGroup();
        if (!values.isEmpty()) {
            consumer.startField("list", 0);
            for (Object v : values) {
                consumer.startGroup();
                if (v != null) {
                    consumer.startField("element", 0);
                    if (strings) consumer.addBinary(Binary.fromString(v.toString()));
                    else consumer.addDouble(((Number) v).doubleValue());
                    consumer.endField("element", 0);
                }
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
    }
}
