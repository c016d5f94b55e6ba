package io.driftwatch.jobs.tables;

import io.driftwatch.common.trend.CheckResult;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.List;

/**
 * {@code check_results} (docs/guide/checks.md): each configured check of each window and (model,
 * version, segment), its value, {@code pass | fail | no_data} and the interval it was judged with.
 * Written by the judge with {@code kpi_anomalies} and {@code retraining_signals}.
 */
public final class CheckResultTable {
    private CheckResultTable() {}

    public static final TableSchema<CheckResult> SCHEMA = new TableSchema<>("check_results", List.of(
            Column.string("model", CheckResult::model),
            Column.string("model_version", CheckResult::modelVersion),
            Column.string("segment", CheckResult::segment),
            Column.timestamp("window_start", CheckResult::windowStart),
            Column.timestamp("window_end", CheckResult::windowEnd),
            Column.string("check", CheckResult::check),
            Column.string("expression", CheckResult::expression),
            Column.float64("value", CheckResult::value),
            Column.string("status", CheckResult::status),
            Column.float64("ci_low", CheckResult::ciLow),
            Column.float64("ci_high", CheckResult::ciHigh),
            Column.string("decision", r -> r.retrain() ? "RETRAIN" : "INVESTIGATE"),
            Column.string("note", CheckResult::note)),
            CheckResult::model, CheckResult::windowStart, CheckResultTable::read);

    private static CheckResult read(StoredRow r) {
        return new CheckResult(r.string("model"), r.string("model_version"), r.string("segment"), r.int64("window_start"),
                r.int64("window_end"), r.string("check"), r.string("expression"), r.float64("value"), r.string("status"),
                r.float64("ci_low"), r.float64("ci_high"), r.string("note"), "RETRAIN".equals(r.string("decision")));
    }
}
