package io.driftwatch.jobs.commit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.driftwatch.jobs.parquet.ParquetTables;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The switch of a commit, written down before it is made (docs/reference/store.md): which stored
 * files a run's commit deletes and which prepared files it moves in, as {@code DIR/_journal/<run>.json}.
 * Everything a commit writes is prepared (and its footer read back) in the run's staging folder
 * first; only then is the journal written — to a hidden file, renamed into place, so it exists whole
 * or not at all — and applied, and removed. Each step is idempotent, so:
 *
 * <ul>
 *   <li>a crash before the journal exists leaves the old range (the staging folder is garbage);
 *   <li>a crash after it leaves a range that {@link #recover} — run by the next commit and by
 *       {@code driftwatch repair} — completes to the new range, whatever step it stopped at;
 *   <li>a reader through the store ({@code TableReader}) meanwhile reads the journal's outcome
 *       ({@link Pending}): the old range before the journal exists, the new one from then on.
 * </ul>
 *
 * <p>Paths in the journal are relative to the output directory. Moves of a prepared rewrite onto the
 * file it replaces are a single rename (atomic on a local or HDFS file system; a copy on object
 * stores, which the journal makes recoverable, not atomic).
 */
public final class CommitJournal {
    static final String DIR = "_journal";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CommitJournal.class);

    /** A prepared file moved to where it belongs. */
    public record Move(String from, String to) {}

    /** The steps of one commit: deletes first, then moves. */
    public record Entry(String runId, List<String> deletes, List<Move> moves) {}

    private CommitJournal() {}

    /** Where the journal of a run lives. */
    static Path fileOf(Path output, String runId) {
        return new Path(output, DIR + "/" + runId + ".json");
    }

    /** Writes the journal whole (a hidden file renamed into place); after this the commit is decided. */
    static void write(Path output, Entry entry) throws IOException {
        Path file = fileOf(output, entry.runId());
        FileSystem fs = file.getFileSystem();
        fs.mkdirs(file.getParent());
        Path tmp = new Path(file.getParent(), "." + entry.runId() + ".json.tmp");
        try {
            try (OutputStream out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE)) {
                CommitFaults.at(CommitFaults.Step.WRITE_JOURNAL);
                out.write(JSON.writeValueAsBytes(Map.of("run_id", entry.runId(), "deletes", entry.deletes(), "moves",
                        entry.moves().stream().map(m -> Map.of("from", m.from(), "to", m.to())).toList())));
            }
            // read back: a full disk can leave a short file that closed without an error
            read(fs, tmp);
            if (!fs.rename(tmp, file)) throw new IOException("could not move " + tmp + " to " + file);
        } catch (IOException | RuntimeException e) {
            if (fs.exists(tmp)) fs.delete(tmp, false);
            throw e;
        }
    }

    /** Applies a journal's steps (each idempotent) and removes it. */
    static void apply(Path output, Entry entry) throws IOException {
        FileSystem fs = output.getFileSystem();
        long started = System.nanoTime();
        CommitFaults.at(CommitFaults.Step.JOURNAL_WRITTEN);
        for (String d : entry.deletes()) {
            Path p = new Path(output, d);
            if (fs.exists(p)) fs.delete(p, false);
            CommitFaults.at(CommitFaults.Step.DELETED);
        }
        for (Move m : entry.moves()) {
            Path from = new Path(output, m.from());
            Path to = new Path(output, m.to());
            if (fs.exists(from)) {
                fs.mkdirs(to.getParent());
                if (!fs.rename(from, to)) throw new IOException("could not move " + from + " to " + to);
            } else if (!fs.exists(to)) {
                throw new IOException("journal " + fileOf(output, entry.runId()) + ": neither " + from + " nor " + to
                        + " exists; the output directory was changed during the commit");
            }
            CommitFaults.at(CommitFaults.Step.MOVED);
        }
        fs.delete(fileOf(output, entry.runId()), false);
        // the folder goes with its last journal: a _journal folder means a commit is under way (store.md)
        Path journals = new Path(output, DIR);
        FileStatus[] rest = fs.listStatus(journals);
        if (rest != null && rest.length == 0) fs.delete(journals, false);
        // how long a glob reader could see the range between old and new (docs/reference/store.md)
        LOG.info("run {}: commit applied, {} files deleted and {} moved in, in {} ms", entry.runId(),
                entry.deletes().size(), entry.moves().size(), (System.nanoTime() - started) / 1_000_000);
        CommitFaults.at(CommitFaults.Step.JOURNAL_REMOVED);
    }

    /** The journals of commits that were decided but not finished, oldest run first. */
    static List<Entry> pending(Path output) throws IOException {
        Path dir = new Path(output, DIR);
        FileSystem fs = dir.getFileSystem();
        List<Entry> out = new ArrayList<>();
        FileStatus[] files = fs.exists(dir) ? fs.listStatus(dir) : null;
        if (files == null) return out;
        java.util.Arrays.sort(files, java.util.Comparator.comparing(f -> f.getPath().getName()));
        for (FileStatus f : files) {
            String name = f.getPath().getName();
            if (!f.isDir() && name.endsWith(".json") && !name.startsWith(".")) out.add(read(fs, f.getPath()));
        }
        return out;
    }

    private static Entry read(FileSystem fs, Path file) throws IOException {
        try (var in = fs.open(file)) {
            var node = JSON.readTree(in.readAllBytes());
            if (node == null || !node.has("run_id")) throw new IOException(file + " is not a commit journal");
            List<String> deletes = new ArrayList<>();
            node.get("deletes").forEach(d -> deletes.add(d.asText()));
            List<Move> moves = new ArrayList<>();
            node.get("moves").forEach(m -> moves.add(new Move(m.get("from").asText(), m.get("to").asText())));
            return new Entry(node.get("run_id").asText(), deletes, moves);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + " is not a readable commit journal: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Completes every decided commit of {@code output} and removes what a crash left: journals
     * (rolled forward), half-written journals, run rows and rewrites of the earlier committer
     * ({@code .rewrite-<run>-<file>}: moved onto the file it replaces when that file is gone, which is
     * where that committer stopped, else deleted). Run it holding the output's lock.
     *
     * @return what it did, a line each (empty when there was nothing to do)
     */
    public static List<String> recover(Path output) throws IOException {
        Path out = output.makeQualified(output.getFileSystem());
        FileSystem fs = out.getFileSystem();
        List<String> done = new ArrayList<>();
        for (Entry e : pending(out)) {
            apply(out, e);
            done.add("completed the commit of run " + e.runId() + " (" + e.deletes().size() + " files deleted, "
                    + e.moves().size() + " moved in)");
            Path staging = OutputCommitter.stagingRoot(out, e.runId());
            if (fs.exists(staging)) fs.delete(staging, true);
        }
        Path journals = new Path(out, DIR);
        FileStatus[] left = fs.exists(journals) ? fs.listStatus(journals) : null;
        if (left != null) {
            for (FileStatus f : left) {
                if (f.getPath().getName().startsWith(".")) {
                    fs.delete(f.getPath(), false);
                    done.add("removed the unfinished journal " + f.getPath());
                }
            }
            if (fs.listStatus(journals).length == 0) fs.delete(journals, false);
        }
        sweep(fs, out, done);
        return done;
    }

    /** Hidden leftovers in the tables' folders: an unfinished run row, an earlier committer's rewrite. */
    private static void sweep(FileSystem fs, Path dir, List<String> done) throws IOException {
        FileStatus[] list = fs.listStatus(dir);
        if (list == null) return;
        Set<String> names = new HashSet<>();
        for (FileStatus s : list) names.add(s.getPath().getName());
        Map<String, Path> rewrites = new HashMap<>();
        for (FileStatus s : list) {
            String name = s.getPath().getName();
            if (s.isDir()) {
                if (!name.startsWith(".") && !name.equals(DIR)) sweep(fs, s.getPath(), done);
            } else if (name.startsWith(".rewrite-") && name.endsWith(".parquet")) {
                rewrites.put(name, s.getPath());
            } else if (name.startsWith(".run-") && name.endsWith(".tmp")) {
                fs.delete(s.getPath(), false);
                done.add("removed the unfinished run row " + s.getPath());
            }
        }
        for (Map.Entry<String, Path> r : rewrites.entrySet()) {
            // .rewrite-<run id>-<file name>: run ids have no '-' after their time stamp's, so the file
            // name is what follows the run id's two dashes
            String rest = r.getKey().substring(".rewrite-".length());
            int second = rest.indexOf('-', rest.indexOf('-') + 1);
            String original = second < 0 ? null : rest.substring(second + 1);
            if (original != null && !names.contains(original)) {
                Path target = new Path(r.getValue().getParent(), original);
                if (!fs.rename(r.getValue(), target)) throw new IOException("could not move " + r.getValue() + " to " + target);
                done.add("restored " + target + " from the rewrite an interrupted commit left");
            } else {
                fs.delete(r.getValue(), false);
                done.add("removed the rewrite an interrupted commit left: " + r.getValue());
            }
        }
    }

    /**
     * What the pending journals of an output directory change, for readers: the files they delete or
     * overwrite are hidden, the prepared files not yet moved are read in their place.
     */
    public record Pending(Set<String> hidden, List<Move> unmoved) {
        public static final Pending NONE = new Pending(Set.of(), List.of());

        /** The view of {@code output}'s pending commits (one listing of {@code _journal}; NONE without one). */
        public static Pending of(Path output) throws IOException {
            Path out = output.makeQualified(output.getFileSystem());
            FileSystem fs = out.getFileSystem();
            if (!fs.exists(new Path(out, DIR))) return NONE;
            Set<String> hidden = new HashSet<>();
            List<Move> unmoved = new ArrayList<>();
            for (Entry e : pending(out)) {
                hidden.addAll(e.deletes());
                for (Move m : e.moves()) {
                    if (fs.exists(new Path(out, m.from()))) {
                        hidden.add(m.to());
                        unmoved.add(m);
                    }
                }
            }
            return new Pending(Set.copyOf(hidden), List.copyOf(unmoved));
        }
    }

    /**
     * Replaces the folder {@code target} (relative to {@code output}) by the files of {@code prepared}
     * through a journal, as a batch commit does (docs/reference/store.md): the old folder's files are
     * deleted and the prepared ones moved in, or after a crash {@link #recover} finishes it. Empty
     * folders the old files leave are removed, then {@code prepared}. Run it holding the output's lock.
     *
     * @return the number of files moved in
     */
    public static int replaceFolder(Path output, String runId, Path prepared, String target) throws IOException {
        Path out = output.makeQualified(output.getFileSystem());
        FileSystem fs = out.getFileSystem();
        Path from = prepared.makeQualified(fs);
        Path to = new Path(out, target);
        List<String> deletes = new ArrayList<>();
        for (Path f : ParquetTables.files(fs, to)) deletes.add(relative(out, f));
        List<Move> moves = new ArrayList<>();
        for (Path f : ParquetTables.files(fs, from)) moves.add(new Move(relative(out, f), target + "/" + relative(from, f)));
        Entry entry = new Entry(runId, deletes, moves);
        write(out, entry);
        apply(out, entry);
        removeEmptyFolders(fs, to);
        if (fs.exists(from)) fs.delete(from, true);
        return moves.size();
    }

    private static boolean removeEmptyFolders(FileSystem fs, Path dir) throws IOException {
        FileStatus[] list = fs.exists(dir) ? fs.listStatus(dir) : null;
        if (list == null) return false;
        boolean empty = true;
        for (FileStatus s : list) empty &= s.isDir() && removeEmptyFolders(fs, s.getPath());
        if (empty) fs.delete(dir, false);
        return empty;
    }

    /** Names a path relative to the (qualified) output directory. */
    static String relative(Path output, Path file) throws IOException {
        String base = output.toUri().getPath().replaceAll("/+$", "");
        String p = file.toUri().getPath();
        if (!p.startsWith(base + "/")) throw new IOException(file + " is not under " + output);
        return p.substring(base.length() + 1);
    }
}
