package io.driftwatch.jobs.tables;

import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.List;

/**
 * One row of {@code late_events} (contract §5): a prediction or label that arrived after its window was
 * emitted by {@code stream}. The window's rows do not include it; a later {@code analyze} over the
 * window reads it from the logs and recomputes the window exactly.
 *
 * @param source topic/partition/offset or file and line
 * @param raw the record's text (first 4 KiB); for a label, its fields as JSON
 * @param kind {@code prediction} or {@code label}
 * @param eventTime the prediction's timestamp (for a label: its prediction's)
 * @param windowStart the start of the window it belongs to
 * @param reason why it is late, for a person
 * @param model the model, for the partition
 */
public record LateEventRow(String source, String raw, String kind, long eventTime, long windowStart, String reason,
        long ingestedAt, String model) {

    public static LateEventRow of(String source, String raw, String kind, long eventTime, long windowStart,
            String reason, String model) {
        return new LateEventRow(source, DeadLetterRow.cut(raw), kind, eventTime, windowStart, reason, System.currentTimeMillis(), model);
    }

    public static final TableSchema<LateEventRow> SCHEMA = new TableSchema<>("late_events", List.of(
            Column.string("source", LateEventRow::source),
            Column.string("raw", LateEventRow::raw),
            Column.string("kind", LateEventRow::kind),
            Column.timestamp("event_time", LateEventRow::eventTime),
            Column.timestamp("window_start", LateEventRow::windowStart),
            Column.string("reason", LateEventRow::reason),
            Column.timestamp("ingested_at", LateEventRow::ingestedAt),
            Column.string("model", LateEventRow::model)),
            LateEventRow::model, LateEventRow::windowStart);
}
