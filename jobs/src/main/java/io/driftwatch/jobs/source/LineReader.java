package io.driftwatch.jobs.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines from a stream and tracks the byte offset of each line start, so that a reader
 * of a file split knows where its split ends. {@code \n} ends a line; a trailing {@code \r} is
 * dropped. Hand-written because {@link java.io.BufferedReader} does not report byte positions.
 */
final class LineReader {
    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private long position;
    private boolean eof;

    LineReader(InputStream in, long startPosition) {
        this.in = in;
        this.position = startPosition;
    }

    /** Byte offset of the next line's first byte. */
    long position() {
        return position;
    }

    /** The next line without its terminator, or null at end of input. */
    String readLine() throws IOException {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buf[i] == '\n') {
                    int len = i - start;
                    if (len > 0 && buf[i - 1] == '\r') len--;
                    String line = new String(buf, start, len, StandardCharsets.UTF_8);
                    position += i + 1 - start;
                    start = i + 1;
                    return line;
                }
            }
            if (eof) {
                if (start == end) return null;
                int len = end - start;
                if (buf[end - 1] == '\r') len--;
                String line = new String(buf, start, len, StandardCharsets.UTF_8);
                position += end - start;
                start = end;
                return line;
            }
            fill();
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
