package io.driftwatch.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ByteArrayDataInput} reads what {@link DataInputStream} reads, value for value, and fails where it fails. */
class ByteArrayDataInputTest {

    /** Random values of every kind, written by DataOutputStream; the kinds in the order written. */
    private static byte[] written(Random r, List<Integer> kinds) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        String[] texts = {"", "fraud_detector", "São Paulo", "東京", "\u0000nul", "emoji \uD83D\uDE00", "x".repeat(3000)};
        for (int i = 0; i < 2000; i++) {
            int kind = r.nextInt(11);
            kinds.add(kind);
            switch (kind) {
                case 0 -> out.writeBoolean(r.nextBoolean());
                case 1 -> out.writeByte(r.nextInt());
                case 2 -> out.writeShort(r.nextInt());
                case 3 -> out.writeChar(r.nextInt());
                case 4 -> out.writeInt(r.nextInt());
                case 5 -> out.writeLong(r.nextLong());
                case 6 -> out.writeFloat(Float.intBitsToFloat(r.nextInt()));
                case 7 -> out.writeDouble(r.nextBoolean() ? r.nextGaussian() * 1e6 : Double.longBitsToDouble(r.nextLong()));
                case 8 -> out.writeUTF(texts[r.nextInt(texts.length)]);
                case 9 -> out.writeShort(r.nextInt()); // read back unsigned
                default -> {
                    byte[] raw = new byte[r.nextInt(40)];
                    r.nextBytes(raw);
                    out.writeInt(raw.length);
                    out.write(raw);
                }
            }
        }
        out.flush();
        return b.toByteArray();
    }

    /** One value of {@code kind} as text (floating point by its bits, so NaNs compare). */
    private static String read(DataInput in, int kind) throws IOException {
        return switch (kind) {
            case 0 -> "z" + in.readBoolean();
            case 1 -> "b" + in.readByte();
            case 2 -> "s" + in.readShort();
            case 3 -> "c" + (int) in.readChar();
            case 4 -> "i" + in.readInt();
            case 5 -> "l" + in.readLong();
            case 6 -> "f" + Float.floatToRawIntBits(in.readFloat());
            case 7 -> "d" + Double.doubleToRawLongBits(in.readDouble());
            case 8 -> "u" + in.readUTF();
            case 9 -> "us" + in.readUnsignedShort();
            default -> {
                byte[] raw = new byte[in.readInt()];
                in.readFully(raw);
                yield "r" + java.util.Arrays.toString(raw);
            }
        };
    }

    @Test
    void readsWhatDataInputStreamReads() throws IOException {
        Random r = new Random(26);
        List<Integer> kinds = new ArrayList<>();
        byte[] bytes = written(r, kinds);
        DataInputStream expected = new DataInputStream(new ByteArrayInputStream(bytes));
        ByteArrayDataInput actual = new ByteArrayDataInput(bytes);
        for (int kind : kinds) assertThat(read(actual, kind)).isEqualTo(read(expected, kind));
        assertThat(expected.read()).isEqualTo(-1); // both at the end
        assertThatThrownBy(actual::readByte).isInstanceOf(EOFException.class);
    }

    @Test
    @SuppressWarnings("deprecation") // DataInputStream.readLine, the reference
    void readsLinesAsDataInputStreamDoes() throws IOException {
        byte[] text = "one\ntwo\r\nthree\rfour\u00e9\n\n\rlast".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        DataInputStream expected = new DataInputStream(new ByteArrayInputStream(text));
        ByteArrayDataInput actual = new ByteArrayDataInput(text);
        List<String> lines = new ArrayList<>();
        for (String line; (line = expected.readLine()) != null; ) {
            lines.add(line);
            assertThat(actual.readLine()).isEqualTo(line);
        }
        assertThat(actual.readLine()).isNull();
        assertThat(lines).containsExactly("one", "two", "three", "four\u00e9", "", "", "last");
    }

    @Test
    void failsPastTheEndAsDataInputStreamDoes() {
        byte[] three = {1, 2, 3};
        assertThatThrownBy(() -> new ByteArrayDataInput(three).readInt()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new DataInputStream(new ByteArrayInputStream(three)).readInt()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new ByteArrayDataInput(three).readFully(new byte[4])).isInstanceOf(EOFException.class);
        // a text whose length runs past the end
        byte[] cut = {0, 5, 'a', 'b'};
        assertThatThrownBy(() -> new ByteArrayDataInput(cut).readUTF()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new DataInputStream(new ByteArrayInputStream(cut)).readUTF()).isInstanceOf(EOFException.class);
        ByteArrayDataInput in = new ByteArrayDataInput(three);
        assertThat(in.skipBytes(2)).isEqualTo(2);
        assertThat(in.skipBytes(5)).isEqualTo(1);
    }
}
