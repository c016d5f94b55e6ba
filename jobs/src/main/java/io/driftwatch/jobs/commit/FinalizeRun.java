package io.driftwatch.jobs.commit;

import io.driftwatch.jobs.tables.RetrainingSignalTable;
import io.driftwatch.jobs.tables.KpiAnomalyTable;
import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.pipeline.Counters;
import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.jobs.parquet.TableFiles;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.common.trend.KpiAnomaly;
import io.driftwatch.common.trend.RetrainingSignal;
import io.driftwatch.jobs.trend.Alerts;
import io.driftwatch.jobs.trend.HistoryJudge;
import io.driftwatch.jobs.tables.KpiWindowRow;
import io.driftwatch.jobs.tables.RunRow;
import java.io.IOException;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.common.window.WindowGrid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import io.driftwatch.jobs.pipeline.RunCount;
import java.util.HashMap;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last operator of a batch {@code analyze} run (parallelism 1): it receives the run's counts and
 * the staging writers' row counts, and at end of input — when every writer has closed its files —
 * decides whether the input is accepted ({@code --max-bad-ratio}), commits the staged tables over
 * the run's range ({@link OutputCommitter}) and writes the {@code runs} row. Running inside the job
 * makes the commit independent of who submitted it: the CLI, the REST API ({@code /jars/<id>/run},
 * where the program cannot wait for the job), an application cluster.
 */
public final class FinalizeRun extends AbstractStreamOperator<RunCount>
        implements OneInputStreamOperator<RunCount, RunCount>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FinalizeRun.class);

    /**
     * Everything the commit needs, fixed when the run starts.
     *
     * @param command {@code analyze} or {@code profile}
     * @param windowTables the window tables the run writes (each replaced over the run's range)
     * @param reference where the run's reference came from (null: none)
     * @param referenceOutput where the job writes the reference period it profiles itself (its
     *     {@code kpi_windows} and {@code feature_profiles}, then {@code referenceMarker} as
     *     {@code _reference.json}); null when the reference is not built in the job
     * @param referenceTables the directory holding the reference period's {@code kpi_windows} (a
     *     stored reference's directory, or {@code referenceOutput}); null: no reference
     * @param retraining the rules of contract §7; null: the run judges nothing ({@code profile})
     * @param alerts where the run's alerts go besides the log ({@code --alerts-topic}), or null
     */
    public record Plan(
            String command, String output, String runId, long startedAt, String configSha256, List<String> inputs,
            List<String> labelInputs, long from, long to, WindowGrid window, double maxBadRatio,
            Compression compression, List<String> windowTables, String reference, String referenceOutput,
            long referenceFrom, long referenceTo, String referenceMarker, String referenceTables,
            RetrainingConfig retraining, Alerts.Destination alerts) implements java.io.Serializable {

        /** The plan of one row of a continuous stream: its own id and start. */
        Plan withRun(String id, long started) {
            return new Plan(command, output, id, started, configSha256, inputs, labelInputs, from, to, window, maxBadRatio,
                    compression, windowTables, reference, referenceOutput, referenceFrom, referenceTo, referenceMarker,
                    referenceTables, retraining, alerts);
        }
    }

    /** The file beside a stored reference saying what it was built from (period, inputs, config hash). */
    public static final String REFERENCE_MARKER = "_reference.json";

    private final Plan plan;
    private transient Map<String, Long> counts;
    private transient Map<String, String> examples;

    public FinalizeRun(Plan plan) {
        this.plan = plan;
    }

    @Override
    public void open() throws Exception {
        super.open();
        counts = new HashMap<>();
        examples = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<RunCount> r) {
        Counters.accumulate(counts, examples, r.getValue());
    }

    @Override
    public void endInput() throws IOException {
        commit();
    }

    /**
     * Records a run that failed before its finalizer ran: drops its staged files and writes a
     * {@code failed} row (called by the client when it sees the job fail).
     */
    public static void recordFailure(Plan plan, String message) {
        try {
            Path out = new Path(plan.output());
            new OutputCommitter(out, plan.runId(), plan.compression()).cleanUp();
            if (plan.referenceOutput() != null) {
                new OutputCommitter(new Path(plan.referenceOutput()), plan.runId(), plan.compression()).cleanUp();
            }
            RunLog.write(out, plan.compression(), row(plan, "failed", Map.of(), Map.of(), 0, message));
            OutputLock.release(out, plan.runId());
        } catch (Exception e) {
            LOG.error("run {}: could not record the failure", plan.runId(), e);
        }
    }

    private void commit() throws IOException {
        Path out = new Path(plan.output());
        // a commit an earlier run left half done (it crashed) is completed before this one starts
        for (String line : CommitJournal.recover(out)) LOG.warn("run {}: {}", plan.runId(), line);
        OutputCommitter committer = new OutputCommitter(out, plan.runId(), plan.compression());
        Map<String, Long> c = counts;
        long read = c.getOrDefault(Counters.RECORDS_READ, 0L);
        long invalid = c.getOrDefault(Counters.RECORDS_INVALID, 0L);
        long first = plan.from() != Long.MIN_VALUE ? plan.from() : c.getOrDefault(Counters.FIRST_EVENT, Long.MAX_VALUE);
        long last = plan.to() != Long.MAX_VALUE ? plan.to() : c.getOrDefault(Counters.LAST_EVENT, Long.MIN_VALUE);
        WindowGrid grid = plan.window();
        // without --from/--to, the range is that of the windows the data touched
        long rangeStart = plan.from() != Long.MIN_VALUE ? plan.from()
                : first == Long.MAX_VALUE ? 0 : grid.start(first);
        long rangeEnd = plan.to() != Long.MAX_VALUE ? plan.to()
                : last == Long.MIN_VALUE ? 0 : grid.end(grid.start(last));
        // the run owns every window its range touches: one cut by the range is written as a partial
        // window (coverage columns) and replaces that window's rows, so no window has two copies
        long windowsStart = rangeStart < rangeEnd ? grid.start(rangeStart) : rangeStart;
        long windowsEnd = rangeStart < rangeEnd ? grid.ceil(rangeEnd) : rangeEnd;
        // dead letters whose time is unknown are filed under the range's start (a run without data: its own start)
        long unknownTimeAs = rangeStart < rangeEnd ? rangeStart : plan.startedAt();

        boolean rejected = read == 0 || (double) invalid / read > plan.maxBadRatio();
        List<Column.ValueCount> reasons = reasons(c);
        String message = read == 0 ? "no records in the input"
                : rejected ? rejection(invalid, read, reasons, examples)
                : null;
        // a run without --from/--to owns only the windows that hold its records: one stray timestamp
        // (a year ago, a clock reset) must not make its commit replace every window in between
        List<long[]> spans = plan.from() == Long.MIN_VALUE && plan.to() == Long.MAX_VALUE && windowsStart < windowsEnd
                ? committer.stagedSpans(plan.windowTables(), "window_start", grid)
                : List.of(new long[] {windowsStart, windowsEnd});
        if (spans.size() > 1) {
            LOG.info("run {}: the records fill {} separate spans of windows; only those are replaced", plan.runId(),
                    spans.size());
        }
        if (!rejected) {
            List<String> stored = new ArrayList<>(plan.windowTables());
            stored.addAll(List.of(DeadLetterRow.SCHEMA.table(), KpiAnomalyTable.SCHEMA.table(), RetrainingSignalTable.SCHEMA.table()));
            committer.checkStoredFiles(stored);
        }
        try {
            if (!rejected) {
                for (String table : plan.windowTables()) {
                    LOG.info("run {}: {} in {}: {}", plan.runId(), table, describe(spans),
                            committer.replace(table, "window_start", spans, windowsStart, null));
                }
            }
            List<long[]> deadLetterSpans = spans.size() > 1 ? spans : List.of(new long[] {rangeStart, rangeEnd});
            LOG.info("run {}: dead_letter in {}: {}", plan.runId(), describe(deadLetterSpans), committer.replace(
                    DeadLetterRow.SCHEMA.table(), "partition_time", deadLetterSpans, unknownTimeAs, "source"));
            if (!rejected && plan.referenceOutput() != null) {
                if (c.getOrDefault("reference_rows_" + io.driftwatch.jobs.tables.FeatureProfileRow.SCHEMA.table(), 0L) > 0) {
                    commitReference();
                } else {
                    LOG.warn("run {}: the reference period holds no records; no reference written", plan.runId());
                    Path dir = new Path(plan.referenceOutput());
                    new OutputCommitter(dir, plan.runId(), plan.compression()).cleanUp();
                    // a marker of an earlier, other reference would now claim this run's period
                    Path marker = new Path(dir, REFERENCE_MARKER);
                    if (marker.getFileSystem().exists(marker)) marker.getFileSystem().delete(marker, false);
                }
            }
            HistoryJudge.Judged judged = !rejected && plan.retraining() != null ? judge(committer, spans) : null;
            // every table of the range switches at once (docs/reference/store.md)
            committer.publish();
            if (judged != null) alert(judged);
        } finally {
            committer.cleanUp();
        }
        RunLog.write(out, plan.compression(), row(plan, rejected ? "rejected" : "succeeded", c, examples, rejected ? 0
                : c.getOrDefault("rows_" + KpiWindowRow.SCHEMA.table(), 0L), message));
        // the run is recorded: the next one may start (also when nobody waits for this job)
        OutputLock.release(out, plan.runId());
    }

    /**
     * The reference period profiled in this job: its tables replace the reference directory's rows of
     * the period, then the marker says what it was built from, so later runs reuse it.
     */
    private void commitReference() throws IOException {
        Path dir = new Path(plan.referenceOutput());
        OutputCommitter reference = new OutputCommitter(dir, plan.runId(), plan.compression());
        try {
            for (String table : List.of(KpiWindowRow.SCHEMA.table(), io.driftwatch.jobs.tables.FeatureProfileRow.SCHEMA.table())) {
                LOG.info("run {}: reference {}: {}", plan.runId(), table, reference.replace(table, "window_start",
                        plan.referenceFrom(), plan.referenceTo(), plan.referenceFrom()));
            }
            reference.publish();
            Path marker = new Path(dir, REFERENCE_MARKER);
            try (var out = marker.getFileSystem().create(marker, org.apache.flink.core.fs.FileSystem.WriteMode.OVERWRITE)) {
                out.write(plan.referenceMarker().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } finally {
            reference.cleanUp();
        }
    }

    /**
     * KPI anomalies and retraining decisions of the range's windows, against the stored history as
     * the commit will leave it (its view: this run's windows in place of the range's), prepared for
     * the same commit.
     */
    private HistoryJudge.Judged judge(OutputCommitter committer, List<long[]> spans) throws IOException {
        spans = spans.stream().filter(span -> span[0] < span[1]).toList();
        if (spans.isEmpty()) return null;
        long started = System.nanoTime();
        List<KpiAnomaly> anomalies = new ArrayList<>();
        List<RetrainingSignal> signals = new ArrayList<>();
        List<io.driftwatch.jobs.tables.FeatureDriftRow> drifted = new ArrayList<>();
        for (long[] span : spans) {
            HistoryJudge.Judged j = new HistoryJudge(plan.retraining(), plan.window()).judge(committer.view(),
                    plan.referenceTables() == null ? null : new Path(plan.referenceTables()), span[0], span[1]);
            anomalies.addAll(j.anomalies());
            signals.addAll(j.signals());
            drifted.addAll(j.drifted());
        }
        HistoryJudge.Judged judged = new HistoryJudge.Judged(anomalies, signals, drifted);
        TableFiles.write(committer.stagingDir(KpiAnomalyTable.SCHEMA.table()), KpiAnomalyTable.SCHEMA, judged.anomalies(),
                "part-judge.parquet", plan.compression());
        TableFiles.write(committer.stagingDir(RetrainingSignalTable.SCHEMA.table()), RetrainingSignalTable.SCHEMA,
                judged.signals(), "part-judge.parquet", plan.compression());
        for (String table : List.of(KpiAnomalyTable.SCHEMA.table(), RetrainingSignalTable.SCHEMA.table())) {
            LOG.info("run {}: {} in {}: {}", plan.runId(), table, describe(spans),
                    committer.replace(table, "window_start", spans, spans.get(0)[0], null));
        }
        LOG.info("run {}: judged {} windows and {} KPI series points in {} ms", plan.runId(), judged.signals().size(),
                judged.anomalies().size(), (System.nanoTime() - started) / 1_000_000);
        return judged;
    }

    /** Sends the committed judgments' alerts and counts them for the {@code runs} row. */
    private void alert(HistoryJudge.Judged judged) {
        try {
            int sent = Alerts.publish(Alerts.of(plan.runId(), judged), plan.alerts());
            if (plan.alerts() != null) LOG.info("run {}: {} alerts sent to {}", plan.runId(), sent, plan.alerts().topic());
        } catch (Exception e) {
            // the tables are committed; a broker that is down must not undo them
            LOG.error("run {}: could not send alerts to {}", plan.runId(), plan.alerts(), e);
        }
        counts.put(ANOMALIES_FIRED, judged.anomalies().stream().filter(KpiAnomaly::anomaly).count());
        for (RetrainingSignal r : judged.signals()) counts.merge(DECISION + r.decision(), 1L, Long::sum);
    }

    private static String describe(List<long[]> spans) {
        StringBuilder b = new StringBuilder();
        for (long[] span : spans) {
            if (b.length() > 0) b.append(", ");
            b.append('[').append(Timestamps.format(span[0])).append(", ").append(Timestamps.format(span[1])).append(')');
        }
        return b.toString();
    }

    static final String DECISION = "decision:";
    static final String ANOMALIES_FIRED = "anomalies_fired";

    /** The run's decisions by kind, RETRAIN first, for the {@code runs} row and the console. */
    static List<Column.ValueCount> decisions(Map<String, Long> c) {
        List<Column.ValueCount> out = new ArrayList<>();
        for (io.driftwatch.common.trend.Verdict d : io.driftwatch.common.trend.Verdict.MOST_SEVERE_FIRST) {
            Long n = c.get(DECISION + d.name());
            if (n != null) out.add(new Column.ValueCount(d.name(), n));
        }
        return out;
    }

    /** Dead letters by {@code kind:reason}, most frequent first (ties by name). */
    static List<Column.ValueCount> reasons(Map<String, Long> c) {
        List<Column.ValueCount> out = new ArrayList<>();
        c.forEach((name, n) -> {
            if (name.startsWith(Counters.DEAD_LETTER)) out.add(new Column.ValueCount(name.substring(Counters.DEAD_LETTER.length()), n));
        });
        out.sort(Comparator.comparingLong(Column.ValueCount::count).reversed().thenComparing(Column.ValueCount::value));
        return out;
    }

    /** Why the input was rejected: the main reasons first, the ratio last. */
    private String rejection(long invalid, long read, List<Column.ValueCount> reasons, Map<String, String> examples) {
        StringBuilder m = new StringBuilder(String.format("%d of %d records (%.2f%%) are unusable", invalid, read,
                100.0 * invalid / read));
        int shown = 0;
        for (Column.ValueCount r : reasons) {
            if (!r.value().startsWith("prediction:") || shown++ == 2) continue;
            m.append(shown == 1 ? ": " : "; ").append(r.value().substring("prediction:".length())).append(" (")
                    .append(r.count()).append(")");
            String e = examples.get(Counters.DEAD_LETTER + r.value());
            if (e != null) m.append(", e.g. ").append(e);
        }
        m.append(" — more than --max-bad-ratio ").append(plan.maxBadRatio()).append("; see ").append(plan.output())
                .append("/dead_letter");
        return m.toString();
    }

    static RunRow row(Plan plan, String status, Map<String, Long> c, Map<String, String> examples,
            long kpiWindows, String message) {
        List<Column.ValueCount> reasons = reasons(c);
        List<String> reasonExamples = new ArrayList<>();
        for (Column.ValueCount r : reasons) reasonExamples.add(examples.getOrDefault(Counters.DEAD_LETTER + r.value(), ""));
        return new RunRow(plan.runId(), plan.command(), plan.startedAt(), System.currentTimeMillis(), status,
                plan.configSha256(), plan.inputs(), plan.labelInputs(),
                plan.from() == Long.MIN_VALUE ? null : plan.from(), plan.to() == Long.MAX_VALUE ? null : plan.to(),
                c.getOrDefault(Counters.RECORDS_READ, 0L), c.getOrDefault(Counters.RECORDS_VALID, 0L),
                c.getOrDefault(Counters.RECORDS_INVALID, 0L), c.getOrDefault(Counters.RECORDS_OUT_OF_RANGE, 0L),
                c.getOrDefault(Counters.RECORDS_LATE, 0L), c.getOrDefault(Counters.LABELS_READ, 0L),
                c.getOrDefault(Counters.LABELS_JOINED, 0L), c.getOrDefault(Counters.LABELS_UNMATCHED, 0L),
                c.getOrDefault(Counters.LABELS_INVALID, 0L), c.getOrDefault(Counters.LABELS_LATE, 0L), kpiWindows,
                c.getOrDefault("rows_feature_profiles", 0L), c.getOrDefault("rows_feature_drift", 0L),
                plan.reference(), plan.referenceTables(), message, c.get(Counters.VALID_TIME_MIN), c.get(Counters.VALID_TIME_MAX), reasons,
                reasonExamples, decisions(c), c.getOrDefault(ANOMALIES_FIRED, 0L));
    }
}
