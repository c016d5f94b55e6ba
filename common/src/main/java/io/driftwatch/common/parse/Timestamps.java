package io.driftwatch.common.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Command-line time bounds and the UTC text of instants; log timestamps are read by {@link TimestampReader}. */
public final class Timestamps {
    private Timestamps() {}

    /**
     * Parses a command-line bound (contract §1, UTC): a date ({@code 2026-11-01}, midnight UTC), an
     * ISO-8601 instant ({@code 2026-11-01T06:00:00Z}; without an offset, UTC), or an epoch number.
     * Returns null when the text is none of those.
     */
    public static Long parseBound(String s) {
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeException ignored) {
            // not a plain date; try an instant
        }
        try {
            return TimestampReader.UTC.parse(s, "bound");
        } catch (BadRecordException e) {
            return null;
        }
    }

    /** ISO-8601 UTC text of epoch millis. */
    public static String format(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
