package io.driftwatch.common.drift;

import io.driftwatch.common.io.ByteForms;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The profiles of one key and window: one {@link ColumnProfile} per feature, one for the prediction
 * and one for the label, and the number of rows (predictions), from which each column's missing
 * count follows. Mergeable; what {@code feature_profiles} rows are made of.
 *
 * <p>The prediction and label columns take their type from the model's task: numeric for binary
 * classification (score; label 1/0) and regression, categorical for multiclass.
 */
public final class ProfileSet {
    private static final byte FORMAT = 1;

    /** Kinds of column ({@code kind} in the output tables). */
    public enum Kind {
        FEATURE, PREDICTION, LABEL,
        /** The numeric features together ({@link PcaReconstruction#FEATURE}): not a feature of its own. */
        MULTIVARIATE;

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A column of the set: its kind, name ({@code prediction}/{@code label} for those) and profile. */
    public record Column(Kind kind, String name, ColumnProfile profile) {}

    private long rows;
    private final Map<String, ColumnProfile> features = new HashMap<>();
    private ColumnProfile prediction;
    private ColumnProfile label;

    /**
     * Adds one prediction's values.
     *
     * @param declared the model's declared feature types (others are inferred)
     */
    public void add(Observation o, Map<String, ColumnType> declared) {
        add(o, declared, false);
    }

    /**
     * Adds one prediction's values.
     *
     * @param declared the model's declared feature types (others are inferred)
     * @param multivariate whether the numeric features' co-moments are kept too ({@code drift.multivariate},
     *     the column {@link PcaReconstruction#FEATURE})
     */
    public void add(Observation o, Map<String, ColumnType> declared, boolean multivariate) {
        addAllButLabel(o, declared, multivariate);
        addLabel(o);
    }

    /**
     * Adds one prediction's row, features and prediction, not its label: a prediction profiled before
     * its label is joined, whose label {@link #addLabel} adds afterwards.
     */
    public void addAllButLabel(Observation o, Map<String, ColumnType> declared, boolean multivariate) {
        rows++;
        if (multivariate) {
            ColumnProfile m = features.get(PcaReconstruction.FEATURE);
            if (m == null) {
                m = ColumnProfile.multivariate();
                features.put(PcaReconstruction.FEATURE, m);
            }
            // buckets by prediction id, else by time: the same split whatever the parallelism
            int key = o.predictionId() != null ? o.predictionId().hashCode() : Long.hashCode(o.timestamp() * 31
                    + Double.doubleToLongBits(o.featureNumbers().length == 0 ? 0 : o.featureNumbers()[0]));
            m.addRecord(o.featureNames(), o.featureNumbers(), o.featureTexts(), declared, key);
        }
        String[] names = o.featureNames();
        double[] numbers = o.featureNumbers();
        String[] texts = o.featureTexts();
        for (int i = 0; i < names.length; i++) {
            ColumnProfile p = features.get(names[i]);
            if (p == null) {
                p = new ColumnProfile(declared.get(names[i]));
                features.put(names[i], p);
            }
            p.add(numbers[i], texts[i]);
        }
        // a failed request without a prediction: the prediction is missing (rows − count), no label
        if (!o.hasPrediction()) return;
        boolean multiclass = o.task() == Task.MULTICLASS_CLASSIFICATION;
        if (prediction == null) prediction = new ColumnProfile(typeOf(o.task()));
        if (multiclass) prediction.add(Double.NaN, o.predictionText());
        else prediction.add(o.predictionNumber(), null);
    }

    /**
     * Adds only the label of a prediction whose row, features and prediction are profiled elsewhere
     * ({@code CarriedObservations}): in an earlier run's profiles of the window, or before the label join.
     */
    public void addLabel(Observation o) {
        if (!o.hasPrediction() || !o.labeled()) return;
        if (label == null) label = new ColumnProfile(typeOf(o.task()));
        if (o.task() == Task.MULTICLASS_CLASSIFICATION) label.add(Double.NaN, o.labelText());
        else label.add(o.labelNumber(), null);
    }

    private static ColumnType typeOf(Task task) {
        return task == Task.MULTICLASS_CLASSIFICATION ? ColumnType.CATEGORICAL : ColumnType.NUMERIC;
    }

    public ProfileSet merge(ProfileSet o) {
        rows += o.rows;
        o.features.forEach((name, p) -> {
            ColumnProfile mine = features.get(name);
            if (mine == null) features.put(name, copy(p));
            else mine.merge(p);
        });
        if (o.prediction != null) prediction = prediction == null ? copy(o.prediction) : prediction.merge(o.prediction);
        if (o.label != null) label = label == null ? copy(o.label) : label.merge(o.label);
        return this;
    }

    private static ColumnProfile copy(ColumnProfile p) {
        return new ColumnProfile(p.declared()).merge(p);
    }

    /** Rows (predictions) of the window. */
    public long rows() {
        return rows;
    }

    /** The columns, features by name, then the prediction, then the label (when any was seen). */
    public java.util.List<Column> columns() {
        java.util.List<Column> out = new java.util.ArrayList<>();
        new TreeMap<>(features).forEach((name, p) -> out.add(new Column(
                PcaReconstruction.FEATURE.equals(name) ? Kind.MULTIVARIATE : Kind.FEATURE, name, p)));
        if (prediction != null) out.add(new Column(Kind.PREDICTION, "prediction", prediction));
        if (label != null) out.add(new Column(Kind.LABEL, "label", label));
        return out;
    }

    /** A column's profile, or null. */
    public ColumnProfile column(Kind kind, String name) {
        return switch (kind) {
            case FEATURE, MULTIVARIATE -> features.get(name);
            case PREDICTION -> prediction;
            case LABEL -> label;
        };
    }

    /** Adds a whole column (reference profiles read back from {@code feature_profiles}). */
    public void mergeColumn(Kind kind, String name, ColumnProfile p) {
        ColumnProfile mine = column(kind, name);
        if (mine != null) {
            mine.merge(p);
            return;
        }
        switch (kind) {
            case FEATURE, MULTIVARIATE -> features.put(name, copy(p));
            case PREDICTION -> prediction = copy(p);
            case LABEL -> label = copy(p);
        }
    }

    /** Adds rows (reference profiles read back from {@code feature_profiles}). */
    public void addRows(long n) {
        rows += n;
    }

    /** The set as bytes (shipped between operators and with jobs); {@link #fromBytes} reads them. */
    public byte[] toBytes() {
        return ByteForms.toBytes(this::writeTo);
    }

    /** Reads {@link #toBytes} output. */
    public static ProfileSet fromBytes(byte[] bytes) {
        return ByteForms.fromBytes(bytes, ProfileSet::readFrom);
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(rows);
        TreeMap<String, ColumnProfile> sorted = new TreeMap<>(features);
        out.writeInt(sorted.size());
        for (Map.Entry<String, ColumnProfile> e : sorted.entrySet()) {
            out.writeUTF(e.getKey());
            e.getValue().writeTo(out);
        }
        out.writeBoolean(prediction != null);
        if (prediction != null) prediction.writeTo(out);
        out.writeBoolean(label != null);
        if (label != null) label.writeTo(out);
    }

    public static ProfileSet readFrom(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) throw new IOException("unknown profile set format " + format);
        ProfileSet s = new ProfileSet();
        s.rows = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) s.features.put(in.readUTF(), ColumnProfile.readFrom(in));
        if (in.readBoolean()) s.prediction = ColumnProfile.readFrom(in);
        if (in.readBoolean()) s.label = ColumnProfile.readFrom(in);
        return s;
    }
}
