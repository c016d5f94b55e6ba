package io.driftwatch.jobs.commit;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.jobs.parquet.HadoopFreeCodecs;
import io.driftwatch.jobs.parquet.ParquetGroups;
import io.driftwatch.jobs.parquet.ParquetTables;
import io.driftwatch.jobs.parquet.Partitions;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import io.driftwatch.jobs.parquet.StreamOutput;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Makes a batch run's output visible, replacing what earlier runs wrote for the same range.
 *
 * <p>A run writes into {@code <output>/.staging/<run id>/<table>/...}. Only after the job succeeded
 * does {@link #commit} replace, in each table, the rows whose time (its {@code timeColumn}) lies in
 * {@code [rangeStart, rangeEnd)}: partitions wholly inside the range are emptied, files of the
 * partitions at the range's edges are rewritten without those rows, then the staged files are moved
 * in. A failed job never reaches this step, so earlier outputs stay as they were. Works on every
 * Flink file system (rename on object stores is a copy).
 */
public final class OutputCommitter {
    private final Path output;
    private final String runId;
    private final Compression compression;

    public OutputCommitter(Path output, String runId, Compression compression) {
        this.output = output;
        this.runId = runId;
        this.compression = compression;
    }

    /** Where the job writes a table before the commit. */
    public Path stagingDir(String table) {
        return new Path(output, ".staging/" + runId + "/" + table);
    }

    /**
     * Replaces the table's rows in the range with the staged ones.
     *
     * @param timeColumn the epoch-millis column that decides whether a stored row is in the range
     */
    public void commit(String table, String timeColumn, long rangeStart, long rangeEnd) throws IOException {
        Path tableDir = new Path(output, table);
        FileSystem fs = tableDir.getFileSystem();
        if (rangeStart < rangeEnd && fs.exists(tableDir)) {
            replaceRange(fs, tableDir, timeColumn, rangeStart, rangeEnd);
        }
        Path staged = stagingDir(table);
        if (!fs.exists(staged)) return;
        for (Path file : parquetFiles(fs, staged)) {
            String relative = staged.toUri().relativize(file.toUri()).getPath();
            Path target = new Path(tableDir, relative);
            fs.mkdirs(target.getParent());
            if (!fs.rename(file, target)) {
                throw new IOException("could not move " + file + " to " + target);
            }
        }
    }

    /** Removes the run's staging folder (after a commit, or after a failed or rejected run). */
    public void cleanUp() throws IOException {
        Path dir = new Path(output, ".staging/" + runId);
        FileSystem fs = dir.getFileSystem();
        if (fs.exists(dir)) fs.delete(dir, true);
        Path parent = new Path(output, ".staging");
        FileStatus[] rest = fs.exists(parent) ? fs.listStatus(parent) : null;
        if (rest != null && rest.length == 0) fs.delete(parent, false);
    }

    private void replaceRange(FileSystem fs, Path tableDir, String timeColumn, long start, long end)
            throws IOException {
        LocalDate first = Partitions.dateOf(start);
        LocalDate last = Partitions.dateOf(end - 1);
        long firstDayStart = first.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
        long lastDayEnd = last.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
        for (FileStatus modelDir : listOrEmpty(fs, tableDir)) {
            if (!modelDir.isDir() || !modelDir.getPath().getName().startsWith("model=")) continue;
            for (FileStatus dateDir : listOrEmpty(fs, modelDir.getPath())) {
                String name = dateDir.getPath().getName();
                if (!dateDir.isDir() || !name.startsWith("date=")) continue;
                LocalDate d;
                try {
                    d = LocalDate.parse(name.substring(5));
                } catch (java.time.format.DateTimeParseException e) {
                    continue;
                }
                if (d.isBefore(first) || d.isAfter(last)) continue;
                boolean whole = (!d.equals(first) || start <= firstDayStart) && (!d.equals(last) || end >= lastDayEnd);
                for (Path file : parquetFiles(fs, dateDir.getPath())) {
                    if (whole) {
                        fs.delete(file, false);
                    } else {
                        rewriteWithout(fs, file, timeColumn, start, end);
                    }
                }
            }
        }
    }

    /** Rewrites a stored file keeping only rows outside [start, end); deletes it when none is left. */
    private void rewriteWithout(FileSystem fs, Path file, String timeColumn, long start, long end) throws IOException {
        MessageType schema;
        List<Group> kept = new ArrayList<>();
        long total = 0;
        try (ParquetGroups rows = ParquetGroups.open(file)) {
            schema = rows.schema();
            if (!schema.containsField(timeColumn)) return;
            int field = schema.getFieldIndex(timeColumn);
            while (rows.hasNext()) {
                Group g = rows.next();
                total++;
                boolean inRange = g.getFieldRepetitionCount(field) > 0
                        && g.getLong(field, 0) >= start && g.getLong(field, 0) < end;
                if (!inRange) kept.add(g);
            }
        }
        if (kept.size() == total) return;
        Path tmp = new Path(file.getParent(), ".rewrite-" + runId + "-" + file.getName());
        if (!kept.isEmpty()) {
            try (var out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE);
                    ParquetWriter<Group> w = ExampleParquetWriter.builder(new StreamOutput(out))
                            .withType(schema)
                            .withConf(new PlainParquetConfiguration())
                            .withCodecFactory(HadoopFreeCodecs.INSTANCE)
                            .withCompressionCodec(ParquetTables.codec(compression))
                            .build()) {
                for (Group g : kept) w.write(g);
            }
        }
        fs.delete(file, false);
        if (!kept.isEmpty() && !fs.rename(tmp, file)) {
            throw new IOException("could not move " + tmp + " to " + file);
        }
    }

    private static List<Path> parquetFiles(FileSystem fs, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (FileStatus s : listOrEmpty(fs, dir)) {
            String name = s.getPath().getName();
            if (s.isDir()) {
                out.addAll(parquetFiles(fs, s.getPath()));
            } else if (name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
                out.add(s.getPath());
            }
        }
        return out;
    }

    private static FileStatus[] listOrEmpty(FileSystem fs, Path dir) throws IOException {
        FileStatus[] s = fs.exists(dir) ? fs.listStatus(dir) : null;
        return s == null ? new FileStatus[0] : s;
    }
}
