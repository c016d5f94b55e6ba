package io.driftwatch.common.io;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * {@link DataInput} over a byte array, reading what {@link java.io.DataOutputStream} wrote, as
 * {@link DataInputStream} over a {@link java.io.ByteArrayInputStream} does, value for value (big-endian,
 * {@link EOFException} past the end, modified UTF-8 by {@link DataInputStream#readUTF(DataInput)}).
 * Hand-written because that pair reads a long as eight synchronized single-byte reads: on
 * bench/incremental.sh's daily run, decoding 400,000 kept predictions ({@code CarriedObservations}) was
 * 0.35 s of CPU, most of it in those reads (bench/README.md, "Scheduled runs"); nothing on the class path
 * without Flink offers this (Guava's {@code ByteStreams.newDataInput} would).
 */
public final class ByteArrayDataInput implements DataInput {
    private final byte[] b;
    private int pos;

    public ByteArrayDataInput(byte[] bytes) {
        this.b = bytes;
    }

    private int need(int n) throws EOFException {
        if (n > b.length - pos) {
            pos = b.length;
            throw new EOFException();
        }
        int at = pos;
        pos += n;
        return at;
    }

    @Override
    public void readFully(byte[] into) throws IOException {
        readFully(into, 0, into.length);
    }

    @Override
    public void readFully(byte[] into, int off, int len) throws IOException {
        if (len < 0) throw new IndexOutOfBoundsException();
        System.arraycopy(b, need(len), into, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.max(0, Math.min(n, b.length - pos));
        pos += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return b[need(1)] != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return b[need(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return b[need(1)] & 0xff;
    }

    @Override
    public short readShort() throws IOException {
        int i = need(2);
        return (short) ((b[i] << 8) | (b[i + 1] & 0xff));
    }

    @Override
    public int readUnsignedShort() throws IOException {
        int i = need(2);
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    @Override
    public char readChar() throws IOException {
        return (char) readUnsignedShort();
    }

    @Override
    public int readInt() throws IOException {
        int i = need(4);
        return ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
    }

    @Override
    public long readLong() throws IOException {
        int i = need(8);
        long hi = ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xffL) << 16) | ((b[i + 2] & 0xffL) << 8) | (b[i + 3] & 0xffL);
        long lo = ((b[i + 4] & 0xffL) << 24) | ((b[i + 5] & 0xffL) << 16) | ((b[i + 6] & 0xffL) << 8) | (b[i + 7] & 0xffL);
        return (hi << 32) | lo;
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /**
     * As {@link DataInputStream#readLine}: bytes as characters up to {@code \n}, {@code \r} or
     * {@code \r\n} (not included), or to the end; null at the end. No byte form here uses it.
     */
    @Override
    public String readLine() {
        if (pos >= b.length) return null;
        StringBuilder line = new StringBuilder();
        while (pos < b.length) {
            int c = b[pos++] & 0xff;
            if (c == '\n') break;
            if (c == '\r') {
                if (pos < b.length && b[pos] == '\n') pos++;
                break;
            }
            line.append((char) c);
        }
        return line.toString();
    }

    @Override
    public String readUTF() throws IOException {
        return DataInputStream.readUTF(this);
    }
}
