package io.driftwatch.jobs.parquet;

import java.io.IOException;

/**
 * A stored Parquet file that cannot be read (cut short, overwritten, not Parquet at all): the
 * message names the file and what to do, and is what the command line prints. It carries the
 * reader's complaint as text, not as a cause, so that the one line shown is this one.
 */
public final class DamagedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public DamagedFileException(String path, Throwable problem) {
        super(path + " is not a readable Parquet file (" + describe(problem).replace(path + " ", "") + "): move it out of the output"
                + " directory (or delete it), then re-run the range it held");
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.split("\n")[0];
    }
}
