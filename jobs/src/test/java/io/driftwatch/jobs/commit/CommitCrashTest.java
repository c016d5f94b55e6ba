package io.driftwatch.jobs.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.Duck;
import io.driftwatch.jobs.cli.Driftwatch;
import io.driftwatch.jobs.parquet.TableSource;
import io.driftwatch.jobs.tables.KpiWindowRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import io.driftwatch.jobs.TestCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A commit that survives a crash (issue 21, docs/reference/store.md): the second run of a range
 * (6-hour windows, its edges inside two days, so two stored files are rewritten and one deleted) is
 * killed in a child JVM at each step of its commit — {@code Runtime.halt}, which like {@code kill -9}
 * runs no finally block and no shutdown hook, and once a real SIGKILL from outside — or its disk fills.
 * Then: the store's reader sees the old range before the journal exists and the new one after;
 * {@code driftwatch repair} leaves exactly what the uninterrupted run left (every table, compared by
 * DuckDB, an independent reader), or exactly the old range; no hidden or 0-byte file stays; the next
 * run takes the dead run's lock over.
 */
class CommitCrashTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    static final List<String> TABLES = List.of("kpi_windows", "feature_profiles", "feature_drift", "kpi_anomalies",
            "retraining_signals", "dead_letter");
    static final String FROM = "2026-11-02T06:00:00Z";
    static final String TO = "2026-11-04T12:00:00Z";

    @TempDir
    static Path dir;
    static Path log;
    static Path labels;
    static Path config;
    static Path reference;
    /** After the first run (no labels yet): the old range. */
    static Path before;
    /** After the second run (labels in), uninterrupted: the new range. */
    static Path after;

    @BeforeAll
    static void runs() throws Exception {
        log = dir.resolve("log.jsonl");
        labels = dir.resolve("labels.jsonl");
        assertThat(Driftwatch.run("generate", "--output", log.toString(), "--labels-output", labels.toString(), "--rows",
                "6000", "--days", "5", "--models", "2", "--features", "4", "--seed", "21", "--bad-ratio", "0.01",
                "--drift-day", "3")).isZero();
        config = dir.resolve("config.yaml");
        Files.writeString(config, "window: 6h\n");
        reference = dir.resolve("reference");
        assertThat(Driftwatch.run("profile", "--config", config.toString(), "--input", log.toString(), "--labels",
                labels.toString(), "--from", "2026-11-01", "--to", "2026-11-02", "--output", reference.toString(),
                "--max-bad-ratio", "0.05")).isZero();
        before = dir.resolve("before");
        assertThat(Driftwatch.run(first(before))).isZero();
        after = dir.resolve("after");
        FileUtils.copyDirectory(before.toFile(), after.toFile());
        assertThat(Driftwatch.run(second(after))).isZero();
        // the two differ in the range (labels joined), so a half-applied commit cannot pass for either
        try (Duck duck = new Duck()) {
            assertThat(duck.comparable(after, "kpi_windows")).isNotEqualTo(duck.comparable(before, "kpi_windows"));
        }
    }

    static String[] first(Path output) {
        return new String[] {"analyze", "--config", config.toString(), "--input", log.toString(), "--reference-profile",
                reference.toString(), "--output", output.toString(), "--max-bad-ratio", "0.05"};
    }

    static String[] second(Path output) {
        return new String[] {"analyze", "--config", config.toString(), "--input", log.toString(), "--labels",
                labels.toString(), "--reference-profile", reference.toString(), "--output", output.toString(),
                "--from", FROM, "--to", TO, "--max-bad-ratio", "0.05"};
    }

    /**
     * Killed at a step: before the journal is whole the old range stands, from then on the new one —
     * to the store's reader at once, to every reader after {@code repair}.
     */
    @ParameterizedTest(name = "killed at {0}")
    @CsvSource({
        "write_prepared#3, false",
        "prepared, false",
        "write_journal, false",
        "journal_written, true",
        "deleted#1, true",
        "moved#2, true",
        "journal_removed, true"})
    void killedAtEachStepRepairsToTheOldOrTheNewRange(String step, boolean committed) throws Exception {
        Path out = dir.resolve("killed-" + step.replace('#', '-'));
        FileUtils.copyDirectory(before.toFile(), out.toFile());
        Process child = child(out, step + ":halt");
        assertThat(child.waitFor(180, TimeUnit.SECONDS)).as("the child ends").isTrue();
        assertThat(child.exitValue()).as("halted at %s", step).isEqualTo(137);

        Path expected = committed ? after : before;
        // the store's reader (the judge's history, report, rollup): the journal's outcome, before any repair
        assertThat(keys(out)).isEqualTo(keys(expected));
        assertThat(Driftwatch.run("repair", "--output", out.toString())).isZero();
        assertSameTables(out, expected);
        assertNoLeftovers(out);
        // the dead run's lock is taken over, and the range runs again to the same result
        assertThat(Driftwatch.run(second(out))).isZero();
        assertSameTables(out, after);
    }

    /** A real SIGKILL from outside, while the commit is half applied; the next run repairs by itself. */
    @Test
    void sigkillMidCommitIsCompletedByTheNextRun() throws Exception {
        Path out = dir.resolve("sigkill");
        FileUtils.copyDirectory(before.toFile(), out.toFile());
        Process child = child(out, "moved#1:pause");
        Path marker = out.resolve("_paused-at-moved");
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(marker).as("the child reached the step").exists();
        child.destroyForcibly(); // SIGKILL on Linux
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
        Files.delete(marker);
        // half applied: files deleted, one rewrite moved in, the journal says the rest
        assertThat(Files.list(out.resolve(CommitJournal.DIR)).filter(p -> p.toString().endsWith(".json"))).hasSize(1);
        assertThat(keys(out)).isEqualTo(keys(after));
        // no repair: the next run of another range completes the commit first
        assertThat(Driftwatch.run(second(out))).isZero();
        assertSameTables(out, after);
        assertNoLeftovers(out);
    }

    /** The disk fills while files are prepared or while the journal is written: the old range, whole. */
    @ParameterizedTest(name = "disk full at {0}")
    @CsvSource({"write_prepared#2", "write_journal"})
    void aFullDiskLeavesTheOldRangeAndNoBrokenFile(String step) throws Exception {
        Path out = dir.resolve("full-" + step.replace('#', '-'));
        FileUtils.copyDirectory(before.toFile(), out.toFile());
        Process child = child(out, step + ":disk_full");
        assertThat(child.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("the run fails").isNotZero();
        assertThat(Files.readString(out.resolve("child.log"))).contains("No space left on device");
        Files.delete(out.resolve("child.log"));
        assertSameTables(out, before);
        assertNoLeftovers(out);
        try (Duck duck = new Duck()) {
            // the failed run is recorded, and runs stays readable
            assertThat(duck.count("select count(*) from " + Duck.table(out, "runs") + " where status = 'failed'"))
                    .isEqualTo(1);
        }
    }

    /**
     * What the earlier committer left when killed between deleting a file and renaming its rewrite (a
     * hidden {@code .rewrite-<run>-<file>}): repair puts it back where it belongs; one whose original
     * still exists is removed.
     */
    @Test
    void repairRestoresTheEarlierCommittersHiddenRewrite() throws Exception {
        Path out = dir.resolve("legacy");
        FileUtils.copyDirectory(before.toFile(), out.toFile());
        List<Path> files;
        try (Stream<Path> s = Files.walk(out.resolve("kpi_windows"))) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        Path lost = files.get(0);
        Path stale = files.get(1);
        Files.move(lost, lost.resolveSibling(".rewrite-20261101T000000Z-abcdef-" + lost.getFileName()));
        Files.copy(stale, stale.resolveSibling(".rewrite-20261101T000000Z-abcdef-" + stale.getFileName()));
        assertThat(Driftwatch.run("repair", "--output", out.toString())).isZero();
        assertSameTables(out, before);
        assertNoLeftovers(out);
    }

    private static Process child(Path out, String fault) throws IOException {
        // the killed child's cluster leaves its working and spill directories: in the test's own directory, not /tmp
        Path tmp = Files.createDirectories(out.resolveSibling(out.getFileName() + "-tmp"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                "-Ddriftwatch.commit.fault=" + fault, Driftwatch.class.getName()));
        cmd.addAll(List.of(second(out)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve("child.log").toFile()).start();
    }

    /** The window keys and label counts of {@code kpi_windows} as the store's reader reads them. */
    private static List<String> keys(Path out) throws IOException {
        return io.driftwatch.jobs.store.Store.at(new org.apache.flink.core.fs.Path(out.toUri()))
                .read(KpiWindowRow.SCHEMA, null, Long.MIN_VALUE, Long.MAX_VALUE).stream()
                .map(r -> r.model() + "/" + r.modelVersion() + "/" + r.segment() + "/" + r.windowStart() + "/"
                        + r.kpis().count(io.driftwatch.common.kpi.Kpi.LABELED_COUNT))
                .sorted().toList();
    }

    private static void assertSameTables(Path out, Path expected) throws Exception {
        try (Duck duck = new Duck()) {
            for (String table : TABLES) {
                if (table.equals("dead_letter")) continue;
                assertThat(duck.comparable(out, table)).as(table).isEqualTo(duck.comparable(expected, table));
            }
            // dead letters carry the time their run ingested them
            String deadLetters = "select * exclude (ingested_at) from %s order by all";
            assertThat(duck.rows(deadLetters.formatted(Duck.table(out, "dead_letter")))).as("dead_letter")
                    .isEqualTo(duck.rows(deadLetters.formatted(Duck.table(expected, "dead_letter"))));
            assertThat(duck.count("select count(*) from " + Duck.table(out, "runs"))).isPositive();
        }
    }

    private static void assertNoLeftovers(Path out) throws IOException {
        Files.deleteIfExists(out.resolve("child.log"));
        try (Stream<Path> s = Files.walk(out)) {
            List<Path> bad = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith(".") || sizeOf(p) == 0
                            || p.toString().contains("/.staging/") || p.toString().contains("/" + CommitJournal.DIR + "/"))
                    .toList();
            assertThat(bad).as("hidden, empty or staged files left").isEmpty();
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
