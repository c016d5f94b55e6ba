package io.driftwatch.common.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.config.InputConfig;
import io.driftwatch.common.config.InputConfig.TimestampUnit;
import io.driftwatch.common.parse.BadRecordException.Reason;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Reads event times as servers write them (contract §2), into epoch milliseconds:
 *
 * <ul>
 *   <li>ISO-8601 with {@code T} or a space between date and time, seconds optional, any number of
 *       fraction digits (cut to milliseconds, towards the past), and an offset ({@code Z},
 *       {@code +01:00}, {@code +0100}, {@code +01}, {@code UTC}/{@code GMT}, a zone id in brackets) or
 *       none: then the time is local to {@code input.timezone}. A local time that a daylight-saving
 *       change repeats takes the earlier instant; one it skips is moved forward by the gap (as
 *       {@link java.time.ZonedDateTime#of(LocalDateTime, ZoneId)}). A date alone is its midnight.
 *   <li>Epoch numbers, as JSON numbers or numeric text, fractions allowed: in
 *       {@code input.timestamp_unit}, or by magnitude ({@link TimestampUnit#AUTO}).
 *   <li>Anything else through {@code input.timestamp_format} (a {@link DateTimeFormatter} pattern,
 *       tried first when set; without an offset in it, times are local to {@code input.timezone}).
 * </ul>
 *
 * <p>The common ISO shapes are read by hand (a fifth of the cost of a log line went to
 * {@link DateTimeFormatter}); the formatter only decides the rare shapes, and is the reference the
 * hand-written path is tested against.
 */
public final class TimestampReader implements Serializable {
    private static final long serialVersionUID = 1L;

    /** ISO-8601 and epoch numbers (unit by magnitude), local times in UTC, any time a long holds. */
    public static final TimestampReader UTC = new TimestampReader(InputConfig.UNBOUNDED);

    private static final long NOT_PARSED = Long.MIN_VALUE;
    /** A date-time that was read but lies beyond what epoch milliseconds in a long can hold. */
    private static final long OUT_OF_RANGE = Long.MIN_VALUE + 1;

    private final ZoneId zone;
    private final ZoneOffset fixedOffset;
    private final TimestampUnit unit;
    private final String pattern;
    private final long earliest;
    private final long latest;
    private transient DateTimeFormatter formatter;

    public TimestampReader(InputConfig input) {
        this.zone = ZoneId.of(input.timezone());
        this.fixedOffset = zone.getRules().isFixedOffset() ? zone.getRules().getOffset(Instant.EPOCH) : null;
        this.unit = input.timestampUnit();
        this.pattern = input.timestampFormat();
        this.earliest = input.earliestTimestamp();
        this.latest = input.latestTimestamp();
    }

    /**
     * Reads a timestamp field: a JSON number (epoch) or text. A time outside
     * [{@code input.earliest_timestamp}, {@code input.latest_timestamp}) is an
     * {@link Reason#IMPLAUSIBLE_TIMESTAMP}: a logging bug (epoch 0, year 9999) must not become a
     * window, nor stretch the range a run replaces.
     */
    public long read(JsonNode node, String field) throws BadRecordException {
        long millis = readUnchecked(node, field);
        if (millis >= earliest && millis < latest) return millis;
        // only an implausible time pays for finding out whether it was an epoch number
        String t = node.isNumber() || node.isTextual() ? node.asText().trim() : "";
        throw implausible(millis, field, node.isNumber() || !t.isEmpty() && numericShape(t) != 0 ? t : null);
    }

    /** @param epoch the epoch number as written, or null: an implausible one may be in another unit */
    private BadRecordException implausible(long millis, String field, String epoch) {
        return new BadRecordException(Reason.IMPLAUSIBLE_TIMESTAMP, field + " " + Timestamps.format(millis)
                + (epoch == null ? "" : " (epoch " + abbreviate(epoch) + " read as " + unitOf(Math.abs(Double.parseDouble(epoch)))
                        .configName() + "; in another unit? see input.timestamp_unit)")
                + " is outside the plausible range [" + Timestamps.format(earliest) + ", " + Timestamps.format(latest)
                + ") (input.earliest_timestamp / input.latest_timestamp)");
    }

    private long readUnchecked(JsonNode node, String field) throws BadRecordException {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) throw bad(field + " " + node.asText() + " is out of range");
            return fromEpoch(node.asLong(), field);
        }
        if (node.isNumber()) {
            double d = node.asDouble();
            if (!Double.isFinite(d)) throw bad(field + " is not a finite number");
            return fromEpoch(new BigDecimal(Double.toString(d)), field);
        }
        if (node.isTextual()) return parseUnchecked(node.asText(), field);
        throw bad(field + " must be a date-time text or an epoch number, not " + (node.isBoolean() ? "a boolean"
                : node.isObject() ? "an object" : node.isArray() ? "a list" : node.getNodeType().toString()));
    }

    /**
     * Reads a timestamp written as text (ISO-8601, epoch digits, or {@code input.timestamp_format});
     * checked against the plausible range like {@link #read}.
     */
    public long parse(String text, String field) throws BadRecordException {
        long millis = parseUnchecked(text, field);
        if (millis >= earliest && millis < latest) return millis;
        String t = text.trim();
        throw implausible(millis, field, !t.isEmpty() && numericShape(t) != 0 ? t : null);
    }

    private long parseUnchecked(String text, String field) throws BadRecordException {
        String t = text.trim();
        if (t.isEmpty()) throw new BadRecordException(Reason.MISSING_FIELD, "missing required field '" + field + "' (empty)");
        if (pattern != null) {
            long p = parsePattern(t);
            if (p == OUT_OF_RANGE) throw bad(field + " '" + abbreviate(t) + "' is out of range");
            if (p != NOT_PARSED) return p;
        }
        int numeric = numericShape(t);
        if (numeric == 1) {
            try {
                return fromEpoch(Long.parseLong(t), field);
            } catch (NumberFormatException e) {
                throw bad(field + " " + abbreviate(t) + " is out of range");
            }
        }
        if (numeric == 2) return fromEpoch(new BigDecimal(t), field);
        long fast = parseCommonIso(t);
        if (fast != NOT_PARSED) return fast;
        long slow = parseIsoWithFormatter(t);
        if (slow == OUT_OF_RANGE) throw bad(field + " '" + abbreviate(t) + "' is out of range");
        if (slow != NOT_PARSED) return slow;
        throw bad(field + " '" + abbreviate(t) + "' is not ISO-8601 or an epoch number"
                + (pattern != null ? ", nor in input.timestamp_format '" + pattern + "'"
                        : "; set input.timestamp_format to read this form"));
    }

    /** Epoch milliseconds of an integral epoch number in this reader's unit. */
    public long fromEpoch(long v, String field) throws BadRecordException {
        try {
            return switch (unitOf(Math.abs((double) v))) {
                case SECONDS -> Math.multiplyExact(v, 1000L);
                case MILLIS -> v;
                case MICROS -> Math.floorDiv(v, 1000L);
                default -> Math.floorDiv(v, 1_000_000L);
            };
        } catch (ArithmeticException e) {
            throw bad(field + " " + v + " is out of range in " + unit.configName());
        }
    }

    private long fromEpoch(BigDecimal v, String field) throws BadRecordException {
        int shift = switch (unitOf(v.abs().doubleValue())) {
            case SECONDS -> 3;
            case MILLIS -> 0;
            case MICROS -> -3;
            default -> -6;
        };
        try {
            return v.movePointRight(shift).setScale(0, RoundingMode.FLOOR).longValueExact();
        } catch (ArithmeticException e) {
            throw bad(field + " " + abbreviate(v.toPlainString()) + " is out of range");
        }
    }

    private TimestampUnit unitOf(double magnitude) {
        if (unit != TimestampUnit.AUTO) return unit;
        if (magnitude < 1e11) return TimestampUnit.SECONDS;
        if (magnitude < 1e14) return TimestampUnit.MILLIS;
        if (magnitude < 1e17) return TimestampUnit.MICROS;
        return TimestampUnit.NANOS;
    }

    private static BadRecordException bad(String detail) {
        return new BadRecordException(Reason.BAD_TIMESTAMP, detail);
    }

    /** 1: an integer, 2: a decimal number, 0: neither. */
    private static int numericShape(String t) {
        int i = t.charAt(0) == '-' ? 1 : 0;
        int digits = 0, dots = 0;
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') digits++;
            else if (c == '.' && dots == 0) dots++;
            else return 0;
        }
        return digits == 0 ? 0 : dots == 0 ? 1 : 2;
    }

    private long parsePattern(String t) {
        if (formatter == null) {
            formatter = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                    .toFormatter(Locale.ENGLISH);
        }
        try {
            return resolve(formatter.parse(t));
        } catch (DateTimeException e) {
            return NOT_PARSED;
        }
    }

    private static final DateTimeFormatter ISO_LENIENT = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalStart().appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']').optionalEnd()
            .optionalEnd()
            .toFormatter(Locale.ROOT).withResolverStyle(java.time.format.ResolverStyle.STRICT);

    /** The shapes the hand-written path leaves: zone ids in brackets, dates alone, odd offsets. */
    private long parseIsoWithFormatter(String t) {
        String s = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        try {
            return resolve(ISO_LENIENT.parse(s));
        } catch (DateTimeException e) {
            return NOT_PARSED;
        }
    }

    /** Epoch millis of a parsed date-time; {@code NOT_PARSED} where it does not fit a long (year +999999999). */
    private long resolve(TemporalAccessor ta) {
        try {
            return resolveExact(ta);
        } catch (ArithmeticException e) {
            return OUT_OF_RANGE;
        }
    }

    private long resolveExact(TemporalAccessor ta) {
        if (ta.isSupported(ChronoField.INSTANT_SECONDS)) return Instant.from(ta).toEpochMilli();
        if (ta.isSupported(ChronoField.OFFSET_SECONDS) && ta.isSupported(ChronoField.HOUR_OF_DAY)) {
            return LocalDateTime.from(ta).toInstant(ZoneOffset.from(ta)).toEpochMilli();
        }
        if (ta.isSupported(ChronoField.HOUR_OF_DAY)) return LocalDateTime.from(ta).atZone(zone).toInstant().toEpochMilli();
        return LocalDate.from(ta).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /**
     * {@code yyyy-MM-dd(T| )HH:mm[:ss[(.|,)f+]][ ](Z|UTC|GMT|±HH[[:]mm])?} by hand; anything else, and any
     * out-of-range field, returns {@code NOT_PARSED} so the formatter decides (and explains).
     */
    long parseCommonIso(String s) {
        int n = s.length();
        if (n < 16 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':') return NOT_PARSED;
        char sep = s.charAt(10);
        if (sep != 'T' && sep != ' ' && sep != 't') return NOT_PARSED;
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2);
        int second = 0;
        int i = 16;
        if (i < n && s.charAt(i) == ':') {
            if (n < 19) return NOT_PARSED;
            second = digits(s, 17, 2);
            i = 19;
        }
        if (year < 0 || month < 1 || month > 12 || day < 1
                || day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_PARSED;
        }
        long millis = 0;
        if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',') && i == 19) {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            int len = i - start;
            if (len == 0) return NOT_PARSED;
            int frac = digits(s, start, Math.min(len, 3));
            for (int k = len; k < 3; k++) frac *= 10;
            millis = frac;
        }
        if (i < n && s.charAt(i) == ' ') i++;
        long local = (LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second);
        long offsetSeconds;
        if (i == n) {
            if (s.charAt(n - 1) == ' ') return NOT_PARSED;
            offsetSeconds = fixedOffset != null ? fixedOffset.getTotalSeconds()
                    : zone.getRules().getOffset(LocalDateTime.of(year, month, day, hour, minute, second)).getTotalSeconds();
        } else {
            offsetSeconds = offset(s, i);
            if (offsetSeconds == NOT_PARSED) return NOT_PARSED;
        }
        return (local - offsetSeconds) * 1000L + millis;
    }

    /** The offset written from {@code i} to the end, in seconds, or {@code NOT_PARSED}. */
    private static long offset(String s, int i) {
        int n = s.length();
        char z = s.charAt(i);
        if ((z == 'Z' || z == 'z') && i == n - 1) return 0;
        if (n - i == 3 && (s.regionMatches(true, i, "UTC", 0, 3) || s.regionMatches(true, i, "GMT", 0, 3))) return 0;
        if (z != '+' && z != '-') return NOT_PARSED;
        int oh, om;
        if (n - i == 3) { // +01
            oh = digits(s, i + 1, 2);
            om = 0;
        } else if (n - i == 5) { // +0100
            oh = digits(s, i + 1, 2);
            om = digits(s, i + 3, 2);
        } else if (n - i == 6 && s.charAt(i + 3) == ':') { // +01:00
            oh = digits(s, i + 1, 2);
            om = digits(s, i + 4, 2);
        } else {
            return NOT_PARSED;
        }
        if (oh < 0 || oh > 18 || om < 0 || om > 59) return NOT_PARSED;
        return (z == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
    }

    private static int digits(String s, int from, int count) {
        if (from + count > s.length()) return -1;
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
