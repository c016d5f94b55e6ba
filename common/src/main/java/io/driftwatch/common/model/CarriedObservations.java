package io.driftwatch.common.model;

import io.driftwatch.common.io.ByteForms;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The compact form of a prediction kept for the next scheduled run (the {@code label_carry} table,
 * docs/guide/scheduled-runs.md, "What a daily run reads"): every field the KPI state, the fairness
 * counts and the label profile read, never the features (the window's feature profiles are kept
 * already, in {@code feature_profiles}). A late label joins it as it would join the raw record, so a
 * window analyzed again from carried predictions has the same state as one analyzed from the logs.
 *
 * <p>A carried observation has one feature, {@link #MARK}, with neither a number nor a text:
 * {@link Observation#carried()} tells it, and profiles skip everything of it but the label. A batch run
 * also sorts predictions into the label join in this form, their profiles taken before the join
 * (docs/guide/scheduled-runs.md, "What a daily run reads").
 */
public final class CarriedObservations {
    /** The feature name a carried observation has in place of its features. */
    public static final String MARK = "\u0000carried";

    private static final byte FORMAT = 1;
    /**
     * The mark's arrays, shared by every carried observation (a batch run makes one per prediction it joins;
     * nothing writes into an observation's arrays, and profiles skip a carried one's).
     */
    private static final String[] MARK_NAMES = {MARK};
    private static final double[] MARK_NUMBERS = {Double.NaN};
    private static final String[] MARK_TEXTS = new String[1];
    private static final int LONG_TEXT = 2;
    /** {@code Task.values()} copies its array at every call: 1 % of a daily run's samples, reading kept predictions. */
    private static final Task[] TASKS = Task.values();

    private CarriedObservations() {}

    /** The carried form of {@code o}: its features replaced by {@link #MARK}. */
    public static Observation carried(Observation o) {
        if (o.carried()) return o;
        return new Observation(o.model(), o.modelVersion(), o.segment(), o.segments(), o.predictionId(), o.timestamp(),
                o.task(), o.predictionNumber(), o.predictionText(), o.labeled(), o.labelNumber(), o.labelText(),
                o.latencyMs(), o.error(), o.cpuPct(), o.memoryMb(), o.gpuPct(), MARK_NAMES, MARK_NUMBERS,
                MARK_TEXTS, o.groups(), o.probabilityClasses(), o.probabilities());
    }

    /** {@code o} without its features, as bytes (a few dozen for a binary or regression model). */
    public static byte[] toBytes(Observation o) {
        return ByteForms.toBytes(out -> write(o, out));
    }

    /** Reads {@link #toBytes}: the carried form of the observation written. */
    public static Observation fromBytes(byte[] bytes) {
        return ByteForms.fromBytes(bytes, CarriedObservations::read);
    }

    private static void write(Observation o, DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeUTF(o.model());
        text(out, o.modelVersion());
        text(out, o.segment());
        texts(out, o.segments());
        text(out, o.predictionId());
        out.writeLong(o.timestamp());
        out.writeByte(o.task() == null ? -1 : o.task().ordinal());
        out.writeDouble(o.predictionNumber());
        text(out, o.predictionText());
        out.writeBoolean(o.labeled());
        if (o.labeled()) {
            out.writeDouble(o.labelNumber());
            text(out, o.labelText());
        }
        out.writeDouble(o.latencyMs());
        out.writeBoolean(o.error());
        out.writeDouble(o.cpuPct());
        out.writeDouble(o.memoryMb());
        out.writeDouble(o.gpuPct());
        texts(out, o.groups());
        texts(out, o.probabilityClasses());
        out.writeInt(o.probabilities().length);
        for (double p : o.probabilities()) out.writeDouble(p);
    }

    private static Observation read(DataInput in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT) throw new IOException("unknown carried observation format " + format);
        String model = in.readUTF();
        String version = text(in);
        String segment = text(in);
        String[] segments = texts(in);
        String id = text(in);
        long timestamp = in.readLong();
        int task = in.readByte();
        double predictionNumber = in.readDouble();
        String predictionText = text(in);
        boolean labeled = in.readBoolean();
        double labelNumber = labeled ? in.readDouble() : Double.NaN;
        String labelText = labeled ? text(in) : null;
        double latency = in.readDouble();
        boolean error = in.readBoolean();
        double cpu = in.readDouble(), memory = in.readDouble(), gpu = in.readDouble();
        String[] groups = texts(in);
        String[] classes = texts(in);
        double[] probabilities = new double[in.readInt()];
        for (int i = 0; i < probabilities.length; i++) probabilities[i] = in.readDouble();
        return new Observation(model, version, segment, segments, id, timestamp, task < 0 ? null : TASKS[task],
                predictionNumber, predictionText, labeled, labelNumber, labelText, latency, error, cpu, memory, gpu,
                MARK_NAMES, MARK_NUMBERS, MARK_TEXTS, groups, classes, probabilities);
    }

    /**
     * A text as a flag and its modified UTF-8 ({@code writeUTF}); one longer than {@code writeUTF} takes
     * (65,535 bytes: a prediction id can be; other texts are cut at parsing) as flag {@link #LONG_TEXT}, its length and UTF-8
     * bytes. Texts that fit are written as before, so earlier runs' bytes read the same.
     */
    private static void text(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeByte(0);
        } else if (s.length() <= 65_535 / 3 || modifiedUtfLength(s) <= 65_535) {
            out.writeByte(1);
            out.writeUTF(s);
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeByte(LONG_TEXT);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static String text(DataInput in) throws IOException {
        int flag = in.readByte();
        if (flag == 0) return null;
        if (flag != LONG_TEXT) return in.readUTF();
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static long modifiedUtfLength(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c >= 1 && c <= 0x7f ? 1 : c <= 0x7ff ? 2 : 3;
        }
        return n;
    }

    private static void texts(DataOutput out, String[] values) throws IOException {
        out.writeInt(values.length);
        for (String v : values) text(out, v);
    }

    private static String[] texts(DataInput in) throws IOException {
        String[] values = new String[in.readInt()];
        for (int i = 0; i < values.length; i++) values[i] = text(in);
        return values;
    }
}
