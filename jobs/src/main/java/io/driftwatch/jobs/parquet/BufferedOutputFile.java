package io.driftwatch.jobs.parquet;

import java.io.BufferedOutputStream;
import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} whose stream is buffered. Flink's local file streams are not, and
 * Parquet's footer writer (Thrift) writes most of a footer byte by byte: closing the 150 daily
 * {@code kpi_windows} files of a half-year run made one system call per byte, half of the windows
 * task's time and a fifth of the finalizer's (profile of bench/flights.sh). The position counts
 * the buffered bytes, so Parquet's offsets stay right.
 */
public final class BufferedOutputFile implements OutputFile {
    private static final int BUFFER = 64 * 1024;
    private final OutputFile file;

    public BufferedOutputFile(OutputFile file) {
        this.file = file;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        return buffered(file.create(blockSizeHint));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return buffered(file.createOrOverwrite(blockSizeHint));
    }

    @Override
    public boolean supportsBlockSize() {
        return file.supportsBlockSize();
    }

    @Override
    public long defaultBlockSize() {
        return file.defaultBlockSize();
    }

    @Override
    public String getPath() {
        return file.getPath();
    }

    private static PositionOutputStream buffered(PositionOutputStream out) throws IOException {
        long start = out.getPos();
        BufferedOutputStream buffer = new BufferedOutputStream(out, BUFFER);
        return new PositionOutputStream() {
            private long written;

            @Override
            public long getPos() {
                return start + written;
            }

            @Override
            public void write(int b) throws IOException {
                buffer.write(b);
                written++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                buffer.write(b, off, len);
                written += len;
            }

            @Override
            public void flush() throws IOException {
                buffer.flush();
            }

            @Override
            public void close() throws IOException {
                buffer.close(); // flushes, then closes the stream under it
            }
        };
    }
}
