package io.driftwatch.jobs.commit;

import io.driftwatch.jobs.tables.RunStatus;
import io.driftwatch.jobs.pipeline.Counters;
import io.driftwatch.jobs.pipeline.RunCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code runs} rows of a continuous {@code stream} (parallelism 1): it sums the counts the
 * operators send before each checkpoint barrier, and at the first checkpoint after
 * {@code streaming.runs_every} closes a period; the period's row is written when that checkpoint
 * completes (status {@code streaming}, run id {@code <stream id>-<period>}). The open counts and a
 * closed period not yet written are operator state, and a row's file is named by its period, so a
 * restart from any checkpoint writes every row exactly once.
 */
public final class StreamRunLog extends AbstractStreamOperator<Void> implements OneInputStreamOperator<RunCount, Void> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StreamRunLog.class);

    private final CommitPlan plan;
    private final long everyMillis;

    private transient Map<String, Long> counts;
    private transient Map<String, String> examples;
    private transient long periodStart;
    private transient int period;
    /** Closed periods waiting for their checkpoint: checkpoint id → row. */
    private transient TreeMap<Long, Closed> closed;
    private transient ListState<State> state;

    /** The operator's state: open counts, the current period and the closed ones not yet written. */
    public record State(Map<String, Long> counts, Map<String, String> examples, long periodStart, int period,
            Map<Long, Closed> closed) {}

    /** A closed period: its number, start and counts. */
    public record Closed(int period, long start, Map<String, Long> counts, Map<String, String> examples) {}

    public StreamRunLog(CommitPlan plan, long everyMillis) {
        this.plan = plan;
        this.everyMillis = everyMillis;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("runs", State.class));
        counts = new HashMap<>();
        examples = new HashMap<>();
        closed = new TreeMap<>();
        periodStart = plan.run().startedAt();
        for (State s : state.get()) {
            counts.putAll(s.counts());
            examples.putAll(s.examples());
            periodStart = s.periodStart();
            period = s.period();
            closed.putAll(s.closed());
        }
    }

    @Override
    public void processElement(StreamRecord<RunCount> r) {
        Counters.accumulate(counts, examples, r.getValue());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        long now = System.currentTimeMillis();
        if (now - periodStart >= everyMillis && !counts.isEmpty()) {
            closed.put(context.getCheckpointId(), new Closed(period, periodStart, counts, examples));
            counts = new HashMap<>();
            examples = new HashMap<>();
            periodStart = now;
            period++;
        }
        state.update(List.of(new State(new HashMap<>(counts), new HashMap<>(examples), periodStart, period,
                new HashMap<>(closed))));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        for (Map.Entry<Long, Closed> e : new ArrayList<>(closed.headMap(checkpointId, true).entrySet())) {
            Closed c = e.getValue();
            String id = plan.run().id() + "-" + String.format("%05d", c.period());
            CommitPlan p = plan.withRun(id, c.start());
            RunLogRow row = new RunLogRow(p, c);
            Path output = new Path(plan.output().dir());
            RunLog.write(output, plan.output().compression(), AuditTrail.sealWithoutFiles(output, row.row()));
            LOG.info("stream {}: runs row {} ({} records read since {})", plan.run().id(), id,
                    c.counts().getOrDefault(Counters.RECORDS_READ, 0L), io.driftwatch.common.parse.Timestamps.format(c.start()));
            closed.remove(e.getKey());
        }
    }

    /** A closed period as a {@code runs} row. */
    private record RunLogRow(CommitPlan plan, Closed c) {
        io.driftwatch.jobs.tables.RunRow row() {
            RunCounts counts = RunCounts.of(c.counts(), c.examples());
            return RunRecord.row(plan, RunStatus.STREAMING, counts, counts.kpiWindowRows(), null);
        }
    }
}
