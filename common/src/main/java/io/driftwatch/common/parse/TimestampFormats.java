package io.driftwatch.common.parse;

import java.time.DateTimeException;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Suggests an {@code input.timestamp_format} for a timestamp that no built-in form reads, so the
 * message about it can name the fix ("input.timestamp_format: 'dd/MM/yyyy HH:mm:ss' reads it"). Tries
 * the forms loggers commonly write; only for messages, never on the record path.
 */
public final class TimestampFormats {
    private static final List<String> COMMON = List.of(
            "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss.SSS", "yyyy/MM/dd HH:mm",
            "dd/MM/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "MM/dd/yyyy HH:mm",
            "MM/dd/yyyy hh:mm:ss a", "MM/dd/yyyy h:mm:ss a", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd-MM-yyyy HH:mm:ss",
            "dd/MMM/yyyy:HH:mm:ss Z", "EEE, d MMM yyyy HH:mm:ss z", "EEE MMM d HH:mm:ss yyyy", "d MMM yyyy HH:mm:ss",
            "MMM d, yyyy HH:mm:ss", "MMM d yyyy HH:mm:ss", "yyyyMMdd'T'HHmmss", "yyyyMMdd HHmmss", "yyyy.MM.dd HH:mm:ss",
            "yyyy/MM/dd", "dd/MM/yyyy", "MM/dd/yyyy", "dd.MM.yyyy");

    private TimestampFormats() {}

    /** The patterns of {@link #COMMON} that read {@code value} whole (the first is the suggestion). */
    public static List<String> matching(String value) {
        List<String> out = new ArrayList<>();
        String v = value.trim();
        for (String p : COMMON) {
            try {
                DateTimeFormatter f = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(p)
                        .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.SMART);
                f.parse(v);
                out.add(p);
            } catch (DateTimeException | IllegalArgumentException e) {
                // not this form
            }
        }
        return out;
    }

    /** A hint for a timestamp text no built-in form reads: a pattern that reads it, or how to write one. */
    public static String hint(String value) {
        List<String> m = matching(value);
        if (m.isEmpty()) {
            return "set input.timestamp_format to a DateTimeFormatter pattern that reads '" + value + "'";
        }
        String s = "input.timestamp_format: '" + m.get(0) + "' reads '" + value + "'";
        if (m.size() > 1 && m.get(0).startsWith("dd/MM") && m.get(1).startsWith("MM/dd")) {
            s += " (or '" + m.get(1) + "': check the day/month order)";
        }
        return s;
    }
}
