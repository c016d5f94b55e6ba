package io.driftwatch.jobs.trend;

import io.driftwatch.jobs.store.Store;
import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.common.trend.Judge;
import io.driftwatch.common.trend.KpiAnomaly;
import io.driftwatch.common.trend.RetrainingSignal;
import io.driftwatch.common.window.WindowGrid;
import io.driftwatch.jobs.parquet.TableSource;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.fs.Path;

/**
 * The {@link Judge} over the stored tables (contract §7): reads the range's KPI windows, their keys'
 * history back to {@link Judge#historyStart}, the drift rows back to {@link Judge#driftStart} and the
 * reference period's KPIs, and hands them to the pure judge. The stream's judge ({@link StreamJudge})
 * feeds the same {@link Judge} from keyed state.
 */
public final class HistoryJudge {

    /**
     * The rows judged for the range.
     *
     * @param drifted the range's drifted columns of whole models (segment {@code __all__}), for alerts
     */
    public record Judged(List<KpiAnomaly> anomalies, List<RetrainingSignal> signals, List<FeatureDriftRow> drifted,
            List<io.driftwatch.common.trend.ModelVersion> versions, List<io.driftwatch.common.trend.CheckResult> checks) {
        static Judged of(Judge.Judged<FeatureDriftRow> j) {
            return new Judged(j.anomalies(), j.signals(), j.drifted(), j.versions(), j.checks());
        }
    }

    private final Judge judge;
    private final WindowGrid grid;

    public HistoryJudge(RetrainingConfig rules, WindowGrid grid) {
        this(rules, grid, Map.of());
    }

    /** @param fairness the fairness attributes by model, whose breaches are reasons */
    public HistoryJudge(RetrainingConfig rules, WindowGrid grid,
            Map<String, List<io.driftwatch.common.config.FairnessRule>> fairness) {
        this(rules, grid, fairness, Map.of());
    }

    /** @param checks the service-level checks by model, evaluated into {@code check_results} */
    public HistoryJudge(RetrainingConfig rules, WindowGrid grid,
            Map<String, List<io.driftwatch.common.config.FairnessRule>> fairness,
            Map<String, List<io.driftwatch.common.config.Check>> checks) {
        this.judge = new Judge(rules, grid, fairness, checks);
        this.grid = grid;
    }

    /**
     * Where the stored rows that judging the windows from {@code from} on reads begin: the history of
     * {@code kpi_windows} ({@link Judge#historyStart}) and the drift rows ({@link Judge#driftStart}).
     */
    public long readsFrom(long from) {
        return Math.min(from, Math.min(judge.historyStart(from), judge.driftStart(from)));
    }

    /** The span of a run's input where it gave no {@code --from}/{@code --to} ({@link Judge#inputSpans}). */
    public HistoryJudge inputSpans(long start, long end) {
        judge.inputSpans(start, end);
        return this;
    }

    /**
     * Judges the windows starting in {@code [from, to)} of {@code output}.
     *
     * @param referenceDir the directory holding the reference period's {@code kpi_windows}, or null
     */
    public Judged judge(Path output, Path referenceDir, long from, long to) throws IOException {
        return judge(Store.at(output), referenceDir, from, to);
    }

    /** Judges the windows starting in {@code [from, to)} of the tables {@code source} reads. */
    public Judged judge(TableSource source, Path referenceDir, long from, long to) throws IOException {
        // The range's windows and the history before them in one read: the history reaches back from
        // the first window held (historyStart, never before historyStart(from)); each list keeps the
        // order of that read, the order a read of its own range gives
        List<KpiWindowRow> all = source.read(KpiWindowRow.SCHEMA, null,
                from == Long.MIN_VALUE ? from : Math.min(from, judge.historyStart(from)), to);
        List<KpiWindowRow> current = all.stream().filter(r -> r.windowStart() >= from).toList();
        if (current.isEmpty()) return new Judged(List.of(), List.of(), List.of(), List.of(), List.of());
        Set<String> models = new LinkedHashSet<>();
        for (KpiWindowRow r : current) models.add(r.model());
        long firstWindow = Math.max(from, current.stream().mapToLong(KpiWindowRow::windowStart).min().getAsLong());
        long historyStart = judge.historyStart(firstWindow);
        // every model: one silent in the range has no current rows (Judge#silences)
        List<KpiWindowRow> stored = all.stream().filter(r -> r.windowStart() >= historyStart).toList();
        List<FeatureDriftRow> drift = source.read(FeatureDriftRow.SCHEMA, models, judge.driftStart(firstWindow), to);
        return Judged.of(judge.judge(current, stored, drift, referenceKpis(referenceDir, models), from,
                passedWindows(from, to, System.currentTimeMillis())));
    }

    /**
     * The windows of an explicit range {@code [from, to)} that have ended by {@code to} and by
     * {@code now}: the run says their time has passed, so a model without records in them is silent
     * (docs/guide/checks.md "Silence"), even with no other model's records to show it.
     */
    List<Long> passedWindows(long from, long to, long now) {
        List<Long> out = new java.util.ArrayList<>();
        if (from == Long.MIN_VALUE || to == Long.MAX_VALUE) return out;
        long limit = Math.min(to, now);
        for (long w = grid.start(from); w < to && out.size() < 100_000; w = grid.end(w)) {
            if (w >= from && grid.end(w) <= limit) out.add(w);
        }
        return out;
    }

    /** The pure judgment of windows the caller holds (see {@link Judge#judge}). */
    public Judged judge(List<KpiWindowRow> current, List<KpiWindowRow> stored, List<FeatureDriftRow> driftRows,
            Map<String, KpiValues> reference, long from) {
        return Judged.of(judge.judge(current, stored, driftRows, reference, from));
    }

    /** Silent keys in {@code expected} windows ({@link Judge#silences}). */
    public List<KpiAnomaly> silences(List<KpiWindowRow> stored, java.util.Collection<Long> expected, long from) {
        return judge.silences(stored, expected, from);
    }

    public long historyStart(long from) {
        return judge.historyStart(from);
    }

    public long driftStart(long firstWindow) {
        return judge.driftStart(firstWindow);
    }

    /** The reference period's KPIs per (model, segment) from its stored {@code kpi_windows} ({@link Judge#referenceKpis}). */
    public static Map<String, KpiValues> referenceKpis(Path referenceDir, Set<String> models) throws IOException {
        if (referenceDir == null) return Map.of();
        return Judge.referenceKpis(Store.at(referenceDir).read(KpiWindowRow.SCHEMA, models, Long.MIN_VALUE, Long.MAX_VALUE));
    }
}
