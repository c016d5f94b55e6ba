package io.driftwatch.jobs.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Lists the files under the input paths (recursively; names starting with {@code .} or {@code _}
 * are skipped, as Flink and Hadoop do) and cuts plain text files into splits, so that one large
 * log is read by all source subtasks. Flink's own splitting enumerator follows file-system blocks,
 * and a local file is one block; this one cuts by size: at least {@link #MIN_CHUNK} bytes, about
 * four splits per desired split. Compressed, Parquet and CSV files stay whole.
 */
public final class ChunkingFileEnumerator implements FileEnumerator {
    /** Smallest split of a plain text file. */
    public static final long MIN_CHUNK = 16L << 20;

    private int nextId;

    /** A provider for {@code FileSource.setFileEnumerator}. */
    public static Provider provider() {
        return ChunkingFileEnumerator::new;
    }

    @Override
    public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (Path p : paths) {
            FileSystem fs = p.getFileSystem();
            collect(fs, fs.getFileStatus(p), files);
        }
        long total = files.stream().mapToLong(FileStatus::getLen).sum();
        long chunk = Math.max(MIN_CHUNK, total / Math.max(1, 4L * minDesiredSplits) + 1);
        List<FileSourceSplit> splits = new ArrayList<>();
        for (FileStatus f : files) {
            Path p = f.getPath();
            boolean whole = StandardDeCompressors.getDecompressorForFileName(p.getName()) != null
                    || InputFormat.of(p.getName()) == InputFormat.PARQUET
                    // a CSV split could start inside a quoted cell that holds line breaks (RFC 4180)
                    || InputFormat.of(p.getName()) == InputFormat.CSV;
            long len = f.getLen();
            if (whole || len <= chunk) {
                splits.add(new FileSourceSplit(id(), p, 0, len, f.getModificationTime(), len));
                continue;
            }
            for (long off = 0; off < len; off += chunk) {
                splits.add(new FileSourceSplit(id(), p, off, Math.min(chunk, len - off), f.getModificationTime(), len));
            }
        }
        return splits;
    }

    /** The files a set of input paths stands for (directories listed recursively, hidden files skipped). */
    public static List<FileStatus> listFiles(Path[] paths) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (Path p : paths) {
            FileSystem fs = p.getFileSystem();
            collect(fs, fs.getFileStatus(p), files);
        }
        return files;
    }

    private static void collect(FileSystem fs, FileStatus status, List<FileStatus> out) throws IOException {
        String name = status.getPath().getName();
        if (name.startsWith(".") || name.startsWith("_")) return;
        if (status.isDir()) {
            FileStatus[] children = fs.listStatus(status.getPath());
            if (children == null) return;
            java.util.Arrays.sort(children, java.util.Comparator.comparing(s -> s.getPath().toString()));
            for (FileStatus c : children) collect(fs, c, out);
        } else {
            out.add(status);
        }
    }

    private String id() {
        return Integer.toString(nextId++);
    }
}
