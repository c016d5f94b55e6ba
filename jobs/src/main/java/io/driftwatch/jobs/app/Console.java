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

    public static void info(String line) {
        System.out.println(line);
        LOG.info(line);
    }

    public static void warn(String line) {
        System.out.println("warning: " + line);
        LOG.warn(line);
    }

    /** A new run's id: its start time and a random suffix. */
    public static String newRunId(long startedAt) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(startedAt)) + "-"
                + HexFormat.of().toHexDigits((int) (Math.random() * 0xFFFFFF)).substring(2);
    }
}
