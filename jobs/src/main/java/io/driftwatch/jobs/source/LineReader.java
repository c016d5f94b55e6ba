package io.driftwatch.jobs.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines from a stream and tracks the byte offset of each line start, so that a reader
 * of a file split knows where its split ends. {@code \n} ends a line; a trailing {@code \r} is
 * dropped. Hand-written because {@link java.io.BufferedReader} does not report byte positions, nor
 * bounds a line: a line longer than {@code maxLineBytes} is never held whole — its first 4 KiB are
 * kept, the rest skipped to its end, and {@link #lastLineLength()} says how long it was.
 */
final class LineReader {
    /** What is kept of a line that is too long: as much as {@code dead_letter.raw} holds. */
    static final int KEPT_OF_LONG_LINE = 4096;

    private final InputStream in;
    private final long maxLineBytes;
    private long lastLineLength;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private long position;
    private boolean eof;

    LineReader(InputStream in, long startPosition) {
        this(in, startPosition, Long.MAX_VALUE);
    }

    LineReader(InputStream in, long startPosition, long maxLineBytes) {
        this.in = in;
        this.position = startPosition;
        this.maxLineBytes = maxLineBytes;
    }

    /** The length in bytes of the line {@link #readLine} returned last; above the limit it was cut. */
    long lastLineLength() {
        return lastLineLength;
    }

    /** Whether the last line was longer than the limit (only its start was returned). */
    boolean lastLineTooLong() {
        return lastLineLength > maxLineBytes;
    }

    /** Byte offset of the next line's first byte. */
    long position() {
        return position;
    }

    /** The next line without its terminator, or null at end of input. */
    String readLine() throws IOException {
        int scanned = start;
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    int len = i - start;
                    if (len > 0 && buf[i - 1] == '\r') len--;
                    String line = new String(buf, start, len > maxLineBytes ? Math.min(KEPT_OF_LONG_LINE, len) : len, StandardCharsets.UTF_8);
                    position += i + 1 - start;
                    start = i + 1;
                    lastLineLength = len;
                    return line;
                }
            }
            if (eof) {
                if (start == end) return null;
                int len = end - start;
                if (buf[end - 1] == '\r') len--;
                String line = new String(buf, start, len > maxLineBytes ? Math.min(KEPT_OF_LONG_LINE, len) : len, StandardCharsets.UTF_8);
                position += end - start;
                start = end;
                lastLineLength = len;
                return line;
            }
            if (end - start > maxLineBytes) return skipLongLine();
            scanned = end - start;
            fill();
            scanned = start + scanned;
        }
    }

    /** Keeps the start of the line in the buffer, skips the rest up to its end without holding it. */
    private String skipLongLine() throws IOException {
        String kept = new String(buf, start, Math.min(KEPT_OF_LONG_LINE, end - start), StandardCharsets.UTF_8);
        long length = end - start;
        start = end;
        while (true) {
            if (start == end) {
                start = 0;
                end = 0;
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    eof = true;
                    position += length;
                    lastLineLength = length;
                    return kept;
                }
                end = n;
            }
            for (int i = start; i < end; i++) {
                if (buf[i] == '\n') {
                    length += i - start;
                    position += length + 1;
                    start = i + 1;
                    lastLineLength = length;
                    return kept;
                }
            }
            length += end - start;
            start = end;
        }
    }

    /** Skips past the next line terminator (the partial line a split starts in). */
    void skipLine() throws IOException {
        readLine();
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            byte[] bigger = new byte[buf.length * 2];
            System.arraycopy(buf, 0, bigger, 0, end);
            buf = bigger;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) eof = true;
        else end += n;
    }
}
