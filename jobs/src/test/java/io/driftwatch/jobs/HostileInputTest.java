package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.cli.Driftwatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: records, names and files an attacker or an unlucky operator writes, each through the
 * whole {@code analyze} at parallelism 2, the tables read back by DuckDB. Every case failed before
 * its fix (history wiped, the run ended by one record, the job never started).
 */
class HostileInputTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir
    Path dir;

    private static String record(String id, String timestamp, String model, double prediction) {
        return "{\"prediction_id\":\"" + id + "\",\"timestamp\":" + timestamp + ",\"model\":\"" + model
                + "\",\"prediction\":" + prediction + ",\"label\":" + (id.hashCode() & 1) + ",\"latency_ms\":12}";
    }

    private static List<String> day(int day, String model, int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(record(model + day + "-" + i, "\"2026-11-0" + day + "T" + String.format("%02d", i % 24) + ":10:00Z\"",
                    model, (i % 10) / 10.0));
        }
        return lines;
    }

    /** A log of model m's days 1 to {@code days} ({@code perDay} records each) in {@code name}. */
    private Path days(String name, int days, int perDay) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        for (int d = 1; d <= days; d++) lines.addAll(day(d, "m", perDay));
        return Files.write(dir.resolve(name), lines);
    }

    /** Overwrites the first file of a partition folder with text that is not Parquet; returns it. */
    private static Path damageAFile(Path folder) throws java.io.IOException {
        Path damaged;
        try (var files = Files.list(folder)) {
            damaged = files.findFirst().orElseThrow();
        }
        return Files.writeString(damaged, "garbage");
    }

    /** Item 1: one epoch-0 timestamp in a run without --from/--to deleted every stored window in between. */
    @Test
    void aStrayTimestampNeitherBecomesAWindowNorWipesHistory() throws Exception {
        Path threeDays = dir.resolve("three.jsonl");
        List<String> lines = new ArrayList<>();
        for (int d = 1; d <= 3; d++) {
            lines.addAll(day(d, "m", 30));
            lines.addAll(day(d, "other", 30));
        }
        Files.write(threeDays, lines);
        Path out = dir.resolve("out");
        assertThat(Driftwatch.run("analyze", "--input", threeDays.toString(), "--output", out.toString())).isEqualTo(0);

        // day 3 again (a run owns its windows for every model), with an epoch 0, a year-9999 and a
        // plausible but old record (2020-01-01)
        List<String> again = new ArrayList<>(day(3, "m", 30));
        again.addAll(day(3, "other", 30));
        again.add(record("zero", "0", "m", 0.4));
        again.add(record("far", "\"9999-12-31T23:59:59Z\"", "m", 0.4));
        again.add(record("old", "\"2020-01-01T12:00:00Z\"", "m", 0.4));
        Path day3 = dir.resolve("day3.jsonl");
        Files.write(day3, again);
        assertThat(Driftwatch.run("analyze", "--input", day3.toString(), "--output", out.toString(), "--max-bad-ratio",
                "0.1")).isEqualTo(0);

        try (Duck duck = new Duck()) {
            // every earlier window of both models is still there; the old record has a window of its own
            assertThat(duck.rows("select model, strftime(window_start, '%Y-%m-%d') as day, prediction_count from "
                    + Duck.table(out, "kpi_windows") + " where segment = '__all__' order by model, day")).extracting(
                            r -> r.get("model") + " " + r.get("day") + " " + r.get("prediction_count"))
                    .containsExactly("m 2020-01-01 1", "m 2026-11-01 30", "m 2026-11-02 30", "m 2026-11-03 30",
                            "other 2026-11-01 30", "other 2026-11-02 30", "other 2026-11-03 30");
            List<Map<String, Object>> dead = duck.rows("select error, detail from " + Duck.table(out, "dead_letter")
                    + " order by detail");
            assertThat(dead).extracting(r -> r.get("error")).containsExactly("implausible_timestamp", "implausible_timestamp");
            assertThat(dead).extracting(r -> (String) r.get("detail")).allSatisfy(d -> assertThat(d)
                    .contains("outside the plausible range").contains("input.earliest_timestamp"));
        }
    }

    /** Items 2 and 3: one record nested 5,000 deep or dated +999999999 ended the run (exit 1). */
    @Test
    void oneRecordCannotEndTheRun() throws Exception {
        List<String> lines = new ArrayList<>(day(1, "m", 50));
        String deep = "{\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5,\"features\":"
                + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}";
        lines.add(deep);
        lines.add("{\"model\":\"m\",\"timestamp\":\"+999999999-12-31T23:59:59Z\",\"prediction\":0.5}");
        lines.add("{\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5,\"features\":{\"a\":"
                + "[".repeat(5000) + "]".repeat(5000) + "}}");
        Path input = dir.resolve("hostile.jsonl");
        Files.write(input, lines);
        Path out = dir.resolve("out");
        // features read too (a reference makes the job profile every feature)
        assertThat(Driftwatch.run("analyze", "--input", input.toString(), "--output", out.toString(), "--max-bad-ratio",
                "0.1", "--reference-from", "2026-11-01", "--reference-to", "2026-11-02")).isEqualTo(0);
        try (Duck duck = new Duck()) {
            assertThat(duck.rows("select error, detail from " + Duck.table(out, "dead_letter") + " order by source"))
                    .extracting(r -> r.get("error") + ": " + r.get("detail"))
                    .containsExactly("too_large: JSON nested deeper than 200 levels",
                            "bad_timestamp: timestamp '+999999999-12-31T23:59:59Z' is out of range",
                            "invalid_json: invalid JSON in 'a': Document nesting depth (201) exceeds the maximum allowed"
                                    + " (200, from `StreamReadConstraints.getMaxNestingDepth()`)");
            assertThat(predictionsCounted(duck, out)).isEqualTo(50);
        }
    }

    /** Item 7: one "nan" among 334 scores made the model multiclass (accuracy 0.0, no roc_auc). */
    @Test
    void theTaskIsInferredFromTheBulkOfTheValues() throws Exception {
        List<String> lines = new ArrayList<>(day(1, "m", 334));
        lines.add(170, "{\"prediction_id\":\"odd\",\"model\":\"m\",\"timestamp\":\"2026-11-01T05:00:00Z\",\"prediction\":\"nan\"}");
        Path input = dir.resolve("nan.jsonl");
        Files.write(input, lines);
        Path out = dir.resolve("out");
        assertThat(Driftwatch.run("analyze", "--input", input.toString(), "--output", out.toString())).isEqualTo(0);
        try (Duck duck = new Duck()) {
            Map<String, Object> w = duck.rows("select * from " + Duck.table(out, "kpi_windows") + " where segment = '__all__'").get(0);
            assertThat(w.get("task")).isEqualTo("binary_classification");
            assertThat(w.get("prediction_count")).isEqualTo(334L);
            assertThat((Double) w.get("roc_auc")).isNotNull();
            assertThat(duck.value("select error from " + Duck.table(out, "dead_letter"))).isEqualTo("bad_prediction");
        }
    }

    /**
     * Item 4: a gzip file of one endless line (zeros) next to a good log was buffered without limit
     * (OutOfMemoryError after 71 s, the good file never analyzed). Now a too-long line is one
     * dead letter holding its start, and a file inflating beyond the ratio stops there.
     */
    @Test
    void anEndlessLineOrAZipBombIsOneDeadLetterAndTheRestIsAnalyzed() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Files.write(logs.resolve("good.jsonl"), day(1, "m", 40));
        // 256 MiB of zeros, about 250 KiB compressed, no line break
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(logs.resolve("bomb.jsonl.gz")))) {
            byte[] zeros = new byte[1 << 20];
            java.util.Arrays.fill(zeros, (byte) '0');
            for (int i = 0; i < 256; i++) gz.write(zeros);
        }
        // a plain line of 3 MiB between two good records
        List<String> longLine = new ArrayList<>(day(2, "m", 2));
        longLine.add(1, "{\"model\":\"m\",\"pad\":\"" + "y".repeat(3 << 20) + "\"}");
        Files.write(logs.resolve("long.jsonl"), longLine);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "input: {max_line_bytes: 1MiB}\n");
        Path out = dir.resolve("out");
        assertThat(Driftwatch.run("analyze", "--config", config.toString(), "--input", logs.toString(), "--output",
                out.toString(), "--max-bad-ratio", "0.1")).isEqualTo(0);
        try (Duck duck = new Duck()) {
            List<Map<String, Object>> dead = duck.rows("select error, detail, raw, source from "
                    + Duck.table(out, "dead_letter") + " order by source");
            assertThat(dead).extracting(r -> r.get("error")).containsExactly("unreadable", "too_large");
            assertThat((String) dead.get(0).get("detail")).startsWith("file cannot be read past this point: the file"
                    + " inflates to more than input.max_inflation_ratio (200.0) times its compressed size (")
                    .doesNotContain("Exception");
            assertThat((String) dead.get(1).get("detail"))
                    .isEqualTo("line of " + ((3 << 20) + 22) + " bytes is longer than input.max_line_bytes (1048576)");
            assertThat((String) dead.get(1).get("raw")).hasSize(4096).startsWith("{\"model\":\"m\",\"pad\":\"yyy");
            assertThat((String) dead.get(1).get("source")).endsWith("long.jsonl:2");
            assertThat(predictionsCounted(duck, out)).isEqualTo(42);
        }
    }

    /**
     * Item 5: a quoted line break (valid RFC 4180) or an unbalanced quote within the first rows made
     * the task sampler throw before the job started (exit 1); further down, the rows were three dead
     * letters with a Java class name as the detail.
     */
    @Test
    void csvReadsQuotedLineBreaksAndAnUnclosedQuoteIsOneDeadLetter() throws Exception {
        StringBuilder csv = new StringBuilder("prediction_id,timestamp,model,prediction,label,comment\n");
        csv.append("a1,2026-11-01T01:00:00Z,m,0.3,1,\"line one\nline \"\"two\"\"\"\n");
        csv.append("a2,2026-11-01T01:00:00Z,m,0.3,1,\"unbalanced\n");
        for (int i = 0; i < 20; i++) csv.append("b").append(i).append(",2026-11-01T02:00:00Z,m,0.").append(i % 10)
                .append(',').append(i % 2).append(",plain\n");
        csv.append("c1,2026-11-01T03:00:00Z,m,0.7,1,\"closed\" late\n");
        Path input = dir.resolve("quoted.csv");
        Files.writeString(input, csv);
        Path out = dir.resolve("out");
        assertThat(Driftwatch.run("analyze", "--input", input.toString(), "--output", out.toString(), "--max-bad-ratio",
                "0.2", "--reference-from", "2026-11-01", "--reference-to", "2026-11-02")).isEqualTo(0);
        try (Duck duck = new Duck()) {
            assertThat(duck.rows("select source, error, detail from " + Duck.table(out, "dead_letter") + " order by source"))
                    .extracting(r -> r.get("source").toString().replaceAll(".*/", "") + " " + r.get("error") + ": " + r.get("detail"))
                    .containsExactlyInAnyOrder(
                            "quoted.csv:4 invalid_csv: invalid CSV: a quoted cell is not closed (within 1000 lines or the end of the file)",
                            "quoted.csv:25 invalid_csv: invalid CSV: Unexpected character ('l' (code 108)): Expected column"
                                    + " separator character (',' (code 44)) or end-of-line");
            assertThat(predictionsCounted(duck, out)).isEqualTo(21);
            // the quoted cell with its line break and escaped quotes is one category value
            assertThat(duck.rows("select unnest(top_values, recursive := true) from " + Duck.table(out, "feature_profiles")
                    + " where feature = 'comment'")).extracting(r -> r.get("value"))
                    .contains("line one\nline \"two\"", "plain");
        }
    }

    /**
     * Item 6: a model name the docs accept (up to 256 characters) whose encoded folder name
     * exceeded 255 bytes failed the run ("Mkdirs failed", exit 1, nothing written).
     */
    @Test
    void everyAcceptedModelNameHasAFolderThatFits() throws Exception {
        List<String> names = List.of("a".repeat(250), "模".repeat(100), " ".repeat(90), "b".repeat(256),
                "b".repeat(255) + "c");
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            for (int i = 0; i < 5; i++) {
                lines.add("{\"prediction_id\":\"" + name.hashCode() + "-" + i + "\",\"timestamp\":\"2026-11-01T01:00:00Z\","
                        + "\"model\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(name)
                        + ",\"prediction\":0.5}");
            }
        }
        Path input = dir.resolve("names.jsonl");
        Files.write(input, lines);
        Path out = dir.resolve("out");
        assertThat(Driftwatch.run("analyze", "--input", input.toString(), "--output", out.toString())).isEqualTo(0);
        try (Duck duck = new Duck(); var folders = Files.list(out.resolve("kpi_windows"))) {
            assertThat(duck.rows("select model, prediction_count from " + Duck.table(out, "kpi_windows")
                    + " where segment = '__all__'")).extracting(r -> r.get("model") + "=" + r.get("prediction_count"))
                    .containsExactlyInAnyOrderElementsOf(names.stream().map(n -> n + "=5").toList());
            List<String> folderNames = folders.map(f -> f.getFileName().toString()).toList();
            assertThat(folderNames).hasSize(names.size()).allSatisfy(f -> assertThat(
                    f.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255));
        }
        // a re-run finds the same folders (and replaces them: no duplicates)
        assertThat(Driftwatch.run("analyze", "--input", input.toString(), "--output", out.toString())).isEqualTo(0);
        try (Duck duck = new Duck()) {
            assertThat(duck.count("select count(*) from " + Duck.table(out, "kpi_windows") + " where segment = '__all__'"))
                    .isEqualTo(names.size());
        }
    }

    /**
     * Item 10: a damaged Parquet file in the output made report, rollup and an adjacent analyze fail
     * with "FlinkInputFile@658dc933 is not a Parquet file"; the analyze left its windows committed
     * under a failed row, the rollup wrote weekly profiles before failing.
     */
    @Test
    void aDamagedStoredFileIsNamedAndNothingIsHalfWritten() throws Exception {
        Path input = days("three.jsonl", 3, 30);
        Path out = dir.resolve("out");
        assertThat(Driftwatch.run("analyze", "--input", input.toString(), "--output", out.toString())).isEqualTo(0);
        Path day3Before;
        try (var files = Files.list(out.resolve("kpi_windows/model=m/date=2026-11-03"))) {
            day3Before = files.findFirst().orElseThrow();
        }
        Path damaged = damageAFile(out.resolve("kpi_windows/model=m/date=2026-11-01"));
        Path day3 = dir.resolve("day3.jsonl");
        Files.write(day3, day(3, "m", 20));

        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        int analyze, report, rollup;
        try {
            analyze = Driftwatch.run("analyze", "--input", day3.toString(), "--output", out.toString());
            report = Driftwatch.run("report", "--output", out.toString(), "--html", dir.resolve("r.html").toString());
            rollup = Driftwatch.run("rollup", "--output", out.toString(), "--window", "1w");
        } finally {
            System.setErr(old);
        }
        assertThat(List.of(analyze, report, rollup)).containsOnly(1);
        String said = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(said.lines().filter(l -> l.startsWith("driftwatch: failed:")).toList()).hasSize(3).allSatisfy(l ->
                assertThat(l).contains(damaged.getFileName().toString() + " is not a readable Parquet file")
                        .contains("move it out of the output directory (or delete it), then re-run the range it held")
                        .doesNotContain("FlinkInputFile"));
        // the failed analyze committed nothing: day 3 is the first run's file; the rollup left nothing
        try (var files = Files.list(out.resolve("kpi_windows/model=m/date=2026-11-03"))) {
            assertThat(files.toList()).containsExactly(day3Before);
        }
        assertThat(out.resolve("rollup/1w")).doesNotExist();
        try (Duck duck = new Duck()) {
            assertThat(duck.rows("select status from " + Duck.table(out, "runs") + " order by started_at"))
                    .extracting(r -> r.get("status")).containsExactly("succeeded", "failed");
        }
    }

    /**
     * The check of stored files reaches what a run replaces and what its judge reads, not the whole
     * output: a damaged file older than that does not fail a run (a daily run's footers grew with the
     * output's age, bench/README.md "Scheduled runs"); a run whose history reaches it still fails.
     */
    @Test
    void aDamagedFileBeyondARunsReachDoesNotFailIt() throws Exception {
        Path input = days("five.jsonl", 5, 24);
        Path out = dir.resolve("out");
        // hourly windows judged against the previous ones: history 54 windows back (2 x baseline_windows, then CUSUM's 48)
        Path config = Files.writeString(dir.resolve("hourly.yaml"),
                "window: 1h\nretraining: {baseline_windows: 3, anomalies: {seasonality: none}}\n");
        assertThat(Driftwatch.run("analyze", "--config", config.toString(), "--input", input.toString(),
                "--output", out.toString())).isEqualTo(0);
        damageAFile(out.resolve("kpi_windows/model=m/date=2026-11-01"));
        // the last hour of day 5: its history begins on day 3
        assertThat(Driftwatch.run("analyze", "--config", config.toString(), "--input", input.toString(),
                "--output", out.toString(), "--from", "2026-11-05T23:00:00Z", "--to", "2026-11-06T00:00:00Z")).isEqualTo(0);
        // the first hour of day 3: its history reaches day 1
        assertThat(Driftwatch.run("analyze", "--config", config.toString(), "--input", input.toString(),
                "--output", out.toString(), "--from", "2026-11-03T00:00:00Z", "--to", "2026-11-03T01:00:00Z")).isEqualTo(1);
    }

    /** Item 11: a _lock cut short by a crash ended every later run (JsonEOFException, exit 1). */
    @Test
    void aLockCutShortByACrashIsStale() throws Exception {
        Path input = dir.resolve("one.jsonl");
        Files.write(input, day(1, "m", 10));
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("_lock"), "{\"run_id\":\"20261101T000000Z-abc\",\"comm");
        assertThat(Driftwatch.run("analyze", "--input", input.toString(), "--output", out.toString())).isEqualTo(0);
        assertThat(out.resolve("_lock")).doesNotExist();
        Files.writeString(out.resolve("_lock"), "");
        assertThat(Driftwatch.run("analyze", "--input", input.toString(), "--output", out.toString())).isEqualTo(0);
    }

    /** The predictions the whole-model KPI windows count. */
    private static long predictionsCounted(Duck duck, Path out) throws Exception {
        return duck.count("select cast(sum(prediction_count) as bigint) from " + Duck.table(out, "kpi_windows")
                + " where segment = '__all__'");
    }
}
