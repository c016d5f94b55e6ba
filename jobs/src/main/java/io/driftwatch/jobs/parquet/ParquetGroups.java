package io.driftwatch.jobs.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * Reads any Parquet file row by row as generic {@link Group}s, through Flink's file systems and
 * without Hadoop: {@code ParquetReader} loads Hadoop classes even with a plain configuration, so
 * this goes one level down, row group by row group through {@link ParquetFileReader}.
 */
public final class ParquetGroups implements Iterator<Group>, AutoCloseable {
    private final ParquetFileReader reader;
    private final MessageType schema;
    private final MessageColumnIO columnIO;
    private RecordReader<Group> rows;
    private long left;

    private ParquetGroups(Path path, java.util.Set<String> skip) throws IOException {
        this.reader = openReader(path);
        MessageType file = reader.getFooter().getFileMetaData().getSchema();
        if (!skip.isEmpty()) {
            // the columns not skipped: their pages are the only ones read
            file = new MessageType(file.getName(), file.getFields().stream().filter(f -> !skip.contains(f.getName())).toList());
            reader.setRequestedSchema(file);
        }
        this.schema = file;
        this.columnIO = new ColumnIOFactory().getColumnIO(schema);
    }

    /** A file's reader, without Hadoop; a file that is not readable Parquet: {@link DamagedFileException}. */
    static ParquetFileReader openReader(Path path) throws IOException {
        ParquetReadOptions options = HadoopFreeReadOptions.create(HadoopFreeCodecs.INSTANCE);
        try {
            return ParquetFileReader.open(new FlinkInputFile(path), options);
        } catch (java.io.FileNotFoundException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DamagedFileException(path.toString(), e);
        }
    }

    /** Opens a file; close the result. */
    public static ParquetGroups open(Path path) throws IOException {
        return new ParquetGroups(path, java.util.Set.of());
    }

    /** Opens a file without some of its top-level columns (they read as absent); close the result. */
    public static ParquetGroups open(Path path, java.util.Set<String> skip) throws IOException {
        return new ParquetGroups(path, skip);
    }

    public MessageType schema() {
        return schema;
    }

    /** The file's rows, from its footer. */
    public long rowCount() {
        return reader.getRecordCount();
    }

    @Override
    public boolean hasNext() {
        try {
            while (left == 0) {
                PageReadStore pages = reader.readNextRowGroup();
                if (pages == null) return false;
                left = pages.getRowCount();
                rows = columnIO.getRecordReader(pages, new GroupRecordConverter(schema));
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Group next() {
        if (!hasNext()) throw new NoSuchElementException();
        left--;
        return rows.read();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
