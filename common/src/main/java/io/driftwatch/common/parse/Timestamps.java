package io.driftwatch.common.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Event times as the log carries them: ISO-8601 with an offset, or epoch milliseconds. */
public final class Timestamps {
    private Timestamps() {}

    /**
     * Reads a timestamp field. Accepts an ISO-8601 string with offset ({@code 2026-11-29T07:00:00.123Z},
     * {@code ...+01:00}), an integral number of epoch milliseconds, or such a number as a string.
     *
     * @throws BadRecordException for anything else, including a date-time without offset
     */
    public static long read(JsonNode node, String field) throws BadRecordException {
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            double d = node.asDouble();
            if (Double.isFinite(d) && d == Math.rint(d)) {
                return (long) d;
            }
            throw new BadRecordException(field + " is not epoch milliseconds: " + node.asText());
        }
        if (node.isTextual()) {
            return parseText(node.asText(), field);
        }
        throw new BadRecordException(field + " must be an ISO-8601 string or epoch milliseconds");
    }

    /** Parses ISO-8601 with offset, or digits as epoch millis. */
    public static long parseText(String s, String field) throws BadRecordException {
        String t = s.trim();
        if (!t.isEmpty() && allDigits(t)) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new BadRecordException(field + " is out of range: " + abbreviate(t));
            }
        }
        long fast = parseCommonIso(t);
        if (fast != NOT_PARSED) return fast;
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new BadRecordException(field + " is not an ISO-8601 time with offset or epoch millis: '"
                    + abbreviate(t) + "'");
        }
    }

    /**
     * Parses a command-line bound: a date ({@code 2026-11-01}, midnight UTC), an instant with offset,
     * or epoch millis. Returns null when the text is none of those.
     */
    public static Long parseBound(String s) {
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeException ignored) {
            // not a plain date; try an instant
        }
        try {
            return parseText(s, "bound");
        } catch (BadRecordException e) {
            return null;
        }
    }

    /** ISO-8601 UTC text of epoch millis. */
    public static String format(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static final long NOT_PARSED = Long.MIN_VALUE;

    /**
     * The common shapes {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm)} without the cost of a
     * {@link DateTimeFormatter} (a fifth of the parse time of a log line); anything else, and any
     * out-of-range field, returns {@code NOT_PARSED} so the formatter decides (and explains).
     */
    static long parseCommonIso(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return NOT_PARSED;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_PARSED;
        }
        int i = 19;
        long millis = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            int len = i - start;
            if (len == 0 || len > 9) return NOT_PARSED;
            int frac = digits(s, start, Math.min(len, 3));
            for (int k = len; k < 3; k++) frac *= 10;
            millis = frac;
        }
        if (i >= n) return NOT_PARSED;
        int offsetSeconds;
        char z = s.charAt(i);
        if (z == 'Z' && i == n - 1) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i == n - 6 && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) return NOT_PARSED;
            offsetSeconds = (z == '+' ? 1 : -1) * (oh * 3600 + om * 60);
        } else {
            return NOT_PARSED;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        long seconds = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000L + millis;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean allDigits(String t) {
        int start = t.charAt(0) == '-' ? 1 : 0;
        if (start == t.length()) return false;
        for (int i = start; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
