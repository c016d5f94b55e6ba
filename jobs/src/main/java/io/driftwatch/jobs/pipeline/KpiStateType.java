package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.kpi.KpiState;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink type information for {@link KpiState} window accumulators, over its own versioned byte
 * format ({@code KpiState.toBytes}), so that window state in checkpoints and savepoints never
 * falls back to Kryo (whose encoding of sketches is neither compact nor stable across upgrades).
 */
public final class KpiStateType extends TypeInformation<KpiState> {
    private static final long serialVersionUID = 1L;
    public static final KpiStateType INSTANCE = new KpiStateType();

    private KpiStateType() {}

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<KpiState> getTypeClass() { return KpiState.class; }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<KpiState> createSerializer(SerializerConfig config) {
        return Serializer.INSTANCE;
    }

    @Override public String toString() { return "KpiState"; }
    @Override public boolean equals(Object o) { return o instanceof KpiStateType; }
    @Override public int hashCode() { return KpiStateType.class.hashCode(); }
    @Override public boolean canEqual(Object o) { return o instanceof KpiStateType; }

    /** Length-prefixed {@code KpiState.toBytes()}. */
    public static final class Serializer extends TypeSerializerSingleton<KpiState> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override public boolean isImmutableType() { return false; }
        @Override public KpiState createInstance() { return new KpiState(); }
        @Override public KpiState copy(KpiState from) { return KpiState.fromBytes(from.toBytes()); }
        @Override public KpiState copy(KpiState from, KpiState reuse) { return copy(from); }
        @Override public int getLength() { return -1; }

        @Override
        public void serialize(KpiState state, DataOutputView target) throws IOException {
            byte[] bytes = state.toBytes();
            target.writeInt(bytes.length);
            target.write(bytes);
        }

        @Override
        public KpiState deserialize(DataInputView source) throws IOException {
            byte[] bytes = new byte[source.readInt()];
            source.readFully(bytes);
            return KpiState.fromBytes(bytes);
        }

        @Override
        public KpiState deserialize(KpiState reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            int length = source.readInt();
            target.writeInt(length);
            target.write(source, length);
        }

        @Override
        public TypeSerializerSnapshot<KpiState> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /** Snapshot of the serializer (it has no configuration). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KpiState> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
