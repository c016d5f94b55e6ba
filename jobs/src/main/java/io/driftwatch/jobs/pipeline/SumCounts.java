package io.driftwatch.jobs.pipeline;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sums the count events of one subtask (chained after the operator that emits them) and emits the
 * totals at end of input, so that only a few records per subtask travel to the finalizer. Streaming:
 * the totals since the last checkpoint leave before each checkpoint barrier, so every count is in
 * exactly one checkpoint.
 */
public final class SumCounts extends AbstractStreamOperator<RunCount>
        implements OneInputStreamOperator<RunCount, RunCount>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private transient Map<String, Long> totals;
    private transient Map<String, String> examples;

    @Override
    public void open() throws Exception {
        super.open();
        totals = new HashMap<>();
        examples = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<RunCount> r) {
        Counters.accumulate(totals, examples, r.getValue());
    }

    @Override
    public void endInput() {
        flush();
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    private void flush() {
        totals.forEach((k, v) -> output.collect(new StreamRecord<>(new RunCount(k, v, examples.get(k)))));
        totals.clear();
        examples.clear();
    }
}
