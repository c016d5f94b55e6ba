package io.driftwatch.jobs.app;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a run tells its user: a line on standard output, the same line in the log. */
public final class Console {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    private Console() {}

    /** Lines said while held ({@link #hold}), or null. */
    private static java.util.List<String> held;

    public static void info(String line) {
        say(line);
        LOG.info(line);
    }

    public static void warn(String line) {
        say("warning: " + line);
        LOG.warn(line);
    }

    private static synchronized void say(String line) {
        if (held != null) held.add(line);
        else System.out.println(line);
    }

    /** Holds what is said from now on (still logged) until {@link #release} or {@link #discard} ({@link QuickJit}). */
    static synchronized void hold() {
        if (held == null) held = new java.util.ArrayList<>();
    }

    /** Says what was held, and from now on says as it comes. */
    static synchronized void release() {
        if (held == null) return;
        held.forEach(System.out::println);
        held = null;
    }

    /** Forgets what was held (a run that starts again says it), and from now on says as it comes. */
    static synchronized void discard() {
        held = null;
    }

    /** A new run's id: its start time and a random suffix. */
    public static String newRunId(long startedAt) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(startedAt)) + "-"
                + HexFormat.of().toHexDigits((int) (Math.random() * 0xFFFFFF)).substring(2);
    }
}
