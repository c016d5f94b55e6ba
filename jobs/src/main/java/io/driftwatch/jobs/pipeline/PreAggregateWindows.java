package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.Observation;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Local (per-subtask) pre-aggregation of KPI states before the shuffle, as Flink SQL's local-global
 * aggregation does: each prediction is added, once per segment it belongs to, to an in-memory
 * {@link io.driftwatch.common.window.WindowState} of its (key, window) ({@link OpenPartials}); only
 * these partial states cross the network, instead of every record. The keyed window downstream merges
 * them, so results are the same as aggregating records there (every KPI state is mergeable).
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

    private final AnalyzeSettings settings;
    private final boolean profilesOnly;
    private transient OpenPartials open;
    private transient volatile long currentWatermark;

    public PreAggregateWindows(AnalyzeSettings settings) {
        this(settings, false);
    }

    /**
     * @param profilesOnly whether only the profiles of the predictions' rows, features and predictions are
     *     aggregated, no KPIs and no labels: before the label join, which then passes on the predictions'
     *     carried form ({@link io.driftwatch.common.window.WindowState#addProfiles})
     */
    public PreAggregateWindows(AnalyzeSettings settings, boolean profilesOnly) {
        this.settings = settings.withoutReference(); // it reads no reference
        this.profilesOnly = profilesOnly;
    }

    @Override
    public void open() throws Exception {
        super.open();
        open = new OpenPartials(settings);
        currentWatermark = Long.MIN_VALUE;
        // how far event time trails the wall clock here (streaming; -1 before the first watermark)
        getMetricGroup().gauge("watermark_lag_ms", () -> {
            long wm = currentWatermark;
            return wm == Long.MIN_VALUE ? -1L : System.currentTimeMillis() - wm;
        });
    }

    @Override
    public void processElement(StreamRecord<Observation> record) {
        open.add(record.getValue(), profilesOnly);
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
        open.emit(upTo, (partial, timestamp) -> output.collect(new StreamRecord<>(partial, timestamp)));
    }
}
