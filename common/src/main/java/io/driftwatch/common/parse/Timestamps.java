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
