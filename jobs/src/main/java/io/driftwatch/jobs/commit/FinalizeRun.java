package io.driftwatch.jobs.commit;

import io.driftwatch.jobs.tables.RunStatus;
import io.driftwatch.jobs.tables.RetrainingSignalTable;
import io.driftwatch.jobs.tables.KpiAnomalyTable;
import io.driftwatch.jobs.tables.ModelVersionTable;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.pipeline.Counters;
import io.driftwatch.jobs.parquet.TableFiles;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.common.trend.KpiAnomaly;
import io.driftwatch.common.trend.RetrainingSignal;
import io.driftwatch.jobs.trend.AlertRoutes;
import io.driftwatch.jobs.trend.Alerts;
import io.driftwatch.jobs.trend.HistoryJudge;
import io.driftwatch.jobs.tables.KpiWindowRow;
import java.io.IOException;
import io.driftwatch.common.window.WindowGrid;
import java.util.ArrayList;
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

    /** The file beside a stored reference saying what it was built from (period, inputs, config hash). */
    public static final String REFERENCE_MARKER = "_reference.json";

    private final CommitPlan plan;
    private transient Map<String, Long> counts;
    private transient Map<String, String> examples;

    public FinalizeRun(CommitPlan plan) {
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
    public static void recordFailure(CommitPlan plan, String message) {
        try {
            Path out = new Path(plan.output().dir());
            new OutputCommitter(out, plan.run().id(), plan.output().compression()).cleanUp();
            if (plan.reference().periodOutput() != null) {
                new OutputCommitter(new Path(plan.reference().periodOutput()), plan.run().id(), plan.output().compression()).cleanUp();
            }
            RunLog.write(out, plan.output().compression(), AuditTrail.seal(out, RunRecord.row(plan, RunStatus.FAILED,
                    RunCounts.of(Map.of(), Map.of()), 0, message), null));
            OutputLock.release(out, plan.run().id());
        } catch (Exception e) {
            LOG.error("run {}: could not record the failure", plan.run().id(), e);
        }
    }

    private void commit() throws IOException {
        Path out = new Path(plan.output().dir());
        // a commit an earlier run left half done (it crashed) is completed before this one starts
        for (String line : CommitJournal.recover(out)) LOG.warn("run {}: {}", plan.run().id(), line);
        OutputCommitter committer = new OutputCommitter(out, plan.run().id(), plan.output().compression());
        RunCounts c = RunCounts.of(counts, examples);
        long read = c.recordsRead();
        long invalid = c.recordsInvalid();
        long first = plan.range().from() != Long.MIN_VALUE ? plan.range().from()
                : c.firstEvent() == null ? Long.MAX_VALUE : c.firstEvent();
        long last = plan.range().to() != Long.MAX_VALUE ? plan.range().to()
                : c.lastEvent() == null ? Long.MIN_VALUE : c.lastEvent();
        WindowGrid grid = plan.range().window();
        // without --from/--to, the range is that of the windows the data touched
        long rangeStart = plan.range().from() != Long.MIN_VALUE ? plan.range().from()
                : first == Long.MAX_VALUE ? 0 : grid.start(first);
        long rangeEnd = plan.range().to() != Long.MAX_VALUE ? plan.range().to()
                : last == Long.MIN_VALUE ? 0 : grid.end(grid.start(last));
        // the run owns every window its range touches: one cut by the range is written as a partial
        // window (coverage columns) and replaces that window's rows, so no window has two copies
        long windowsStart = rangeStart < rangeEnd ? grid.start(rangeStart) : rangeStart;
        long windowsEnd = rangeStart < rangeEnd ? grid.ceil(rangeEnd) : rangeEnd;
        // dead letters whose time is unknown are filed under the range's start (a run without data: its own start)
        long unknownTimeAs = rangeStart < rangeEnd ? rangeStart : plan.run().startedAt();

        // windows carried from the last run are analyzed again even when no new record came (silence)
        boolean carriedIn = plan.range().freshFrom() != Long.MIN_VALUE;
        boolean rejected = (read == 0 && !carriedIn) || (read > 0 && (double) invalid / read > plan.range().maxBadRatio());
        // label files given, not one label record readable: the config reads them wrongly (a key forgotten)
        boolean labelsUnusable = !rejected && c.labelsRead() > 0 && c.labelsInvalid() == c.labelsRead();
        rejected |= labelsUnusable;
        String message = read == 0 && !carriedIn ? "no records in the input"
                : labelsUnusable ? RunRecord.labelsRejection(plan, c, c.unusableLabelRecord())
                : rejected ? RunRecord.rejection(plan, c)
                : null;
        // a run without --from/--to owns only the windows that hold its records: one stray timestamp
        // (a year ago, a clock reset) must not make its commit replace every window in between
        List<long[]> spans = plan.range().from() == Long.MIN_VALUE && plan.range().to() == Long.MAX_VALUE && windowsStart < windowsEnd
                ? committer.stagedSpans(plan.output().windowTables(), "window_start", grid)
                : List.of(new long[] {windowsStart, windowsEnd});
        if (spans.size() > 1) {
            LOG.info("run {}: the records fill {} separate spans of windows; only those are replaced", plan.run().id(),
                    spans.size());
        }
        if (!rejected) {
            List<String> stored = new ArrayList<>(plan.output().windowTables());
            stored.addAll(List.of(DeadLetterRow.SCHEMA.table(), KpiAnomalyTable.SCHEMA.table(), RetrainingSignalTable.SCHEMA.table(),
                    ModelVersionTable.SCHEMA.table(), io.driftwatch.jobs.tables.CheckResultTable.SCHEMA.table()));
            // the files this commit replaces or rewrites and those the judge reads: from the first window
            // replaced, or its history's start (a daily run's cost does not grow with the output's age)
            long readFrom = spans.stream().mapToLong(span -> span[0]).min().orElse(Long.MIN_VALUE);
            if (readFrom != Long.MIN_VALUE && plan.retraining() != null) {
                readFrom = new HistoryJudge(plan.retraining(), plan.range().window()).readsFrom(readFrom);
            }
            committer.checkStoredFiles(stored, readFrom);
        }
        long inputStart = Long.MIN_VALUE; // as the judge took it: the runs row keeps it for the next run
        try {
            if (!rejected) {
                for (String table : plan.output().windowTables()) {
                    LOG.info("run {}: {} in {}: {}", plan.run().id(), table, describe(spans),
                            committer.replace(table, "window_start", spans, windowsStart, null));
                }
            }
            // windows carried from the last run: the dead letters of their records are that run's (a record
            // found again is replaced by its source)
            long deadLettersFrom = Math.max(rangeStart, plan.range().freshFrom());
            List<long[]> deadLetterSpans = spans.size() > 1 ? spans : List.of(new long[] {deadLettersFrom, rangeEnd});
            LOG.info("run {}: dead_letter in {}: {}", plan.run().id(), describe(deadLetterSpans), committer.replace(
                    DeadLetterRow.SCHEMA.table(), "partition_time", deadLetterSpans, unknownTimeAs, "source"));
            if (!rejected && plan.reference().periodOutput() != null) {
                if (c.referenceProfileRows() > 0) {
                    commitReference();
                } else {
                    LOG.warn("run {}: the reference period holds no records; no reference written", plan.run().id());
                    Path dir = new Path(plan.reference().periodOutput());
                    new OutputCommitter(dir, plan.run().id(), plan.output().compression()).cleanUp();
                    // a marker of an earlier, other reference would now claim this run's period
                    Path marker = new Path(dir, REFERENCE_MARKER);
                    if (marker.getFileSystem().exists(marker)) marker.getFileSystem().delete(marker, false);
                }
            }
            // without --from/--to the input's start and end may cut its first and last windows: the judge
            // leaves those windows' volumes alone (with --from, a stored first window an earlier run's input cut)
            inputStart = plan.range().from() != Long.MIN_VALUE ? plan.range().storedInputStart()
                    : c.firstEvent() != null ? c.firstEvent() : Long.MIN_VALUE;
            long inputEnd = plan.range().to() == Long.MAX_VALUE && c.lastEvent() != null ? c.lastEvent() + 1 : Long.MAX_VALUE;
            HistoryJudge.Judged judged = !rejected && plan.retraining() != null
                    ? judge(committer, spans, inputStart, inputEnd) : null;
            // every table of the range switches at once (docs/reference/store.md)
            committer.publish();
            if (judged != null) alert(judged);
        } finally {
            committer.cleanUp();
        }
        // the judge's counts join the job's
        RunCounts recorded = RunCounts.of(counts, examples);
        // sealed: the files the output holds now, chained to the run before (docs/guide/audit.md)
        RunLog.write(out, plan.output().compression(), AuditTrail.seal(out, RunRecord.row(plan,
                rejected ? RunStatus.REJECTED : RunStatus.SUCCEEDED, recorded, rejected ? 0 : recorded.kpiWindowRows(),
                message, inputStart), committer.published()));
        // the run is recorded: the next one may start (also when nobody waits for this job)
        OutputLock.release(out, plan.run().id());
    }

    /**
     * The reference period profiled in this job: its tables replace the reference directory's rows of
     * the period, then the marker says what it was built from, so later runs reuse it.
     */
    private void commitReference() throws IOException {
        Path dir = new Path(plan.reference().periodOutput());
        OutputCommitter reference = new OutputCommitter(dir, plan.run().id(), plan.output().compression());
        try {
            for (String table : List.of(KpiWindowRow.SCHEMA.table(), io.driftwatch.jobs.tables.FeatureProfileRow.SCHEMA.table())) {
                LOG.info("run {}: reference {}: {}", plan.run().id(), table, reference.replace(table, "window_start",
                        plan.reference().periodFrom(), plan.reference().periodTo(), plan.reference().periodFrom()));
            }
            reference.publish();
            Path marker = new Path(dir, REFERENCE_MARKER);
            try (var out = marker.getFileSystem().create(marker, org.apache.flink.core.fs.FileSystem.WriteMode.OVERWRITE)) {
                out.write(plan.reference().periodMarker().getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
    private HistoryJudge.Judged judge(OutputCommitter committer, List<long[]> spans, long inputStart, long inputEnd)
            throws IOException {
        spans = spans.stream().filter(span -> span[0] < span[1]).toList();
        if (spans.isEmpty()) return null;
        long started = System.nanoTime();
        List<KpiAnomaly> anomalies = new ArrayList<>();
        List<RetrainingSignal> signals = new ArrayList<>();
        List<io.driftwatch.jobs.tables.FeatureDriftRow> drifted = new ArrayList<>();
        List<io.driftwatch.common.trend.ModelVersion> versions = new ArrayList<>();
        List<io.driftwatch.common.trend.CheckResult> checks = new ArrayList<>();
        for (long[] span : spans) {
            HistoryJudge.Judged j = new HistoryJudge(plan.retraining(), plan.range().window(), plan.fairness(), plan.checks())
                    .inputSpans(inputStart, inputEnd).judge(committer.view(),
                    plan.reference().tables() == null ? null : new Path(plan.reference().tables()), span[0], span[1]);
            anomalies.addAll(j.anomalies());
            signals.addAll(j.signals());
            drifted.addAll(j.drifted());
            versions.addAll(j.versions());
            checks.addAll(j.checks());
        }
        HistoryJudge.Judged judged = new HistoryJudge.Judged(anomalies, signals, drifted, versions, checks);
        TableFiles.write(committer.stagingDir(KpiAnomalyTable.SCHEMA.table()), KpiAnomalyTable.SCHEMA, judged.anomalies(),
                "part-judge.parquet", plan.output().compression());
        TableFiles.write(committer.stagingDir(RetrainingSignalTable.SCHEMA.table()), RetrainingSignalTable.SCHEMA,
                judged.signals(), "part-judge.parquet", plan.output().compression());
        TableFiles.write(committer.stagingDir(ModelVersionTable.SCHEMA.table()), ModelVersionTable.SCHEMA,
                judged.versions(), "part-judge.parquet", plan.output().compression());
        TableFiles.write(committer.stagingDir(io.driftwatch.jobs.tables.CheckResultTable.SCHEMA.table()),
                io.driftwatch.jobs.tables.CheckResultTable.SCHEMA, judged.checks(), "part-judge.parquet",
                plan.output().compression());
        for (String table : List.of(KpiAnomalyTable.SCHEMA.table(), RetrainingSignalTable.SCHEMA.table(),
                ModelVersionTable.SCHEMA.table(), io.driftwatch.jobs.tables.CheckResultTable.SCHEMA.table())) {
            LOG.info("run {}: {} in {}: {}", plan.run().id(), table, describe(spans),
                    committer.replace(table, "window_start", spans, spans.get(0)[0], null));
        }
        LOG.info("run {}: judged {} windows and {} KPI series points in {} ms", plan.run().id(), judged.signals().size(),
                judged.anomalies().size(), (System.nanoTime() - started) / 1_000_000);
        return judged;
    }

    /** Sends the committed judgments' alerts and counts them for the {@code runs} row. */
    private void alert(HistoryJudge.Judged judged) {
        try {
            var alerts = Alerts.of(plan.run().id(), judged);
            int sent = Alerts.publish(alerts, plan.alerts());
            if (plan.alerts() != null) LOG.info("run {}: {} alerts sent to {}", plan.run().id(), sent, plan.alerts().topic());
            AlertRoutes routes = new AlertRoutes(plan.routes(), plan.output().dir());
            if (routes.enabled()) {
                AlertRoutes.Delivery d = routes.deliver(alerts, Alerts.judgedWindows(judged));
                LOG.info("run {}: {} alert requests delivered to {} ({} resolved incidents), {} in the dead letter",
                        plan.run().id(), d.sent(), plan.routes().routes(), d.resolved(), d.deadLettered());
            }
        } catch (Exception e) {
            // the tables are committed; a receiver that is down must not undo them
            LOG.error("run {}: could not send alerts to {}", plan.run().id(), plan.alerts(), e);
        }
        counts.put(RunCounts.ANOMALIES_FIRED, judged.anomalies().stream().filter(KpiAnomaly::anomaly).count());
        for (RetrainingSignal r : judged.signals()) counts.merge(RunCounts.DECISION + r.decision(), 1L, Long::sum);
    }

    private static String describe(List<long[]> spans) {
        StringBuilder b = new StringBuilder();
        for (long[] span : spans) {
            if (b.length() > 0) b.append(", ");
            b.append('[').append(Timestamps.format(span[0])).append(", ").append(Timestamps.format(span[1])).append(')');
        }
        return b.toString();
    }
}
