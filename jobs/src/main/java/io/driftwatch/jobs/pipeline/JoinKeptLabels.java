package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.CarriedObservations;
import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.parse.RecordParser;
import io.driftwatch.jobs.parquet.FlatParquetRows;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The label join of the predictions the last run kept ({@code label_carry}, {@link LabelCarry}) — a hash
 * join, not a sort: each subtask loads its share of the kept predictions (by the hash of their
 * {@code prediction_id}, the share {@link #PARTITIONER} sends it) into memory, and the run's labels and
 * new predictions come partitioned the same way. A label or new prediction whose id is kept stays here;
 * the others go on to {@link JoinLabels}, which then sorts only the new day's predictions and the labels
 * that are not for kept ones. At end of input every kept id is released as {@link JoinLabels} releases
 * an id ({@link JoinLabels#release}): with the label record that won (the latest; the one the last run
 * joined competes), so a daily run labels each prediction as one run over everything does.
 *
 * <p>The whole join ({@code whole}, for a run whose input fits in memory: {@code BatchRun}): every new
 * prediction with an id and every label stays here, kept or not, and there is no sorted join; at end of
 * input an id with predictions is released as above, an id with labels only is counted as {@link JoinLabels}
 * counts it in batch ({@code labels_out_of_range} when a prediction with that id was read outside the range,
 * else {@code labels_unmatched}). The same tables as the sorted join (IncrementalRunsTest).
 *
 * <p>Batch only (a stream keeps no predictions). Memory: a kept prediction without features is a few
 * dozen bytes plus its id (docs/guide/scheduled-runs.md, "What a daily run reads"). Measured on
 * {@code bench/incremental.sh}: see bench/README.md, "Scheduled runs".
 */
public final class JoinKeptLabels extends AbstractStreamOperator<Observation>
        implements TwoInputStreamOperator<Observation, LabelRecord, Observation>, BoundedMultiInput {
    private static final long serialVersionUID = 1L;

    /** Labels (and markers of predictions out of range) whose id is not kept, on to {@link JoinLabels}. */
    static final OutputTag<LabelRecord> LABELS_ON =
            new OutputTag<>("labels-not-kept", PipelineTypes.LABEL_RECORD);

    /**
     * The kept predictions (and new ones with a kept id), labeled, on to the windows as this subtask's
     * partial window states ({@link OpenPartials}): added here, where they are released, rather than each
     * sent to {@link PreAggregateWindows} (on bench/incremental.sh's daily run 400,000 predictions
     * serialized and read back: 0.25 s and 0.6 s of CPU, bench/README.md "Scheduled runs").
     */
    static final OutputTag<WindowPartial> RELEASED =
            new OutputTag<>("kept-predictions-labeled", TypeInformation.of(WindowPartial.class));

    /** A prediction id's subtask here: the same for a label, a new prediction and a kept prediction. */
    static final Partitioner<String> PARTITIONER = new ById();

    private static final class ById implements Partitioner<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public int partition(String id, int partitions) {
            return share(id, partitions);
        }
    }

    private static int share(String id, int partitions) {
        return share(id.hashCode(), partitions);
    }

    private static int share(int idHash, int partitions) {
        return Math.floorMod(idHash, partitions);
    }

    /** What is read of {@code label_carry}: its files and the windows {@code [from, to)} taken from them. */
    public record Kept(List<String> files, long from, long to) implements Serializable {
        /** Nothing kept (a whole join of a run without {@code label_carry}). */
        public static final Kept NONE = new Kept(List.of(), 0, 0);

        public static Kept of(List<Path> files, long from, long to) {
            return new Kept(files.stream().map(Path::toString).toList(), from, to);
        }
    }

    /**
     * One id: its kept predictions (carried form, as bytes; none for an id the last run did not keep), the
     * label that wins so far, new ones.
     */
    private static final class Entry {
        byte[] first;
        List<byte[]> more;
        LabelRecord label;
        long labelRecords;
        List<Observation> fresh;
        /** A prediction with this id was read outside the range (whole join only). */
        boolean outOfRange;
    }

    private final Kept kept;
    private final RecordParser parser;
    private final AnalyzeSettings settings;
    private final boolean whole;

    private transient Map<String, Entry> entries;
    /** Kept predictions without an id (read by subtask 0): nothing can label them; released as kept. */
    private transient List<byte[]> withoutId;
    private transient LongCounter joined, unmatched, outOfRange;
    private transient int ended;
    private transient OpenPartials partials;

    /** @param whole the whole label join: new predictions and labels whose id is not kept stay here too */
    public JoinKeptLabels(Kept kept, RecordParser parser, AnalyzeSettings settings, boolean whole) {
        this.whole = whole;
        this.kept = kept;
        this.parser = parser;
        this.settings = settings.withoutReference(); // it reads no reference
    }

    @Override
    public void open() throws Exception {
        super.open();
        joined = getRuntimeContext().getLongCounter(Counters.LABELS_JOINED);
        if (whole) {
            unmatched = getRuntimeContext().getLongCounter(Counters.LABELS_UNMATCHED);
            outOfRange = getRuntimeContext().getLongCounter(Counters.LABELS_OUT_OF_RANGE);
        }
        withoutId = new ArrayList<>();
        partials = new OpenPartials(settings);
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        int subtasks = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
        List<FlatParquetRows> files = new ArrayList<>();
        try {
            long rows = 0;
            for (String file : kept.files()) {
                files.add(FlatParquetRows.open(new Path(file)));
                rows += files.get(files.size() - 1).rowCount();
            }
            // sized for this subtask's share at once (growing to 200,000 ids rehashed it 15 times); RunPlanner bounds the rows
            entries = new HashMap<>((int) (rows / subtasks * 4 / 3 + 16));
            for (FlatParquetRows f : files) load(f, subtask, subtasks);
        } finally {
            for (FlatParquetRows f : files) f.close();
        }
    }

    private void load(FlatParquetRows rows, int subtask, int subtasks) throws IOException {
        int windowStart = rows.column("window_start");
        int observation = rows.column("observation");
        int predictionId = rows.column("prediction_id");
        int labelNumber = rows.column("label_number");
        int labelText = rows.column("label_text");
        int labelTime = rows.column("label_time");
        while (rows.next()) {
            long w = rows.int64(windowStart);
            if (w < kept.from() || w >= kept.to()) continue;
            if (rows.isNull(predictionId)) {
                if (subtask == 0) withoutId.add(rows.bytes(observation));
                continue;
            }
            if (share(rows.stringHashCode(predictionId), subtasks) != subtask) continue;
            String id = rows.string(predictionId);
            byte[] bytes = rows.bytes(observation);
            Entry e = new Entry();
            Entry had = entries.putIfAbsent(id, e); // one lookup: ids are nearly all different
            if (had == null) {
                e.first = bytes;
                // the label record the last run joined (the same for every kept prediction of the id)
                if (!rows.isNull(labelTime)) {
                    e.label = LabelRecord.carried(id, rows.int64(labelTime),
                            rows.isNull(labelNumber) ? Double.NaN : rows.float64(labelNumber),
                            rows.isNull(labelText) ? null : rows.string(labelText));
                }
            } else {
                if (had.more == null) had.more = new ArrayList<>(1);
                had.more.add(bytes);
            }
        }
    }

    /** A new prediction with an id: held here when the id is kept (duplicate ids) or the join is whole, else on. */
    @Override
    public void processElement1(StreamRecord<Observation> record) {
        Entry e = entries.get(record.getValue().predictionId());
        if (e == null) {
            if (!whole) {
                output.collect(record);
                return;
            }
            e = new Entry();
            entries.put(record.getValue().predictionId(), e);
        }
        if (e.fresh == null) e.fresh = new ArrayList<>(1);
        e.fresh.add(record.getValue());
    }

    /**
     * A label: competes for a held id as in {@link JoinLabels} ({@link LabelRecord#replaces}); held when the
     * join is whole, else on to the join.
     */
    @Override
    public void processElement2(StreamRecord<LabelRecord> record) {
        LabelRecord l = record.getValue();
        Entry e = entries.get(l.predictionId());
        if (e == null) {
            if (!whole) {
                output.collect(LABELS_ON, record);
                return;
            }
            e = new Entry();
            entries.put(l.predictionId(), e);
        }
        // a marker of a prediction out of range matters only to an id with no prediction in range
        if (l.predictionOutOfRange()) {
            e.outOfRange = true;
            return;
        }
        if (LabelRecord.replaces(l, e.label)) e.label = l;
        if (!l.carried()) e.labelRecords++;
    }

    @Override
    public void endInput(int inputId) {
        if (++ended < 2) return;
        JoinLabels.Released out = new JoinLabels.Released() {
            @Override
            public void observation(Observation o) {
                partials.add(o, false);
            }

            @Override
            public <X> void side(OutputTag<X> tag, X value) {
                output.collect(tag, new StreamRecord<>(value));
            }
        };
        for (Entry e : entries.values()) {
            if (e.first == null && e.fresh == null) {
                // labels (or markers) without a prediction in range: counted as JoinLabels counts them
                if (e.label != null && e.labelRecords > 0) {
                    output.collect(AnalyzePipeline.COUNTS, new StreamRecord<>(
                            JoinLabels.withoutPrediction(e.outOfRange, e.labelRecords, outOfRange, unmatched)));
                }
                continue;
            }
            int n = (e.first == null ? 0 : 1) + (e.more == null ? 0 : e.more.size()) + (e.fresh == null ? 0 : e.fresh.size());
            List<Observation> held = new ArrayList<>(n);
            List<byte[]> stored = new ArrayList<>(n);
            if (e.first != null) stored.add(e.first);
            if (e.more != null) stored.addAll(e.more);
            for (byte[] b : stored) held.add(CarriedObservations.fromBytes(b));
            if (e.fresh != null) {
                held.addAll(e.fresh);
                for (int i = 0; i < e.fresh.size(); i++) stored.add(null);
            }
            JoinLabels.release(held, stored, e.label, e.labelRecords, parser, settings, joined, out);
        }
        entries.clear();
        JoinLabels.release(withoutId.stream().map(CarriedObservations::fromBytes).toList(), withoutId, null, 0, parser,
                settings, joined, out);
        withoutId.clear();
        partials.emit(Long.MAX_VALUE, (partial, timestamp) -> output.collect(RELEASED, new StreamRecord<>(partial, timestamp)));
    }
}
