package io.driftwatch.jobs.tables;

import io.driftwatch.common.model.CarriedObservations;
import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import io.driftwatch.jobs.parquet.Column;
import io.driftwatch.jobs.parquet.StoredRow;
import io.driftwatch.jobs.parquet.TableSchema;
import java.util.List;

/**
 * One row of {@code label_carry} (docs/guide/scheduled-runs.md, "What a daily run reads"): a
 * prediction of a window whose labels may still arrive, without its features, kept by a run with a
 * {@code --to} so that the next {@code --since-last-run} joins late labels to it instead of reading
 * the window's logs again. Internal state of the output directory, replaced with the windows it
 * belongs to; not meant for queries.
 *
 * @param observation {@link CarriedObservations#toBytes}: the prediction as read, a label logged with it included
 * @param labelTime the time of the label record the run joined to it (the latest), null without one
 */
public record LabelCarryRow(String model, long windowStart, String predictionId, byte[] observation, Double labelNumber,
        String labelText, Long labelTime) {

    /**
     * @param o the prediction as read (with a label logged with it, if any)
     * @param carried {@code o} in its carried form ({@link CarriedObservations#toBytes})
     * @param label the label record that won the join so far, or null
     */
    public static LabelCarryRow of(Observation o, byte[] carried, long windowStart, LabelRecord label) {
        return new LabelCarryRow(o.model(), windowStart, o.predictionId(), carried,
                label == null || Double.isNaN(label.labelNumber()) ? null : label.labelNumber(),
                label == null ? null : label.labelText(), label == null ? null : label.timestamp());
    }

    public static final TableSchema<LabelCarryRow> SCHEMA = new TableSchema<>("label_carry", List.of(
            Column.string("model", LabelCarryRow::model),
            Column.timestamp("window_start", LabelCarryRow::windowStart),
            Column.uniqueString("prediction_id", LabelCarryRow::predictionId),
            Column.binary("observation", LabelCarryRow::observation),
            Column.float64("label_number", LabelCarryRow::labelNumber),
            // without a dictionary: a regression's label texts differ from row to row (its dictionary was built,
            // then dropped: a tenth of a daily run's label_carry writer); a class label's few texts compress
            Column.uniqueString("label_text", LabelCarryRow::labelText),
            Column.timestamp("label_time", LabelCarryRow::labelTime)),
            LabelCarryRow::model, LabelCarryRow::windowStart, LabelCarryRow::read);

    private static LabelCarryRow read(StoredRow r) {
        return new LabelCarryRow(r.string("model"), r.int64("window_start"), r.string("prediction_id"),
                r.bytes("observation"), r.float64("label_number"), r.string("label_text"), r.int64("label_time"));
    }
}
