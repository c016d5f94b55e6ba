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
import io.driftwatch.jobs.parquet.BufferedOutputFile;
import io.driftwatch.jobs.parquet.StreamOutput;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;

/**
 * Makes a batch run's output visible, replacing what earlier runs wrote for the same range, in one
 * switch that survives a crash (docs/reference/store.md).
 *
 * <p>A run writes into {@code <output>/.staging/<run id>/<table>/...}. Once every writer has closed
 * its files (in the job's last operator, {@code FinalizeRun}), {@link #replace} prepares, per table,
 * the replacement of the rows whose time (its {@code timeColumn}) lies in the run's ranges: stored
 * files of partitions wholly inside a range are to be deleted; files of the partitions at the
 * ranges' edges are rewritten without those rows into the staging folder; the staged files are to
 * be moved in. Nothing visible changes until {@link #publish}: it reads back every prepared file,
 * writes the {@link CommitJournal} and applies it. {@link #view} reads the tables as they will be
 * after the publish (the judge reads its history through it before its own rows are prepared).
 * A failed job never gets here, so earlier outputs stay as they were. Works on every Flink file
 * system (rename on object stores is a copy).
 *
 * <p>Tables whose rows identify themselves (dead letters by {@code source}, a file and line) can
 * also drop, anywhere in the table, the earlier copies of rows the run wrote again: a bad record
 * whose time cannot be read is then held once, whatever ranges later runs cover.
 */
public final class OutputCommitter {
    private final Path output;
    private final String runId;
    private final Compression compression;
    private final List<String> deletes = new ArrayList<>();
    private final List<CommitJournal.Move> moves = new ArrayList<>();
    /** The ranges each prepared table replaces, for {@link #view}. */
    private final java.util.Map<String, List<long[]>> replacedRanges = new java.util.HashMap<>();

    public OutputCommitter(Path output, String runId, Compression compression) throws IOException {
        // qualified (scheme, absolute path), so that listed files and our own paths compare equal
        this.output = output.makeQualified(output.getFileSystem());
        this.runId = runId;
        this.compression = compression;
        CommitFaults.working(this.output);
    }

    /** Where the job writes a table before the commit. */
    public Path stagingDir(String table) {
        return stagingDir(output, runId, table);
    }

    /** Where a run stages a table of the (qualified) output directory {@code output}. */
    public static Path stagingDir(Path output, String runId, String table) {
        return new Path(stagingRoot(output, runId), table);
    }

    /** The run's staging folder. */
    static Path stagingRoot(Path output, String runId) {
        return new Path(output, ".staging/" + runId);
    }

    /**
     * Prepares the replacement of the table's rows in the range with the staged ones.
     *
     * @param timeColumn the epoch-millis column that decides whether a stored row is in the range
     * @param unknownTimeAs the time given to staged rows whose time was unknown (folder
     *     {@code date=unknown}): they are filed under this time's date, with it in {@code timeColumn}
     */
    public Replaced replace(String table, String timeColumn, long rangeStart, long rangeEnd, long unknownTimeAs)
            throws IOException {
        return replace(table, timeColumn, List.of(new long[] {rangeStart, rangeEnd}), unknownTimeAs, null);
    }

    /**
     * Prepares the replacement of the rows of every range ({@code [start, end)} each) with the staged
     * ones; with an {@code identityColumn}, first drops from the whole table the rows whose identity
     * equals that of a staged row.
     */
    public Replaced replace(String table, String timeColumn, List<long[]> ranges, long unknownTimeAs,
            String identityColumn) throws IOException {
        Path tableDir = new Path(output, table);
        FileSystem fs = tableDir.getFileSystem();
        Replaced replaced = new Replaced();
        List<long[]> live = ranges.stream().filter(r -> r[0] < r[1]).toList();
        replacedRanges.put(table, live);
        Path staged = stagingDir(table);
        java.util.Set<String> again = new java.util.HashSet<>();
        if (identityColumn != null && fs.exists(staged)) {
            for (Path file : ParquetTables.files(fs, staged)) {
                try (ParquetGroups rows = ParquetGroups.open(file)) {
                    int field = rows.schema().getFieldIndex(identityColumn);
                    while (rows.hasNext()) {
                        Group g = rows.next();
                        if (g.getFieldRepetitionCount(field) > 0) again.add(g.getString(field, 0));
                    }
                }
            }
        }
        if (fs.exists(tableDir)) {
            // the stored files the ranges (or the identities) touch, each decided once
            java.util.Map<String, Boolean> candidates = new java.util.TreeMap<>(); // relative path -> wholly in a range
            for (long[] range : live) {
                LocalDate first = Partitions.dateOf(range[0]);
                LocalDate last = Partitions.dateOf(range[1] - 1);
                long firstDayStart = first.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
                long lastDayEnd = last.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
                for (Partitions.Folder folder : Partitions.dateFolders(fs, tableDir, first, last)) {
                    LocalDate d = folder.date();
                    boolean whole = (!d.equals(first) || range[0] <= firstDayStart) && (!d.equals(last) || range[1] >= lastDayEnd);
                    for (Path file : ParquetTables.files(fs, folder.path())) {
                        candidates.merge(CommitJournal.relative(output, file), whole, Boolean::logicalOr);
                    }
                }
            }
            if (!again.isEmpty()) {
                for (Path file : ParquetTables.files(fs, tableDir)) candidates.putIfAbsent(CommitJournal.relative(output, file), false);
            }
            for (java.util.Map.Entry<String, Boolean> c : candidates.entrySet()) {
                if (c.getValue()) {
                    deletes.add(c.getKey());
                    replaced.deleted++;
                    continue;
                }
                Path file = new Path(output, c.getKey());
                Path prepared = new Path(stagingRoot(output, runId), ".rewrites/" + c.getKey());
                long[] counts = rewrite(fs, file, prepared, timeColumn, g -> {
                    int field = g.getType().getFieldIndex(timeColumn);
                    if (g.getFieldRepetitionCount(field) > 0) {
                        long t = g.getLong(field, 0);
                        for (long[] r : live) if (t >= r[0] && t < r[1]) return false;
                    }
                    if (identityColumn == null || again.isEmpty()) return true;
                    int id = g.getType().getFieldIndex(identityColumn);
                    return g.getFieldRepetitionCount(id) == 0 || !again.contains(g.getString(id, 0));
                }, null);
                if (counts == null || counts[0] == counts[1]) {
                    if (fs.exists(prepared)) fs.delete(prepared, false);
                } else if (counts[1] == 0) {
                    deletes.add(c.getKey());
                    replaced.deleted++;
                } else {
                    moves.add(new CommitJournal.Move(CommitJournal.relative(output, prepared), c.getKey()));
                    replaced.rewritten++;
                }
            }
        }
        if (!fs.exists(staged)) return replaced;
        String stagedPrefix = staged.toUri().getPath() + "/";
        for (Path file : ParquetTables.files(fs, staged)) {
            replaced.added++;
            String filePath = file.toUri().getPath();
            if (!filePath.startsWith(stagedPrefix)) {
                throw new IOException("staged file " + file + " is not under " + staged);
            }
            String relative = filePath.substring(stagedPrefix.length());
            String unknownDir = "/date=" + Partitions.UNKNOWN_DATE + "/";
            if (relative.contains(unknownDir)) {
                String target = table + "/" + relative.replace(unknownDir, "/date=" + Partitions.dateOf(unknownTimeAs) + "/");
                Path prepared = new Path(stagingRoot(output, runId), ".final/" + target);
                rewrite(fs, file, prepared, timeColumn, g -> true, unknownTimeAs);
                moves.add(new CommitJournal.Move(CommitJournal.relative(output, prepared), target));
                continue;
            }
            moves.add(new CommitJournal.Move(CommitJournal.relative(output, file), table + "/" + relative));
        }
        return replaced;
    }

    /**
     * Makes every prepared replacement visible at once: reads back each file to be moved in (a full
     * disk shows here, before anything changed), writes the journal, applies it. A crash from the
     * journal on is completed by {@link CommitJournal#recover}.
     */
    public void publish() throws IOException {
        FileSystem fs = output.getFileSystem();
        // the footer read is the check (on a few threads: a run of 150 daily windows moves in 900 files)
        io.driftwatch.jobs.parquet.FileThreads.map(moves, m -> {
            try (ParquetGroups ignored = ParquetGroups.open(new Path(output, m.from()))) {
                return m;
            } catch (IOException e) {
                throw new IOException("run " + runId + ": a prepared file is not readable (" + e.getMessage()
                        + "); nothing was replaced", e);
            }
        });
        CommitFaults.at(CommitFaults.Step.PREPARED);
        if (deletes.isEmpty() && moves.isEmpty()) return;
        CommitJournal.Entry entry = new CommitJournal.Entry(runId, List.copyOf(deletes), List.copyOf(moves));
        published = published == null ? entry : new CommitJournal.Entry(runId,
                concat(published.deletes(), entry.deletes()), concat(published.moves(), entry.moves()));
        CommitJournal.write(output, entry);
        CommitJournal.apply(output, entry);
        deletes.clear();
        moves.clear();
        if (!fs.exists(output)) throw new IOException(output + " disappeared during the commit");
    }

    private CommitJournal.Entry published;

    /** What {@link #publish} deleted and moved in (relative paths), or null when it changed nothing. */
    public CommitJournal.Entry published() {
        return published;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * The output's tables as they will be after {@link #publish}: stored rows outside the prepared
     * ranges, then the staged rows.
     */
    public io.driftwatch.jobs.parquet.TableSource view() {
        return new io.driftwatch.jobs.parquet.TableSource() {
            @Override
            public <T> List<T> read(io.driftwatch.jobs.parquet.TableSchema<T> schema, java.util.Collection<String> models,
                    long from, long to) throws IOException {
                List<long[]> ranges = replacedRanges.getOrDefault(schema.table(), List.of());
                List<T> out = new ArrayList<>();
                for (T row : io.driftwatch.jobs.parquet.TableReader.read(output, schema, models, from, to)) {
                    long t = schema.partitionTimeOf(row);
                    boolean replacedRow = false;
                    for (long[] r : ranges) replacedRow |= t >= r[0] && t < r[1];
                    if (!replacedRow) out.add(row);
                }
                if (replacedRanges.containsKey(schema.table())) {
                    out.addAll(io.driftwatch.jobs.parquet.TableReader.read(stagingRoot(output, runId), schema, models, from, to));
                }
                return out;
            }
        };
    }

    /**
     * The spans of consecutive windows that the staged rows of {@code tables} fall in (by
     * {@code timeColumn}), in time order: what a run without a range owns.
     */
    public List<long[]> stagedSpans(List<String> tables, String timeColumn, io.driftwatch.common.window.WindowGrid grid)
            throws IOException {
        java.util.TreeSet<Long> starts = new java.util.TreeSet<>();
        for (String table : tables) {
            Path staged = stagingDir(table);
            FileSystem fs = staged.getFileSystem();
            if (!fs.exists(staged)) continue;
            for (Path file : ParquetTables.files(fs, staged)) {
                try (ParquetGroups rows = ParquetGroups.open(file)) {
                    if (!rows.schema().containsField(timeColumn)) continue;
                    int field = rows.schema().getFieldIndex(timeColumn);
                    while (rows.hasNext()) {
                        Group g = rows.next();
                        if (g.getFieldRepetitionCount(field) > 0) starts.add(grid.start(g.getLong(field, 0)));
                    }
                }
            }
        }
        List<long[]> spans = new ArrayList<>();
        for (long start : starts) {
            long[] last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (last != null && last[1] == start) last[1] = grid.end(start);
            else spans.add(new long[] {start, grid.end(start)});
        }
        return spans;
    }

    /**
     * Opens the footer of every stored file of {@code tables} dated from {@code from} on (all of
     * {@code dead_letter}, whose replacement by source reads the whole table): a damaged one fails the
     * run here, before the commit has replaced anything (a commit that met it half way, or a judge
     * reading history after the commit, left a range half replaced under a {@code failed} row). Older
     * files are neither replaced nor read by this run; checking them made a daily run's cost grow
     * with the output's age (bench/README.md, "Scheduled runs").
     *
     * @param from the earliest time the commit replaces or the judge reads; {@code Long.MIN_VALUE}: every file
     */
    public void checkStoredFiles(List<String> tables, long from) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String table : tables) {
            Path dir = new Path(output, table);
            FileSystem fs = dir.getFileSystem();
            if (!fs.exists(dir)) continue;
            if (from == Long.MIN_VALUE || table.equals(io.driftwatch.jobs.tables.DeadLetterRow.SCHEMA.table())) {
                files.addAll(ParquetTables.files(fs, dir));
                continue;
            }
            for (Partitions.Folder folder : Partitions.dateFolders(fs, dir, Partitions.dateOf(from), LocalDate.MAX)) {
                files.addAll(ParquetTables.files(fs, folder.path()));
            }
        }
        // a daily run's output holds a file per table, model and day: 0.36 s of footers on one thread on
        // bench/incremental.sh's 14th daily run, at the end of the job (bench/README.md "Scheduled runs")
        io.driftwatch.jobs.parquet.FileThreads.map(files, file -> {
            try (ParquetGroups ignored = ParquetGroups.open(file)) {
                return file; // the footer read is the check
            }
        });
    }

    /** What a commit did to a table's files. */
    public static final class Replaced {
        public int deleted;
        public int rewritten;
        public int added;

        @Override
        public String toString() {
            return added + " files added, " + deleted + " earlier files replaced, " + rewritten + " rewritten";
        }
    }

    /** Removes the run's staging folder (after a commit, or after a failed or rejected run). */
    public void cleanUp() throws IOException {
        removeStaging(output, runId);
    }

    /**
     * Removes a run's staging folder of the (qualified) output directory, and {@code .staging} when
     * no other run's is left; not while the run's journal still needs its files.
     */
    public static void removeStaging(Path output, String runId) throws IOException {
        Path dir = stagingRoot(output, runId);
        FileSystem fs = dir.getFileSystem();
        if (fs.exists(CommitJournal.fileOf(output, runId))) {
            // decided but not finished: the journal's moves still need these files (CommitJournal.recover)
            return;
        }
        if (fs.exists(dir)) fs.delete(dir, true);
        Path parent = new Path(output, ".staging");
        FileStatus[] rest = fs.exists(parent) ? fs.listStatus(parent) : null;
        if (rest != null && rest.length == 0) fs.delete(parent, false);
    }

    /**
     * Copies the rows of {@code source} that {@code keep} accepts to {@code target} (written only when
     * some are kept), filling an empty {@code timeColumn} with {@code newTime} when that is not null.
     *
     * @return rows read and rows kept, or null when the file has no {@code timeColumn}
     */
    private long[] rewrite(FileSystem fs, Path source, Path target, String timeColumn,
            java.util.function.Predicate<Group> keep, Long newTime) throws IOException {
        MessageType schema;
        List<Group> kept = new ArrayList<>();
        long total = 0;
        try (ParquetGroups rows = ParquetGroups.open(source)) {
            schema = rows.schema();
            if (!schema.containsField(timeColumn)) return null;
            while (rows.hasNext()) {
                Group g = rows.next();
                total++;
                if (!keep.test(g)) continue;
                int field = schema.getFieldIndex(timeColumn);
                if (newTime != null && g.getFieldRepetitionCount(field) == 0) {
                    g.add(field, newTime.longValue());
                }
                kept.add(g);
            }
        }
        if (!kept.isEmpty()) {
            fs.mkdirs(target.getParent());
            CommitFaults.at(CommitFaults.Step.WRITE_PREPARED);
            try (var out = fs.create(target, FileSystem.WriteMode.OVERWRITE);
                    ParquetWriter<Group> w = ExampleParquetWriter.builder(new BufferedOutputFile(new StreamOutput(out)))
                            .withType(schema)
                            .withConf(new PlainParquetConfiguration())
                            .withCodecFactory(HadoopFreeCodecs.INSTANCE)
                            .withCompressionCodec(ParquetTables.codec(compression))
                            .build()) {
                for (Group g : kept) w.write(g);
            }
        }
        return new long[] {total, kept.size()};
    }

}
