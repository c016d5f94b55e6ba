package io.driftwatch.jobs.parquet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Hive-style partition folders {@code model=<model>/date=<YYYY-MM-DD>}. Model names are
 * percent-encoded where a character would break a path or a Hive/DuckDB partition parser
 * ({@code / \ : = % ? * " < > | #}, space, control characters), as Hive does.
 */
public final class Partitions {
    public static final String UNKNOWN_MODEL = "__unknown__";
    /** The staging-only date folder of rows whose time is not known yet ({@code Long.MIN_VALUE}). */
    public static final String UNKNOWN_DATE = "unknown";

    private Partitions() {}

    public static String path(String model, long epochMillis) {
        return "model=" + escape(model) + "/date=" + (epochMillis == Long.MIN_VALUE ? UNKNOWN_DATE : dateOf(epochMillis).toString());
    }

    public static LocalDate dateOf(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 0x20 || c == 0x7f || "/\\:=%?*\"<>|# ".indexOf(c) >= 0) {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                b.append((char) c);
            }
        }
        // non-ASCII bytes were appended one char per byte above; rebuild them as UTF-8 text
        return new String(b.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
