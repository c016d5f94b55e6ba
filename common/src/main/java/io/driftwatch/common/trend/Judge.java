package io.driftwatch.common.trend;

import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.config.FairnessRule;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.fairness.FairnessEvaluator;
import io.driftwatch.common.fairness.GroupFairness;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.window.WindowGrid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The judge (contract §7), pure: every configured KPI series of every key against its baseline
 * ({@link KpiAnomaly}), then every (model, version) window's retraining decision
 * ({@link RetrainingSignal}) from its KPIs, the reference period's KPIs, its drift, the prediction
 * drift of the windows before it and its anomalies — over windows given as {@link KpiWindow} and
 * {@link DriftWindow}, whoever holds them: the batch finalizer reads them from the store, the stream
 * keeps them in keyed state. No I/O, no Flink; the same inputs give the same rows.
 *
 * <p>A KPI series is that of a (model, segment) across versions (see {@link #modelHistory}); each
 * version's window is judged against it. Volumes (throughput) are judged against the version's own
 * series: a canary serving 30 % of the traffic is not a 70 % drop. History reaches back
 * {@link #historyStart} ({@code 2 × baseline_windows} windows or seasonal periods before the range),
 * so a window whose predecessors were too small to count still finds a full baseline; one run over a
 * new day judges it exactly as one run over all days would.
 */
public final class Judge {
    private static final long DAY = Baselines.DAY;

    /**
     * The rows judged for the range.
     *
     * @param drifted the range's drifted columns of whole models (segment {@code __all__}), for alerts
     */
    public record Judged<D extends DriftWindow>(List<KpiAnomaly> anomalies, List<RetrainingSignal> signals,
            List<D> drifted, List<ModelVersion> versions, List<CheckResult> checks) {}

    private final RetrainingConfig rules;
    private final WindowGrid grid;
    /** Earlier windows' CUSUM residuals by series and window, for one {@link #judge} call. */
    private final Map<String, Double[]> residualCache = new HashMap<>();
    private final Map<Double, Double> cusumThresholds = new HashMap<>();

    /** The fairness attributes by model ({@code models.<m>.fairness}); a breach is a reason. */
    private final Map<String, List<FairnessRule>> fairness;
    private final Map<String, List<io.driftwatch.common.config.Check>> checks;

    public Judge(RetrainingConfig rules, WindowGrid grid) {
        this(rules, grid, Map.of());
    }

    public Judge(RetrainingConfig rules, WindowGrid grid, Map<String, List<FairnessRule>> fairness) {
        this(rules, grid, fairness, Map.of());
    }

    /** @param checks the service-level checks by model ({@code models.<m>.checks}); a failure is a reason */
    public Judge(RetrainingConfig rules, WindowGrid grid, Map<String, List<FairnessRule>> fairness,
            Map<String, List<io.driftwatch.common.config.Check>> checks) {
        this.rules = rules;
        this.grid = grid;
        this.fairness = fairness;
        this.checks = checks;
    }

    /**
     * Whether the input's start or end cuts {@code row} short ({@link #inputSpans}): the window reaches
     * beyond the input and, at the rate of the key's own records in the part the input covers, no
     * record in the rest of it is improbable (below the anomaly rule's one-sided level) — a log written
     * to 23:59:58 is whole, one that stops at 05:00 is not.
     */
    boolean cutByInput(KpiWindow row) {
        long from = Math.max(row.windowStart(), inputStart), to = Math.min(row.windowEnd(), inputEnd);
        long missing = (from - row.windowStart()) + (row.windowEnd() - to);
        if (missing <= 0 || to <= from) return false; // whole, or a stored window outside this run's input
        double rate = row.kpis().count(Kpi.PREDICTION_COUNT) / (double) Math.max(1, to - from);
        double alpha = 1 - NORMAL.cumulativeProbability(rules.anomalies().zThreshold());
        return Math.exp(-rate * missing) < alpha;
    }

    private String inputNote(KpiWindow row) {
        boolean starts = inputStart > row.windowStart(), ends = inputEnd < row.windowEnd();
        return "not judged: the input " + (starts && ends ? "starts and ends" : starts ? "starts" : "ends")
                + " inside this window (its " + (starts ? "first record at " + io.driftwatch.common.parse.Timestamps.format(inputStart) : "")
                + (starts && ends ? ", " : "")
                + (ends ? "last record at " + io.driftwatch.common.parse.Timestamps.format(inputEnd - 1) : "") + ")";
    }

    /** The span of the input of a run without {@code --from}/{@code --to} ({@link #inputSpans}). */
    private long inputStart = Long.MIN_VALUE;
    private long inputEnd = Long.MAX_VALUE;

    /**
     * The input of a run without {@code --from} starts at {@code start}, of one without {@code --to}
     * ends at {@code end} (its first record's time, and its last one's exclusive; else Long.MIN_VALUE,
     * Long.MAX_VALUE): a window it cuts short ({@link #cutByInput}) holds only the part it covers, so
     * its volumes (counts, throughput) are not judged — a log that stops at 05:00 is not a traffic drop
     * of the day (docs/guide/decisions.md).
     */
    public Judge inputSpans(long start, long end) {
        this.inputStart = start;
        this.inputEnd = end;
        return this;
    }

    /**
     * Judges {@code current} (the windows from {@code from} on) against {@code stored}, the history of
     * their keys from {@link #historyStart} (including {@code current}), with the drift rows from
     * {@link #driftStart} and the reference period's KPIs ({@link #referenceKpis}).
     */
    public <D extends DriftWindow> Judged<D> judge(List<? extends KpiWindow> currentWindows,
            List<? extends KpiWindow> stored, List<D> driftRows, Map<String, KpiValues> reference, long from) {
        return judge(currentWindows, stored, driftRows, reference, from, List.of());
    }

    /**
     * As above, with windows known to have passed besides those of {@code current} (a batch run's
     * explicit range: a model silent to its end has no window after its last records otherwise).
     */
    public <D extends DriftWindow> Judged<D> judge(List<? extends KpiWindow> currentWindows,
            List<? extends KpiWindow> stored, List<D> driftRows, Map<String, KpiValues> reference, long from,
            java.util.Collection<Long> passedWindows) {
        if (currentWindows.isEmpty()) return new Judged<>(List.of(), List.of(), List.of(), List.of(), List.of());
        residualCache.clear();
        List<KpiWindow> current = new ArrayList<>(currentWindows);
        Map<String, List<Window>> history = modelHistory(stored);
        Map<String, List<Window>> versionHistory = new HashMap<>();
        for (KpiWindow r : stored) {
            versionHistory.computeIfAbsent(key(r.model(), r.modelVersion(), r.segment()), k -> new ArrayList<>())
                    .add(new Window(r.windowStart(), r.complete() && !cutByInput(r), r.kpis())); // a cut volume is no baseline
        }
        // prediction drift of earlier windows (for runs of drift) and this range's drift rows
        Map<String, List<DriftWindow>> drift = new HashMap<>();
        List<D> drifted = new ArrayList<>();
        for (D d : driftRows) {
            if (!Observation.ALL_SEGMENTS.equals(d.segment())) continue;
            drift.computeIfAbsent(key(d.model(), d.modelVersion(), d.windowStart()), k -> new ArrayList<>()).add(d);
            if (d.windowStart() >= from && Boolean.TRUE.equals(d.d().drifted())) drifted.add(d);
        }
        drifted.sort(Comparator.comparing(DriftWindow::model).thenComparing(DriftWindow::modelVersion)
                .thenComparingLong(DriftWindow::windowStart).thenComparing(r -> r.d().feature()));

        current.sort(Comparator.comparing(KpiWindow::model).thenComparing(KpiWindow::modelVersion)
                .thenComparing(KpiWindow::segment).thenComparingLong(KpiWindow::windowStart));
        List<KpiAnomaly> anomalies = new ArrayList<>();
        for (KpiWindow r : current) {
            anomalies.addAll(anomalies(r, history.getOrDefault(key(r.model(), r.segment()), List.of()),
                    versionHistory.getOrDefault(key(r.model(), r.modelVersion(), r.segment()), List.of())));
        }
        // silence: keys that served in their baseline and have no records in a window others filled
        java.util.TreeSet<Long> expected = new java.util.TreeSet<>();
        for (KpiWindow r : current) if (r.complete()) expected.add(r.windowStart());
        expected.addAll(passedWindows);
        anomalies.addAll(silences(stored, expected, from));
        Map<String, List<GroupFairness>> evaluated = new HashMap<>();
        for (KpiWindow r : current) {
            if (!Observation.ALL_SEGMENTS.equals(r.segment()) || !fairness.containsKey(r.model())) continue;
            anomalies.addAll(fairnessAnomalies(r, history.getOrDefault(key(r.model(), r.segment()), List.of()),
                    evaluated));
        }
        // quality without labels (CBPE) under the reference's calibration; labels that disagree are an anomaly
        Map<String, io.driftwatch.common.kpi.Cbpe.Estimate> estimates = new HashMap<>();
        Map<String, io.driftwatch.common.kpi.ErrorBins.Estimate> errorEstimates = new HashMap<>();
        for (KpiWindow r : current) {
            if (!Observation.ALL_SEGMENTS.equals(r.segment())) continue;
            KpiValues ref = reference.get(key(r.model(), Observation.ALL_SEGMENTS));
            if (ref == null) continue;
            // the same estimates as kpi_windows holds (Estimates); the state read once
            io.driftwatch.common.kpi.KpiState state = r.state();
            io.driftwatch.common.kpi.ErrorBins.Estimate errors = io.driftwatch.common.kpi.Estimates.errors(r.kpis(),
                    state, ref);
            if (errors != null) {
                errorEstimates.put(key(r.model(), r.modelVersion(), r.windowStart()), errors);
                KpiAnomaly disagreement = maeDisagreement(r, errors);
                if (disagreement != null) anomalies.add(disagreement);
            }
            io.driftwatch.common.kpi.Cbpe.Estimate e = io.driftwatch.common.kpi.Estimates.cbpe(r.kpis(), state, ref);
            if (e == null) continue;
            estimates.put(key(r.model(), r.modelVersion(), r.windowStart()), e);
            KpiAnomaly disagreement = disagreement(r, e);
            if (disagreement != null) anomalies.add(disagreement);
        }
        List<ModelVersion> versions = VersionComparison.of(current, FairnessEvaluator.alpha(rules));
        Map<String, ModelVersion> worse = new HashMap<>();
        for (ModelVersion v : versions) {
            if (v.worse()) worse.put(key(v.model(), v.modelVersion(), v.windowStart()), v);
        }
        // service-level checks (docs/guide/checks.md) of every key, columns read from its drift rows
        List<CheckResult> checked = new ArrayList<>();
        if (!checks.isEmpty()) {
            Map<String, List<D>> columns = new HashMap<>();
            for (D d : driftRows) {
                if (d.windowStart() >= from) {
                    columns.computeIfAbsent(key(d.model(), d.modelVersion(), d.segment(), d.windowStart()),
                            k -> new ArrayList<>()).add(d);
                }
            }
            double z = estimateZ(1);
            for (KpiWindow r : current) {
                List<io.driftwatch.common.config.Check> own = checks.get(r.model());
                if (own == null || own.isEmpty()) continue;
                checked.addAll(Checks.evaluate(own, r, columns.getOrDefault(
                        key(r.model(), r.modelVersion(), r.segment(), r.windowStart()), List.of()), z,
                        cutByInput(r) ? inputNote(r) : null));
            }
        }
        Map<String, List<CheckResult>> failed = new HashMap<>();
        for (CheckResult c : checked) {
            if (c.failed()) failed.computeIfAbsent(key(c.model(), c.modelVersion(), c.windowStart()), k -> new ArrayList<>()).add(c);
        }
        List<RetrainingSignal> signals = new ArrayList<>();
        for (KpiWindow r : current) {
            if (!Observation.ALL_SEGMENTS.equals(r.segment())) continue;
            signals.add(signal(r, current, anomalies, drift, reference,
                    failed.getOrDefault(key(r.model(), r.modelVersion(), r.windowStart()), List.of()),
                    worse.get(key(r.model(), r.modelVersion(), r.windowStart())),
                    estimates.get(key(r.model(), r.modelVersion(), r.windowStart())),
                    errorEstimates.get(key(r.model(), r.modelVersion(), r.windowStart()))));
        }
        return new Judged<>(anomalies, signals, drifted, versions, checked);
    }

    // ---- silence

    /** The {@code kpi_anomalies} series of a silent key (docs/guide/checks.md "Silence"). */
    public static final String TRAFFIC = "traffic";

    /**
     * Silences (docs/guide/checks.md "Silence"): each (model, segment) of {@code stored} that has no
     * records in a window of {@code expected} — windows whose time has passed, as other models' records
     * (batch) or the watermark (stream) show — although its baseline makes that improbable: the
     * expected count λ is the mean prediction count of the {@code baseline_windows} grid windows up to
     * its last window with records (a window without records counts 0), and under sub-daily
     * seasonality the smaller of that and the same time of day's mean, so a model quiet every night
     * is not flagged at night. The row is an anomaly when {@code P(no record) = e^{-λ}} is below the
     * anomaly rule's one-sided level, so a small segment is never flagged for a quiet hour. A key is
     * judged for {@code 2 × baseline_windows} windows after its last records (the history a run reads),
     * then taken as retired.
     *
     * @param stored the keys' windows from {@link #historyStart} on
     * @param expected window starts to judge (each from {@code from} on)
     */
    public List<KpiAnomaly> silences(List<? extends KpiWindow> stored, java.util.Collection<Long> expected, long from) {
        Map<String, TreeMap<Long, long[]>> counts = new TreeMap<>();
        Map<String, String[]> keys = new HashMap<>();
        Map<String, TreeMap<Long, String>> versionOf = new HashMap<>();
        for (KpiWindow r : stored) {
            String k = key(r.model(), r.segment());
            keys.putIfAbsent(k, new String[] {r.model(), r.segment()});
            long n = r.kpis().count(Kpi.PREDICTION_COUNT);
            long[] c = counts.computeIfAbsent(k, x -> new TreeMap<>()).computeIfAbsent(r.windowStart(),
                    x -> new long[] {0, 0, Long.MIN_VALUE});
            Long seen = r.state() == null ? null : r.state().lastSeen();
            c[2] = Math.max(c[2], seen == null ? grid.end(r.windowStart()) : seen);
            // the window's busiest version names the row
            if (n > c[1]) versionOf.computeIfAbsent(k, x -> new TreeMap<>()).put(r.windowStart(), r.modelVersion());
            c[0] += n;
            c[1] = Math.max(c[1], n);
        }
        List<KpiAnomaly> out = new ArrayList<>();
        double alpha = 1 - NORMAL.cumulativeProbability(rules.anomalies().zThreshold());
        String baselineName = baselineName();
        long period = period(baselineName);
        int b = Math.max(1, rules.baselineWindows());
        for (Map.Entry<String, TreeMap<Long, long[]>> e : counts.entrySet()) {
            TreeMap<Long, long[]> series = e.getValue();
            for (long w : expected) {
                if (w < from || series.containsKey(w)) continue;
                Map.Entry<Long, long[]> last = series.lowerEntry(w);
                if (last == null || last.getValue()[0] == 0) continue;
                long lastStart = last.getKey();
                // a key silent for longer than the history a run reads is taken as retired: the same
                // answer whether one run or many cover the silence
                int since = 0;
                for (long t = lastStart; t < w && since <= 2 * b; t = grid.end(t)) since++;
                if (since > 2 * b) continue;
                // the b grid windows up to the last window with records (none before the key's first)
                double sum = 0;
                int windows = 0;
                for (long t = lastStart; windows < b && t >= series.firstKey(); t = grid.start(t - 1), windows++) {
                    long[] c = series.get(t);
                    sum += c == null ? 0 : c[0];
                }
                double lambda = sum / windows;
                String basis = "the " + windows + " windows up to its last records";
                if (period > 0) {
                    double same = 0;
                    int n = 0;
                    for (long s = w - period; s >= series.firstKey() && n < b; s -= period, n++) {
                        long[] c = series.get(s);
                        same += c == null ? 0 : c[0];
                    }
                    if (n > 0 && same / n < lambda) {
                        lambda = same / n;
                        basis = "the " + n + " windows at the same time " + (period == DAY ? "of day" : "of week");
                    }
                }
                double p = Math.exp(-lambda);
                boolean anomaly = p < alpha;
                String[] km = keys.get(e.getKey());
                long lastSeen = last.getValue()[2];
                String who = km[0] + (Observation.ALL_SEGMENTS.equals(km[1]) ? "" : " (" + km[1] + ")");
                String note = String.format(Locale.ROOT, "no predictions from %s since %s; expected %.1f in the window"
                        + " (mean of %s), P(none) = %.2g%s", who,
                        io.driftwatch.common.parse.Timestamps.format(lastSeen), lambda, basis, p,
                        anomaly ? "" : " — within the noise of a quiet key");
                String version = versionOf.getOrDefault(e.getKey(), new TreeMap<>()).floorEntry(lastStart) == null ? ""
                        : versionOf.get(e.getKey()).floorEntry(lastStart).getValue();
                out.add(new KpiAnomaly(km[0], version, km[1], w, grid.end(w), TRAFFIC, 0.0, 0L, baselineName, b,
                        lambda, Math.sqrt(lambda), lambda > 0 ? -Math.sqrt(lambda) : null, -1.0, true, anomaly, "down",
                        anomaly ? Boolean.TRUE : null, note, null, null, null));
            }
        }
        return out;
    }

    /** Where the drift rows a window starting at {@code firstWindow} is judged with begin (runs of prediction drift). */
    public long driftStart(long firstWindow) {
        return Math.min(historyStart(firstWindow), back(firstWindow, rules.predictionDriftWindows()));
    }

    // ---- anomalies

    /** One window of a model's series: all its versions' KPIs merged. */
    private record Window(long start, boolean complete, KpiValues kpis, KpiWindow single, KpiState merged) {

        Window(long start, boolean complete, KpiValues kpis) {
            this(start, complete, kpis, null, null);
        }

        /** The window's KPI state (all its versions merged), or null where none was stored. */
        KpiState state() {
            return merged != null ? merged : single == null ? null : single.state();
        }
    }

    /**
     * The history of each (model, segment) as one series across versions: a window's rows of all
     * versions merged from their KPI states. A version's window is judged against the model's earlier
     * windows whatever version served them, so a deploy that slows the model down is an anomaly
     * rather than the start of a new series.
     */
    private static Map<String, List<Window>> modelHistory(List<? extends KpiWindow> rows) {
        Map<String, Map<Long, List<KpiWindow>>> byWindow = new HashMap<>();
        for (KpiWindow r : rows) {
            byWindow.computeIfAbsent(key(r.model(), r.segment()), k -> new TreeMap<>())
                    .computeIfAbsent(r.windowStart(), k -> new ArrayList<>()).add(r);
        }
        Map<String, List<Window>> out = new HashMap<>();
        byWindow.forEach((key, windows) -> {
            List<Window> series = new ArrayList<>();
            windows.forEach((start, versions) -> {
                boolean complete = versions.stream().allMatch(KpiWindow::complete);
                if (versions.size() == 1) {
                    series.add(new Window(start, complete, versions.get(0).kpis(), versions.get(0), null));
                    return;
                }
                KpiState merged = new KpiState();
                for (KpiWindow v : versions) {
                    KpiState s = v.state();
                    if (s == null) return; // written before states were stored: no merged value
                    merged.merge(s);
                }
                KpiWindow first = versions.get(0);
                series.add(new Window(start, complete, merged.result(first.coverageEnd() - first.coverageStart()), null,
                        merged));
            });
            out.put(key, series);
        });
        return out;
    }

    /**
     * @param history the (model, segment) series across versions
     * @param versionHistory the key's own series, for volumes ({@link Kpi#isVolume})
     */
    private List<KpiAnomaly> anomalies(KpiWindow row, List<Window> history, List<Window> versionHistory) {
        List<KpiAnomaly> out = new ArrayList<>();
        Task task = Task.fromConfigName(row.kpis().task());
        String baselineName = baselineName();
        long period = period(baselineName);
        for (Kpi k : rules.anomalies().kpis()) {
            if (!k.appliesTo(task)) continue;
            Double v = row.kpis().value(k);
            if (v == null) continue;
            long count = row.kpis().basisCount(k);
            if (!row.complete()) {
                out.add(new KpiAnomaly(row.model(), row.modelVersion(), row.segment(), row.windowStart(),
                        row.windowEnd(), k.column(), v, count, baselineName, 0, null, null, null, null, false, false,
                        null, null, "not judged: partial window (the run's range covers part of it)", null, null, null));
                continue;
            }
            if (k.isVolume() && cutByInput(row)) {
                out.add(new KpiAnomaly(row.model(), row.modelVersion(), row.segment(), row.windowStart(),
                        row.windowEnd(), k.column(), v, count, baselineName, 0, null, null, null, null, false, false,
                        null, null, inputNote(row) + "; a run with --from/--to around the window judges its volume", null,
                        null, null));
                continue;
            }
            List<KpiPoint> points = new ArrayList<>();
            for (Window h : k.isVolume() ? versionHistory : history) {
                if (h.complete()) {
                    points.add(new KpiPoint(h.start(), h.kpis().value(k), h.kpis().basisCount(k), h.kpis().ciLow(k),
                            h.kpis().ciHigh(k)));
                }
            }
            AnomalyRule rule = rules.anomalyRule(k.basis() == Kpi.Basis.LABELS);
            // a binary model's mean score lies in [0, 1]: its noise is at most a proportion's
            boolean proportion = k.isProportion() || (k == Kpi.MEAN_PREDICTION && task == Task.BINARY_CLASSIFICATION);
            String series = (k.isVolume() ? "v|" + key(row.model(), row.modelVersion(), row.segment())
                    : "m|" + key(row.model(), row.segment())) + "|" + k.column();
            SeriesVerdict sv = judgeSeries(series, points, new KpiPoint(row.windowStart(), v, count,
                    row.kpis().ciLow(k), row.kpis().ciHigh(k)), rule, proportion, period);
            AnomalyDetector.Verdict verdict = sv.verdict();
            List<KpiPoint> baseline = sv.baseline();
            boolean judged = verdict.baselineMean() != null;
            boolean anomaly = sv.anomaly();
            String direction = sv.direction();
            String note = sv.note();
            Cusum.Evidence e = sv.evidence();
            double h = sv.threshold();
            Boolean worse = !judged || "none".equals(direction) || k.better() == Kpi.Better.NONE ? null
                    : (k.better() == Kpi.Better.HIGHER) == "down".equals(direction);
            out.add(new KpiAnomaly(row.model(), row.modelVersion(), row.segment(), row.windowStart(), row.windowEnd(),
                    k.column(), v, count, baselineName, judged ? baseline.size() : 0, verdict.baselineMean(),
                    verdict.baselineStd(), verdict.zScore(), verdict.pctChange(), judged, anomaly, direction, worse, note,
                    judged ? e.statistic() : null, judged ? h : null, judged ? (long) e.windows() : null));
        }
        return out;
    }

    /** The period of a seasonal baseline ({@link #baselineName}), 0 for the previous windows. */
    private static long period(String baselineName) {
        return switch (baselineName) {
            case "same_hour_of_day" -> DAY;
            case "same_hour_of_week" -> Baselines.WEEK;
            default -> 0;
        };
    }

    /** The fairness measures judged over history (docs/guide/fairness.md "Over history"). */
    static final List<String> FAIRNESS_SERIES = List.of("disparate_impact", "tpr_difference");

    /**
     * The fairness of a whole-model window judged over history, as a KPI series is: per judged group
     * and measure of {@link #FAIRNESS_SERIES}, its value against the same group's values in the model's
     * earlier windows (all versions merged), floored at the window's own sampling noise (its interval),
     * plus the CUSUM evidence. Rows go to {@code kpi_anomalies} with the segment {@code attribute=group}
     * and the measure as {@code kpi} ({@code disparate_impact[c]} for class {@code c} of a multiclass
     * model). Their level is half the fairness tests' allowance ({@link FairnessEvaluator#alpha}) split
     * over the window's series, two-sided. Partial windows get no rows.
     *
     * @param evaluated the groups of each (model, window) evaluated so far in this call
     */
    private List<KpiAnomaly> fairnessAnomalies(KpiWindow row, List<Window> history,
            Map<String, List<GroupFairness>> evaluated) {
        List<FairnessRule> attributes = fairness.getOrDefault(row.model(), List.of());
        KpiState state = row.complete() && !attributes.isEmpty() ? row.state() : null;
        if (state == null || state.groups() == null) return List.of();
        Task task = Task.fromConfigName(row.kpis().task());
        double alpha = FairnessEvaluator.alpha(rules);
        List<GroupFairness> now = FairnessEvaluator.evaluate(state.groups(), attributes, task, alpha);
        List<Object[]> series = new ArrayList<>(); // {group, measure}
        for (GroupFairness g : now) {
            if (g.isReference()) continue;
            for (String m : FAIRNESS_SERIES) {
                if (fairnessValue(g, m) != null) series.add(new Object[] {g, m});
            }
        }
        if (series.isEmpty()) return List.of();
        // half the fairness allowance, two-sided, split over the window's series (the other half is the breach tests')
        double z = -NORMAL.inverseCumulativeProbability(alpha / 2 / (2.0 * series.size()));
        AnomalyRule rule = new AnomalyRule(rules.baselineWindows(), rules.anomalies().minBaselineWindows(), z,
                rules.anomalies().minRelativeChange(), 1);
        String baselineName = baselineName();
        long period = period(baselineName);
        List<KpiAnomaly> out = new ArrayList<>();
        for (Object[] s : series) {
            GroupFairness g = (GroupFairness) s[0];
            String measure = (String) s[1];
            String kpi = task == Task.BINARY_CLASSIFICATION ? measure : measure + "[" + g.positiveClass() + "]";
            List<KpiPoint> points = new ArrayList<>();
            for (Window h : history) {
                if (!h.complete() || h.start() >= row.windowStart()) continue;
                List<GroupFairness> then = evaluated.computeIfAbsent(key(row.model(), h.start()), x -> {
                    KpiState hs = h.state();
                    return hs == null ? List.of() : FairnessEvaluator.evaluate(hs.groups(), attributes,
                            Task.fromConfigName(h.kpis().task()), alpha);
                });
                for (GroupFairness p : then) {
                    if (p.attribute().equals(g.attribute()) && p.group().equals(g.group())
                            && p.positiveClass().equals(g.positiveClass())) {
                        points.add(fairnessPoint(h.start(), p, measure));
                        break;
                    }
                }
            }
            KpiPoint current = fairnessPoint(row.windowStart(), g, measure);
            SeriesVerdict sv = judgeSeries("f|" + key(row.model(), g.attribute(), g.group(), kpi), points, current, rule,
                    false, period);
            AnomalyDetector.Verdict verdict = sv.verdict();
            boolean judged = verdict.baselineMean() != null;
            // worse: further from parity (a ratio of 1, a difference of 0) than the baseline
            double parity = measure.equals("disparate_impact") ? 1 : 0;
            Boolean worse = !judged || "none".equals(sv.direction()) ? null
                    : Math.abs(current.value() - parity) > Math.abs(verdict.baselineMean() - parity);
            String note = "vs " + g.attribute() + "=" + g.referenceGroup() + (sv.note() == null ? "" : "; " + sv.note());
            out.add(new KpiAnomaly(row.model(), row.modelVersion(), g.attribute() + "=" + g.group(), row.windowStart(),
                    row.windowEnd(), kpi, current.value(), current.count(), baselineName,
                    judged ? sv.baseline().size() : 0, verdict.baselineMean(), verdict.baselineStd(), verdict.zScore(),
                    verdict.pctChange(), judged, sv.anomaly(), sv.direction(), worse, note,
                    judged ? sv.evidence().statistic() : null, judged ? sv.threshold() : null,
                    judged ? (long) sv.evidence().windows() : null));
        }
        return out;
    }

    private static boolean isFairnessSeries(String kpi) {
        for (String m : FAIRNESS_SERIES) {
            if (kpi.equals(m) || kpi.startsWith(m + "[")) return true;
        }
        return false;
    }

    private static Double fairnessValue(GroupFairness g, String measure) {
        return measure.equals("disparate_impact") ? g.disparateImpact() : g.tprDifference();
    }

    /** A group's measure as a point of its series: not counted (count 0) where the group is not judged. */
    private static KpiPoint fairnessPoint(long windowStart, GroupFairness g, String measure) {
        boolean di = measure.equals("disparate_impact");
        double[] ci = di ? g.disparateImpactCi() : g.tprDifferenceCi();
        return new KpiPoint(windowStart, fairnessValue(g, measure), g.judged() ? (di ? g.count() : g.labeledCount()) : 0,
                ci == null ? null : ci[0], ci == null ? null : ci[1]);
    }

    /** One series' verdict on one window: the z detector, then the CUSUM over the earlier windows' residuals. */
    private record SeriesVerdict(AnomalyDetector.Verdict verdict, List<KpiPoint> baseline, boolean anomaly,
            String direction, String note, Cusum.Evidence evidence, double threshold) {}

    /**
     * Judges {@code current} against the earlier {@code points} of its series (the z detector with its
     * floors), then adds the evidence over consecutive windows: the CUSUM of the residuals of the
     * {@link Cusum#LOOKBACK} windows before it and its own (cached per series for the call).
     *
     * @param series the series' key in the residual cache
     * @param points the series' windows, any order (sorted here)
     */
    private SeriesVerdict judgeSeries(String series, List<KpiPoint> points, KpiPoint current, AnomalyRule rule,
            boolean proportion, long period) {
        List<KpiPoint> baseline = baseline(points, current.windowStart(), period, rule);
        AnomalyDetector.Verdict verdict = AnomalyDetector.judge(current, baseline, rule, proportion);
        boolean judged = verdict.baselineMean() != null;
        boolean anomaly = verdict.anomaly();
        String direction = verdict.direction();
        String note = verdict.note();
        List<Double> residuals = new ArrayList<>(), pcts = new ArrayList<>();
        points.sort(Comparator.comparingLong(KpiPoint::windowStart));
        int first = 0;
        while (first < points.size() && points.get(first).windowStart() < current.windowStart()) first++;
        for (KpiPoint p : points.subList(Math.max(0, first - (Cusum.LOOKBACK - 1)), first)) {
            Double[] r = residualCache.computeIfAbsent(series + "|" + p.windowStart(), x -> residual(AnomalyDetector
                    .judge(p, baseline(points, p.windowStart(), period, rule), rule, proportion)));
            residuals.add(r[0]);
            pcts.add(r[1]);
        }
        Double[] own = residual(verdict);
        residuals.add(own[0]);
        pcts.add(own[1]);
        Cusum.Evidence e = Cusum.run(residuals, pcts);
        double h = cusumThresholds.computeIfAbsent(rule.zThreshold(), Cusum::threshold);
        if (rules.anomalies().cusum() && judged && !anomaly && Math.abs(e.statistic()) >= h && e.windows() >= 2
                && (e.meanPctChange() == null || Math.abs(e.meanPctChange()) >= rule.minRelativeChange())) {
            anomaly = true;
            direction = e.statistic() > 0 ? "up" : "down";
            note = String.format(Locale.ROOT, "persistent change: CUSUM %.1f ≥ %.1f over %d windows%s", Math.abs(
                    e.statistic()), h, e.windows(), e.meanPctChange() == null ? "" : String.format(Locale.ROOT,
                            " (mean change %+.0f %%)", 100 * e.meanPctChange()));
        }
        return new SeriesVerdict(verdict, baseline, anomaly, direction, note, e, h);
    }

    private static List<KpiPoint> baseline(List<KpiPoint> points, long windowStart, long period, AnomalyRule rule) {
        return period == 0 ? Baselines.previous(points, windowStart, rule)
                : Baselines.seasonal(points, windowStart, period, rule);
    }

    /** A verdict as a CUSUM residual and relative change: z (±clip for a constant baseline), null when not judged. */
    private static Double[] residual(AnomalyDetector.Verdict v) {
        if (v.baselineMean() == null) return new Double[] {null, null};
        double z = v.zScore() != null ? v.zScore()
                : "up".equals(v.direction()) ? Cusum.CLIP : "down".equals(v.direction()) ? -Cusum.CLIP : 0;
        return new Double[] {z, v.pctChange()};
    }

    /** Which earlier windows form a baseline: {@code seasonality}, where {@code auto} is by day for sub-daily windows. */
    private String baselineName() {
        var s = rules.anomalies().seasonality();
        if (s == io.driftwatch.common.config.DriftwatchConfig.Seasonality.AUTO) {
            s = grid.isFixed() && grid.maxLengthMillis() < DAY ? io.driftwatch.common.config.DriftwatchConfig.Seasonality.DAY
                    : io.driftwatch.common.config.DriftwatchConfig.Seasonality.NONE;
        }
        return switch (s) {
            case DAY -> "same_hour_of_day";
            case WEEK -> "same_hour_of_week";
            case AUTO, NONE -> "previous";
        };
    }

    /**
     * Where history must start for the range's baselines: twice the baseline, so small windows can be
     * skipped, before the first of the {@link Cusum#LOOKBACK} windows whose residuals the evidence sums.
     */
    public long historyStart(long from) {
        from = back(from, Cusum.LOOKBACK);
        int n = 2 * rules.baselineWindows();
        return switch (baselineName()) {
            case "same_hour_of_day" -> from - n * DAY;
            case "same_hour_of_week" -> from - n * Baselines.WEEK;
            default -> back(from, n);
        };
    }

    /** The start of the window {@code n} windows before the one holding {@code t}. */
    private long back(long t, int n) {
        long s = grid.start(t);
        for (int i = 0; i < n; i++) s = grid.start(s - 1);
        return s;
    }

    // ---- retraining signals

    /** @param worseVersion this version's comparison with the window's baseline version where it is worse, else null */
    /** The KPI name of labels that disagree with the estimate ({@code kpi_anomalies}). */
    public static final String DISAGREEMENT = "f1_vs_estimate";

    /**
     * Labels that came and disagree with the window's CBPE estimate beyond both noises
     * ({@link io.driftwatch.common.kpi.Cbpe#disagreement}): an anomaly row, or null. Needs
     * {@code min_labels} labels.
     */
    private KpiAnomaly disagreement(KpiWindow r, io.driftwatch.common.kpi.Cbpe.Estimate e) {
        return disagreement(r, Kpi.F1, DISAGREEMENT, e.f1().value(), e.f1().se(), e.f1().low(), e.f1().high(),
                "how labels follow scores changed");
    }

    /** The KPI name of labels that disagree with a regression model's estimate ({@code kpi_anomalies}). */
    public static final String MAE_DISAGREEMENT = "mae_vs_estimate";

    /** As {@link #disagreement} for a regression model's MAE against its estimate from the reference's errors. */
    private KpiAnomaly maeDisagreement(KpiWindow r, io.driftwatch.common.kpi.ErrorBins.Estimate e) {
        return disagreement(r, Kpi.MAE, MAE_DISAGREEMENT, e.mae(), e.maeSe(), e.maeLow(), e.maeHigh(),
                "the errors given a prediction changed");
    }

    /**
     * The realised {@code kpi} against its estimate: beyond both noises at the quality family's share of
     * the budget, two-sided ({@link #estimateZ}), an anomaly row named {@code anomalyKpi}; else null.
     * Needs {@code min_labels} labels and a complete window.
     */
    private KpiAnomaly disagreement(KpiWindow r, Kpi kpi, String anomalyKpi, double estimate, double estimateSe,
            double low, double high, String what) {
        KpiValues k = r.kpis();
        Double realised = k.value(kpi);
        long labels = k.count(Kpi.LABELED_COUNT);
        if (realised == null || Double.isNaN(estimate) || labels < rules.minLabels() || !r.complete()) return null;
        Double lo = k.ciLow(kpi), hi = k.ciHigh(kpi);
        double seReal = lo == null || hi == null ? 0 : io.driftwatch.common.kpi.Intervals.standardError(lo, hi);
        double se = Math.sqrt(estimateSe * estimateSe + seReal * seReal);
        double z = se > 0 ? (realised - estimate) / se : 0;
        if (Math.abs(z) <= estimateZ(2)) return null;
        String note = String.format(Locale.ROOT, "labels disagree with the estimate: %s %s realised on %d labels vs %s"
                + " estimated without them (band [%s, %s]) — %s (concept drift), which the estimate cannot see",
                kpi.column(), num(realised), labels, num(estimate), num(low), num(high), what);
        boolean worse = kpi.better() == Kpi.Better.HIGHER ? realised < estimate : realised > estimate;
        return new KpiAnomaly(r.model(), r.modelVersion(), r.segment(), r.windowStart(), r.windowEnd(), anomalyKpi,
                realised, labels, "estimate", 0, estimate, estimateSe, z,
                estimate == 0 ? null : (realised - estimate) / Math.abs(estimate), true, true,
                realised > estimate ? "up" : "down", worse, note, null, null, null);
    }

    /**
     * What the estimates without labels say about a window (docs/guide/quality-without-labels.md): with
     * too few labels, an estimate beyond the tolerance (F1 for classifiers, RMSE for regression); where
     * labels came, their disagreement with the estimate (the anomaly's note, its KPI added to
     * {@code firedNames}).
     */
    /**
     * The |z| an estimate's rule needs: the quality family's share of the alarm budget
     * ({@link FairnessEvaluator#alpha}), one- or two-sided — an estimate's alarm is held to the budget as
     * the realised quality's is (docs/guide/decisions.md "Alarm budget").
     */
    private double estimateZ(int sides) {
        return -NORMAL.inverseCumulativeProbability(FairnessEvaluator.alpha(rules) / sides);
    }

    private List<String> labelFreeReasons(KpiWindow row, io.driftwatch.common.kpi.Cbpe.Estimate estimate,
            io.driftwatch.common.kpi.ErrorBins.Estimate errors, KpiValues ref, long labels, Task task,
            List<KpiAnomaly> anomalies, List<String> firedNames) {
        List<String> said = new ArrayList<>();
        boolean few = labels < rules.minLabels();
        Double refF1 = ref == null ? null : ref.value(Kpi.F1);
        // the estimate's noise: its labels' given the scores, and the scores' own among reference-like windows
        // of its size (an hour of 60 predictions without one scored positive estimates F1 0: no drop); a
        // window too small for that noise to be normal (Cbpe.MIN_EXPECTED) is not judged without labels
        double se = estimate == null ? Double.NaN : Math.sqrt(estimate.f1().se() * estimate.f1().se()
                + estimate.f1Sampling() * estimate.f1Sampling());
        if (few && estimate != null && refF1 != null && !Double.isNaN(estimate.f1().value()) && !Double.isNaN(se)
                && estimate.f1().value() + estimateZ(1) * se < refF1 - rules.maxQualityDrop(task)) {
            io.driftwatch.common.kpi.Cbpe.Value band = io.driftwatch.common.kpi.Cbpe.Value.of(estimate.f1().value(), se);
            said.add(String.format(Locale.ROOT, "estimated f1 %.3f (band [%.3f, %.3f]) vs reference %.3f: below the"
                    + " tolerance %.3f beyond noise — judged without labels (%d, fewer than %d) by CBPE under the"
                    + " reference's calibration; estimated roc_auc %.3f", band.value(), band.low(), band.high(), refF1,
                    refF1 - rules.maxQualityDrop(task), labels, rules.minLabels(), estimate.rocAuc().value()));
        }
        Double refRmse = ref == null ? null : ref.value(Kpi.RMSE);
        if (few && errors != null && refRmse != null
                && errors.rmse() - estimateZ(1) * errors.rmseSe() > refRmse * (1 + rules.maxRmseIncrease())) {
            said.add(String.format(Locale.ROOT, "estimated rmse %s (band [%s, %s]) vs reference %s: above the"
                    + " tolerance %s beyond noise — judged without labels (%d, fewer than %d) from the reference's"
                    + " errors by prediction; estimated mae %s", num(errors.rmse()), num(errors.rmseLow()),
                    num(errors.rmseHigh()), num(refRmse), num(refRmse * (1 + rules.maxRmseIncrease())), labels,
                    rules.minLabels(), num(errors.mae())));
        }
        for (KpiAnomaly a : anomalies) {
            if ((DISAGREEMENT.equals(a.kpi()) || MAE_DISAGREEMENT.equals(a.kpi())) && a.windowStart() == row.windowStart()
                    && a.model().equals(row.model()) && a.modelVersion().equals(row.modelVersion())
                    && a.segment().equals(row.segment())) {
                said.add(a.note());
                firedNames.add(a.kpi());
            }
        }
        return said;
    }

    private RetrainingSignal signal(KpiWindow row, List<KpiWindow> current, List<KpiAnomaly> anomalies,
            Map<String, List<DriftWindow>> drift, Map<String, KpiValues> reference, List<CheckResult> failedChecks,
            ModelVersion worseVersion,
            io.driftwatch.common.kpi.Cbpe.Estimate estimate, io.driftwatch.common.kpi.ErrorBins.Estimate errors) {
        KpiValues k = row.kpis();
        Task task = Task.fromConfigName(k.task());
        Kpi qualityKpi = Kpi.qualityOf(task);
        KpiValues ref = reference.get(key(row.model(), Observation.ALL_SEGMENTS));
        Double quality = k.value(qualityKpi);
        Double refQuality = ref == null ? null : ref.value(qualityKpi);
        long labels = k.count(Kpi.LABELED_COUNT);

        List<RetrainingRules.ColumnVerdict> columns = new ArrayList<>();
        List<DriftWindow> windowDrift = drift.getOrDefault(key(row.model(), row.modelVersion(), row.windowStart()),
                List.of());
        long judgedColumns = windowDrift.stream().filter(d -> d.d().drifted() != null).count();
        for (DriftWindow d : windowDrift) {
            if (d.d().drifted() == null) continue;
            columns.add(new RetrainingRules.ColumnVerdict(d.d().feature(), d.d().kind() == ProfileSet.Kind.PREDICTION,
                    d.d().drifted(), d.d().method(), d.d().statistic(), d.d().kind() == ProfileSet.Kind.LABEL,
                    persistentDrift(drift, row, d, judgedColumns)));
        }
        columns.sort(Comparator.comparing(RetrainingRules.ColumnVerdict::name));
        int run = 0;
        for (long w = row.windowStart(); predictionDrifted(drift, row, w); w = grid.start(w - 1)) run++;

        List<String> fired = new ArrayList<>();
        List<String> firedNames = new ArrayList<>();
        for (KpiAnomaly a : anomalies) {
            if (a.anomaly() && a.windowStart() == row.windowStart() && a.model().equals(row.model())
                    && a.modelVersion().equals(row.modelVersion()) && a.segment().equals(row.segment())
                    && !DISAGREEMENT.equals(a.kpi()) && !MAE_DISAGREEMENT.equals(a.kpi())) {
                firedNames.add(a.kpi());
                boolean persistent = a.note() != null && a.note().startsWith("persistent change");
                fired.add(persistent
                        ? String.format(Locale.ROOT, "%s: %s vs baseline %s; %s", a.kpi(), num(a.value()),
                                num(a.baselineMean()), a.note())
                        : String.format(Locale.ROOT, "%s: %s vs baseline %s (%s, %d windows)", a.kpi(), num(a.value()),
                                num(a.baselineMean()), a.zScore() == null ? "baseline constant"
                                        : String.format(Locale.ROOT, "z = %.1f", a.zScore()), a.baselineWindows()));
            }
        }
        RetrainingRules.SegmentDrop concentration = quality == null || refQuality == null || labels < rules.minLabels()
                ? null : concentration(row, current, reference, qualityKpi, task);
        RetrainingRules.Decision d = RetrainingRules.decide(new RetrainingRules.Inputs(task, quality, refQuality, labels,
                k.value(Kpi.ESTIMATED_ACCURACY), ref == null ? null : ref.value(Kpi.ESTIMATED_ACCURACY), columns, run,
                fired, rules.featureWeights(), concentration, k.count(Kpi.PREDICTION_COUNT), interval95(k, qualityKpi),
                estimatedInterval95(k, ref), ref == null ? null : interval95(ref, qualityKpi),
                ref == null ? null : interval95(ref, Kpi.ESTIMATED_ACCURACY)), rules);
        List<String> reasons = new ArrayList<>(d.reasons());
        if (ref == null && quality != null) {
            reasons.add("no reference KPIs (no reference given, or the reference's kpi_windows are missing or carry no"
                    + " kpi_state; build one with profile or --reference-from/--reference-to), so " + RetrainingRules.qualityName(task)
                    + " is not compared");
        }
        Outcome out = new Outcome(d.decision(), d.severity(), reasons);
        List<FairnessRule> attributes = fairness.getOrDefault(row.model(), List.of());
        KpiState state = attributes.isEmpty() ? null : row.state();
        if (state != null && state.groups() != null) {
            List<String> breaches = new ArrayList<>();
            boolean retrain = false;
            for (GroupFairness g : FairnessEvaluator.evaluate(state.groups(), attributes, task,
                    FairnessEvaluator.alpha(rules))) {
                if (!g.breach()) continue;
                breaches.add(String.format(Locale.ROOT, "fairness: %s=%s vs %s=%s%s: %s", g.attribute(), g.group(),
                        g.attribute(), g.referenceGroup(), task == Task.BINARY_CLASSIFICATION ? ""
                                : " (class " + g.positiveClass() + ")", g.note()));
                retrain |= attributes.stream().anyMatch(a -> a.attribute().equals(g.attribute()) && a.retrain());
            }
            out.raise(breaches, retrain);
        }
        List<String> drifts = new ArrayList<>();
        boolean retrainDrift = false;
        for (KpiAnomaly a : anomalies) {
            if (a.anomaly() && Boolean.TRUE.equals(a.worse()) && a.windowStart() == row.windowStart()
                    && a.model().equals(row.model()) && a.modelVersion().equals(row.modelVersion())
                    && !Observation.ALL_SEGMENTS.equals(a.segment()) && isFairnessSeries(a.kpi())
                    && a.note() != null && a.note().startsWith("vs ")) {
                int eq = a.segment().indexOf('=');
                String attribute = eq < 0 ? a.segment() : a.segment().substring(0, eq);
                firedNames.add(a.kpi() + "[" + a.segment() + "]");
                drifts.add(String.format(Locale.ROOT, "fairness drift: %s of %s %s: %s vs baseline %s (%s)", a.kpi(),
                        a.segment(), a.note().substring(0, a.note().indexOf(';') < 0 ? a.note().length()
                                : a.note().indexOf(';')), num(a.value()), num(a.baselineMean()),
                        a.note().contains("persistent change") ? a.note().substring(a.note().indexOf("persistent change"))
                                : a.zScore() == null ? "baseline constant" : String.format(Locale.ROOT,
                                        "z = %.1f, %d windows", a.zScore(), a.baselineWindows())));
                retrainDrift |= attributes.stream().anyMatch(f -> f.attribute().equals(attribute) && f.retrain());
            }
        }
        out.raise(drifts, retrainDrift);
        List<String> said = labelFreeReasons(row, estimate, errors, ref, labels, task, anomalies, firedNames);
        out.raise(said, false);
        if (!failedChecks.isEmpty()) {
            // a failed service-level check: INVESTIGATE, or RETRAIN where the check says so (docs/guide/checks.md)
            List<String> said2 = new ArrayList<>();
            boolean retrainCheck = false;
            for (CheckResult c : failedChecks) {
                said2.add("check failed: " + c.check() + (Observation.ALL_SEGMENTS.equals(c.segment()) ? ""
                        : " in " + c.segment()) + ": " + c.note());
                retrainCheck |= c.retrain();
            }
            out.raise(said2, retrainCheck);
        }
        // a version worse than the one serving beside it: a person should look (docs/guide/versions.md)
        if (worseVersion != null) out.raise(List.of(worseVersion.note()), false);
        if (!row.complete()) reasons.add("partial window: the run covered part of it");
        Double accuracy = k.value(Kpi.ACCURACY);
        Double refAccuracy = ref == null ? null : ref.value(Kpi.ACCURACY);
        return new RetrainingSignal(row.model(), row.modelVersion(), row.windowStart(), row.windowEnd(), row.complete(),
                out.decision, out.severity, reasons, d.driftedFeatures(), firedNames, accuracy, refAccuracy,
                accuracy == null || refAccuracy == null ? null : refAccuracy - accuracy, RetrainingRules.qualityName(task),
                quality, refQuality, d.qualityDrop(), labels, k.value(Kpi.ESTIMATED_ACCURACY),
                ref == null ? null : ref.value(Kpi.ESTIMATED_ACCURACY), quality == null || labels < rules.minLabels(),
                estimate == null ? null : nan(estimate.precision().value()),
                estimate == null ? null : nan(estimate.recall().value()), estimate == null ? null : nan(estimate.f1().value()),
                estimate == null ? null : nan(estimate.f1().low()), estimate == null ? null : nan(estimate.f1().high()),
                estimate == null ? null : nan(estimate.rocAuc().value()), estimate == null ? null : nan(estimate.rocAuc().low()),
                estimate == null ? null : nan(estimate.rocAuc().high()),
                (estimate == null && errors == null) || labels < rules.minLabels() ? null
                        : anomalies.stream().anyMatch(a -> (DISAGREEMENT.equals(a.kpi()) || MAE_DISAGREEMENT.equals(a.kpi()))
                                && a.windowStart() == row.windowStart() && a.model().equals(row.model())
                                && a.modelVersion().equals(row.modelVersion()) && a.segment().equals(row.segment())),
                errors == null ? null : errors.mae(), errors == null ? null : errors.maeLow(),
                errors == null ? null : errors.maeHigh(), errors == null ? null : errors.rmse(),
                errors == null ? null : errors.rmseLow(), errors == null ? null : errors.rmseHigh());
    }

    /**
     * A decision being assembled: each further finding (fairness, checks, estimates, a worse version)
     * raises it to INVESTIGATE or RETRAIN with its reasons first when it sets the decision, after the
     * others when the decision already stands that high.
     */
    private static final class Outcome {
        Verdict decision;
        double severity;
        final List<String> reasons;

        Outcome(Verdict decision, double severity, List<String> reasons) {
            this.decision = decision;
            this.severity = severity;
            this.reasons = reasons;
        }

        void raise(List<String> said, boolean retrain) {
            if (said.isEmpty()) return;
            Verdict level = retrain ? Verdict.RETRAIN : Verdict.INVESTIGATE;
            if (level.ordinal() > decision.ordinal()) {
                reasons.addAll(0, said);
                decision = level;
                severity = Math.max(severity, retrain ? 0.5 : 0.25);
            } else {
                reasons.addAll(said);
            }
        }
    }

    /**
     * The evidence over time of one column (docs/reference/alarms.md "Evidence over time"): an upper
     * CUSUM over the {@link Cusum#LOOKBACK} windows' test p-values as z-scores, against the threshold
     * whose run length matches the drift family's share of the budget split over the window's
     * columns; in words where it is reached over at least two windows, else null.
     */
    private String persistentDrift(Map<String, List<DriftWindow>> drift, KpiWindow row, DriftWindow d,
            long columns) {
        if (!rules.anomalies().cusum() || d.d().kind() == ProfileSet.Kind.LABEL || Double.isNaN(d.d().pValue())) {
            return null;
        }
        // the drift family's share of a window's allowance: (1 − confidence) / 2, the budget's α_f
        double alpha = (1 - rules.confidence()) / 2 / Math.max(1, columns);
        double zThreshold = -NORMAL.inverseCumulativeProbability(alpha);
        List<Double> z = new ArrayList<>(Cusum.LOOKBACK);
        long w = row.windowStart();
        for (int i = 0; i < Cusum.LOOKBACK; i++, w = grid.start(w - 1)) {
            Double zi = null;
            for (DriftWindow e : drift.getOrDefault(key(row.model(), row.modelVersion(), w), List.of())) {
                if (e.d().kind() == d.d().kind() && e.d().feature().equals(d.d().feature())) {
                    zi = Cusum.zOfPValue(e.d().pValue());
                    if (zi != null) zi -= Cusum.sharedReferenceAllowance(e.d().count(), e.d().referenceCount(), zThreshold);
                    break;
                }
            }
            z.add(zi);
        }
        java.util.Collections.reverse(z);
        double h = cusumThresholds.computeIfAbsent(zThreshold, Cusum::threshold);
        Cusum.Evidence e = Cusum.upper(z);
        if (e.statistic() < h || e.windows() < 2) return null;
        return String.format(Locale.ROOT, "CUSUM of its drift tests' z-scores %.2f ≥ %.2f over %d windows (p = %s in this"
                + " window)", e.statistic(), h, e.windows(), num(d.d().pValue()));
    }

    private static final org.apache.commons.math3.distribution.NormalDistribution NORMAL =
            new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1);

    /**
     * The window's estimated accuracy's interval, no narrower than a window of as many predictions drawn
     * with the reference's spread ({@link io.driftwatch.common.kpi.Intervals#meanAtLeastReferenceSpread}).
     */
    private static double[] estimatedInterval95(KpiValues k, KpiValues ref) {
        double[] window = interval95(k, Kpi.ESTIMATED_ACCURACY);
        Double value = k.value(Kpi.ESTIMATED_ACCURACY);
        if (ref == null || value == null) return window;
        return io.driftwatch.common.kpi.Intervals.meanAtLeastReferenceSpread(window, value,
                k.basisCount(Kpi.ESTIMATED_ACCURACY), interval95(ref, Kpi.ESTIMATED_ACCURACY),
                ref.basisCount(Kpi.ESTIMATED_ACCURACY));
    }

    private static double[] interval95(KpiValues k, Kpi kpi) {
        Double lo = k.ciLow(kpi), hi = k.ciHigh(kpi);
        return lo == null || hi == null ? null : new double[] {lo, hi};
    }

    private static boolean predictionDrifted(Map<String, List<DriftWindow>> drift, KpiWindow row, long window) {
        for (DriftWindow d : drift.getOrDefault(key(row.model(), row.modelVersion(), window), List.of())) {
            if (d.d().kind() == ProfileSet.Kind.PREDICTION) return Boolean.TRUE.equals(d.d().drifted());
        }
        return false;
    }

    /**
     * The segment carrying most of a quality drop: per segment field, each value's drop against its own
     * reference weighted by its share of the labels; the value whose share of the total (positive)
     * weighted drop is at least half, and whose own drop exceeds {@code max_accuracy_drop}, is named.
     */
    private RetrainingRules.SegmentDrop concentration(KpiWindow row, List<KpiWindow> current,
            Map<String, KpiValues> reference, Kpi qualityKpi, Task task) {
        Map<String, List<KpiWindow>> byField = new TreeMap<>();
        for (KpiWindow s : current) {
            if (s.windowStart() != row.windowStart() || !s.model().equals(row.model())
                    || !s.modelVersion().equals(row.modelVersion()) || Observation.ALL_SEGMENTS.equals(s.segment())) {
                continue;
            }
            int eq = s.segment().indexOf('=');
            byField.computeIfAbsent(eq < 0 ? s.segment() : s.segment().substring(0, eq), x -> new ArrayList<>()).add(s);
        }
        RetrainingRules.SegmentDrop best = null;
        double bestShare = 0;
        for (List<KpiWindow> segments : byField.values()) {
            long labels = segments.stream().mapToLong(s -> s.kpis().count(Kpi.LABELED_COUNT)).sum();
            if (labels == 0) continue;
            double total = 0;
            double top = 0;
            KpiWindow topRow = null;
            double topDrop = 0;
            for (KpiWindow s : segments) {
                KpiValues ref = reference.get(key(s.model(), s.segment()));
                Double q = s.kpis().value(qualityKpi);
                Double rq = ref == null ? null : ref.value(qualityKpi);
                if (q == null || rq == null) continue;
                double drop = task == Task.REGRESSION ? (rq > 0 ? q / rq - 1 : 0) : rq - q;
                double weighted = drop * s.kpis().count(Kpi.LABELED_COUNT) / labels;
                if (weighted <= 0) continue;
                total += weighted;
                if (weighted > top) {
                    top = weighted;
                    topRow = s;
                    topDrop = drop;
                }
            }
            if (topRow == null || topDrop <= rules.maxQualityDrop(task) || top / total < 0.5 || top / total <= bestShare) continue;
            bestShare = top / total;
            best = new RetrainingRules.SegmentDrop(topRow.segment(), topDrop,
                    (double) topRow.kpis().count(Kpi.PREDICTION_COUNT) / Math.max(1, row.kpis().count(Kpi.PREDICTION_COUNT)));
        }
        return best;
    }

    /**
     * The reference period's KPIs per (model, segment): the KPI states of its windows, all versions,
     * merged — the KPIs of the whole period as one window. Windows without a state are skipped.
     */
    public static Map<String, KpiValues> referenceKpis(Iterable<? extends KpiWindow> referenceWindows) {
        Map<String, KpiValues> out = new HashMap<>();
        Map<String, KpiState> merged = new HashMap<>();
        Map<String, long[]> span = new HashMap<>();
        for (KpiWindow r : referenceWindows) {
            KpiState s = r.state();
            if (s == null) continue;
            String key = key(r.model(), r.segment());
            merged.merge(key, s, KpiState::merge);
            span.computeIfAbsent(key, x -> new long[] {0})[0] += r.coverageEnd() - r.coverageStart();
        }
        merged.forEach((key, s) -> out.put(key, s.result(Math.max(1, span.get(key)[0]))));
        return out;
    }

    /** The key of a model's whole traffic in {@link #referenceKpis}' map. */
    public static String referenceKey(String model) {
        return key(model, Observation.ALL_SEGMENTS);
    }

    /** The key of {@link #referenceKpis}'s map for a model and segment. */
    public static String referenceKey(String model, String segment) {
        return key(model, segment);
    }

    private static String key(Object... parts) {
        StringBuilder b = new StringBuilder();
        for (Object p : parts) b.append(p).append('\u0000');
        return b.toString();
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static String num(Double v) {
        if (v == null) return "null";
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
