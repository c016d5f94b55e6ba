package io.driftwatch.jobs.source;

/**
 * One undecoded log record as a source read it.
 *
 * @param source where it came from, for {@code dead_letter}: {@code file:line}, {@code file@byte}
 *     (a line in a split read from the middle of a file), or {@code topic/partition/offset}
 * @param text the line (JSON object or CSV row)
 * @param csvHeader the header line of the CSV file, or null for JSON; one shared String per file
 */
public record RawRecord(String source, String text, String csvHeader) {}
