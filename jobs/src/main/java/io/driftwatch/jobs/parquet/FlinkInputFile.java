package io.driftwatch.jobs.parquet;

import java.io.IOException;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} over Flink's file systems (local, and s3/gs/abfs through plugins). */
public final class FlinkInputFile implements InputFile {
    private final Path path;

    public FlinkInputFile(Path path) {
        this.path = path;
    }

    @Override
    public long getLength() throws IOException {
        return path.getFileSystem().getFileStatus(path).getLen();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        FSDataInputStream in = path.getFileSystem().open(path);
        return new DelegatingSeekableInputStream(in) {
            @Override
            public long getPos() throws IOException {
                return in.getPos();
            }

            @Override
            public void seek(long newPos) throws IOException {
                in.seek(newPos);
            }
        };
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
