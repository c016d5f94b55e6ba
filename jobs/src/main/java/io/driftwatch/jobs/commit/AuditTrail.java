package io.driftwatch.jobs.commit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.ParquetTables;
import io.driftwatch.jobs.store.Store;
import io.driftwatch.jobs.tables.ReferenceDocs;
import io.driftwatch.jobs.tables.RunRow;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * The audit trail of an output directory (docs/guide/audit.md): each {@code runs} row names the
 * build, the config (secrets masked) and the inputs it read, lists the SHA-256 of every data file the
 * output holds after the run, and is sealed by a SHA-256 over all its columns that includes the
 * previous row's — a hash chain, so a number in a table traces to the run that wrote its file, and a
 * changed file or a removed, altered or inserted run row shows. {@link #verify} re-checks it all.
 *
 * <p>Hand-written rather than a library: the chain is a few lines of {@link MessageDigest} over the
 * row's columns as the {@code runs} schema defines them, and no transparency-log library reads Parquet
 * rows.
 */
public final class AuditTrail {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys whose values are secrets: masked in {@code runs.config}. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(password|passwd|secret|token|salt|credential|jaas|api[_.-]?key|private[_.-]?key|auth|url).*");
    public static final String MASK = "***";

    private AuditTrail() {}

    /** This build's version, from the jar's manifest. */
    public static String version() {
        String v = AuditTrail.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    /** The config file as compact JSON, every value under a secret-looking key masked; null without a file. */
    public static String maskedConfig(java.nio.file.Path file) throws IOException {
        if (file == null) return null;
        JsonNode tree = YAML.readTree(file.toFile());
        if (tree == null) return "{}";
        return JSON.writeValueAsString(mask(tree));
    }

    static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (SECRET.matcher(e.getKey()).matches() && !e.getValue().isContainerNode()) {
                    e.setValue(o.textNode(MASK));
                } else {
                    mask(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(AuditTrail::mask);
        }
        return node;
    }

    /** {@code runs} columns added after the audit chain began (0.10): hashed only when set. */
    private static final java.util.Set<String> HASHED_WHEN_SET = java.util.Set.of("input_start");

    /**
     * The row's own hash: SHA-256 over every column but {@code run_sha256}, by name, in schema order; a
     * column added after the chain began ({@link #HASHED_WHEN_SET}) only when set, so rows of earlier
     * releases hash as they did.
     */
    public static String rowSha256(RunRow row) {
        StringBuilder b = new StringBuilder();
        for (Column<RunRow> c : RunRow.SCHEMA.columns()) {
            if (c.name().equals("run_sha256")) continue;
            Object v = c.valueOf(row);
            if (v == null && HASHED_WHEN_SET.contains(c.name())) continue;
            // a stored empty list reads back as null: both are "nothing"
            if (v instanceof List<?> l && l.isEmpty()) v = null;
            b.append(c.name()).append('=').append(v == null ? "" : v.toString().replace("\n", "\\n")).append('\n');
        }
        return sha256(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Seals a run's row: the output's files after its commit ({@code published}: what the commit
     * deleted and moved in; null: nothing), the previous row's hash, its own.
     */
    public static RunRow seal(Path output, RunRow row, CommitJournal.Entry published) throws IOException {
        RunRow previous = latest(output, row.runId());
        TreeMap<String, String> files;
        if (previous == null || previous.outputFiles() == null || previous.outputFiles().isEmpty()) {
            // the first sealed run (or one after a stream's rows, which list no files): what the output holds
            files = scan(output);
        } else {
            files = parse(previous.outputFiles());
            if (published != null) {
                FileSystem fs = output.getFileSystem();
                for (String d : published.deletes()) files.remove(d);
                for (CommitJournal.Move m : published.moves()) {
                    if (isData(m.to())) files.put(m.to(), sha256(fs, new Path(output, m.to())));
                }
            }
        }
        List<String> listed = new ArrayList<>();
        files.forEach((path, hash) -> listed.add(hash + "  " + path));
        RunRow sealed = row.withAudit(listed, previous == null ? null : previous.runSha256(), null);
        return sealed.withAudit(listed, sealed.previousRunSha256(), rowSha256(sealed));
    }

    /** Seals a streaming period's row: chained, without a file list (its files come with checkpoints). */
    public static RunRow sealWithoutFiles(Path output, RunRow row) throws IOException {
        RunRow previous = latest(output, row.runId());
        RunRow sealed = row.withAudit(null, previous == null ? null : previous.runSha256(), null);
        return sealed.withAudit(null, sealed.previousRunSha256(), rowSha256(sealed));
    }

    /** The sealed rows of the output in chain order (by finish, then id). */
    static List<RunRow> chain(Path output) throws IOException {
        List<RunRow> rows = new ArrayList<>(Store.at(output).read(RunRow.SCHEMA, null, Long.MIN_VALUE, Long.MAX_VALUE));
        rows.removeIf(r -> r.runSha256() == null);
        rows.sort(Comparator.comparingLong(RunRow::finishedAt).thenComparing(RunRow::runId));
        return rows;
    }

    private static RunRow latest(Path output, String exceptRun) throws IOException {
        List<RunRow> rows = chain(output);
        rows.removeIf(r -> r.runId().equals(exceptRun));
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }

    /**
     * What does not hold: rows whose hash does not match their columns, links of the chain that do not
     * meet, and the data files that differ from the last sealed row's list (modified, deleted, added).
     * Empty when everything verifies.
     *
     * @param summary receives one line on what was checked
     */
    public static List<String> verify(Path output, java.util.function.Consumer<String> summary) throws IOException {
        List<String> problems = new ArrayList<>();
        List<RunRow> rows = chain(output);
        if (rows.isEmpty()) {
            problems.add("no sealed runs rows in " + output + " (written by Driftwatch before the audit trail, or not an output)");
            return problems;
        }
        String before = null, beforeRun = null;
        for (RunRow r : rows) {
            String own = rowSha256(r.withAudit(r.outputFiles(), r.previousRunSha256(), null));
            if (!own.equals(r.runSha256())) {
                problems.add("run " + r.runId() + ": its runs row was altered (its columns hash to " + own.substring(0, 12)
                        + "…, the row says " + abbreviate(r.runSha256()) + ")");
            }
            if (beforeRun == null && r.previousRunSha256() != null) {
                problems.add("chain broken: run " + r.runId() + " follows a run row " + abbreviate(r.previousRunSha256())
                        + " that is not in the output (a runs row was removed)");
            } else if (beforeRun != null && !java.util.Objects.equals(r.previousRunSha256(), before)) {
                problems.add("chain broken between run " + beforeRun + " and run " + r.runId() + ": "
                        + r.runId() + " follows " + abbreviate(r.previousRunSha256()) + ", not " + beforeRun + "'s "
                        + abbreviate(before) + " (a runs row was removed, replaced or inserted)");
            }
            before = r.runSha256();
            beforeRun = r.runId();
        }
        RunRow last = null;
        for (RunRow r : rows) if (r.outputFiles() != null && !r.outputFiles().isEmpty()) last = r;
        if (last == null) {
            summary.accept(rows.size() + " runs rows chained; none lists output files");
            return problems;
        }
        TreeMap<String, String> listed = parse(last.outputFiles());
        TreeMap<String, String> present = scan(output);
        for (Map.Entry<String, String> e : listed.entrySet()) {
            String now = present.get(e.getKey());
            if (now == null) {
                problems.add("deleted: " + e.getKey() + " (listed by run " + last.runId() + ")");
            } else if (!now.equals(e.getValue())) {
                problems.add("modified: " + e.getKey() + " (sha256 " + now.substring(0, 12) + "…, run " + last.runId()
                        + " wrote " + e.getValue().substring(0, 12) + "…)");
            }
        }
        for (String p : present.keySet()) {
            if (!listed.containsKey(p)) problems.add("added: " + p + " (no run wrote it)");
        }
        if (last != rows.get(rows.size() - 1)) {
            summary.accept("note: the rows after run " + last.runId() + " are a stream's, which list no files; files"
                    + " are checked against run " + last.runId());
        }
        summary.accept(String.format("%d runs rows chained; %d data files checked against run %s", rows.size(),
                listed.size(), last.runId()));
        return problems;
    }

    private static String abbreviate(String hash) {
        return hash == null ? "(none)" : hash.substring(0, Math.min(12, hash.length())) + "…";
    }

    /** Every data file of the output's tables (not {@code runs}), relative path → SHA-256. */
    static TreeMap<String, String> scan(Path output) throws IOException {
        FileSystem fs = output.getFileSystem();
        TreeMap<String, String> out = new TreeMap<>();
        for (var schema : ReferenceDocs.TABLES) {
            if (schema.table().equals(RunRow.SCHEMA.table())) continue;
            for (Path f : ParquetTables.files(fs, new Path(output, schema.table()))) {
                out.put(CommitJournal.relative(output, f), sha256(fs, f));
            }
        }
        return out;
    }

    private static boolean isData(String relative) {
        String table = relative.substring(0, Math.max(0, relative.indexOf('/')));
        return !table.equals(RunRow.SCHEMA.table()) && ReferenceDocs.TABLES.stream().anyMatch(t -> t.table().equals(table));
    }

    private static TreeMap<String, String> parse(List<String> listed) {
        TreeMap<String, String> out = new TreeMap<>();
        for (String line : listed) {
            int sep = line.indexOf("  ");
            if (sep > 0) out.put(line.substring(sep + 2), line.substring(0, sep));
        }
        return out;
    }

    static String sha256(FileSystem fs, Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = fs.open(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
