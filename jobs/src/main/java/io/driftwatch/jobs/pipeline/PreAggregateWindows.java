package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.window.WindowGrid;
import io.driftwatch.common.window.WindowState;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.drift.ColumnType;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Local (per-subtask) pre-aggregation of KPI states before the shuffle, as Flink SQL's local-global
 * aggregation does: each prediction is added, once per segment it belongs to, to an in-memory
 * {@link WindowState} of its (key, window); only these partial states cross the network, instead of
 * every record. The keyed window downstream merges them, so results are the same as aggregating
 * records there (every KPI state is mergeable).
 *
 * <p>Partials leave when the watermark passes their window's end plus the label wait (streaming: when
 * the window fires downstream), when the subtask's input turns idle, before every
 * checkpoint barrier (so the operator keeps no state of its own), and at end of input (batch).
 * Each is stamped with its window's last millisecond, so the window assigner downstream puts it in
 * the same window.
 */
public final class PreAggregateWindows extends AbstractStreamOperator<WindowPartial>
        implements OneInputStreamOperator<Observation, WindowPartial>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final char SEP = '\u0001';

    private final AnalyzeSettings settings;
    private final boolean profilesOnly;
    private final DriftwatchConfig config;
    private final WindowGrid grid;
    private transient Map<PartialKey, WindowState> open;
    private transient Map<String, Map<String, ColumnType>> declaredTypes;
    private transient volatile long currentWatermark;

    private record PartialKey(String key, long windowStart) {}

    public PreAggregateWindows(AnalyzeSettings settings) {
        this(settings, false);
    }

    /**
     * @param profilesOnly whether only the profiles of the predictions' rows, features and predictions are
     *     aggregated, no KPIs and no labels: before the label join, which then passes on the predictions'
     *     carried form ({@link WindowState#addProfiles})
     */
    public PreAggregateWindows(AnalyzeSettings settings, boolean profilesOnly) {
        this.settings = settings.withoutReference(); // it reads no reference
        this.profilesOnly = profilesOnly;
        this.config = settings.config();
        this.grid = settings.grid();
    }

    @Override
    public void open() throws Exception {
        super.open();
        open = new HashMap<>();
        declaredTypes = new HashMap<>();
        currentWatermark = Long.MIN_VALUE;
        // how far event time trails the wall clock here (streaming; -1 before the first watermark)
        getMetricGroup().gauge("watermark_lag_ms", () -> {
            long wm = currentWatermark;
            return wm == Long.MIN_VALUE ? -1L : System.currentTimeMillis() - wm;
        });
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

    @Override
    public void processElement(StreamRecord<Observation> record) {
        Observation o = record.getValue();
        long windowStart = grid.start(o.timestamp());
        double threshold = config.model(o.model()).threshold();
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
        stateOf(prefix + Observation.ALL_SEGMENTS, windowStart).add(o, threshold, declared, multivariate);
        for (String segment : o.segments()) {
            stateOf(prefix + segment, windowStart).add(o, threshold, declared, multivariate && drift.multivariateSegments());
        }
    }

    private WindowState stateOf(String key, long windowStart) {
        return open.computeIfAbsent(new PartialKey(key, windowStart), k -> new WindowState());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        currentWatermark = mark.getTimestamp();
        emit(mark.getTimestamp());
        super.processWatermark(mark);
    }

    /**
     * Before this subtask turns idle, its partials leave: downstream stops waiting for an idle input,
     * so partials held here would reach windows that have fired (seen with a watched directory whose
     * readers finished their files in turn).
     */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) emit(Long.MAX_VALUE);
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        emit(Long.MAX_VALUE);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() {
        emit(Long.MAX_VALUE);
    }

    /** Emits and forgets the partials of windows that end at or before {@code upTo}. */
    private void emit(long upTo) {
        for (Iterator<Map.Entry<PartialKey, WindowState>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PartialKey, WindowState> e = it.next();
            long windowEnd = grid.end(e.getKey().windowStart());
            if (upTo != Long.MAX_VALUE && settings.emittedAt(e.getKey().windowStart()) > upTo) continue;
            output.collect(new StreamRecord<>(
                    new WindowPartial(e.getKey().key(), e.getKey().windowStart(), e.getValue().toBytes()), windowEnd - 1));
            it.remove();
        }
    }
}
