package io.driftwatch.jobs.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a flat Parquet file (top-level columns, none repeated: every table Driftwatch writes) a row at a
 * time, column by column, without building a row: the caller reads the columns it needs of each row, and
 * what it does not read is skipped undecoded. For a hot path that keeps a share of a large table:
 * {@link ParquetGroups} builds a generic row (a list per field) of every row first, which was 15 % of a
 * daily run's CPU loading {@code label_carry} (bench/README.md, "Scheduled runs"). Parquet's own column
 * readers do the decoding; this only walks them in step.
 */
public final class FlatParquetRows implements AutoCloseable {
    private final ParquetFileReader reader;
    private final MessageType schema;
    private final List<ColumnDescriptor> columns;
    private final GroupConverter converter;
    private final ColumnReader[] readers;
    private boolean onRow;
    /** Rows of the current row group after the current one. */
    private long rowsLeft;

    private FlatParquetRows(Path path) throws IOException {
        this.reader = ParquetGroups.openReader(path);
        this.schema = reader.getFooter().getFileMetaData().getSchema();
        this.columns = schema.getColumns();
        for (ColumnDescriptor c : columns) {
            if (c.getPath().length != 1 || c.getMaxRepetitionLevel() != 0) {
                reader.close();
                throw new IllegalArgumentException(path + ": not a flat table (column " + String.join(".", c.getPath()) + ")");
            }
        }
        this.converter = new GroupRecordConverter(schema).getRootConverter();
        this.readers = new ColumnReader[columns.size()];
    }

    /** Opens a file; close the result. */
    public static FlatParquetRows open(Path path) throws IOException {
        return new FlatParquetRows(path);
    }

    /** The file's rows, from its footer. */
    public long rowCount() {
        return reader.getRecordCount();
    }

    /** The column's index for the readers below; -1 when the file has no such column. */
    public int column(String name) {
        return schema.containsField(name) ? schema.getFieldIndex(name) : -1;
    }

    /** Moves to the next row (the first, on the first call); false at the end of the file. */
    public boolean next() throws IOException {
        if (onRow && rowsLeft > 0) {
            for (int c = 0; c < readers.length; c++) {
                ColumnReader r = readers[c];
                if (r.getCurrentDefinitionLevel() == columns.get(c).getMaxDefinitionLevel()) r.skip(); // no-op once read
                r.consume();
            }
            rowsLeft--;
            return true;
        }
        onRow = false;
        PageReadStore pages;
        while ((pages = reader.readNextRowGroup()) != null) {
            if (pages.getRowCount() == 0) continue;
            ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, converter, schema,
                    reader.getFooter().getFileMetaData().getCreatedBy());
            for (int c = 0; c < readers.length; c++) readers[c] = store.getColumnReader(columns.get(c)); // on row 0
            rowsLeft = pages.getRowCount() - 1;
            onRow = true;
            return true;
        }
        return false;
    }

    /** Whether the current row has no value in the column (or the file has no such column: {@code c < 0}). */
    public boolean isNull(int c) {
        return c < 0 || readers[c].getCurrentDefinitionLevel() < columns.get(c).getMaxDefinitionLevel();
    }

    public long int64(int c) {
        return readers[c].getLong();
    }

    public double float64(int c) {
        return readers[c].getDouble();
    }

    public String string(int c) {
        return readers[c].getBinary().toStringUsingUTF8();
    }

    /**
     * {@code string(c).hashCode()}, without building the string when the text is ASCII (ids nearly always
     * are): a reader that keeps a share of the rows by the hash of an id decodes only its own ids.
     */
    public int stringHashCode(int c) {
        Binary b = readers[c].getBinary();
        ByteBuffer buf = b.toByteBuffer();
        int h = 0;
        for (int i = buf.position(), end = buf.limit(); i < end; i++) {
            byte x = buf.get(i);
            if (x < 0) return b.toStringUsingUTF8().hashCode(); // not ASCII: String's hash of its UTF-16 units
            h = 31 * h + x; // String.hashCode of a Latin-1 string
        }
        return h;
    }

    public byte[] bytes(int c) {
        return readers[c].getBinary().getBytes();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
