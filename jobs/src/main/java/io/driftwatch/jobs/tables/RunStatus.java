package io.driftwatch.jobs.tables;

import java.util.Locale;

/** How a run ended, as {@code runs.status} spells it (contract §5): lower case. */
public enum RunStatus {
    /** The input was accepted and the range committed. */
    SUCCEEDED,
    /** More than {@code --max-bad-ratio} of the records were unusable: nothing but dead letters was written. */
    REJECTED,
    /** The job failed; its staged files were removed. */
    FAILED,
    /** A period of a continuous stream, written on a checkpoint. */
    STREAMING;

    /** The value in {@code runs.status}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a stored row names, or null for a value this release does not know. */
    public static RunStatus of(String value) {
        for (RunStatus s : values()) if (s.value().equals(value)) return s;
        return null;
    }
}
