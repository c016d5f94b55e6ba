package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import io.driftwatch.jobs.tables.LabelCarryRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The types of the {@link Observation}, {@link LabelRecord} and {@link LabelCarryRow} streams: serializers written field by
 * field. Hand-written because Flink's POJO serializer for a record reads and writes each field by
 * reflection (every double boxed, the record built through its constructor by reflection, strings
 * through a thread-local buffer): 27–29 % of the CPU samples of the label join and of the
 * pre-aggregation after it in a daily run (bench/README.md, "Scheduled runs"), where predictions and
 * labels cross the network and the batch sort. The bytes only cross an exchange or a sort; keyed state
 * keeps Flink's own serializers (the label join's state), so savepoints do not change.
 */
public final class PipelineTypes {
    /** The observations' type. */
    public static final Type<Observation> OBSERVATION = new Type<>(Observation.class, ObservationSerializer.INSTANCE);

    /** The label records' type. */
    public static final Type<LabelRecord> LABEL_RECORD = new Type<>(LabelRecord.class, LabelRecordSerializer.INSTANCE);

    /** The kept predictions' type ({@code label_carry} rows: every prediction of the horizon, each run). */
    public static final Type<LabelCarryRow> LABEL_CARRY_ROW = new Type<>(LabelCarryRow.class, LabelCarryRowSerializer.INSTANCE);

    private PipelineTypes() {}

    /** A record type of the pipeline with its hand-written serializer. */
    public static final class Type<T> extends TypeInformation<T> {
        private static final long serialVersionUID = 1L;
        private final Class<T> typeClass;
        private final RecordSerializer<T> serializer;

        private Type(Class<T> typeClass, RecordSerializer<T> serializer) {
            this.typeClass = typeClass;
            this.serializer = serializer;
        }

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<T> getTypeClass() {
            return typeClass;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public RecordSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Override
        public String toString() {
            return typeClass.getSimpleName();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Type<?> t && t.typeClass == typeClass;
        }

        @Override
        public int hashCode() {
            return typeClass.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Type;
        }
    }

    /**
     * A serializer of an immutable record (never changed after it is made, so a copy is the same
     * object), with the string and array forms the records share.
     */
    public abstract static class RecordSerializer<T> extends TypeSerializerSingleton<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public T createInstance() {
            return null;
        }

        @Override
        public T copy(T from) {
            return from;
        }

        @Override
        public T copy(T from, T reuse) {
            return from;
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public T deserialize(T reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        /** A string as its UTF-8 length + 1 (0: null) and bytes. */
        static void text(DataOutputView out, String s) throws IOException {
            if (s == null) {
                out.writeInt(0);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length + 1);
            out.write(b);
        }

        static String text(DataInputView in) throws IOException {
            int n = in.readInt() - 1;
            if (n < 0) return null;
            byte[] b = new byte[n];
            in.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        static void texts(DataOutputView out, String[] a) throws IOException {
            out.writeInt(a == null ? -1 : a.length);
            if (a != null) for (String s : a) text(out, s);
        }

        static String[] texts(DataInputView in) throws IOException {
            int n = in.readInt();
            if (n < 0) return null;
            String[] a = new String[n];
            for (int i = 0; i < n; i++) a[i] = text(in);
            return a;
        }

        static void numbers(DataOutputView out, double[] a) throws IOException {
            out.writeInt(a == null ? -1 : a.length);
            if (a != null) for (double d : a) out.writeDouble(d);
        }

        static double[] numbers(DataInputView in) throws IOException {
            int n = in.readInt();
            if (n < 0) return null;
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = in.readDouble();
            return a;
        }

        /** The format byte each record starts with, checked on reading. */
        static void format(DataInputView in, byte expected, String what) throws IOException {
            byte format = in.readByte();
            if (format != expected) throw new IOException("unknown " + what + " format " + format);
        }
    }

    /**
     * Observations as bytes. Not {@code CarriedObservations}' form, which it resembles: that one is stored
     * ({@code label_carry}, read by later releases) and leaves the features out; this one only crosses an
     * exchange within a job and keeps every field.
     */
    public static final class ObservationSerializer extends RecordSerializer<Observation> {
        private static final long serialVersionUID = 1L;
        public static final ObservationSerializer INSTANCE = new ObservationSerializer();
        private static final byte FORMAT = 1;
        private static final Task[] TASKS = Task.values();

        @Override
        public void serialize(Observation o, DataOutputView out) throws IOException {
            out.writeByte(FORMAT);
            out.writeByte((o.labeled() ? 1 : 0) | (o.error() ? 2 : 0));
            text(out, o.model());
            text(out, o.modelVersion());
            text(out, o.segment());
            texts(out, o.segments());
            text(out, o.predictionId());
            out.writeLong(o.timestamp());
            out.writeByte(o.task() == null ? -1 : o.task().ordinal());
            out.writeDouble(o.predictionNumber());
            text(out, o.predictionText());
            out.writeDouble(o.labelNumber());
            text(out, o.labelText());
            out.writeDouble(o.latencyMs());
            out.writeDouble(o.cpuPct());
            out.writeDouble(o.memoryMb());
            out.writeDouble(o.gpuPct());
            texts(out, o.featureNames());
            numbers(out, o.featureNumbers());
            texts(out, o.featureTexts());
            texts(out, o.groups());
            texts(out, o.probabilityClasses());
            numbers(out, o.probabilities());
        }

        @Override
        public Observation deserialize(DataInputView in) throws IOException {
            format(in, FORMAT, "observation");
            int flags = in.readByte();
            String model = text(in), modelVersion = text(in), segment = text(in);
            String[] segments = texts(in);
            String predictionId = text(in);
            long timestamp = in.readLong();
            byte task = in.readByte();
            double predictionNumber = in.readDouble();
            String predictionText = text(in);
            double labelNumber = in.readDouble();
            String labelText = text(in);
            double latencyMs = in.readDouble(), cpuPct = in.readDouble(), memoryMb = in.readDouble(),
                    gpuPct = in.readDouble();
            String[] featureNames = texts(in);
            double[] featureNumbers = numbers(in);
            String[] featureTexts = texts(in), groups = texts(in), probabilityClasses = texts(in);
            double[] probabilities = numbers(in);
            return new Observation(model, modelVersion, segment, segments, predictionId, timestamp,
                    task < 0 ? null : TASKS[task], predictionNumber, predictionText, (flags & 1) != 0, labelNumber,
                    labelText, latencyMs, (flags & 2) != 0, cpuPct, memoryMb, gpuPct, featureNames, featureNumbers,
                    featureTexts, groups, probabilityClasses, probabilities);
        }

        @Override
        public TypeSerializerSnapshot<Observation> snapshotConfiguration() {
            return new Snapshot();
        }

        /** The snapshot of the one format. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<Observation> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /** Label records as bytes. */
    public static final class LabelRecordSerializer extends RecordSerializer<LabelRecord> {
        private static final long serialVersionUID = 1L;
        public static final LabelRecordSerializer INSTANCE = new LabelRecordSerializer();
        private static final byte FORMAT = 1;

        @Override
        public void serialize(LabelRecord l, DataOutputView out) throws IOException {
            out.writeByte(FORMAT);
            out.writeByte((l.predictionOutOfRange() ? 1 : 0) | (l.carried() ? 2 : 0));
            text(out, l.predictionId());
            out.writeLong(l.timestamp());
            out.writeDouble(l.labelNumber());
            text(out, l.labelText());
        }

        @Override
        public LabelRecord deserialize(DataInputView in) throws IOException {
            format(in, FORMAT, "label record");
            int flags = in.readByte();
            return new LabelRecord(text(in), in.readLong(), in.readDouble(), text(in), (flags & 1) != 0, (flags & 2) != 0);
        }

        @Override
        public TypeSerializerSnapshot<LabelRecord> snapshotConfiguration() {
            return new Snapshot();
        }

        /** The snapshot of the one format. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<LabelRecord> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }

    /** Kept predictions' rows as bytes (the prediction's own bytes as they are). */
    public static final class LabelCarryRowSerializer extends RecordSerializer<LabelCarryRow> {
        private static final long serialVersionUID = 1L;
        public static final LabelCarryRowSerializer INSTANCE = new LabelCarryRowSerializer();
        private static final byte FORMAT = 1;

        @Override
        public void serialize(LabelCarryRow r, DataOutputView out) throws IOException {
            out.writeByte(FORMAT);
            out.writeByte((r.labelNumber() != null ? 1 : 0) | (r.labelTime() != null ? 2 : 0));
            text(out, r.model());
            out.writeLong(r.windowStart());
            text(out, r.predictionId());
            out.writeInt(r.observation() == null ? -1 : r.observation().length);
            if (r.observation() != null) out.write(r.observation());
            if (r.labelNumber() != null) out.writeDouble(r.labelNumber());
            text(out, r.labelText());
            if (r.labelTime() != null) out.writeLong(r.labelTime());
        }

        @Override
        public LabelCarryRow deserialize(DataInputView in) throws IOException {
            format(in, FORMAT, "label_carry row");
            int flags = in.readByte();
            String model = text(in);
            long windowStart = in.readLong();
            String predictionId = text(in);
            int n = in.readInt();
            byte[] observation = n < 0 ? null : new byte[n];
            if (observation != null) in.readFully(observation);
            Double labelNumber = (flags & 1) != 0 ? in.readDouble() : null;
            String labelText = text(in);
            Long labelTime = (flags & 2) != 0 ? in.readLong() : null;
            return new LabelCarryRow(model, windowStart, predictionId, observation, labelNumber, labelText, labelTime);
        }

        @Override
        public TypeSerializerSnapshot<LabelCarryRow> snapshotConfiguration() {
            return new Snapshot();
        }

        /** The snapshot of the one format. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<LabelCarryRow> {
            public Snapshot() {
                super(() -> INSTANCE);
            }
        }
    }
}
