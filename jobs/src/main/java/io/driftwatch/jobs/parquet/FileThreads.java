package io.driftwatch.jobs.parquet;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Work on many small files (a table has one per model and day) spread over a few threads, the
 * results in the order of the items, so the outcome is the same as one thread's. A run's judge reads
 * this run's and the history's files and writes its own after the job's work, when the cores are idle
 * (bench/README.md "The flights shape": 450 files read back and 450 written for 150 daily windows),
 * and a commit checks every file it moves in.
 */
public final class FileThreads {
    private FileThreads() {}

    /** From this many items on, the work goes to {@link #THREADS} threads. */
    public static final int PARALLEL_FROM = 8;
    /** Threads at once: opening or closing a small file waits on the disk about as much as on a core. */
    private static final int THREADS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** One file's work. */
    @FunctionalInterface
    public interface FileWork<A, R> {
        R apply(A item) throws IOException;
    }

    /**
     * {@code work} applied to each item, the results in the items' order. The first failure in the
     * items' order is thrown as the work threw it (an {@link IOException} as itself); the items not
     * done by then are interrupted, and no work goes on after this returns or throws.
     */
    public static <A, R> List<R> map(List<A> items, FileWork<A, R> work) throws IOException {
        List<R> out = new ArrayList<>(items.size());
        if (items.size() < PARALLEL_FROM) {
            for (A item : items) out.add(work.apply(item));
            return out;
        }
        // A pool per call: this runs inside task managers, whose user-code class loader a long-lived
        // pool's threads would keep; the threads see the caller's context class loader.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(items.size(), THREADS), r -> {
            Thread t = new Thread(r, "table-files");
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
        try {
            List<Future<R>> parts = new ArrayList<>(items.size());
            for (A item : items) parts.add(pool.submit(() -> work.apply(item)));
            for (Future<R> part : parts) out.add(await(part));
            return out;
        } finally {
            pool.shutdownNow();
            awaitEnd(pool);
        }
    }

    /** Waits until the pool's threads are done (a file half written after a failure, then a cleanup, would race). */
    private static void awaitEnd(ExecutorService pool) {
        boolean interrupted = Thread.interrupted();
        try {
            while (!pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                // a file system call that ignores interrupts: wait for it
            }
        } catch (InterruptedException e) {
            interrupted = true; // cancelled again while waiting: stop waiting
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static <R> R await(Future<R> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading or writing a table's files");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IOException(cause);
        }
    }
}
