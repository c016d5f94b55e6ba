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
        // a commit may delete or move a listed file before it is opened: list again (a few times)
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(dir, schema, models, from, to, skip);
            } catch (IOException e) {
                if (attempt >= 5 || !vanished(e)) throw e;
            }
        }
    }

    private static boolean vanished(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.FileNotFoundException || t instanceof java.nio.file.NoSuchFileException) return true;
        }
        return false;
    }

    /**
     * One listing and read. A commit decided but not finished ({@code _journal}) is read as finished
     * (docs/reference/store.md): the files it deletes or overwrites are skipped, the prepared files it
     * has not moved yet are read where they go.
     */
    private static <T> List<T> readOnce(Path dir, TableSchema<T> schema, Collection<String> models, long from, long to,
            java.util.Set<String> skip) throws IOException {
        List<T> out = new ArrayList<>();
        for (List<T> part : FileThreads.map(files(dir, schema, models, from, to), file -> readFile(file, schema, from, to, skip))) {
            out.addAll(part);
        }
        return out;
    }

    /** The rows of one file in {@code [from, to)}. */
    private static <T> List<T> readFile(Path file, TableSchema<T> schema, long from, long to, java.util.Set<String> skip)
            throws IOException {
        List<T> out = new ArrayList<>();
        try (ParquetGroups rows = ParquetGroups.open(file, skip)) {
            while (rows.hasNext()) {
                T row = schema.read(rows.next());
                long t = schema.partitionTimeOf(row);
                if (t >= from && t < to) out.add(row);
            }
        }
        return out;
    }

    /**
     * The files of {@code DIR/<table>} that can hold rows of {@code [from, to)} (by their date
     * partitions), as a commit decided but not finished leaves them; their rows still need the time filter.
     */
    public static <T> List<Path> files(Path dir, TableSchema<T> schema, Collection<String> models, long from, long to)
            throws IOException {
        Path table = new Path(dir, schema.table());
        FileSystem fs = table.getFileSystem();
        io.driftwatch.jobs.commit.CommitJournal.Pending pending = io.driftwatch.jobs.commit.CommitJournal.Pending.of(dir);
        // without the trailing slash a directory's URI may carry, so that "<base>/<relative path>" matches
        String base = dir.makeQualified(fs).toUri().getPath().replaceAll("/+$", "") + "/";
        List<String> wanted = models == null ? null : models.stream().map(m -> "model=" + Partitions.escape(m)).toList();
        LocalDate firstDate = from == Long.MIN_VALUE ? LocalDate.MIN : Partitions.dateOf(from);
        LocalDate lastDate = to == Long.MAX_VALUE ? LocalDate.MAX : Partitions.dateOf(to - 1);
        List<Path> files = new ArrayList<>();
        if (fs.exists(table)) {
            for (Partitions.Folder folder : Partitions.dateFolders(fs, table, firstDate, lastDate)) {
                if (wanted != null && !wanted.contains(folder.modelFolder())) continue;
                for (Path file : ParquetTables.files(fs, folder.path())) {
                    String p = file.makeQualified(fs).toUri().getPath();
                    if (!pending.hidden().contains(p.startsWith(base) ? p.substring(base.length()) : p)) files.add(file);
                }
            }
        }
        for (io.driftwatch.jobs.commit.CommitJournal.Move m : pending.unmoved()) {
            // <table>/model=<m>/date=<d>/<file>
            String[] parts = m.to().split("/");
            if (parts.length < 4 || !parts[0].equals(schema.table())) continue;
            if (wanted != null && !wanted.contains(parts[1])) continue;
            if (parts[2].startsWith("date=")) {
                try {
                    LocalDate d = LocalDate.parse(parts[2].substring("date=".length()));
                    if (d.isBefore(firstDate) || d.isAfter(lastDate)) continue;
                } catch (java.time.format.DateTimeParseException e) {
                    // not a dated folder: read it, the rows' own times decide below
                }
            }
            files.add(new Path(dir, m.from()));
        }
        return files;
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
