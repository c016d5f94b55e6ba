package io.driftwatch.jobs.source;

/**
 * One undecoded log record as a source read it.
 *
 * @param source where it came from, for {@code dead_letter}: {@code file:line}, {@code file@byte}
 *     (a line in a split read from the middle of a file), or {@code topic/partition/offset}
 * @param text the line (JSON object or CSV row)
 * @param csvHeader the header line of the CSV file, or null for JSON; one shared String per file
 * @param readError why the rest of the file could not be read (corrupt or truncated compressed
 *     file, unreadable Parquet), or why the record was not read whole (too long), or null; such a
 *     record goes to {@code dead_letter}
 * @param errorReason the dead letter's reason when {@code readError} is set ({@code too_large}: the
 *     record exceeded {@code input.max_line_bytes} and {@code text} holds its start;
 *     {@code invalid_csv}: a quote never closed); null means {@code unreadable}
 */
public record RawRecord(String source, String text, String csvHeader, String readError,
        io.driftwatch.common.parse.BadRecordException.Reason errorReason) {

    public static RawRecord line(String source, String text, String csvHeader) {
        return new RawRecord(source, text, csvHeader, null, null);
    }

    public static RawRecord unreadable(String source, String reason) {
        return new RawRecord(source, null, null, reason, null);
    }

    /** A record longer than a bound: its start (for {@code dead_letter.raw}) and why. */
    public static RawRecord tooLarge(String source, String start, String reason) {
        return new RawRecord(source, start, null, reason, io.driftwatch.common.parse.BadRecordException.Reason.TOO_LARGE);
    }
}
