package io.driftwatch.jobs.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.common.trend.KpiAnomaly;
import io.driftwatch.jobs.tables.KpiAnomalyTable;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files worked on a few threads ({@link FileThreads}) give what one thread gives, in the same order. */
class FileThreadsTest {
    static final long DAY = 86_400_000L;
    static final long T0 = 1_761_955_200_000L; // 2025-11-01T00:00Z

    @TempDir java.nio.file.Path dir;

    static KpiAnomaly row(String model, int day, int i) {
        long start = T0 + day * DAY;
        return new KpiAnomaly(model, "v" + i, "__all__", start, start + DAY, "error_rate", day + i / 10.0, 100, "previous",
                0, null, null, null, null, false, false, null, null, "test", null, null, null);
    }

    @Test
    void resultsComeInTheItemsOrderWhateverFinishesFirst() throws Exception {
        // the first items take longest: on threads they finish last
        List<Integer> items = IntStream.range(0, 40).boxed().toList();
        List<String> out = FileThreads.map(items, i -> {
            try {
                Thread.sleep(Math.max(0, 20 - i));
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            return "item-" + i + "@" + Thread.currentThread().getName();
        });
        assertThat(out).hasSize(40);
        for (int i = 0; i < 40; i++) assertThat(out.get(i)).startsWith("item-" + i + "@");
        assertThat(out).anyMatch(s -> s.endsWith("@table-files")); // 40 items: not on the caller's thread
    }

    @Test
    void aFailureIsThrownAsTheWorkThrewIt() {
        // TableReader lists again when a file vanished between listing and opening: it must see that exception
        List<Integer> items = IntStream.range(0, 20).boxed().toList();
        assertThatThrownBy(() -> FileThreads.map(items, i -> {
            if (i == 13) throw new FileNotFoundException("part-13.parquet");
            return i;
        })).isInstanceOf(FileNotFoundException.class).hasMessage("part-13.parquet");
    }

    @Test
    void noWorkGoesOnAfterAFailureIsThrown() {
        // a staging writer's files half closed on other threads after a failure would race the cleanup
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        List<Integer> items = IntStream.range(0, 20).boxed().toList();
        assertThatThrownBy(() -> FileThreads.map(items, i -> {
            running.incrementAndGet();
            try {
                if (i == 0) throw new java.io.IOException("disk full");
                long until = System.nanoTime() + 200_000_000L; // busy, ignoring interrupts, as a stuck write would
                while (System.nanoTime() < until) Thread.onSpinWait();
                return i;
            } finally {
                running.decrementAndGet();
            }
        })).hasMessage("disk full");
        assertThat(running.get()).isZero();
    }

    @Test
    void tablesWrittenAndReadOnThreadsHoldTheRowsInTheOrderOfOneThread() throws Exception {
        // 3 models x 30 days: 90 partition files, written and read back on threads
        List<KpiAnomaly> rows = new ArrayList<>();
        for (String model : List.of("b", "a", "c")) {
            for (int d = 0; d < 30; d++) {
                for (int i = 0; i < 3; i++) rows.add(row(model, d, i));
            }
        }
        Path out = new Path(dir.toUri());
        int files = TableFiles.write(new Path(out, KpiAnomalyTable.SCHEMA.table()), KpiAnomalyTable.SCHEMA, rows,
                "part-0.parquet", Compression.SNAPPY);
        assertThat(files).isEqualTo(90);

        List<KpiAnomaly> read = TableReader.read(out, KpiAnomalyTable.SCHEMA, null, T0 + 2 * DAY, T0 + 28 * DAY);
        // one thread: the listing's files in order (models, then days), each file's rows in order
        List<KpiAnomaly> oneThread = new ArrayList<>();
        for (Path file : TableReader.files(out, KpiAnomalyTable.SCHEMA, null, T0 + 2 * DAY, T0 + 28 * DAY)) {
            oneThread.addAll(TableReader.readFile(file, KpiAnomalyTable.SCHEMA));
        }
        assertThat(read).hasSize(3 * 26 * 3).containsExactlyElementsOf(oneThread);
        assertThat(read).containsExactlyInAnyOrderElementsOf(rows.stream()
                .filter(r -> r.windowStart() >= T0 + 2 * DAY && r.windowStart() < T0 + 28 * DAY).toList());
        // models in name order, days in order within each
        assertThat(read.get(0)).isEqualTo(row("a", 2, 0));
        assertThat(read.get(read.size() - 1)).isEqualTo(row("c", 27, 2));
    }
}
