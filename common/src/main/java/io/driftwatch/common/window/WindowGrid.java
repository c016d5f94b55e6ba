package io.driftwatch.common.window;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.Durations;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Where windows start and end: the one owner of window arithmetic (docs/guide/output.md "Windows"). Either fixed
 * lengths on a grid through {@code offset} (epoch-aligned by default; whole weeks start on Mondays,
 * as ISO weeks do), or calendar months in UTC ({@code 1mo}; {@code 3mo} are quarters from January).
 * Every instant belongs to exactly one window; {@link #start} of a window start is itself.
 */
public final class WindowGrid implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final long DAY = 86_400_000L;
    private static final long WEEK = 7 * DAY;
    /** 1970-01-01 was a Thursday: Mondays are 4 days after the epoch (modulo a week). */
    private static final long MONDAY = 4 * DAY;

    private final long sizeMillis;
    private final long offsetMillis;
    private final int months;
    /** The offset as configured ({@code window_offset}), or null for the default alignment. */
    private final Duration explicitOffset;

    private WindowGrid(long sizeMillis, long offsetMillis, int months, Duration explicitOffset) {
        this.sizeMillis = sizeMillis;
        this.offsetMillis = offsetMillis;
        this.months = months;
        this.explicitOffset = explicitOffset;
    }

    /** Fixed windows of {@code size} starting at {@code offset} past the epoch (modulo the size). */
    public static WindowGrid fixed(Duration size, Duration offset) {
        long s = size.toMillis();
        if (s <= 0) throw new IllegalArgumentException("window size must be positive");
        return new WindowGrid(s, Math.floorMod(offset.toMillis(), s), 0, offset);
    }

    /** Fixed windows of {@code size} with the default alignment: whole weeks on Mondays, others on the epoch. */
    public static WindowGrid fixed(Duration size) {
        long s = size.toMillis();
        if (s <= 0) throw new IllegalArgumentException("window size must be positive");
        return new WindowGrid(s, s % WEEK == 0 ? Math.floorMod(MONDAY, s) : 0, 0, null);
    }

    /** Another window spec ({@code --window}) on this grid's configured offset, if any. */
    public WindowGrid withSpec(String window, String where) {
        return parse(window, null, where).offsetBy(explicitOffset);
    }

    private WindowGrid offsetBy(Duration offset) {
        return offset == null || months > 0 ? this : shifted(Duration.ofMillis(sizeMillis), offset);
    }

    /**
     * The default alignment of {@code size} moved by a configured {@code window_offset}: days from
     * 06:00 with {@code 6h}, and whole weeks from Monday 06:00 (still ISO weeks, shifted).
     */
    private static WindowGrid shifted(Duration size, Duration offset) {
        long s = size.toMillis();
        if (s <= 0) throw new IllegalArgumentException("window size must be positive");
        long base = s % WEEK == 0 ? MONDAY : 0;
        return new WindowGrid(s, Math.floorMod(base + offset.toMillis(), s), 0, offset);
    }

    /** Calendar months in UTC, {@code n} per window, counted from January (1, 2, 3, 4, 6 or 12). */
    public static WindowGrid calendarMonths(int n) {
        if (n < 1 || 12 % n != 0) throw new IllegalArgumentException("months per window must divide 12");
        return new WindowGrid(0, 0, n, null);
    }

    /** One window over exactly {@code [from, to)} (a reference profile). */
    public static WindowGrid single(long from, long to) {
        return fixed(Duration.ofMillis(to - from), Duration.ofMillis(from));
    }

    public static final WindowGrid DAILY = fixed(Duration.ofDays(1));

    /**
     * Reads a window spec: a duration ({@code 15m}, {@code 1h}, {@code 1d}, {@code 1w}) or calendar
     * months ({@code 1mo}, {@code 3mo}), with an optional offset ({@code 6h}; fixed windows only).
     *
     * @param where the option or key named in the error message
     */
    public static WindowGrid parse(String window, String offset, String where) {
        String w = window == null ? "" : window.trim().toLowerCase(Locale.ROOT);
        if (w.matches("\\d+\\s*(mo|month|months)")) {
            String digits = w.replaceAll("\\D", "").replaceFirst("^0+(?=\\d)", "");
            int n = digits.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(digits);
            if (n < 1 || 12 % n != 0) throw new ConfigException(where + ": '" + window + "': months per window must divide 12 (1mo, 2mo, 3mo, 4mo, 6mo, 12mo)");
            if (offset != null) throw new ConfigException("window_offset: calendar months take no offset");
            return calendarMonths(n);
        }
        if (w.equals("month")) return parse("1mo", offset, where);
        if (w.equals("week")) return parse("1w", offset, where);
        Duration size = Durations.parsePositive(window, where);
        if (offset == null) return fixed(size);
        return shifted(size, Durations.parse(offset, "window_offset"));
    }

    /** The start of the window holding {@code t}. */
    public long start(long t) {
        if (months == 0) return t - Math.floorMod(t - offsetMillis, sizeMillis);
        LocalDate d = Instant.ofEpochMilli(t).atOffset(ZoneOffset.UTC).toLocalDate();
        int index = d.getYear() * 12 + d.getMonthValue() - 1;
        int first = index - Math.floorMod(index, months);
        return LocalDate.of(Math.floorDiv(first, 12), Math.floorMod(first, 12) + 1, 1).atStartOfDay(ZoneOffset.UTC)
                .toInstant().toEpochMilli();
    }

    /** The end (exclusive) of the window starting at {@code start}. */
    public long end(long start) {
        if (months == 0) return start + sizeMillis;
        return Instant.ofEpochMilli(start).atOffset(ZoneOffset.UTC).plusMonths(months).toInstant().toEpochMilli();
    }

    /** {@code t} when it is a window start, else the end of its window (the edge at or after {@code t}). */
    public long ceil(long t) {
        long s = start(t);
        return s == t ? t : end(s);
    }

    /** Whether windows have one length (fixed), as against calendar months. */
    public boolean isFixed() {
        return months == 0;
    }

    /** The length of fixed windows; for months, that of the longest (31 days × months). */
    public long maxLengthMillis() {
        return months == 0 ? sizeMillis : months * 31 * DAY;
    }

    /** The spec this grid was read from, normalized ({@code 1d}, {@code 1w}, {@code 1mo}, {@code 1d+6h}). */
    public String spec() {
        if (months > 0) return months + "mo";
        String size = Durations.format(Duration.ofMillis(sizeMillis));
        return explicitOffset == null ? size : size + "+" + Durations.format(Duration.ofMillis(offsetMillis));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowGrid g && g.sizeMillis == sizeMillis && g.offsetMillis == offsetMillis && g.months == months;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sizeMillis) * 31 * 31 + Long.hashCode(offsetMillis) * 31 + months;
    }

    @Override
    public String toString() {
        return spec();
    }
}
