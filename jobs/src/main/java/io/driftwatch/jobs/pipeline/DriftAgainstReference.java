package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.DriftwatchConfig.DriftConfig;
import io.driftwatch.common.drift.ColumnDrift;
import io.driftwatch.common.drift.DriftCalibration;
import io.driftwatch.common.drift.DriftEvaluator;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drift of every window against a reference built in the same job from the same logs (one read of
 * the input, docs/guide/drift.md). Keyed by (model, segment): input 1 is the reference period's profiles
 * of each model version, merged into the key's reference as a stored reference merges them; input 2
 * is the analyzed windows' profiles, held until the key's timer. In batch mode the timer fires once
 * the key's records of both inputs are all in, whichever input Flink hands over first, so every window
 * is compared with the whole reference. The reference's windows are kept too: each is compared with
 * the whole reference to calibrate the distance thresholds on the reference's own window-to-window
 * variation ({@link DriftCalibration}, docs/reference/alarms.md).
 */
public final class DriftAgainstReference
        extends KeyedCoProcessFunction<String, WindowProfiles, WindowProfiles, FeatureDriftRow> {
    private static final long serialVersionUID = 1L;
    private static final long END_OF_KEY = Long.MAX_VALUE - 1;

    private final DriftwatchConfig config;
    private transient ValueState<byte[]> reference;
    private transient ListState<WindowProfiles> windows;
    private transient ListState<WindowProfiles> referenceWindows;

    public DriftAgainstReference(DriftwatchConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        reference = getRuntimeContext().getState(new ValueStateDescriptor<>("reference", byte[].class));
        windows = getRuntimeContext().getListState(new ListStateDescriptor<>("windows", WindowProfiles.class));
        referenceWindows = getRuntimeContext().getListState(
                new ListStateDescriptor<>("reference-windows", WindowProfiles.class));
    }

    @Override
    public void processElement1(WindowProfiles r, Context ctx, Collector<FeatureDriftRow> out) throws Exception {
        byte[] current = reference.value();
        ProfileSet merged = current == null ? ProfileSet.fromBytes(r.profiles()) : ProfileSet.fromBytes(current).merge(ProfileSet.fromBytes(r.profiles()));
        reference.update(merged.toBytes());
        referenceWindows.add(r);
        ctx.timerService().registerEventTimeTimer(END_OF_KEY);
    }

    @Override
    public void processElement2(WindowProfiles w, Context ctx, Collector<FeatureDriftRow> out) throws Exception {
        windows.add(w);
        ctx.timerService().registerEventTimeTimer(END_OF_KEY);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FeatureDriftRow> out) throws Exception {
        byte[] r = reference.value();
        ProfileSet ref = r == null ? null : ProfileSet.fromBytes(r);
        Map<String, DriftCalibration> calibrations = new HashMap<>();
        for (WindowProfiles w : windows.get()) {
            DriftConfig drift = config.driftOf(w.model());
            DriftCalibration calibration = !drift.calibrate() ? DriftCalibration.NONE
                    : calibrations.computeIfAbsent(w.model(), m -> DriftCalibration.of(referenceWindows(), ref, drift));
            for (ColumnDrift d : DriftEvaluator.evaluate(ProfileSet.fromBytes(w.profiles()), ref, drift,
                    config.model(w.model()).features().keySet(), calibration)) {
                out.collect(new FeatureDriftRow(w.model(), w.version(), w.segment(), w.windowStart(), w.windowEnd(),
                        w.coverageStart(), w.coverageEnd(), d));
            }
        }
        windows.clear();
        reference.clear();
        referenceWindows.clear();
    }

    /** The reference period's windows in time order, each window's versions merged (deterministic order). */
    private List<ProfileSet> referenceWindows() {
        List<WindowProfiles> all = new ArrayList<>();
        try {
            referenceWindows.get().forEach(all::add);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        all.sort(Comparator.comparingLong(WindowProfiles::windowStart).thenComparing(WindowProfiles::version));
        Map<Long, ProfileSet> byWindow = new TreeMap<>();
        for (WindowProfiles w : all) {
            byWindow.merge(w.windowStart(), ProfileSet.fromBytes(w.profiles()), ProfileSet::merge);
        }
        return new ArrayList<>(byWindow.values());
    }
}
