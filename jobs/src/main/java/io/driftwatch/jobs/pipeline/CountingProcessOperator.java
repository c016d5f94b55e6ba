package io.driftwatch.jobs.pipeline;

import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Flink's {@link ProcessOperator} that, at end of input, emits its function's counts to the
 * {@link AnalyzePipeline#COUNTS} side output (functions have no end-of-input hook, and counts written
 * in {@code close()} would race with the operators downstream). Streaming: what was counted since the
 * last checkpoint leaves before each checkpoint barrier, so a restart neither loses nor repeats a count.
 */
public final class CountingProcessOperator<IN, OUT> extends ProcessOperator<IN, OUT> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public <F extends ProcessFunction<IN, OUT> & CountsSource> CountingProcessOperator(F function) {
        super(function);
    }

    /** What was emitted so far, per count (the function's counts are running totals). */
    private transient Map<String, Long> emitted;

    @Override
    public void endInput() {
        emitCounts();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        emitCounts();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    private void emitCounts() {
        if (emitted == null) emitted = new java.util.HashMap<>();
        CountsSource source = (CountsSource) userFunction;
        Map<String, String> examples = source.examples();
        for (Map.Entry<String, Long> e : source.counts().entrySet()) {
            String name = e.getKey();
            long total = e.getValue();
            Long before = emitted.put(name, total);
            // sums leave as the increase since the last emission; minimum and maximum as they are
            boolean sum = Counters.combine(name, 1, 1) == 2;
            long value = sum && before != null ? total - before : total;
            if (before != null && (sum ? value == 0 : before == total)) continue;
            output.collect(AnalyzePipeline.COUNTS, new StreamRecord<>(new RunCount(name, value, examples.get(name))));
        }
    }
}
