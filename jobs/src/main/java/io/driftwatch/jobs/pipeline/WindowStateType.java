package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.window.WindowState;
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
 * Flink type information for {@link WindowState} window accumulators, over its own versioned byte
 * format ({@code WindowState.toBytes}), so that window state in checkpoints and savepoints never
 * falls back to Kryo (whose encoding of sketches is neither compact nor stable across upgrades).
 */
public final class WindowStateType extends TypeInformation<WindowState> {
    private static final long serialVersionUID = 1L;
    public static final WindowStateType INSTANCE = new WindowStateType();

    private WindowStateType() {}

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<WindowState> getTypeClass() { return WindowState.class; }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<WindowState> createSerializer(SerializerConfig config) {
        return Serializer.INSTANCE;
    }

    @Override public String toString() { return "WindowState"; }
    @Override public boolean equals(Object o) { return o instanceof WindowStateType; }
    @Override public int hashCode() { return WindowStateType.class.hashCode(); }
    @Override public boolean canEqual(Object o) { return o instanceof WindowStateType; }

    /** Length-prefixed {@code WindowState.toBytes()}. */
    public static final class Serializer extends TypeSerializerSingleton<WindowState> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override public boolean isImmutableType() { return false; }
        @Override public WindowState createInstance() { return new WindowState(); }
        @Override public WindowState copy(WindowState from) { return WindowState.fromBytes(from.toBytes()); }
        @Override public WindowState copy(WindowState from, WindowState reuse) { return copy(from); }
        @Override public int getLength() { return -1; }

        @Override
        public void serialize(WindowState state, DataOutputView target) throws IOException {
            byte[] bytes = state.toBytes();
            target.writeInt(bytes.length);
            target.write(bytes);
        }

        @Override
        public WindowState deserialize(DataInputView source) throws IOException {
            byte[] bytes = new byte[source.readInt()];
            source.readFully(bytes);
            return WindowState.fromBytes(bytes);
        }

        @Override
        public WindowState deserialize(WindowState reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            int length = source.readInt();
            target.writeInt(length);
            target.write(source, length);
        }

        @Override
        public TypeSerializerSnapshot<WindowState> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    /** Snapshot of the serializer (it has no configuration). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowState> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
