package io.driftwatch.common.kpi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Mergeable state of multiclass KPIs: the confusion counts of labeled predictions, by class name.
 *
 * <p>accuracy = correct / labeled. precision and recall are macro averages over the classes seen
 * in the window's labels or predictions, each class counted where its own denominator is not 0
 * (as scikit-learn's {@code zero_division=np.nan}); f1 is the macro average of the per-class
 * {@code 2·tp / (2·tp + fp + fn)}. All null without labels. Probabilities are not logged for
 * multiclass, so log_loss, brier, roc_auc and estimated_accuracy stay null.
 */
public final class MulticlassState implements QualityState {
    private long predictions;
    private long labeled;
    private long correct;
    /** key: actual + '\u0000' + predicted. */
    private final Map<String, long[]> confusion = new HashMap<>();

    /** Adds a prediction; {@code label} is null when unlabeled. */
    public void add(String predicted, String label) {
        predictions++;
        if (label == null) return;
        labeled++;
        if (label.equals(predicted)) correct++;
        confusion.computeIfAbsent(label + '\u0000' + predicted, k -> new long[1])[0]++;
    }

    public void merge(MulticlassState o) {
        predictions += o.predictions;
        labeled += o.labeled;
        correct += o.correct;
        o.confusion.forEach((k, v) -> confusion.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
    }

    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(predictions);
        out.writeLong(labeled);
        out.writeLong(correct);
        out.writeInt(confusion.size());
        // sorted by key, so the bytes do not depend on the order predictions arrived in
        for (Map.Entry<String, long[]> e : new java.util.TreeMap<>(confusion).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue()[0]);
        }
    }

    static MulticlassState readFrom(DataInput in) throws IOException {
        MulticlassState s = new MulticlassState();
        s.predictions = in.readLong();
        s.labeled = in.readLong();
        s.correct = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) s.confusion.put(in.readUTF(), new long[] {in.readLong()});
        return s;
    }

    @Override
    public long labeled() {
        return labeled;
    }

    public Double accuracy() {
        return BinaryClassificationState.ratio(correct, labeled);
    }

    public Double precision() {
        return macro(Kind.PRECISION);
    }

    public Double recall() {
        return macro(Kind.RECALL);
    }

    public Double f1() {
        return macro(Kind.F1);
    }

    private enum Kind { PRECISION, RECALL, F1 }

    private Double macro(Kind kind) {
        if (labeled == 0) return null;
        Map<String, long[]> perClass = new HashMap<>(); // tp, fp, fn
        Set<String> classes = new HashSet<>();
        confusion.forEach((k, v) -> {
            int cut = k.indexOf('\u0000');
            String actual = k.substring(0, cut);
            String predicted = k.substring(cut + 1);
            classes.add(actual);
            classes.add(predicted);
            if (actual.equals(predicted)) {
                perClass.computeIfAbsent(actual, x -> new long[3])[0] += v[0];
            } else {
                perClass.computeIfAbsent(predicted, x -> new long[3])[1] += v[0];
                perClass.computeIfAbsent(actual, x -> new long[3])[2] += v[0];
            }
        });
        double sum = 0;
        int n = 0;
        for (String c : classes) {
            long[] s = perClass.getOrDefault(c, new long[3]);
            long den = switch (kind) {
                case PRECISION -> s[0] + s[1];
                case RECALL -> s[0] + s[2];
                case F1 -> 2 * s[0] + s[1] + s[2];
            };
            if (den == 0) continue;
            sum += (kind == Kind.F1 ? 2.0 * s[0] : s[0]) / den;
            n++;
        }
        return n == 0 ? null : sum / n;
    }

    @Override
    public void merge(QualityState other) {
        merge((MulticlassState) other);
    }

    @Override
    public void add(io.driftwatch.common.model.Observation o) {
        add(o.predictionText(), o.labeled() ? o.labelText() : null);
    }

    @Override
    public void putKpis(KpiValues.Builder k) {
        k.put(Kpi.ACCURACY, accuracy()).put(Kpi.PRECISION, precision()).put(Kpi.RECALL, recall()).put(Kpi.F1, f1());
    }
}
