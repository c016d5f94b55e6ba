package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.FairnessRule;
import io.driftwatch.common.fairness.FairnessEvaluator;
import io.driftwatch.common.fairness.GroupFairness;
import io.driftwatch.jobs.tables.FairnessRow;
import java.util.List;
import io.driftwatch.common.drift.ColumnDrift;
import io.driftwatch.common.drift.DriftEvaluator;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.drift.ReferenceProfiles;
import io.driftwatch.common.window.WindowState;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns the aggregated state of a window into its rows: {@code kpi_windows} (main output), and when
 * profiles are on, one {@code feature_profiles} row per column ({@link AnalyzePipeline#PROFILES})
 * and, when there is a reference, one {@code feature_drift} row per column
 * ({@link AnalyzePipeline#DRIFT}), and for models with fairness attributes one {@code fairness} row per
 * group ({@link AnalyzePipeline#FAIRNESS}); drift rows are decided together so that the p-value decisions of the window are
 * corrected for multiple testing.
 */
public final class EmitWindow extends ProcessWindowFunction<WindowState, KpiWindowRow, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final DriftwatchConfig config;
    private final ReferenceProfiles reference;
    private final long from;
    private final long to;
    private final boolean profileSets;
    private final String countName;
    private transient LongCounter windows;

    /** @param from, to the run's range: a window it cuts is covered in part (and its throughput is over that part) */
    public EmitWindow(DriftwatchConfig config, ReferenceProfiles reference, long from, long to) {
        this(config, reference, from, to, false, Counters.KPI_WINDOWS);
    }

    /**
     * @param profileSets also emit each window's whole profile set ({@link AnalyzePipeline#WINDOW_PROFILES}),
     *     for drift against a reference built in the same job
     * @param countName the accumulator counting the windows
     */
    public EmitWindow(DriftwatchConfig config, ReferenceProfiles reference, long from, long to, boolean profileSets,
            String countName) {
        this.config = config;
        this.reference = reference;
        this.from = from;
        this.to = to;
        this.profileSets = profileSets;
        this.countName = countName;
    }

    @Override
    public void open(OpenContext ctx) {
        windows = getRuntimeContext().getLongCounter(countName);
    }

    @Override
    public void process(String key, Context ctx, Iterable<WindowState> states, Collector<KpiWindowRow> out) {
        String[] parts = KpiKey.split(key);
        String model = parts[0], version = parts[1], segment = parts[2];
        TimeWindow w = ctx.window();
        WindowState state = states.iterator().next();
        windows.add(1);
        long coverageStart = Math.max(w.getStart(), from), coverageEnd = Math.min(w.getEnd(), to);
        io.driftwatch.common.kpi.KpiValues kpis = state.kpis().result(coverageEnd - coverageStart);
        // quality without labels against a stored reference; a reference built in this job: EstimateAgainstReference
        if (reference != null) kpis = io.driftwatch.common.kpi.Estimates.of(kpis, null, reference.kpisOf(model, segment));
        out.collect(new KpiWindowRow(model, version, segment, w.getStart(), w.getEnd(), coverageStart, coverageEnd,
                kpis, state.kpis().toBytes()));
        List<FairnessRule> fairness = config.model(model).fairness();
        if (!fairness.isEmpty()) {
            for (GroupFairness f : FairnessEvaluator.evaluate(state.kpis().groups(), fairness, state.kpis().task(),
                    FairnessEvaluator.alpha(config.retraining()))) {
                ctx.output(AnalyzePipeline.FAIRNESS, new FairnessRow(model, version, segment, w.getStart(), w.getEnd(),
                        coverageStart, coverageEnd, f));
            }
        }
        ProfileSet profiles = state.profiles();
        if (profiles == null) return;
        for (ProfileSet.Column c : profiles.columns()) {
            ctx.output(AnalyzePipeline.PROFILES,
                    FeatureProfileRow.of(model, version, segment, w.getStart(), w.getEnd(), coverageStart,
                            coverageEnd, c, profiles.rows()));
        }
        if (profileSets) {
            ctx.output(AnalyzePipeline.WINDOW_PROFILES, new WindowProfiles(model, version, segment, w.getStart(), w.getEnd(),
                    coverageStart, coverageEnd, profiles.toBytes()));
        }
        if (reference == null) return;
        for (ColumnDrift d : DriftEvaluator.evaluate(profiles, reference.of(model, segment), config.driftOf(model),
                config.model(model).features().keySet())) {
            ctx.output(AnalyzePipeline.DRIFT, new FeatureDriftRow(model, version, segment, w.getStart(), w.getEnd(),
                    coverageStart, coverageEnd, d));
        }
    }
}
