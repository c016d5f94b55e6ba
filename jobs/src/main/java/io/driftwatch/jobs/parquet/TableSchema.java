package io.driftwatch.jobs.parquet;

import java.io.Serializable;
import java.util.List;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * An output table: its folder name under {@code --output}, its columns, and where a row is
 * partitioned ({@code model=<model>/date=<YYYY-MM-DD>}, contract §5).
 */
public final class TableSchema<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final List<Column<T>> columns;
    private final Column.Getter<T> partitionModel;
    private final Column.Getter<T> partitionTime;
    private final Reader<T> reader;
    private final java.util.Map<String, Column<T>> byName;

    /** Builds a typed row from a stored one (the read side of the table). */
    public interface Reader<T> extends Serializable {
        T read(StoredRow row);
    }

    /**
     * @param partitionModel the row's model (null: {@code __unknown__})
     * @param partitionTime the row's epoch millis whose UTC date names the partition
     */
    public TableSchema(String table, List<Column<T>> columns, Column.Getter<T> partitionModel,
            Column.Getter<T> partitionTime) {
        this(table, columns, partitionModel, partitionTime, null);
    }

    /**
     * A table that is also read back ({@link TableReader}).
     *
     * @param reader builds a row from its stored columns (null: the table is only written)
     */
    public TableSchema(String table, List<Column<T>> columns, Column.Getter<T> partitionModel,
            Column.Getter<T> partitionTime, Reader<T> reader) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.partitionModel = partitionModel;
        this.partitionTime = partitionTime;
        this.reader = reader;
        this.byName = new java.util.HashMap<>();
        for (Column<T> c : columns) byName.put(c.name(), c);
    }

    /** The column of this name, or an error naming the table (a typo in a reader). */
    Column<T> column(String name) {
        Column<T> c = byName.get(name);
        if (c == null) throw new IllegalArgumentException(table + " has no column " + name);
        return c;
    }

    /** The typed row of a stored Parquet record. */
    T read(org.apache.parquet.example.data.Group g) {
        if (reader == null) throw new UnsupportedOperationException(table + " is not read back");
        return reader.read(new StoredRow(this, g));
    }

    /** The epoch millis whose date names a row's partition. */
    public long partitionTimeOf(T row) {
        return ((Number) partitionTime.apply(row)).longValue();
    }

    String partitionModelOf(T row) {
        Object m = partitionModel.apply(row);
        return m == null ? null : m.toString();
    }

    public String table() {
        return table;
    }

    public List<Column<T>> columns() {
        return columns;
    }

    /** The partition folder of a row, relative to the table folder. */
    public String partitionOf(T row) {
        Object model = partitionModel.apply(row);
        Object time = partitionTime.apply(row);
        return Partitions.path(model == null ? Partitions.UNKNOWN_MODEL : model.toString(), ((Number) time).longValue());
    }

    MessageType messageType() {
        return new MessageType("driftwatch_" + table, columns.stream().map(c -> (Type) c.parquetType()).toList());
    }
}
