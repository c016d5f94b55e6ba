package io.driftwatch.jobs.parquet;

import java.io.Serializable;
import java.util.List;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * An output table: its folder name under {@code --output}, its columns, and where a row is
 * partitioned ({@code model=<model>/date=<YYYY-MM-DD>}, SPEC §5).
 */
public final class TableSchema<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String table;
    private final List<Column<T>> columns;
    private final Column.Getter<T> partitionModel;
    private final Column.Getter<T> partitionTime;

    /**
     * @param partitionModel the row's model (null: {@code __unknown__})
     * @param partitionTime the row's epoch millis whose UTC date names the partition
     */
    public TableSchema(String table, List<Column<T>> columns, Column.Getter<T> partitionModel,
            Column.Getter<T> partitionTime) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.partitionModel = partitionModel;
        this.partitionTime = partitionTime;
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
