package io.driftwatch.jobs.commit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.tables.RunRow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run at a time per output directory: {@code DIR/_lock} names the run that holds it (run id,
 * command, start, host, pid). A second run on the same output is refused with who holds it; the lock
 * is released when the run has written its {@code runs} row (by the job's finalizer, and by the client
 * when it sees the job end), so it also works for submissions nobody waits for.
 *
 * <p>A lock is stale, and taken over with a warning, when its run has a final row in {@code runs}
 * (it ended without removing the lock), when it was taken on this host by a process that is gone
 * (killed), or when it is older than the lock timeout (a run on another machine that died). On the
 * local file system the lock is created atomically; on object stores (no atomic create) two runs
 * started within the same moment can both pass — schedule them apart.
 */
public final class OutputLock {
    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The lock file; names starting with {@code _} are skipped by every table reader. */
    public static final String FILE = "_lock";
    /** A lock older than this is stale whatever else it says. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

    private OutputLock() {}

    /** The output is held by another run; the message says which and what to do. */
    public static final class InUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InUseException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock of {@code output} for a run, or throws {@link InUseException} naming the run
     * holding it.
     */
    public static void acquire(Path output, String runId, String command, long startedAt, Duration timeout)
            throws IOException {
        Path file = new Path(output, FILE);
        FileSystem fs = file.getFileSystem();
        fs.mkdirs(output);
        Map<String, Object> holder = new LinkedHashMap<>();
        holder.put("run_id", runId);
        holder.put("command", command);
        holder.put("started_at", startedAt);
        holder.put("host", host());
        holder.put("pid", ProcessHandle.current().pid());
        byte[] content = JSON.writeValueAsBytes(holder);
        for (int attempt = 0; attempt < 2; attempt++) {
            if (create(fs, file, content)) return;
            JsonNode other = readSettled(fs, file);
            if (other == null) continue; // released between our attempts
            Optional<String> stale = other.has(UNREADABLE) ? Optional.of(file + " cannot be read (" + other.get(UNREADABLE)
                    .asText() + "; a crash cut it short): treated as stale") : stale(output, other, timeout);
            if (stale.isEmpty()) {
                throw new InUseException("--output " + output + " is in use by " + other.path("command").asText("a run")
                        + " run " + other.path("run_id").asText("?") + " (started "
                        + Timestamps.format(other.path("started_at").asLong()) + ", pid " + other.path("pid").asText("?")
                        + " on " + other.path("host").asText("?") + "); wait for it to end, or if it is gone remove "
                        + file);
            }
            LOG.warn("taking over the stale lock of run {} on {}: {}", other.path("run_id").asText(), output, stale.get());
            System.err.println("driftwatch: taking over the stale lock of run " + other.path("run_id").asText() + ": "
                    + stale.get());
            fs.delete(file, false);
        }
        throw new InUseException("--output " + output + ": could not take " + file + " (another run keeps taking it)");
    }

    /** Releases the lock if {@code runId} holds it (idempotent; the finalizer and the client both call it). */
    public static void release(Path output, String runId) {
        try {
            Path file = new Path(output, FILE);
            FileSystem fs = file.getFileSystem();
            JsonNode holder = read(fs, file);
            if (holder != null && runId.equals(holder.path("run_id").asText())) fs.delete(file, false);
        } catch (IOException e) {
            LOG.warn("run {}: could not release the lock of {}", runId, output, e);
        }
    }

    /** Why a lock is stale, or empty while its run may still be going. */
    static Optional<String> stale(Path output, JsonNode lock, Duration timeout) throws IOException {
        String runId = lock.path("run_id").asText();
        long startedAt = lock.path("started_at").asLong();
        Optional<RunRow> row = RunLog.read(output, runId, startedAt);
        if (row.isPresent()) return Optional.of("the run ended (" + (row.get().status() == null ? "?" : row.get().status().value()) + ") without removing its lock");
        if (host().equals(lock.path("host").asText()) && lock.has("pid")
                && ProcessHandle.of(lock.path("pid").asLong()).map(p -> !p.isAlive()).orElse(true)) {
            return Optional.of("its process " + lock.path("pid").asLong() + " on this host is gone");
        }
        long age = System.currentTimeMillis() - startedAt;
        // a continuous stream runs for weeks: its lock is stale only when its process is gone
        if (age > timeout.toMillis() && !"stream".equals(lock.path("command").asText())) {
            return Optional.of("it was taken " + Duration.ofMillis(age).toHours() + " h ago, longer than the lock timeout "
                    + timeout.toHours() + " h");
        }
        return Optional.empty();
    }

    private static boolean create(FileSystem fs, Path file, byte[] content) throws IOException {
        if (!fs.isDistributedFS()) {
            // atomic on a local disk: exactly one of two racing runs creates the file
            java.nio.file.Path local = java.nio.file.Path.of(file.toUri());
            try {
                java.nio.file.Files.write(local, content, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }
        if (fs.exists(file)) return false;
        try (OutputStream out = fs.create(file, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write(content);
            return true;
        } catch (IOException e) {
            if (fs.exists(file)) return false;
            throw e;
        }
    }

    /** The field of what {@link #read} returns for a lock file that is not a lock's JSON. */
    private static final String UNREADABLE = "__unreadable__";

    /**
     * The lock's content; for a file that is empty or not JSON (a crash cut it short), an object
     * with {@link #UNREADABLE} saying why. Null when there is no lock.
     */
    private static JsonNode read(FileSystem fs, Path file) throws IOException {
        if (!fs.exists(file)) return null;
        try (var in = fs.open(file)) {
            byte[] bytes = in.readAllBytes();
            JsonNode n = bytes.length == 0 ? null : JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (n != null && n.isObject() && n.has("run_id")) return n;
            return JSON.createObjectNode().put(UNREADABLE, bytes.length == 0 ? "it is empty" : "it holds no run");
        } catch (java.io.FileNotFoundException e) {
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return JSON.createObjectNode().put(UNREADABLE, "not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * {@link #read}, given a moment when the file is unreadable: a run that has just created its
     * lock may not have written it yet.
     */
    private static JsonNode readSettled(FileSystem fs, Path file) throws IOException {
        JsonNode n = read(fs, file);
        for (int i = 0; i < 5 && n != null && n.has(UNREADABLE); i++) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            n = read(fs, file);
        }
        return n;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
