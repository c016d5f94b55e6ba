package io.driftwatch.jobs.pipeline;

import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Flink's {@link ProcessOperator} that, at end of input, emits its function's counts to the
 * {@link AnalyzePipeline#COUNTS} side output (functions have no end-of-input hook, and counts written
 * in {@code close()} would race with the operators downstream).
 */
public final class CountingProcessOperator<IN, OUT> extends ProcessOperator<IN, OUT> implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public <F extends ProcessFunction<IN, OUT> & CountsSource> CountingProcessOperator(F function) {
        super(function);
    }

    @Override
    public void endInput() {
        CountsSource source = (CountsSource) userFunction;
        Map<String, String> examples = source.examples();
        for (Map.Entry<String, Long> e : source.counts().entrySet()) {
            output.collect(AnalyzePipeline.COUNTS,
                    new StreamRecord<>(new RunCount(e.getKey(), e.getValue(), examples.get(e.getKey()))));
        }
    }
}
