package io.driftwatch.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.common.trend.KpiAnomaly;
import io.driftwatch.jobs.Duck;
import io.driftwatch.jobs.commit.OutputCommitter;
import io.driftwatch.jobs.parquet.TableFiles;
import io.driftwatch.jobs.tables.KpiAnomalyTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store alone: a range replaced by a commit, read back through the store and by DuckDB. */
class StoreTest {
    static final long DAY = 86_400_000L;
    static final long T0 = 1_761_955_200_000L; // 2025-11-01T00:00Z

    @TempDir Path dir;

    static KpiAnomaly row(String model, int day, double value) {
        long start = T0 + day * DAY;
        return new KpiAnomaly(model, "v1", "__all__", start, start + DAY, "error_rate", value, 100, "previous", 0, null,
                null, null, null, false, false, null, null, "test", null, null, null);
    }

    /** Stages {@code rows} as run {@code runId}'s output and commits them over [from, to). */
    static void commit(Store store, String runId, List<KpiAnomaly> rows, long from, long to) throws Exception {
        OutputCommitter c = store.replaceRange(runId, Compression.SNAPPY);
        TableFiles.write(c.stagingDir("kpi_anomalies"), KpiAnomalyTable.SCHEMA, rows, "part-0.parquet", Compression.SNAPPY);
        c.replace("kpi_anomalies", "window_start", from, to, from);
        c.publish();
        c.cleanUp();
    }

    @Test
    void aCommitReplacesItsRangeAndNothingElse() throws Exception {
        Store store = Store.at(new org.apache.flink.core.fs.Path(dir.toUri()));
        assertThat(store.readAll(KpiAnomalyTable.SCHEMA)).isEmpty();

        List<KpiAnomaly> first = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            first.add(row("a", d, 0.01 * (d + 1)));
            first.add(row("b", d, 0.1 * (d + 1)));
        }
        commit(store, "run-1", first, T0, T0 + 3 * DAY);
        assertThat(store.readAll(KpiAnomalyTable.SCHEMA)).containsExactlyInAnyOrderElementsOf(first);
        // by model and time
        assertThat(store.read(KpiAnomalyTable.SCHEMA, Set.of("a"), T0 + DAY, T0 + 2 * DAY)).containsExactly(row("a", 1, 0.02));

        // day 1 again, one model only in the new run: the range's rows of every model are replaced
        commit(store, "run-2", List.of(row("a", 1, 0.5)), T0 + DAY, T0 + 2 * DAY);
        assertThat(store.readAll(KpiAnomalyTable.SCHEMA)).containsExactlyInAnyOrder(row("a", 0, 0.01), row("b", 0, 0.1),
                row("a", 1, 0.5), row("a", 2, 0.03), row("b", 2, 0.30000000000000004));

        // what a reader that globs the files sees: the same rows, no hidden or empty file left behind
        try (Duck duck = new Duck()) {
            assertThat(duck.rows("select model, cast(window_start as date) d, value from " + Duck.table(dir, "kpi_anomalies")
                    + " order by 2, 1").toString()).isEqualTo("[{model=a, d=2025-11-01, value=0.01}, {model=b, d=2025-11-01,"
                    + " value=0.1}, {model=a, d=2025-11-02, value=0.5}, {model=a, d=2025-11-03, value=0.03},"
                    + " {model=b, d=2025-11-03, value=0.30000000000000004}]");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith(".")
                    || f.toString().contains(".staging") || f.toFile().length() == 0).toList()).isEmpty();
        }
    }
}
