package io.driftwatch.jobs.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads prediction or label logs as {@link RawRecord}s: JSON Lines and CSV (plain or compressed,
 * by file suffix), and Parquet (each row rendered as a JSON object, so one parser serves all
 * formats and {@code dead_letter.raw} stays readable).
 *
 * <p>Plain text files may arrive in several splits (see {@link ChunkingFileEnumerator}): a split
 * that starts inside a file skips the partial first line and reads every line that starts before
 * its end. Lines are numbered in splits that start at byte 0; others report the line's byte offset.
 * Blank lines are skipped. On restore, the records already emitted are skipped again.
 */
public final class LogFileFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 1024;

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(split, 0);
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return open(split, skip);
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    private static Reader<RawRecord> open(FileSourceSplit split, long skip) throws IOException {
        Path path = split.path();
        Iterator<RawRecord> records;
        try {
            records = InputFormat.of(path.getName()) == InputFormat.PARQUET
                    ? ParquetRows.read(path)
                    : new TextLines(split);
        } catch (IOException | RuntimeException e) {
            // not a readable file of its format (e.g. not gzip, not Parquet): one dead letter, not a failed job
            records = List.of(RawRecord.unreadable(path + (split.offset() > 0 ? "@" + split.offset() : ""),
                    "file cannot be read: " + e)).iterator();
        }
        return new BatchReader(records, path.toString(), skip);
    }

    /** Hands out the records of one split in batches. */
    private static final class BatchReader implements Reader<RawRecord> {
        private final Iterator<RawRecord> records;
        private final String file;
        private long emitted;
        private boolean failed;

        BatchReader(Iterator<RawRecord> records, String file, long skip) {
            this.records = records;
            this.file = file;
            for (long i = 0; i < skip && hasNext(); i++) records.next();
            this.emitted = skip;
        }

        private boolean hasNext() {
            return !failed && records.hasNext();
        }

        @Override
        public RecordIterator<RawRecord> readBatch() {
            RawRecord[] batch = new RawRecord[BATCH];
            int n = 0;
            try {
                while (n < BATCH && hasNext()) batch[n++] = records.next();
            } catch (RuntimeException e) {
                failed = true;
                batch[n++] = RawRecord.unreadable(file + " (after record " + (emitted + n) + ")",
                        "file cannot be read past this point: " + e);
            }
            if (n == 0) return null;
            ArrayResultIterator<RawRecord> it = new ArrayResultIterator<>();
            it.set(batch, n, CheckpointedPosition.NO_OFFSET, emitted);
            emitted += n;
            return it;
        }

        @Override
        public void close() throws IOException {
            if (records instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (IOException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }

    /** The lines of a JSON Lines or CSV split. */
    private static final class TextLines implements Iterator<RawRecord>, AutoCloseable {
        private final String file;
        private final boolean numbered;
        private final long end;
        private final String csvHeader;
        private final InputStream stream;
        private final LineReader lines;
        private long lineNumber;
        private RawRecord next;
        private boolean failed;

        TextLines(FileSourceSplit split) throws IOException {
            Path path = split.path();
            this.file = path.toString();
            FileSystem fs = path.getFileSystem();
            FSDataInputStream raw = fs.open(path);
            InflaterInputStreamFactory<?> inflater = StandardDeCompressors.getDecompressorForFileName(path.getName());
            boolean csv = InputFormat.of(path.getName()) == InputFormat.CSV;
            if (inflater != null) {
                // compressed files are never split
                stream = inflater.create(raw);
                end = Long.MAX_VALUE;
                lines = new LineReader(stream, 0);
                numbered = true;
            } else {
                stream = raw;
                end = split.offset() + split.length();
                if (split.offset() > 0) {
                    raw.seek(split.offset() - 1);
                    lines = new LineReader(stream, split.offset() - 1);
                    lines.skipLine();
                    numbered = false;
                } else {
                    lines = new LineReader(stream, 0);
                    numbered = true;
                }
            }
            if (!csv) {
                csvHeader = null;
            } else if (numbered) {
                String h = lines.readLine();
                lineNumber = 1;
                csvHeader = h == null ? "" : stripBom(h);
            } else {
                try (FSDataInputStream headerStream = fs.open(path)) {
                    String h = new LineReader(headerStream, 0).readLine();
                    csvHeader = h == null ? "" : stripBom(h);
                }
            }
            advance();
        }

        private void advance() {
            next = null;
            if (failed) return;
            try {
                while (lines.position() < end) {
                    long start = lines.position();
                    String line = lines.readLine();
                    if (line == null) break;
                    lineNumber++;
                    if (line.isBlank()) continue;
                    if (lineNumber == 1) line = stripBom(line);
                    String source = numbered ? file + ":" + lineNumber : file + "@" + start;
                    next = RawRecord.line(source, line, csvHeader);
                    return;
                }
            } catch (IOException e) {
                // a corrupt or truncated file: what was read counts, the rest is one dead letter
                next = RawRecord.unreadable(file + ":" + (lineNumber + 1), "file cannot be read past this point: " + e);
                failed = true;
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public RawRecord next() {
            RawRecord r = next;
            advance();
            return r;
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }

        private static String stripBom(String s) {
            return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
        }
    }
}
