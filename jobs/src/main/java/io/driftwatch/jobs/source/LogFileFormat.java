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
 *
 * <p>Bounds ({@code input:} in the config): a line longer than {@code max_line_bytes} is one
 * {@code too_large} dead letter holding its start, never buffered whole; a compressed file that
 * inflates to more than {@code max_inflation_ratio} times the compressed bytes read (past 64 MiB) is
 * read up to there and its rest is one {@code unreadable} dead letter (a zip bomb of one endless
 * line must not hold the run).
 *
 * <p>CSV follows RFC 4180: a quoted cell may hold line breaks, so a record may span lines (and CSV
 * files are read whole, never split: a split cannot know whether it starts inside a quoted cell). A
 * quote that is not closed within {@link #CSV_MAX_LINES_PER_RECORD} lines (or the file) makes its
 * line one {@code invalid_csv} dead letter, and reading goes on at the next line.
 */
public final class LogFileFormat implements BulkFormat<RawRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 1024;
    /** The most physical lines one CSV record may span (a quoted cell with line breaks). */
    static final int CSV_MAX_LINES_PER_RECORD = 1000;
    /** Inflated bytes always allowed before the inflation ratio is judged. */
    static final long INFLATION_ALLOWANCE = 64L << 20;

    private final io.driftwatch.common.config.InputConfig input;

    /** @param input the bounds of what is read ({@code input:}) */
    public LogFileFormat(io.driftwatch.common.config.InputConfig input) {
        this.input = input;
    }

    @Override
    public Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(split, 0, input);
    }

    @Override
    public Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return open(split, skip, input);
    }

    @Override
    public boolean isSplittable() {
        return true;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    private static Reader<RawRecord> open(FileSourceSplit split, long skip, io.driftwatch.common.config.InputConfig input)
            throws IOException {
        Path path = split.path();
        Iterator<RawRecord> records;
        try {
            records = InputFormat.of(path.getName()) == InputFormat.PARQUET
                    ? ParquetRows.read(path, split.fileModificationTime())
                    : new TextLines(split, input);
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
        private final long maxLineBytes;
        /** The file's modification time ({@link RawRecord#sourceTime}). */
        private final long modified;
        /** Lines read ahead while looking for the end of a quoted CSV cell, given back in order. */
        private final java.util.ArrayDeque<Line> pending = new java.util.ArrayDeque<>();
        private long lineNumber;
        private RawRecord next;
        private boolean failed;

        /** One physical line: where it starts, its number, its text, and whether it was cut. */
        private record Line(long start, long number, String text, long length, boolean tooLong) {}

        TextLines(FileSourceSplit split, io.driftwatch.common.config.InputConfig input) throws IOException {
            Path path = split.path();
            this.file = path.toString();
            this.modified = split.fileModificationTime();
            this.maxLineBytes = input.maxLineBytes();
            FileSystem fs = path.getFileSystem();
            FSDataInputStream raw = fs.open(path);
            InflaterInputStreamFactory<?> inflater = StandardDeCompressors.getDecompressorForFileName(path.getName());
            boolean csv = InputFormat.of(path.getName()) == InputFormat.CSV;
            if (inflater != null) {
                // compressed files are never split
                CountingInput compressed = new CountingInput(raw);
                stream = new InflationBound(inflater.create(compressed), compressed, input.maxInflationRatio());
                end = Long.MAX_VALUE;
                lines = new LineReader(stream, 0, maxLineBytes);
                numbered = true;
            } else {
                stream = raw;
                end = split.offset() + split.length();
                if (split.offset() > 0) {
                    raw.seek(split.offset() - 1);
                    lines = new LineReader(stream, split.offset() - 1, maxLineBytes);
                    lines.skipLine();
                    numbered = false;
                } else {
                    lines = new LineReader(stream, 0, maxLineBytes);
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
                    String h = new LineReader(headerStream, 0, maxLineBytes).readLine();
                    csvHeader = h == null ? "" : stripBom(h);
                }
            }
            advance();
        }

        /** The next physical line (given back ones first), or null at the split's or the file's end. */
        private Line nextLine(boolean continuation) throws IOException {
            if (!pending.isEmpty()) return pending.poll();
            // a record starts before the split's end; the lines it continues on may lie past it
            if (!continuation && lines.position() >= end) return null;
            long start = lines.position();
            String text = lines.readLine();
            if (text == null) return null;
            lineNumber++;
            return new Line(start, lineNumber, text, lines.lastLineLength(), lines.lastLineTooLong());
        }

        private void advance() {
            next = null;
            if (failed) return;
            try {
                Line line;
                while ((line = nextLine(false)) != null) {
                    if (line.text().isBlank() && !line.tooLong()) continue;
                    String text = line.number() == 1 ? stripBom(line.text()) : line.text();
                    String source = numbered ? file + ":" + line.number() : file + "@" + line.start();
                    if (line.tooLong()) {
                        next = RawRecord.tooLarge(source, text, "line of " + line.length() + " bytes is longer than"
                                + " input.max_line_bytes (" + maxLineBytes + ")");
                        return;
                    }
                    if (csvHeader != null && quoteOpen(text)) {
                        next = csvRecord(source, text);
                        return;
                    }
                    next = RawRecord.line(source, text, csvHeader, modified);
                    return;
                }
            } catch (IOException e) {
                // a corrupt or truncated file: what was read counts, the rest is one dead letter
                next = RawRecord.unreadable(file + ":" + (lineNumber + 1), "file cannot be read past this point: "
                        + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
                failed = true;
            }
        }

        /**
         * A CSV record whose first line leaves a quote open: joined with the lines that follow until
         * the quote closes (RFC 4180); if it never does, the first line alone is a dead letter.
         */
        private RawRecord csvRecord(String source, String first) throws IOException {
            List<Line> read = new java.util.ArrayList<>();
            StringBuilder record = new StringBuilder(first);
            long bytes = first.length();
            while (read.size() < CSV_MAX_LINES_PER_RECORD && bytes <= maxLineBytes) {
                Line more = nextLine(true);
                if (more == null) break;
                read.add(more);
                if (more.tooLong()) break;
                record.append('\n').append(more.text());
                bytes += more.text().length() + 1;
                if (!quoteOpen(record)) return RawRecord.line(source, record.toString(), csvHeader, modified);
            }
            // never closed: give the lines back, and the first one goes to dead_letter
            for (int i = read.size() - 1; i >= 0; i--) pending.addFirst(read.get(i));
            return new RawRecord(source, first, csvHeader, "invalid CSV: a quoted cell is not closed (within "
                    + CSV_MAX_LINES_PER_RECORD + " lines or the end of the file)",
                    io.driftwatch.common.parse.BadRecordException.Reason.INVALID_CSV);
        }

        /** Whether the text leaves a quoted cell open (an odd number of quotes: {@code ""} escapes one). */
        private static boolean quoteOpen(CharSequence text) {
            boolean open = false;
            for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '"') open = !open;
            return open;
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

    /** Counts the bytes read through it (the compressed side of a decompressor). */
    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    /** Fails the read once the inflated bytes exceed the ratio to the compressed ones (past an allowance). */
    private static final class InflationBound extends java.io.FilterInputStream {
        private final CountingInput compressed;
        private final double ratio;
        private long inflated;

        InflationBound(InputStream inflating, CountingInput compressed, double ratio) {
            super(inflating);
            this.compressed = compressed;
            this.ratio = ratio;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) check(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) check(n);
            return n;
        }

        private void check(int n) throws IOException {
            inflated += n;
            if (inflated > INFLATION_ALLOWANCE && inflated > ratio * compressed.count) {
                throw new IOException("the file inflates to more than input.max_inflation_ratio (" + ratio
                        + ") times its compressed size (" + inflated + " bytes from " + compressed.count + ")");
            }
        }
    }
}
