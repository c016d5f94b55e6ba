package io.driftwatch.jobs.trend;

import io.driftwatch.jobs.store.Store;
import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.common.model.Observation;
import io.driftwatch.jobs.pipeline.AnalyzeSettings;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.common.trend.KpiAnomaly;
import io.driftwatch.jobs.tables.KpiWindowRow;
import io.driftwatch.common.trend.RetrainingSignal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The history judge of a continuous {@code stream}, keyed by model: it keeps the model's recent
 * {@code kpi_windows} and {@code feature_drift} rows in keyed state (as far back as the baselines
 * and the prediction-drift runs need, {@link HistoryJudge#historyStart}), and when the watermark
 * passes a window's emission it judges that window with the same {@link HistoryJudge} the batch
 * finalizer uses — so a window gets the same anomalies and decision in both. A model's first window
 * finds its earlier history in the output directory (an earlier stream or a backfill).
 *
 * <p>Main output: {@code kpi_anomalies} rows; {@link #SIGNALS}: {@code retraining_signals};
 * {@link #ALERTS}: the alerts of each judged window. Per-model gauges (last accuracy, estimated
 * accuracy, drifted columns, last decision) are registered under the metric group {@code model}.
 */
public final class StreamJudge extends KeyedCoProcessFunction<String, KpiWindowRow, FeatureDriftRow, KpiAnomaly> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<RetrainingSignal> SIGNALS =
            new OutputTag<>("retraining-signals", TypeInformation.of(RetrainingSignal.class));
    /** {@code model_versions} rows of each judged window. */
    /** {@code check_results} rows of each judged window. */
    public static final OutputTag<io.driftwatch.common.trend.CheckResult> CHECKS = new OutputTag<>("check-results",
            TypeInformation.of(io.driftwatch.common.trend.CheckResult.class));
    public static final OutputTag<io.driftwatch.common.trend.ModelVersion> VERSIONS = new OutputTag<>("model-versions",
            TypeInformation.of(io.driftwatch.common.trend.ModelVersion.class));
    public static final OutputTag<Alert> ALERTS = new OutputTag<>("alerts", TypeInformation.of(Alert.class));

    /** One alert: the model (the Kafka key) and the JSON object. */
    public record Alert(String model, String json) {
        /** The judge's marker after a window's alerts (kind {@code judged}): routes resolve what it did not raise. */
        public boolean marker() {
            return json.startsWith(MARKER_PREFIX);
        }
    }

    static final String MARKER_PREFIX = "{\"kind\":\"judged\"";

    private static final java.util.function.Function<String, String> JSON_QUOTE = s -> {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    };

    private final RetrainingConfig rules;
    private final AnalyzeSettings settings;
    private final String output;
    private final String referenceTables;
    private final String runId;

    private transient HistoryJudge judge;
    private transient Map<String, KpiValues> reference;
    private transient ListState<KpiWindowRow> windows;
    private transient ListState<FeatureDriftRow> drift;
    private transient ValueState<Long> judgedUpTo;
    private transient Map<String, ModelGauges> gauges;

    /**
     * @param output the output directory, whose stored history a model's first window is judged with
     * @param referenceTables the directory holding the reference period's {@code kpi_windows}, or null
     * @param runId the stream's run id, named in the alerts
     */
    public StreamJudge(RetrainingConfig rules, AnalyzeSettings settings, String output, String referenceTables,
            String runId) {
        this.rules = rules;
        this.settings = settings;
        this.output = output;
        this.referenceTables = referenceTables;
        this.runId = runId;
    }

    @Override
    public void open(OpenContext ctx) throws IOException {
        judge = new HistoryJudge(rules, settings.grid(), settings.config().fairness(),
                settings.config().checks());
        reference = HistoryJudge.referenceKpis(referenceTables == null ? null : new Path(referenceTables), null);
        windows = getRuntimeContext().getListState(new ListStateDescriptor<>("windows", KpiWindowRow.class));
        drift = getRuntimeContext().getListState(new ListStateDescriptor<>("drift", FeatureDriftRow.class));
        judgedUpTo = getRuntimeContext().getState(new ValueStateDescriptor<>("judged-up-to", Long.class));
        gauges = new HashMap<>();
    }

    @Override
    public void processElement1(KpiWindowRow row, Context ctx, Collector<KpiAnomaly> out) throws Exception {
        if (judgedUpTo.value() == null) loadHistory(row.model(), row.windowStart());
        windows.add(row);
        ctx.timerService().registerEventTimeTimer(settings.emittedAt(row.windowStart()));
    }

    @Override
    public void processElement2(FeatureDriftRow row, Context ctx, Collector<KpiAnomaly> out) throws Exception {
        if (judgedUpTo.value() == null) loadHistory(row.model(), row.windowStart());
        drift.add(row);
    }

    /** A model's first window: its stored history before it, from the output directory. */
    private void loadHistory(String model, long windowStart) throws Exception {
        judgedUpTo.update(Long.MIN_VALUE);
        Path out = new Path(output);
        for (KpiWindowRow r : Store.at(out).read(KpiWindowRow.SCHEMA, Set.of(model), judge.historyStart(windowStart),
                windowStart)) {
            if (r.windowStart() < windowStart) windows.add(r);
        }
        for (FeatureDriftRow r : Store.at(out).read(FeatureDriftRow.SCHEMA, Set.of(model), judge.driftStart(windowStart),
                windowStart)) {
            if (r.windowStart() < windowStart) drift.add(r);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiAnomaly> out) throws Exception {
        long done = judgedUpTo.value();
        List<KpiWindowRow> current = new ArrayList<>();
        for (KpiWindowRow r : windows.get()) {
            if (r.windowStart() > done && settings.emittedAt(r.windowStart()) <= timestamp) current.add(r);
        }
        if (current.isEmpty()) {
            silence(timestamp, done, ctx, out);
            return;
        }
        long from = current.stream().mapToLong(KpiWindowRow::windowStart).min().getAsLong();
        long last = current.stream().mapToLong(KpiWindowRow::windowStart).max().getAsLong();
        long historyFrom = judge.historyStart(from);
        long driftFrom = judge.driftStart(from);
        List<KpiWindowRow> stored = new ArrayList<>();
        for (KpiWindowRow r : windows.get()) {
            if (r.windowStart() >= historyFrom && r.windowStart() <= last) stored.add(r);
        }
        List<FeatureDriftRow> driftRows = new ArrayList<>();
        for (FeatureDriftRow r : drift.get()) {
            if (r.windowStart() >= driftFrom && r.windowStart() <= last) driftRows.add(r);
        }
        HistoryJudge.Judged judged = judge.judge(current, stored, driftRows, reference, from);
        judged.anomalies().forEach(out::collect);
        judged.signals().forEach(s -> ctx.output(SIGNALS, s));
        judged.versions().forEach(v -> ctx.output(VERSIONS, v));
        judged.checks().forEach(c -> ctx.output(CHECKS, c));
        for (var a : Alerts.of(runId, judged)) ctx.output(ALERTS, new Alert(a.get("model").asText(), a.toString()));
        for (var w : Alerts.judgedWindows(judged)) {
            ctx.output(ALERTS, new Alert(w.getKey(), MARKER_PREFIX + ",\"model\":" + JSON_QUOTE.apply(w.getKey())
                    + ",\"window_start\":\"" + io.driftwatch.common.parse.Timestamps.format(w.getValue()) + "\"}"));
        }
        record(current, judged);

        // keep what later windows can still need (windows and drift rows not judged yet included)
        List<KpiWindowRow> keptWindows = new ArrayList<>();
        for (KpiWindowRow r : windows.get()) if (r.windowStart() >= historyFrom) keptWindows.add(r);
        windows.update(keptWindows);
        List<FeatureDriftRow> keptDrift = new ArrayList<>();
        for (FeatureDriftRow r : drift.get()) if (r.windowStart() >= Math.min(historyFrom, driftFrom)) keptDrift.add(r);
        drift.update(keptDrift);
        judgedUpTo.update(last);
        // the next window's turn: if the model sends nothing by then, the timer finds it silent
        ctx.timerService().registerEventTimeTimer(settings.emittedAt(settings.grid().end(last)));
    }

    /**
     * A timer with no window of the model due: the watermark (other models' and partitions' records)
     * passed the model's next window without it sending anything. Each such window is judged for
     * silence ({@code Judge#silences}); while the model stays flagged the next window's timer is set.
     */
    private void silence(long timestamp, long done, OnTimerContext ctx, Collector<KpiAnomaly> out) throws Exception {
        // the end of a bounded input is no evidence of silence
        if (done == Long.MIN_VALUE || timestamp == Long.MAX_VALUE) return;
        List<Long> expected = new ArrayList<>();
        // Judge#silences retires a key 2 x baseline_windows windows after its last records: no need to look further
        int retiredAfter = 2 * Math.max(1, rules.baselineWindows());
        for (long w = settings.grid().end(done); settings.emittedAt(w) <= timestamp && expected.size() <= retiredAfter;
                w = settings.grid().end(w)) {
            expected.add(w);
        }
        if (expected.isEmpty()) return;
        List<KpiWindowRow> stored = new ArrayList<>();
        for (KpiWindowRow r : windows.get()) stored.add(r);
        List<KpiAnomaly> silent = judge.silences(stored, expected, expected.get(0));
        boolean flagged = false;
        for (KpiAnomaly a : silent) {
            out.collect(a);
            if (a.anomaly()) {
                flagged = true;
                ctx.output(ALERTS, new Alert(a.model(), Alerts.silence(runId, a).toString()));
            }
        }
        long last = expected.get(expected.size() - 1);
        judgedUpTo.update(last);
        if (flagged) ctx.timerService().registerEventTimeTimer(settings.emittedAt(settings.grid().end(last)));
    }

    /** The per-model gauges: what the last judged window of the model's whole traffic showed. */
    private void record(List<KpiWindowRow> current, HistoryJudge.Judged judged) {
        for (RetrainingSignal s : judged.signals()) {
            ModelGauges g = gauges.computeIfAbsent(s.model(), m -> new ModelGauges(
                    getRuntimeContext().getMetricGroup().addGroup("model", m)));
            // the latest window that had them (a window without labels keeps the last accuracy known)
            if (s.accuracy() != null) g.accuracy = s.accuracy();
            if (s.estimatedAccuracy() != null) g.estimatedAccuracy = s.estimatedAccuracy();
            g.driftedFeatures = s.driftedFeatures().size();
            g.decision = s.decision().ordinal(); // 0 OK, 1 INVESTIGATE, 2 RETRAIN
            g.windowStart = s.windowStart();
        }
        for (KpiWindowRow r : current) {
            if (!Observation.ALL_SEGMENTS.equals(r.segment())) continue;
            ModelGauges g = gauges.get(r.model());
            if (g != null) g.anomalies = judged.anomalies().stream().filter(a -> a.anomaly() && a.model().equals(r.model())).count();
        }
    }

    /** Gauges of one model, read by the metric reporters (Prometheus: {@code flink_taskmanager_job_task_operator_model_*}). */
    private static final class ModelGauges {
        volatile double accuracy = Double.NaN;
        volatile double estimatedAccuracy = Double.NaN;
        volatile int driftedFeatures;
        volatile int decision;
        volatile long anomalies;
        volatile long windowStart;

        ModelGauges(MetricGroup group) {
            group.gauge("last_accuracy", () -> accuracy);
            group.gauge("last_estimated_accuracy", () -> estimatedAccuracy);
            group.gauge("last_drifted_features", () -> driftedFeatures);
            group.gauge("last_decision", () -> decision);
            group.gauge("last_anomalies", () -> anomalies);
            group.gauge("last_window_start", () -> windowStart);
        }
    }
}
