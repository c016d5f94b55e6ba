package io.driftwatch.jobs.source;

/**
 * One undecoded log record as a source read it.
 *
 * @param source where it came from, for {@code dead_letter}: {@code file:line}, {@code file@byte}
 *     (a line in a split read from the middle of a file), or {@code topic/partition/offset}
 * @param text the line (JSON object or CSV row)
 * @param csvHeader the header line of the CSV file, or null for JSON; one shared String per file
 * @param readError why the rest of the file could not be read (corrupt or truncated compressed
 *     file, unreadable Parquet), or null; such a record goes to {@code dead_letter}
 */
public record RawRecord(String source, String text, String csvHeader, String readError) {

    public static RawRecord line(String source, String text, String csvHeader) {
        return new RawRecord(source, text, csvHeader, null);
    }

    public static RawRecord unreadable(String source, String reason) {
        return new RawRecord(source, null, null, reason);
    }
}
