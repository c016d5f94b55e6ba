package io.driftwatch.jobs.parquet;

import java.util.List;
import org.apache.parquet.example.data.Group;

/**
 * One stored row of a table, read by column name through the table's own column definitions, so a
 * reader cannot disagree with the writer about a column's type or encoding. Absent values (null, or a
 * column the file was written without) read as null, or as the given fallback.
 */
public final class StoredRow {
    private final TableSchema<?> schema;
    private final Group group;

    StoredRow(TableSchema<?> schema, Group group) {
        this.schema = schema;
        this.group = group;
    }

    public Object get(String column) {
        return schema.column(column).read(group);
    }

    public String string(String column) {
        return (String) get(column);
    }

    public Long int64(String column) {
        return (Long) get(column);
    }

    public long int64(String column, long fallback) {
        Long v = int64(column);
        return v == null ? fallback : v;
    }

    public Double float64(String column) {
        return (Double) get(column);
    }

    public Boolean bool(String column) {
        return (Boolean) get(column);
    }

    public byte[] bytes(String column) {
        return (byte[]) get(column);
    }

    @SuppressWarnings("unchecked")
    public <E> List<E> list(String column) {
        return (List<E>) get(column);
    }
}
