package io.driftwatch.jobs.parquet;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads a stored table of an output directory back as typed rows, through its {@link TableSchema}:
 * one call for "the {@code kpi_windows} of these models between these instants". Partition folders
 * ({@code model=<model>/date=<YYYY-MM-DD>}) outside the request are not opened, so reading a few
 * days of history does not read the whole directory.
 */
public final class TableReader {
    private TableReader() {}

    /** Every stored row of the table. */
    public static <T> List<T> readAll(Path dir, TableSchema<T> schema) throws IOException {
        return read(dir, schema, null, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * The rows of {@code DIR/<table>} whose partition time (e.g. {@code window_start}) lies in
     * {@code [from, to)}.
     *
     * @param models only these models (null: all)
     */
    public static <T> List<T> read(Path dir, TableSchema<T> schema, Collection<String> models, long from, long to)
            throws IOException {
        return read(dir, schema, models, from, to, java.util.Set.of());
    }

    /**
     * {@link #read(Path, TableSchema, Collection, long, long)} without some columns (read as absent:
     * null), e.g. the sketches and KPI states a reader that only shows values does not need.
     */
    public static <T> List<T> read(Path dir, TableSchema<T> schema, Collection<String> models, long from, long to,
            java.util.Set<String> skip) throws IOException {
        Path table = new Path(dir, schema.table());
        FileSystem fs = table.getFileSystem();
        List<T> out = new ArrayList<>();
        if (!fs.exists(table)) return out;
        List<String> wanted = models == null ? null : models.stream().map(m -> "model=" + Partitions.escape(m)).toList();
        LocalDate firstDate = from == Long.MIN_VALUE ? LocalDate.MIN : Partitions.dateOf(from);
        LocalDate lastDate = to == Long.MAX_VALUE ? LocalDate.MAX : Partitions.dateOf(to - 1);
        for (Partitions.Folder folder : Partitions.dateFolders(fs, table, firstDate, lastDate)) {
            if (wanted != null && !wanted.contains(folder.modelFolder())) continue;
            for (Path file : ParquetTables.files(fs, folder.path())) {
                try (ParquetGroups rows = ParquetGroups.open(file, skip)) {
                    while (rows.hasNext()) {
                        T row = schema.read(rows.next());
                        long t = schema.partitionTimeOf(row);
                        if (t >= from && t < to) out.add(row);
                    }
                }
            }
        }
        return out;
    }

    /** Every row of one file of the table. */
    public static <T> List<T> readFile(Path file, TableSchema<T> schema) throws IOException {
        List<T> out = new ArrayList<>();
        try (ParquetGroups rows = ParquetGroups.open(file)) {
            while (rows.hasNext()) out.add(schema.read(rows.next()));
        }
        return out;
    }
}
