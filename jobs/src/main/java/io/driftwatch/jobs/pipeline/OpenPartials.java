package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.drift.ColumnType;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.window.WindowGrid;
import io.driftwatch.common.window.WindowState;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One subtask's partial window states, per key (model, version, segment) and window: each prediction is
 * added once per segment it belongs to, and the partials leave as {@link WindowPartial}s, merged by the
 * keyed windows downstream (every state is mergeable, exactly: the same bytes however records are split
 * into partials). Used by {@link PreAggregateWindows} and by {@link JoinKeptLabels}, which adds the kept
 * predictions it releases where it releases them instead of sending each on.
 */
final class OpenPartials {
    private static final char SEP = '\u0001';

    private final AnalyzeSettings settings;
    private final DriftwatchConfig config;
    private final WindowGrid grid;
    private final Map<PartialKey, WindowState> open = new HashMap<>();
    private final Map<String, Map<String, ColumnType>> declaredTypes = new HashMap<>();

    private record PartialKey(String key, long windowStart) {}

    /** Where a partial goes, with the timestamp it carries (its window's last millisecond). */
    interface Sink {
        void emit(WindowPartial partial, long timestamp);
    }

    OpenPartials(AnalyzeSettings settings) {
        this.settings = settings;
        this.config = settings.config();
        this.grid = settings.grid();
    }

    /** The model's declared feature types; null when profiles are off. */
    private Map<String, ColumnType> declared(String model) {
        if (!config.drift().enabled()) return null;
        return declaredTypes.computeIfAbsent(model, m -> {
            Map<String, ColumnType> types = new HashMap<>();
            config.model(m).features().forEach((f, t) -> types.put(f, ColumnType.fromConfigName(t)));
            return types;
        });
    }

    /**
     * Adds one prediction to its window's partials.
     *
     * @param profilesOnly only the profiles of its row, features and prediction, no KPIs and no label
     *     (before the label join, which then passes on its carried form: {@link WindowState#addProfiles})
     */
    void add(Observation o, boolean profilesOnly) {
        long windowStart = grid.start(o.timestamp());
        Map<String, ColumnType> declared = declared(o.model());
        String prefix = o.model() + SEP + o.modelVersion() + SEP;
        // multivariate drift of whole models, and of segments where asked: its co-moments cost grows with the
        // square of the features and with every segment a record is in
        DriftwatchConfig.DriftConfig drift = config.driftOf(o.model());
        boolean multivariate = declared != null && drift.multivariate();
        if (profilesOnly) {
            if (declared == null) return;
            stateOf(prefix + Observation.ALL_SEGMENTS, windowStart).addProfiles(o, declared, multivariate);
            for (String segment : o.segments()) {
                stateOf(prefix + segment, windowStart).addProfiles(o, declared, multivariate && drift.multivariateSegments());
            }
            return;
        }
        double threshold = config.model(o.model()).threshold();
        stateOf(prefix + Observation.ALL_SEGMENTS, windowStart).add(o, threshold, declared, multivariate);
        for (String segment : o.segments()) {
            stateOf(prefix + segment, windowStart).add(o, threshold, declared, multivariate && drift.multivariateSegments());
        }
    }

    private WindowState stateOf(String key, long windowStart) {
        return open.computeIfAbsent(new PartialKey(key, windowStart), k -> new WindowState());
    }

    /**
     * Emits and forgets the partials of windows emitted at or before {@code upTo} ({@link
     * AnalyzeSettings#emittedAt}); {@code Long.MAX_VALUE}: all. Each carries its window's last millisecond,
     * so the window assigner downstream puts it in the same window.
     */
    void emit(long upTo, Sink out) {
        for (Iterator<Map.Entry<PartialKey, WindowState>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PartialKey, WindowState> e = it.next();
            long windowEnd = grid.end(e.getKey().windowStart());
            if (upTo != Long.MAX_VALUE && settings.emittedAt(e.getKey().windowStart()) > upTo) continue;
            out.emit(new WindowPartial(e.getKey().key(), e.getKey().windowStart(), e.getValue().toBytes()), windowEnd - 1);
            it.remove();
        }
    }
}
