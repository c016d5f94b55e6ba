package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.cli.Driftwatch;
import io.driftwatch.jobs.commit.RunLog;
import io.driftwatch.jobs.store.Store;
import io.driftwatch.jobs.tables.RunRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail (issue 23): three runs over one output (two ranges, then the first again, which
 * replaces its files) leave {@code runs} rows that name the build, the config, the inputs with sizes
 * and times, and the SHA-256 of every data file — checked by {@code sha256sum -c}, an independent
 * reader — chained row to row; {@code verify} passes, then names a modified, a deleted and an added
 * file, an altered row and a removed one.
 */
class AuditTrailTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir Path dir;

    private record Result(int code, String out) {}

    private static Result run(Object... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            int code = Cli.run(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
        }
    }

    private static List<RunRow> runs(Path out) throws Exception {
        return Store.at(new org.apache.flink.core.fs.Path(out.toUri())).read(RunRow.SCHEMA, null, Long.MIN_VALUE,
                Long.MAX_VALUE).stream().sorted(Comparator.comparingLong(RunRow::finishedAt)).toList();
    }

    private static Path firstFile(Path out, String table) throws Exception {
        try (Stream<Path> s = Files.walk(out.resolve(table))) {
            return s.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void runsAreSealedAndChainedAndVerifyNamesWhatChanged() throws Exception {
        Path log = dir.resolve("log.jsonl"), labels = dir.resolve("labels.jsonl");
        assertThat(Driftwatch.run("generate", "--output", log.toString(), "--labels-output", labels.toString(), "--rows",
                "4000", "--days", "4", "--models", "2", "--features", "3", "--seed", "23")).isZero();
        Path config = Files.writeString(dir.resolve("c.yaml"), "window: 1d\n");
        Path out = dir.resolve("out");
        String[] common = {"--config", config.toString(), "--input", log.toString(), "--labels", labels.toString(),
                "--output", out.toString(), "--reference-from", "2026-11-01", "--reference-to", "2026-11-02"};
        assertThat(Cli.run("analyze", common, "--from", "2026-11-02", "--to", "2026-11-03")).isZero();
        assertThat(Cli.run("analyze", common, "--from", "2026-11-03", "--to", "2026-11-05")).isZero();
        assertThat(Cli.run("analyze", common, "--from", "2026-11-02", "--to", "2026-11-03")).isZero();

        List<RunRow> rows = runs(out);
        assertThat(rows).hasSize(3);
        RunRow first = rows.get(0), last = rows.get(2);
        assertThat(first.previousRunSha256()).isNull();
        assertThat(rows.get(1).previousRunSha256()).isEqualTo(first.runSha256());
        assertThat(last.previousRunSha256()).isEqualTo(rows.get(1).runSha256());
        assertThat(last.driftwatchVersion()).isNotBlank();
        assertThat(last.config()).isEqualTo("{\"window\":\"1d\"}");
        assertThat(last.inputFiles()).hasSize(2);
        assertThat(last.inputFiles().get(0)).contains("log.jsonl\t" + Files.size(log) + " bytes\tmodified 20");
        // every data file the output holds, and only those, as sha256sum writes them: sha256sum checks them
        long dataFiles;
        try (Stream<Path> s = Files.walk(out)) {
            dataFiles = s.filter(p -> p.toString().endsWith(".parquet") && !p.toString().contains("/runs/")
                    && !p.toString().contains("/reference/") && !p.getFileName().toString().startsWith(".")).count();
        }
        assertThat(last.outputFiles()).hasSize((int) dataFiles);
        Path sums = Files.write(dir.resolve("sums.txt"), last.outputFiles());
        Process p = new ProcessBuilder("sha256sum", "--check", "--quiet", sums.toString()).directory(out.toFile())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(said).isZero();

        Result ok = run("verify", "--output", out);
        assertThat(ok.code()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("3 runs rows chained; " + dataFiles + " data files checked").contains("verify: ok");

        // a modified, a deleted and an added file
        Path modified = firstFile(out, "kpi_windows"), deleted = firstFile(out, "feature_profiles");
        byte[] bytes = Files.readAllBytes(modified);
        bytes[bytes.length / 2] ^= 1;
        Files.write(modified, bytes);
        Files.delete(deleted);
        Path added = modified.resolveSibling("part-foreign.parquet");
        Files.copy(firstFile(out, "feature_drift"), added);
        Result changed = run("verify", "--output", out);
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.out())
                .contains("verify: modified: " + out.relativize(modified))
                .contains("verify: deleted: " + out.relativize(deleted))
                .contains("verify: added: " + out.relativize(added) + " (no run wrote it)")
                .doesNotContain("chain broken").doesNotContain("altered");

        // an altered runs row, then a removed one
        org.apache.flink.core.fs.Path o = new org.apache.flink.core.fs.Path(out.toUri());
        RunRow edited = new RunRow(first.runId(), first.command(), first.startedAt(), first.finishedAt(), first.status(),
                first.configSha256(), first.inputs(), first.labelInputs(), first.from(), first.to(), first.recordsRead() + 1,
                first.recordsValid(), first.recordsInvalid(), first.recordsOutOfRange(), first.recordsLate(),
                first.labelsRead(), first.labelsJoined(), first.labelsUnmatched(), first.labelsInvalid(), first.labelsLate(),
                first.kpiWindows(), first.featureProfiles(), first.featureDrift(), first.reference(),
                first.referenceProfile(), first.message(), first.eventTimeMin(), first.eventTimeMax(),
                first.deadLetterReasons(), first.deadLetterExamples(), first.decisions(), first.anomalies(),
                first.labelsOutOfRange(), first.driftwatchVersion(), first.config(), first.inputFiles(),
                first.outputFiles(), first.previousRunSha256(), first.runSha256(), first.personalData(),
                first.personalDataScanned(), first.inputStart());
        RunLog.write(o, io.driftwatch.common.config.DriftwatchConfig.Compression.SNAPPY, edited);
        Result altered = run("verify", "--output", out);
        assertThat(altered.code()).isEqualTo(1);
        assertThat(altered.out()).contains("verify: run " + first.runId() + ": its runs row was altered");
        RunRow middle = rows.get(1);
        try (Stream<Path> s = Files.walk(out.resolve("runs"))) {
            for (Path f : s.filter(x -> x.getFileName().toString().equals("run-" + middle.runId() + ".parquet")).toList()) {
                Files.delete(f);
            }
        }
        Result removed = run("verify", "--output", out);
        assertThat(removed.code()).isEqualTo(1);
        assertThat(removed.out()).contains("verify: chain broken between run " + first.runId() + " and run " + last.runId());
    }
}
