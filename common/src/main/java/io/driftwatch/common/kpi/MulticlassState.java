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
    /**
     * One-vs-rest counts for {@link Cbpe} per class, from the records' class probabilities: per bin of
     * the class's score {@code [predicted this class, predicted another, labeled, labeled this class]};
     * null when read from a state written before them (format < 5).
     */
    private java.util.TreeMap<String, long[]> ovr = new java.util.TreeMap<>();
    /**
     * Top-class calibration: labeled records with class probabilities by the predicted class's
     * probability, a hit when it was right; null in a state written before it (format < 6).
     */
    private CalibrationBins calibration = new CalibrationBins();

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
        if (ovr != null && o.ovr != null) {
            o.ovr.forEach((k, v) -> {
                long[] mine = ovr.computeIfAbsent(k, x -> new long[v.length]);
                for (int i = 0; i < v.length; i++) mine[i] += v[i];
            });
        } else {
            ovr = null;
        }
        if (calibration != null && o.calibration != null) {
            calibration.merge(o.calibration);
        } else {
            calibration = null;
        }
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
        writeOvr(ovr, out);
        out.writeBoolean(calibration != null);
        if (calibration != null) calibration.writeTo(out);
    }

    static void writeOvr(java.util.TreeMap<String, long[]> ovr, DataOutput out) throws IOException {
        out.writeBoolean(ovr != null);
        if (ovr == null) return;
        out.writeInt(ovr.size());
        for (Map.Entry<String, long[]> e : ovr.entrySet()) {
            out.writeUTF(e.getKey());
            for (long v : e.getValue()) out.writeLong(v);
        }
    }

    static java.util.TreeMap<String, long[]> readOvr(DataInput in) throws IOException {
        if (!in.readBoolean()) return null;
        java.util.TreeMap<String, long[]> ovr = new java.util.TreeMap<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String k = in.readUTF();
            long[] v = new long[4 * Cbpe.BINS];
            for (int j = 0; j < v.length; j++) v[j] = in.readLong();
            ovr.put(k, v);
        }
        return ovr;
    }

    static MulticlassState readFrom(DataInput in, int format) throws IOException {
        MulticlassState s = new MulticlassState();
        s.predictions = in.readLong();
        s.labeled = in.readLong();
        s.correct = in.readLong();
        int n = in.readInt();
        for (int i = 0; i < n; i++) s.confusion.put(in.readUTF(), new long[] {in.readLong()});
        s.ovr = format >= 5 ? readOvr(in) : null;
        s.calibration = format >= 6 && in.readBoolean() ? CalibrationBins.readFrom(in) : null;
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
        if (o.probabilities().length == 0 || o.predictionText() == null) return;
        String[] classes = o.probabilityClasses();
        if (calibration != null && o.labeled() && o.labelText() != null) {
            // top-class: the probability the model gave the class it predicted
            double top = Double.NaN;
            for (int i = 0; i < classes.length; i++) {
                if (classes[i].equals(o.predictionText())) top = o.probabilities()[i];
            }
            if (!Double.isNaN(top)) calibration.add(top, o.predictionText().equals(o.labelText()));
        }
        if (ovr == null) return;
        for (int i = 0; i < classes.length; i++) {
            long[] c = ovr.computeIfAbsent(classes[i], k -> new long[4 * Cbpe.BINS]);
            int b = Cbpe.bin(o.probabilities()[i]);
            c[4 * b + (classes[i].equals(o.predictionText()) ? 0 : 1)]++;
            if (o.labeled() && o.labelText() != null) {
                c[4 * b + 2]++;
                if (classes[i].equals(o.labelText())) c[4 * b + 3]++;
            }
        }
    }

    /** The one-vs-rest counts per class ({@link Cbpe}), or null. */
    public java.util.TreeMap<String, long[]> ovrCounts() {
        return ovr;
    }

    /** The top-class reliability diagram ({@link CalibrationBins#reliability}), or null. */
    public double[][] reliability() {
        return calibration == null ? null : calibration.reliability();
    }

    @Override
    public void putKpis(KpiValues.Builder k) {
        if (calibration != null) calibration.putKpis(k);
        k.put(Kpi.ACCURACY, accuracy()).put(Kpi.PRECISION, precision()).put(Kpi.RECALL, recall()).put(Kpi.F1, f1());
        k.interval(Kpi.ACCURACY, Intervals.wilson(correct, labeled));
        for (Kind kind : Kind.values()) {
            Double v = macro(kind);
            if (v != null) k.interval(kind == Kind.F1 ? Kpi.F1 : kind == Kind.PRECISION ? Kpi.PRECISION : Kpi.RECALL,
                    macroInterval(kind, v));
        }
    }

    /**
     * The delta-method interval of a macro average ({@link Intervals#delta}) over the confusion cells'
     * shares {@code p_ij} (actual i, predicted j), with {@code R_k}, {@code C_k} the row and column
     * sums: per class {@code F1_k = 2p_kk/(R_k + C_k)}, {@code P_k = p_kk/C_k}, {@code Rc_k = p_kk/R_k};
     * a cell moves only the classes of its row and column.
     */
    private double[] macroInterval(Kind kind, double value) {
        Map<String, Double> rows = new HashMap<>(), cols = new HashMap<>(), diag = new HashMap<>();
        String[][] cells = new String[confusion.size()][];
        double[] shares = new double[confusion.size()];
        int c = 0;
        for (Map.Entry<String, long[]> e : new java.util.TreeMap<>(confusion).entrySet()) {
            int cut = e.getKey().indexOf('\u0000');
            String actual = e.getKey().substring(0, cut), predicted = e.getKey().substring(cut + 1);
            double p = (double) e.getValue()[0] / labeled;
            rows.merge(actual, p, Double::sum);
            cols.merge(predicted, p, Double::sum);
            if (actual.equals(predicted)) diag.merge(actual, p, Double::sum);
            cells[c] = new String[] {actual, predicted};
            shares[c++] = p;
        }
        Set<String> classes = new HashSet<>(rows.keySet());
        classes.addAll(cols.keySet());
        Set<String> counted = new HashSet<>();
        for (String cl : classes) {
            if (denominator(kind, rows.getOrDefault(cl, 0.0), cols.getOrDefault(cl, 0.0)) > 0) counted.add(cl);
        }
        double[] gradient = new double[shares.length];
        for (int i = 0; i < cells.length; i++) {
            String actual = cells[i][0], predicted = cells[i][1];
            double g = 0;
            for (String cl : actual.equals(predicted) ? Set.of(actual) : Set.of(actual, predicted)) {
                if (!counted.contains(cl)) continue;
                double r = rows.getOrDefault(cl, 0.0), col = cols.getOrDefault(cl, 0.0), d = diag.getOrDefault(cl, 0.0);
                double den = denominator(kind, r, col);
                boolean onDiagonal = actual.equals(cl) && predicted.equals(cl);
                // how much this cell adds to the class's denominator: F1 counts row and column, P the column, R the row
                double inDen = switch (kind) {
                    case F1 -> (actual.equals(cl) ? 1 : 0) + (predicted.equals(cl) ? 1 : 0);
                    case PRECISION -> predicted.equals(cl) ? 1 : 0;
                    case RECALL -> actual.equals(cl) ? 1 : 0;
                };
                double numFactor = kind == Kind.F1 ? 2 : 1;
                g += (numFactor * (onDiagonal ? 1 : 0) * den - numFactor * d * inDen) / (den * den);
            }
            gradient[i] = g / counted.size();
        }
        return Intervals.delta(value, shares, gradient, labeled);
    }

    private static double denominator(Kind kind, double row, double col) {
        return switch (kind) {
            case F1 -> row + col;
            case PRECISION -> col;
            case RECALL -> row;
        };
    }
}
