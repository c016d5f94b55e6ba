package io.driftwatch.jobs.app;

/** The input cannot be analyzed (too many bad records, nothing readable): exit code 3. */
public final class InputRejectedException extends RuntimeException {
    public InputRejectedException(String message) {
        super(message);
    }
}
