package io.driftwatch.common.parse;

/**
 * A record that cannot be used; the message is the reason written to {@code dead_letter}. Thrown
 * often on bad input, so it carries no stack trace.
 */
public final class BadRecordException extends Exception {
    public BadRecordException(String reason) {
        super(reason, null, false, false);
    }
}
