package io.driftwatch.common.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the short durations used in options and config: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}, {@code 1w}. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    private Durations() {}

    /**
     * Parses {@code text}; {@code where} names the option or key for the error message.
     *
     * @throws ConfigException when the text is not a positive duration in this form
     */
    public static Duration parse(String text, String where) {
        Matcher m = SHORT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new ConfigException(where + ": '" + text + "' is not a duration (use e.g. 15m, 1h, 1d, 1w, or 1mo for calendar months)");
        }
        // a number of more digits than a long holds, or a duration past Duration's range (found by fuzzing)
        try {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(Math.multiplyExact(7, n));
            };
            d.toMillis(); // windows and waits are used in milliseconds
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(where + ": '" + text + "' is too long a duration");
        }
    }

    /** Like {@link #parse} but rejects zero. */
    public static Duration parsePositive(String text, String where) {
        Duration d = parse(text, where);
        if (d.isZero()) {
            throw new ConfigException(where + ": must be longer than 0");
        }
        return d;
    }

    /** The short form of a duration, as {@link #parse} reads it. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % Duration.ofDays(7).toMillis() == 0 && ms > 0) return ms / Duration.ofDays(7).toMillis() + "w";
        if (ms % Duration.ofDays(1).toMillis() == 0 && ms > 0) return ms / Duration.ofDays(1).toMillis() + "d";
        if (ms % Duration.ofHours(1).toMillis() == 0 && ms > 0) return ms / Duration.ofHours(1).toMillis() + "h";
        if (ms % Duration.ofMinutes(1).toMillis() == 0 && ms > 0) return ms / Duration.ofMinutes(1).toMillis() + "m";
        if (ms % 1000 == 0 && ms > 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
