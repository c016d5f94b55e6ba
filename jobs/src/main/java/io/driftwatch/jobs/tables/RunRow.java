package io.driftwatch.jobs.tables;

import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.List;

/**
 * One row of {@code runs} (contract §5). {@code records_read = records_valid + records_invalid} always;
 * out-of-range records are valid records outside {@code [from, to)}. Label counts are separate:
 * {@code labels_read = labels_joined + labels_unmatched + labels_out_of_range + labels_invalid + labels_late}
 * ({@code labels_out_of_range}: the label's prediction was read but lies outside the range;
 * {@code labels_unmatched}: no prediction with that id was read). Late records
 * and labels ({@code records_late}, {@code labels_late}: after their window was emitted, streaming
 * only) are in {@code late_events}; late records are valid records.
 *
 * <p>{@code event_time_min/max}: the span of the event times of all valid records, in range or not.
 * {@code input_start}: where the input the run judged started inside its first window (docs/guide/decisions.md,
 * "A log that starts or stops inside a window"): the first record of a run without {@code --from}; for a
 * {@code --since-last-run} run, that of the chain it continues; null when the range's {@code from} is the start.
 * {@code dead_letter_reasons}: dead letters by {@code <kind>:<reason code>} ({@code prediction:bad_timestamp}),
 * most frequent first; {@code dead_letter_examples}: one {@code source: detail} for each, in the same order.
 *
 * <p>The audit trail (docs/guide/audit.md): {@code driftwatch_version}, {@code config} (the config
 * file as JSON, secrets masked), {@code input_files} (each input with its size and modification time,
 * or a topic with its start), {@code output_files} ({@code <sha256>  <path>} of every data file the
 * output holds after the run, as {@code sha256sum} writes them), {@code previous_run_sha256} and
 * {@code run_sha256} (this row's own hash over all its other columns, so rows form a chain).
 * {@code personal_data}: text values that look personal ({@code <column>:email|card|phone}) among the
 * {@code personal_data_scanned} records scanned (docs/guide/privacy.md), counts only.
 */
public record RunRow(
        String runId, String command, long startedAt, long finishedAt, RunStatus status, String configSha256,
        List<String> inputs, List<String> labelInputs, Long from, Long to, long recordsRead, long recordsValid, long recordsInvalid,
        long recordsOutOfRange, long recordsLate, long labelsRead, long labelsJoined, long labelsUnmatched,
        long labelsInvalid, long labelsLate, long kpiWindows, long featureProfiles, long featureDrift, String reference,
        String referenceProfile, String message, Long eventTimeMin, Long eventTimeMax, List<Column.ValueCount> deadLetterReasons,
        List<String> deadLetterExamples, List<Column.ValueCount> decisions, long anomalies, long labelsOutOfRange,
        String driftwatchVersion, String config, List<String> inputFiles, List<String> outputFiles,
        String previousRunSha256, String runSha256, List<Column.ValueCount> personalData, long personalDataScanned,
        Long inputStart) {

    /** The row with its audit trail (docs/guide/audit.md): what it read and wrote, chained to the run before. */
    public RunRow withAudit(List<String> outputs, String previous, String sha256) {
        return new RunRow(runId, command, startedAt, finishedAt, status, configSha256, inputs, labelInputs, from, to,
                recordsRead, recordsValid, recordsInvalid, recordsOutOfRange, recordsLate, labelsRead, labelsJoined,
                labelsUnmatched, labelsInvalid, labelsLate, kpiWindows, featureProfiles, featureDrift, reference,
                referenceProfile, message, eventTimeMin, eventTimeMax, deadLetterReasons, deadLetterExamples, decisions,
                anomalies, labelsOutOfRange, driftwatchVersion, config, inputFiles, outputs, previous, sha256, personalData,
                personalDataScanned, inputStart);
    }

    public static final TableSchema<RunRow> SCHEMA = new TableSchema<>("runs", List.of(
            Column.string("run_id", RunRow::runId),
            Column.string("command", RunRow::command),
            Column.timestamp("started_at", RunRow::startedAt),
            Column.timestamp("finished_at", RunRow::finishedAt),
            Column.string("status", r -> r.status() == null ? null : r.status().value()),
            Column.string("config_sha256", RunRow::configSha256),
            Column.stringList("inputs", RunRow::inputs),
            Column.stringList("label_inputs", RunRow::labelInputs),
            Column.timestamp("from", RunRow::from),
            Column.timestamp("to", RunRow::to),
            Column.int64("records_read", RunRow::recordsRead),
            Column.int64("records_valid", RunRow::recordsValid),
            Column.int64("records_invalid", RunRow::recordsInvalid),
            Column.int64("records_out_of_range", RunRow::recordsOutOfRange),
            Column.int64("records_late", RunRow::recordsLate),
            Column.int64("labels_read", RunRow::labelsRead),
            Column.int64("labels_joined", RunRow::labelsJoined),
            Column.int64("labels_unmatched", RunRow::labelsUnmatched),
            Column.int64("labels_out_of_range", RunRow::labelsOutOfRange),
            Column.int64("labels_invalid", RunRow::labelsInvalid),
            Column.int64("labels_late", RunRow::labelsLate),
            Column.int64("kpi_windows", RunRow::kpiWindows),
            Column.int64("feature_profiles", RunRow::featureProfiles),
            Column.int64("feature_drift", RunRow::featureDrift),
            Column.string("reference", RunRow::reference),
            Column.string("reference_profile", RunRow::referenceProfile),
            Column.string("message", RunRow::message),
            Column.timestamp("event_time_min", RunRow::eventTimeMin),
            Column.timestamp("event_time_max", RunRow::eventTimeMax),
            Column.timestamp("input_start", RunRow::inputStart),
            Column.valueCounts("dead_letter_reasons", RunRow::deadLetterReasons),
            Column.stringList("dead_letter_examples", RunRow::deadLetterExamples),
            Column.valueCounts("decisions", RunRow::decisions),
            Column.int64("anomalies", RunRow::anomalies),
            Column.valueCounts("personal_data", RunRow::personalData),
            Column.int64("personal_data_scanned", RunRow::personalDataScanned),
            Column.string("driftwatch_version", RunRow::driftwatchVersion),
            Column.string("config", RunRow::config),
            Column.stringList("input_files", RunRow::inputFiles),
            Column.stringList("output_files", RunRow::outputFiles),
            Column.string("previous_run_sha256", RunRow::previousRunSha256),
            Column.string("run_sha256", RunRow::runSha256)),
            r -> "__all__", RunRow::startedAt, RunRow::read);

    private static RunRow read(StoredRow r) {
        List<Column.ValueCount> reasons = r.list("dead_letter_reasons");
        List<String> examples = r.list("dead_letter_examples");
        List<Column.ValueCount> decisions = r.list("decisions");
        List<Column.ValueCount> personal = r.list("personal_data");
        return new RunRow(r.string("run_id"), r.string("command"), r.int64("started_at", 0), r.int64("finished_at", 0),
                RunStatus.of(r.string("status")), r.string("config_sha256"), r.list("inputs"), r.list("label_inputs"), r.int64("from"),
                r.int64("to"), r.int64("records_read", 0), r.int64("records_valid", 0), r.int64("records_invalid", 0),
                r.int64("records_out_of_range", 0), r.int64("records_late", 0), r.int64("labels_read", 0),
                r.int64("labels_joined", 0), r.int64("labels_unmatched", 0), r.int64("labels_invalid", 0),
                r.int64("labels_late", 0), r.int64("kpi_windows", 0), r.int64("feature_profiles", 0), r.int64("feature_drift", 0),
                r.string("reference"), r.string("reference_profile"), r.string("message"), r.int64("event_time_min"), r.int64("event_time_max"),
                reasons == null ? List.of() : reasons, examples == null ? List.of() : examples,
                decisions == null ? List.of() : decisions, r.int64("anomalies", 0), r.int64("labels_out_of_range", 0),
                r.string("driftwatch_version"), r.string("config"), r.list("input_files"), r.list("output_files"),
                r.string("previous_run_sha256"), r.string("run_sha256"), personal == null ? List.of() : personal,
                r.int64("personal_data_scanned", 0), r.int64("input_start"));
    }
}
