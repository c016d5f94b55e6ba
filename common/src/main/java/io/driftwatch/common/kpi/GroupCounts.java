package io.driftwatch.common.kpi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mergeable state behind the {@code fairness} table: per group of a sensitive attribute
 * ({@code attribute=value}, as segment keys are written) the predictions, the labeled ones and, per
 * class, how often it was predicted (of all and of the labeled), how often it was the label and how
 * often both. Every one-vs-rest confusion matrix follows from these: for class {@code c},
 * {@code TP = both}, {@code FP = predictedLabeled − both}, {@code FN = label − both},
 * {@code TN = labeled − TP − FP − FN}. Binary models count the classes {@code "1"} (predicted
 * positive, {@code score >= threshold}; positive label) and {@code "0"}.
 *
 * <p>Sorted maps throughout, so the bytes of a state are the same whatever order its predictions
 * came in or its partials were merged (byte-identical tables at any parallelism).
 */
public final class GroupCounts {
    /** One group's counts. */
    public static final class Group {
        long predictions;
        long labeled;
        /** class → {predicted, predicted among the labeled, label, predicted and label}. */
        final TreeMap<String, long[]> classes = new TreeMap<>();

        public long predictions() {
            return predictions;
        }

        public long labeled() {
            return labeled;
        }

        /** How often class {@code c} was predicted, over all predictions. */
        public long predicted(String c) {
            long[] k = classes.get(c);
            return k == null ? 0 : k[0];
        }

        /** The one-vs-rest confusion matrix of class {@code c} over the labeled predictions: TP, FP, FN, TN. */
        public long[] confusion(String c) {
            long[] k = classes.getOrDefault(c, new long[4]);
            long tp = k[3], fp = k[1] - k[3], fn = k[2] - k[3];
            return new long[] {tp, fp, fn, labeled - tp - fp - fn};
        }

        /** The classes seen in this group, as predictions or labels. */
        public java.util.Set<String> classes() {
            return classes.keySet();
        }

        private long[] cls(String c) {
            return classes.computeIfAbsent(c, x -> new long[4]);
        }
    }

    private final TreeMap<String, Group> groups = new TreeMap<>();

    /**
     * Adds one prediction to each of its groups.
     *
     * @param groupKeys {@code attribute=value} per configured attribute
     * @param predicted the predicted class
     * @param label the label's class, or null when unlabeled
     */
    public void add(String[] groupKeys, String predicted, String label) {
        for (String key : groupKeys) {
            if (key.startsWith(KpiState.ENDPOINT)) continue;
            Group g = groups.computeIfAbsent(key, k -> new Group());
            g.predictions++;
            g.cls(predicted)[0]++;
            if (label == null) continue;
            g.labeled++;
            g.cls(predicted)[1]++;
            g.cls(label)[2]++;
            if (predicted.equals(label)) g.cls(label)[3]++;
        }
    }

    public GroupCounts merge(GroupCounts other) {
        other.groups.forEach((key, o) -> {
            Group g = groups.computeIfAbsent(key, k -> new Group());
            g.predictions += o.predictions;
            g.labeled += o.labeled;
            o.classes.forEach((c, k) -> {
                long[] mine = g.cls(c);
                for (int i = 0; i < 4; i++) mine[i] += k[i];
            });
        });
        return this;
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** The groups of one attribute, by value (the part after {@code attribute=}). */
    public Map<String, Group> of(String attribute) {
        Map<String, Group> out = new TreeMap<>();
        String prefix = attribute + "=";
        groups.subMap(prefix, true, prefix + Character.MAX_VALUE, true)
                .forEach((key, g) -> out.put(key.substring(prefix.length()), g));
        return out;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(groups.size());
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            out.writeUTF(e.getKey());
            Group g = e.getValue();
            out.writeLong(g.predictions);
            out.writeLong(g.labeled);
            out.writeInt(g.classes.size());
            for (Map.Entry<String, long[]> c : g.classes.entrySet()) {
                out.writeUTF(c.getKey());
                for (long v : c.getValue()) out.writeLong(v);
            }
        }
    }

    static GroupCounts readFrom(DataInput in) throws IOException {
        GroupCounts s = new GroupCounts();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            Group g = new Group();
            s.groups.put(in.readUTF(), g);
            g.predictions = in.readLong();
            g.labeled = in.readLong();
            int classes = in.readInt();
            for (int j = 0; j < classes; j++) {
                long[] k = new long[4];
                String c = in.readUTF();
                for (int v = 0; v < 4; v++) k[v] = in.readLong();
                g.classes.put(c, k);
            }
        }
        return s;
    }
}
