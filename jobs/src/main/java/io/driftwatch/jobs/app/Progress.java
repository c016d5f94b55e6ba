package io.driftwatch.jobs.app;

import io.driftwatch.jobs.pipeline.Counters;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * Progress of a batch run while the client waits for it: records and bytes read (the job's
 * accumulators), percent of the input, elapsed and time left. On a terminal one line that updates in
 * place; otherwise (a pipe, a scheduler's log) a plain line every 10 s.
 */
final class Progress {
    private final String command;
    private final long totalBytes;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private int width;

    Progress(String command, long totalBytes, boolean terminal) {
        this.command = command;
        this.totalBytes = totalBytes;
        this.terminal = terminal;
    }

    /** Waits for the job, showing its progress meanwhile; returns (or throws) as the job's result does. */
    static void await(JobClient client, String command, long totalBytes) throws Exception {
        Progress p = new Progress(command, totalBytes, System.console() != null);
        CompletableFuture<?> result = client.getJobExecutionResult();
        long every = p.terminal ? 1_000 : 10_000;
        try {
            while (true) {
                try {
                    result.get(every, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException notYet) {
                    Map<String, Object> acc;
                    try {
                        acc = client.getAccumulators().get(5, TimeUnit.SECONDS);
                    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                        continue; // the job is between states; try again next time
                    }
                    p.show(number(acc.get(Counters.RECORDS_READ)), number(acc.get(Counters.LABELS_READ)),
                            number(acc.get(Counters.BYTES_READ)));
                }
            }
        } finally {
            p.end();
        }
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    void show(long predictions, long labels, long bytes) {
        String line = line(predictions, labels, bytes, System.nanoTime() - started);
        if (terminal) {
            System.out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
            System.out.flush();
            width = line.length();
        } else {
            Console.info(line);
        }
    }

    void end() {
        if (terminal && width > 0) {
            System.out.print("\r" + " ".repeat(width) + "\r");
            System.out.flush();
        }
    }

    /**
     * "analyze: 1,234,567 predictions, 45,678 labels, 512.0 MB of 1.2 GB (42 %), 0:35 elapsed, about
     * 0:48 left": records read so far, predictions and label records apart (the summary counts them
     * apart too), and the bytes of both.
     */
    String line(long predictions, long labels, long bytes, long elapsedNanos) {
        StringBuilder b = new StringBuilder(command).append(": ")
                .append(String.format(Locale.ROOT, "%,d predictions, ", predictions));
        if (labels > 0) b.append(String.format(Locale.ROOT, "%,d labels, ", labels));
        b.append(size(bytes));
        long elapsed = elapsedNanos / 1_000_000_000L;
        if (totalBytes > 0) {
            double share = Math.min(1, bytes / (double) totalBytes);
            b.append(" of ").append(size(totalBytes)).append(String.format(Locale.ROOT, " (%d %%)", (int) (share * 100)));
            b.append(", ").append(clock(elapsed)).append(" elapsed");
            if (share >= 0.999) b.append(", finishing (windows, drift, decisions, commit)");
            else if (share > 0.01 && elapsed >= 2) b.append(", about ").append(clock((long) (elapsed * (1 - share) / share))).append(" left");
        } else {
            b.append(", ").append(clock(elapsed)).append(" elapsed");
        }
        return b.toString();
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }

    static String clock(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format(Locale.ROOT, "%d:%02d", d.toMinutesPart(), d.toSecondsPart());
    }

    /**
     * The text the job will read from these files, in bytes, or -1 when it cannot be known up front:
     * plain files by their length, gzip files by the uncompressed size their trailer records (exact
     * below 4 GB), Parquet and other compressions unknown.
     */
    static long textBytes(List<FileStatus> files) {
        long total = 0;
        for (FileStatus f : files) {
            String name = f.getPath().getName().toLowerCase(Locale.ROOT);
            if (name.endsWith(".parquet") || name.endsWith(".bz2") || name.endsWith(".xz") || name.endsWith(".deflate")) return -1;
            if (!name.endsWith(".gz")) {
                total += f.getLen();
                continue;
            }
            if (f.getLen() < 18) continue;
            try {
                FileSystem fs = f.getPath().getFileSystem();
                try (var in = fs.open(f.getPath())) {
                    in.seek(f.getLen() - 4);
                    byte[] trailer = in.readNBytes(4);
                    total += (trailer[0] & 0xFFL) | (trailer[1] & 0xFFL) << 8 | (trailer[2] & 0xFFL) << 16
                            | (trailer[3] & 0xFFL) << 24;
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return total;
    }
}
