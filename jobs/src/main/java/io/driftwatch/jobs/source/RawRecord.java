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
 * @param attributes a Kafka message's headers (name → UTF-8 text) as a JSON object, read when a
 *     platform's format keeps attributes there ({@code input.format}); null for files
 * @param sourceTime when the source says the record was written: a Kafka message's timestamp, a
 *     file's modification time (epoch millis); Long.MIN_VALUE when unknown. Read only by formats
 *     whose records may carry no time of their own (KServe's blob-store records, SageMaker ground truth).
 */
public record RawRecord(String source, String text, String csvHeader, String readError,
        io.driftwatch.common.parse.BadRecordException.Reason errorReason, String attributes, long sourceTime) {

    public RawRecord(String source, String text, String csvHeader, String readError,
            io.driftwatch.common.parse.BadRecordException.Reason errorReason) {
        this(source, text, csvHeader, readError, errorReason, null, Long.MIN_VALUE);
    }

    public static RawRecord line(String source, String text, String csvHeader) {
        return new RawRecord(source, text, csvHeader, null, null);
    }

    /** A line of a file modified at {@code modified} (epoch millis). */
    public static RawRecord line(String source, String text, String csvHeader, long modified) {
        return new RawRecord(source, text, csvHeader, null, null, null, modified);
    }

    /** A message's value with its headers (see above) and time. */
    public static RawRecord message(String source, String text, String attributes, long time) {
        return new RawRecord(source, text, null, null, null, attributes, time);
    }

    public static RawRecord unreadable(String source, String reason) {
        return new RawRecord(source, null, null, reason, null);
    }

    /** A record longer than a bound: its start (for {@code dead_letter.raw}) and why. */
    public static RawRecord tooLarge(String source, String start, String reason) {
        return new RawRecord(source, start, null, reason, io.driftwatch.common.parse.BadRecordException.Reason.TOO_LARGE);
    }

    /**
     * The file a record was read from ({@code source} without its {@code :line}, {@code @byte} or
     * {@code :rowN}), or null for a message.
     */
    public String file() {
        if (attributes != null || source == null) return null;
        int colon = source.lastIndexOf(':');
        int at = source.lastIndexOf('@');
        int cut = Math.max(colon, at);
        if (cut <= 0) return source;
        String tail = source.substring(cut + 1);
        if (tail.startsWith("row")) tail = tail.substring(3);
        return !tail.isEmpty() && tail.chars().allMatch(Character::isDigit) ? source.substring(0, cut) : source;
    }
}
