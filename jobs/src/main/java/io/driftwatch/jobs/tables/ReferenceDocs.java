package io.driftwatch.jobs.tables;

import io.driftwatch.common.kpi.Intervals;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.model.Task;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The generated part of the contract, {@code docs/reference/output-tables.md}: every output table's
 * columns and Parquet types as the writers define them, and the KPIs of {@code kpi_windows} with
 * what they are counted over, which way is worse, whether they are watched and how their interval
 * is computed. {@code ReferenceDocsTest} fails when the file and the code disagree, and rewrites it
 * with {@code -Ddriftwatch.updateDocs=true}.
 */
public final class ReferenceDocs {
    public static final List<TableSchema<?>> TABLES = List.of(KpiWindowRow.SCHEMA, FeatureProfileRow.SCHEMA,
            FeatureDriftRow.SCHEMA, KpiAnomalyRow.SCHEMA, RetrainingSignalRow.SCHEMA, DeadLetterRow.SCHEMA,
            LateEventRow.SCHEMA, RunRow.SCHEMA);

    private ReferenceDocs() {}

    /** The file's text. */
    public static String outputTables() {
        StringBuilder b = new StringBuilder();
        b.append("# Output tables (generated)\n\n")
                .append("Generated from the table writers (`jobs/.../tables/*Row.java`) and `common/.../kpi/Kpi.java` by\n")
                .append("`ReferenceDocs`; `ReferenceDocsTest` fails when this file and the code disagree (regenerate with\n")
                .append("`mvn -pl jobs test -Dtest=ReferenceDocsTest -Ddriftwatch.updateDocs=true`). Meanings, rules and\n")
                .append("examples: the README. Every file is `DIR/<table>/model=<model>/date=<YYYY-MM-DD>/*.parquet`.\n\n");
        b.append("## KPIs of `kpi_windows`\n\n")
                .append(String.format(Locale.ROOT, "Intervals are at %.0f %% (`<kpi>_ci_low`, `<kpi>_ci_high`).%n%n",
                        100 * Intervals.LEVEL))
                .append("| column | tasks | counted over | worse when | watched by default | interval |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (Kpi k : Kpi.values()) {
            String tasks = k.tasks() == null ? "all" : k.tasks().stream().sorted().map(Task::configName)
                    .collect(Collectors.joining(", "));
            String worse = switch (k.better()) {
                case HIGHER -> "lower";
                case LOWER -> "higher";
                case NONE -> "either way";
            };
            b.append("| `").append(k.column()).append("` | ").append(tasks).append(" | ")
                    .append(k.basis() == Kpi.Basis.LABELS ? "labeled predictions" : "predictions").append(" | ")
                    .append(worse).append(" | ").append(k.watched() ? "yes" : "").append(" | ")
                    .append(k.interval() == null ? "" : k.interval()).append(" |\n");
        }
        for (TableSchema<?> t : TABLES) {
            b.append("\n## `").append(t.table()).append("`\n\n| column | type |\n| --- | --- |\n");
            for (Column<?> c : t.columns()) {
                b.append("| `").append(c.name()).append("` | ").append(type(c.kind())).append(" |\n");
            }
        }
        return b.toString();
    }

    private static String type(Column.Kind kind) {
        return switch (kind) {
            case STRING -> "STRING";
            case LONG -> "INT64";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMP (millis, UTC)";
            case BINARY -> "BINARY";
            case STRING_LIST -> "LIST<STRING>";
            case DOUBLE_LIST -> "LIST<DOUBLE>";
            case VALUE_COUNTS -> "LIST<STRUCT<value STRING, count INT64>>";
        };
    }
}
