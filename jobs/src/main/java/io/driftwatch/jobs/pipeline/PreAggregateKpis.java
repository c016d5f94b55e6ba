package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.model.Observation;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Local (per-subtask) pre-aggregation of KPI states before the shuffle, as Flink SQL's local-global
 * aggregation does: each prediction is added, once per segment it belongs to, to an in-memory
 * {@link KpiState} of its (key, window); only these partial states cross the network, instead of
 * every record. The keyed window downstream merges them, so results are the same as aggregating
 * records there (every KPI state is mergeable).
 *
 * <p>Partials leave when the watermark passes their window's end (streaming), before every
 * checkpoint barrier (so the operator keeps no state of its own), and at end of input (batch).
 * Each is stamped with its window's last millisecond, so the window assigner downstream puts it in
 * the same window.
 */
public final class PreAggregateKpis extends AbstractStreamOperator<KpiPartial>
        implements OneInputStreamOperator<Observation, KpiPartial>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final char SEP = '\u0001';

    private final DriftwatchConfig config;
    private final long windowMillis;
    private transient Map<PartialKey, KpiState> open;

    private record PartialKey(String key, long windowStart) {}

    public PreAggregateKpis(DriftwatchConfig config) {
        this.config = config;
        this.windowMillis = config.window().toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        open = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<Observation> record) {
        Observation o = record.getValue();
        long windowStart = o.timestamp() - Math.floorMod(o.timestamp(), windowMillis);
        double threshold = config.model(o.model()).threshold();
        String prefix = o.model() + SEP + o.modelVersion() + SEP;
        stateOf(prefix + Observation.ALL_SEGMENTS, windowStart).add(o, threshold);
        for (String segment : o.segments()) {
            stateOf(prefix + segment, windowStart).add(o, threshold);
        }
    }

    private KpiState stateOf(String key, long windowStart) {
        return open.computeIfAbsent(new PartialKey(key, windowStart), k -> new KpiState());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        emit(mark.getTimestamp());
        super.processWatermark(mark);
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
        for (Iterator<Map.Entry<PartialKey, KpiState>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PartialKey, KpiState> e = it.next();
            long windowEnd = e.getKey().windowStart() + windowMillis;
            if (upTo != Long.MAX_VALUE && windowEnd - 1 > upTo) continue;
            output.collect(new StreamRecord<>(
                    new KpiPartial(e.getKey().key(), e.getKey().windowStart(), e.getValue().toBytes()), windowEnd - 1));
            it.remove();
        }
    }
}
