package io.driftwatch.common.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The byte form of the mergeable states (profiles, KPI states): written with {@link DataOutput},
 * read back with {@link DataInput} ({@link ByteArrayDataInput}); in-memory streams cannot fail, so I/O
 * errors are unchecked.
 */
public final class ByteForms {
    private ByteForms() {}

    /** Writes a state to {@link DataOutput}. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(DataOutput out) throws IOException;
    }

    /** Reads a state from {@link DataInput}. */
    @FunctionalInterface
    public interface Reader<T> {
        T readFrom(DataInput in) throws IOException;
    }

    public static byte[] toBytes(Writer writer) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(b);
            writer.writeTo(out);
            out.flush();
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T fromBytes(byte[] bytes, Reader<T> reader) {
        try {
            return reader.readFrom(new ByteArrayDataInput(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
