package io.driftwatch.common.parse;

/**
 * A record that cannot be used: a stable {@link Reason} (the {@code error} column of
 * {@code dead_letter}, so {@code GROUP BY error} groups) and a detail a person can act on (the
 * {@code detail} column, which may quote the bad value). Thrown often on bad input, so it carries no
 * stack trace.
 */
public final class BadRecordException extends Exception {
    private final Reason reason;

    public BadRecordException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** The stable reason code. */
    public Reason reason() {
        return reason;
    }

    /** Why a record went to {@code dead_letter}; {@link #code()} is what the table holds. */
    public enum Reason {
        /** A file (or the rest of it) could not be read: corrupt or truncated compressed data. */
        UNREADABLE,
        /** Not valid JSON (JSON Lines) or a damaged Parquet value. */
        INVALID_JSON,
        /** Valid JSON, but not one object. */
        NOT_AN_OBJECT,
        /** A CSV row that cannot be split, or with another number of cells than the header. */
        INVALID_CSV,
        /** A required field is absent, null or empty; the detail names it. */
        MISSING_FIELD,
        /** The timestamp is in no form the config reads; the detail says which key fixes it. */
        BAD_TIMESTAMP,
        /**
         * The timestamp reads, but lies outside {@code input.earliest_timestamp} ..
         * {@code input.latest_timestamp} (epoch 0, year 9999: a logging bug, not an event).
         */
        IMPLAUSIBLE_TIMESTAMP,
        /** A line longer than {@code input.max_line_bytes}, or a JSON value nested deeper than 1,000 levels. */
        TOO_LARGE,
        /** The model name or version is not text, or too long. */
        BAD_MODEL,
        /** The prediction is not what the model's task needs. */
        BAD_PREDICTION,
        /** The label is not what the model's task needs. */
        BAD_LABEL,
        /** The latency is not a non-negative finite number. */
        BAD_LATENCY,
        /** A resource figure or the resources object is not what it should be. */
        BAD_RESOURCES,
        /** Another field has the wrong type (prediction_id, status). */
        BAD_FIELD,
        /**
         * A request (or response) of a format that logs them apart ({@code input.format: kserve},
         * {@code seldon}) whose other half did not come within {@code input.pairing_wait}, or came twice.
         */
        UNPAIRED,
        /** A fault in Driftwatch itself while reading the record (the detail has the exception). */
        UNEXPECTED_ERROR;

        /** The code as written to {@code dead_letter.error}: the name in lower case. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
