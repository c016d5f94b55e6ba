package io.driftwatch.jobs.commit;

import java.io.IOException;
import java.util.Locale;

/**
 * Test hooks between the steps of a commit, so that a test can crash it at each one
 * ({@code CommitCrashTest}). Off unless a test installs a hook, or the JVM is started with
 * {@code -Ddriftwatch.commit.fault=<step>[#<n>]:<action>}: at the n-th time (default the first) the
 * commit reaches {@code step}, {@code halt} stops the JVM at once as {@code kill -9} would (no
 * finally blocks, no shutdown hooks), {@code pause} writes {@code <output>/_paused-at-<step>} and waits
 * to be killed from outside, {@code disk_full} fails the write there with "No space left on device".
 */
public final class CommitFaults {
    /** Where a commit can be interrupted. */
    public enum Step {
        /** A prepared file (a rewrite, a moved-in file, the run row) is being written. */
        WRITE_PREPARED,
        /** Every file is prepared and read back; the journal is not written yet. */
        PREPARED,
        /** The journal is being written. */
        WRITE_JOURNAL,
        /** The journal exists: the commit is decided, nothing applied yet. */
        JOURNAL_WRITTEN,
        /** After each delete of the journal. */
        DELETED,
        /** After each move of the journal. */
        MOVED,
        /** The journal is removed; the staging folder not yet. */
        JOURNAL_REMOVED
    }

    /** A test's hook: called at each step; may throw to simulate a failure there. */
    public interface Hook {
        void at(Step step, java.nio.file.Path output) throws IOException;
    }

    private static volatile Hook hook = fromProperty(System.getProperty("driftwatch.commit.fault"));
    private static volatile java.nio.file.Path output;

    private CommitFaults() {}

    /** Installs a hook (null: none); returns the previous one. */
    public static Hook install(Hook h) {
        Hook previous = hook;
        hook = h;
        return previous;
    }

    /** The output directory the current commit works on (for {@code pause}'s marker). */
    static void working(org.apache.flink.core.fs.Path out) {
        output = "file".equals(out.toUri().getScheme()) || out.toUri().getScheme() == null
                ? java.nio.file.Path.of(out.toUri().getPath()) : null;
    }

    static void at(Step step) throws IOException {
        Hook h = hook;
        if (h != null) h.at(step, output);
    }

    private static Hook fromProperty(String spec) {
        if (spec == null || spec.isBlank()) return null;
        String[] parts = spec.split(":");
        String[] at = parts[0].split("#");
        Step target = Step.valueOf(at[0].toUpperCase(Locale.ROOT));
        int nth = at.length > 1 ? Integer.parseInt(at[1]) : 1;
        String action = parts.length > 1 ? parts[1] : "halt";
        int[] seen = {0};
        return (step, out) -> {
            if (step != target || ++seen[0] != nth) return;
            switch (action) {
                case "halt" -> Runtime.getRuntime().halt(137);
                case "disk_full" -> throw new IOException("No space left on device");
                case "pause" -> {
                    if (out != null) java.nio.file.Files.writeString(out.resolve("_paused-at-" + step.name().toLowerCase(Locale.ROOT)), "");
                    try {
                        Thread.sleep(600_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                default -> throw new IllegalArgumentException("driftwatch.commit.fault: unknown action " + action);
            }
        };
    }
}
