package io.driftwatch.jobs.tables;

import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.TableSchema;
import io.driftwatch.common.parse.BadRecordException.Reason;
import java.util.List;

/**
 * One row of {@code dead_letter} (contract §5): a record that could not be used, with the reason.
 *
 * @param source file and line ({@code file:line}), or {@code file@byte} in a split, or topic/partition/offset
 * @param raw the record's text, cut to {@link #MAX_RAW_CHARS}
 * @param error the stable reason code ({@code bad_timestamp}, ...: {@code BadRecordException.Reason})
 * @param detail what exactly is wrong, for a person (may quote the bad value)
 * @param model the model, when the record got that far (else null: partition {@code __unknown__})
 * @param partitionTime epoch millis whose date names the partition: the record's timestamp when it
 *     could be read, else {@link #UNKNOWN_TIME} until the commit sets it to the start of the run's
 *     range (so a re-run of the range replaces it)
 * @param kind {@code prediction} or {@code label}
 */
public record DeadLetterRow(
        String source, String raw, String error, String detail, long ingestedAt, String model, long partitionTime, String kind) {

    /** Partition time of a record whose own time cannot be read (see {@code OutputCommitter}). */
    public static final long UNKNOWN_TIME = Long.MIN_VALUE;

    /** contract §5: the first 4 KiB of the record. */
    public static final int MAX_RAW_CHARS = 4096;

    public static DeadLetterRow of(String source, String raw, Reason reason, String detail, String model,
            long partitionTime, String kind) {
        return new DeadLetterRow(source, cut(raw), reason.code(), detail, System.currentTimeMillis(), model, partitionTime,
                kind);
    }

    /** A record's text as the tables keep it: its first {@link #MAX_RAW_CHARS} characters. */
    public static String cut(String raw) {
        return raw == null || raw.length() <= MAX_RAW_CHARS ? raw : raw.substring(0, MAX_RAW_CHARS);
    }

    public static final TableSchema<DeadLetterRow> SCHEMA = new TableSchema<>("dead_letter", List.of(
            Column.string("source", DeadLetterRow::source),
            Column.string("raw", DeadLetterRow::raw),
            Column.string("error", DeadLetterRow::error),
            Column.string("detail", DeadLetterRow::detail),
            Column.timestamp("ingested_at", DeadLetterRow::ingestedAt),
            Column.string("model", DeadLetterRow::model),
            Column.string("kind", DeadLetterRow::kind),
            Column.timestamp("partition_time", r -> r.partitionTime() == UNKNOWN_TIME ? null : r.partitionTime())),
            DeadLetterRow::model, DeadLetterRow::partitionTime);
}
