package io.driftwatch.jobs.source;

import java.util.Locale;

/** The log formats, told apart by file name; anything not .csv or .parquet is read as JSON Lines. */
public enum InputFormat {
    JSONL, CSV, PARQUET;

    /** The format of a file, ignoring a compression suffix such as {@code .gz}. */
    public static InputFormat of(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {".gz", ".gzip", ".bz2", ".xz", ".deflate", ".zst"}) {
            if (n.endsWith(suffix)) {
                n = n.substring(0, n.length() - suffix.length());
                break;
            }
        }
        if (n.endsWith(".csv")) return CSV;
        if (n.endsWith(".parquet")) return PARQUET;
        return JSONL;
    }
}
