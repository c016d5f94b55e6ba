package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.cli.Driftwatch;
import io.driftwatch.jobs.generate.SyntheticLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, late labels, exit codes, idempotent re-runs, failed runs and input formats, each
 * through the whole {@code analyze} at parallelism 2 with the Parquet read back by DuckDB.
 */
class AnalyzeRobustnessTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir
    Path dir;

    static final String CONFIG = """
            window: 1d
            models:
              m: {task: binary_classification}
              fraud_detector: {task: binary_classification, segments: [country]}
              demand_forecast: {task: regression}
              intent_classifier: {task: multiclass_classification}
            """;

    private Path config() throws Exception {
        Path c = dir.resolve("config.yaml");
        Files.writeString(c, CONFIG);
        return c;
    }

    private static String good(int i) {
        return "{\"prediction_id\":\"g" + i + "\",\"timestamp\":\"2026-11-01T0" + (i % 10) + ":00:00Z\",\"model\":\"m\","
                + "\"prediction\":0." + (i % 10) + ",\"label\":" + (i % 2) + ",\"latency_ms\":" + (10 + i) + "}";
    }

    @Test
    void everyKindOfBadRecordGoesToDeadLetterWithItsReason() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) lines.add(good(i));
        String[][] bad = {
            {"not json at all", "invalid JSON", "invalid_json"},
            {"[1, 2, 3]", "not a JSON object", "not_an_object"},
            {"{\"timestamp\":\"2026-11-01T01:00:00Z\",\"prediction\":0.3}", "missing required field 'model'", "missing_field"},
            {"{\"model\":\"m\",\"prediction\":0.3}", "missing required field 'timestamp'", "missing_field"},
            {"{\"model\":\"m\",\"timestamp\":\"yesterday\",\"prediction\":0.3}", "timestamp 'yesterday' is not ISO-8601", "bad_timestamp"},
            {"{\"model\":\"m\",\"timestamp\":\"01.11.2026 01:00\",\"prediction\":0.3}", "is not ISO-8601 or an epoch number; set input.timestamp_format", "bad_timestamp"},
            {"{\"model\":\"m\",\"timestamp\":1761958800000}", "missing required field 'prediction'", "missing_field"},
            {"{\"model\":\"m\",\"timestamp\":1761958800000,\"prediction\":\"high\"}", "prediction 'high' is not a number", "bad_prediction"},
            {"{\"model\":\"m\",\"timestamp\":1761958800000,\"prediction\":0.2,\"latency_ms\":-5}", "latency_ms is negative", "bad_latency"},
            {"{\"model\":\"m\",\"timestamp\":1761958800000,\"prediction\":0.2,\"latency_ms\":\"fast\"}", "latency_ms must be a number", "bad_latency"},
            {"{\"model\":\"m\",\"timestamp\":1761958800000,\"prediction\":0.2,\"label\":\"maybe\"}", "label 'maybe' is not binary", "bad_label"},
            {"{\"model\":\"m\",\"timestamp\":1761958800000,\"prediction\":0.2,\"resources\":\"lots\"}", "resources must be an object", "bad_resources"},
            {"{\"model\":\"m\",\"timestamp\":1761958800000,\"prediction\":{\"p\":1}}", "prediction must be a number or a string", "bad_prediction"},
            {"{\"model\":\"" + "x".repeat(5000) + "\",\"timestamp\":", "invalid JSON", "invalid_json"},
        };
        for (String[] b : bad) lines.add(b[0]);
        Path input = dir.resolve("bad.jsonl");
        Files.write(input, lines);
        // CSV: a NaN prediction and a row with a wrong number of cells
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "prediction_id,timestamp,model,prediction,label\n"
                + "c1,2026-11-01T03:00:00Z,m,0.7,1\n"
                + "c2,2026-11-01T03:00:00Z,m,NaN,1\n"
                + "c3,2026-11-01T03:00:00Z,m\n");
        Path out = dir.resolve("out");

        int code = Driftwatch.run("analyze", "--config", config().toString(), "--input", input.toString(),
                "--input", csv.toString(), "--output", out.toString(), "--max-bad-ratio", "1");

        assertThat(code).isEqualTo(0);
        try (Duck duck = new Duck()) {
            List<Map<String, Object>> dead = duck.rows("select * from " + Duck.table(out, "dead_letter") + " order by source");
            assertThat(dead).hasSize(bad.length + 2);
            List<String> details = dead.stream().map(r -> (String) r.get("detail")).toList();
            for (String[] b : bad) {
                assertThat(dead).as("dead letter for %s", b[0].length() > 80 ? b[0].substring(0, 80) : b[0])
                        .anySatisfy(r -> {
                            assertThat((String) r.get("raw")).isEqualTo(b[0].length() > 4096 ? b[0].substring(0, 4096) : b[0]);
                            assertThat((String) r.get("detail")).contains(b[1]);
                            assertThat((String) r.get("error")).isEqualTo(b[2]);
                        });
            }
            assertThat(details).anySatisfy(e -> assertThat(e).isEqualTo("prediction is not a finite number"));
            assertThat(details).anySatisfy(e -> assertThat(e).isEqualTo("CSV row has 3 cells, the header has 5"));
            // the reason codes group: one row per code, counted like the runs row says
            Map<String, Object> run0 = duck.rows("select * from " + Duck.table(out, "runs")).get(0);
            assertThat(duck.rows("select error, count(*) as n from " + Duck.table(out, "dead_letter")
                    + " group by error order by n desc, error").get(0)).containsEntry("error", "bad_prediction").containsEntry("n", 3L);
            List<Map<String, Object>> reasons = duck.rows("select unnest(dead_letter_reasons, recursive := true) from "
                    + Duck.table(out, "runs"));
            assertThat(reasons.get(0)).containsEntry("value", "prediction:bad_prediction").containsEntry("count", 3L);
            assertThat(reasons.stream().mapToLong(r -> (Long) r.get("count")).sum()).isEqualTo(run0.get("records_invalid"));
            assertThat(dead).allSatisfy(r -> assertThat((String) r.get("source")).matches(".*(bad\\.jsonl|bad\\.csv):\\d+"));
            assertThat(duck.count("select max(length(raw)) from " + Duck.table(out, "dead_letter"))).isEqualTo(4096);
            Map<String, Object> run = duck.rows("select * from " + Duck.table(out, "runs")).get(0);
            assertThat(run.get("records_read")).isEqualTo(20L + bad.length + 3);
            assertThat(run.get("records_invalid")).isEqualTo((long) bad.length + 2);
            assertThat(run.get("records_valid")).isEqualTo(21L);
            assertThat(duck.count("select cast(sum(prediction_count) as bigint) from " + Duck.table(out, "kpi_windows")
                    + " where segment = '__all__'")).isEqualTo(21);
        }

        // the same input under the default --max-bad-ratio 0.01 is rejected: exit 3, no KPI windows
        Path rejectedOut = dir.resolve("rejected");
        String err = stderrOf(() -> Driftwatch.run("analyze", "--config", config().toString(), "--input",
                input.toString(), "--output", rejectedOut.toString()));
        assertThat(lastCode).isEqualTo(3);
        assertThat(err).contains("input rejected").contains("--max-bad-ratio");
        // the reasons come first, with an example, before the ratio
        assertThat(err.indexOf("missing_field (3)")).isPositive().isLessThan(err.indexOf("--max-bad-ratio"));
        assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.exists(rejectedOut.resolve("kpi_windows"))).isFalse();
        try (Duck duck = new Duck()) {
            assertThat(duck.value("select status from " + Duck.table(rejectedOut, "runs"))).isEqualTo("rejected");
            assertThat(duck.count("select count(*) from " + Duck.table(rejectedOut, "dead_letter"))).isEqualTo(bad.length);
        }
    }

    @Test
    void lateLabelsJoinTheirPredictionsWindowHoweverLate() throws Exception {
        Path input = dir.resolve("p.jsonl");
        Files.write(input, List.of(
                "{\"prediction_id\":\"a\",\"timestamp\":\"2026-11-01T01:00:00Z\",\"model\":\"m\",\"prediction\":0.9}",
                "{\"prediction_id\":\"b\",\"timestamp\":\"2026-11-01T02:00:00Z\",\"model\":\"m\",\"prediction\":0.8,\"label\":0}",
                "{\"prediction_id\":\"c\",\"timestamp\":\"2026-11-01T03:00:00Z\",\"model\":\"m\",\"prediction\":0.1}",
                "{\"prediction_id\":\"d\",\"timestamp\":\"2026-11-01T04:00:00Z\",\"model\":\"m\",\"prediction\":0.2,\"label\":1}",
                "{\"timestamp\":\"2026-11-01T05:00:00Z\",\"model\":\"m\",\"prediction\":0.7,\"label\":1}"));
        Path labels = dir.resolve("l.jsonl");
        Files.write(labels, List.of(
                "{\"prediction_id\":\"a\",\"timestamp\":\"2026-12-15T00:00:00Z\",\"label\":1}", // 44 days late
                "{\"prediction_id\":\"b\",\"timestamp\":\"2026-11-02T00:00:00Z\",\"label\":true}", // corrects the inline 0
                "{\"prediction_id\":\"c\",\"timestamp\":1795000000000,\"label\":\"false\"}", // 2026-11-18
                "{\"prediction_id\":\"zzz\",\"timestamp\":\"2026-11-03T00:00:00Z\",\"label\":1}", // no such prediction
                "{\"prediction_id\":\"c\",\"timestamp\":\"2026-11-01T06:00:00Z\",\"label\":\"oops\"}", // superseded (older)
                "{\"timestamp\":\"2026-11-03T00:00:00Z\",\"label\":1}")); // no prediction_id: dead letter
        Path out = dir.resolve("out");
        int code = Driftwatch.run("analyze", "--config", config().toString(), "--input", input.toString(),
                "--labels", labels.toString(), "--from", "2026-11-01", "--to", "2026-11-02", "--output", out.toString(),
                "--max-bad-ratio", "1");
        assertThat(code).isEqualTo(0);
        try (Duck duck = new Duck()) {
            Map<String, Object> w = duck.rows("select * from " + Duck.table(out, "kpi_windows")).get(0);
            // a: 0.9 vs 1 right; b: 0.8 vs 1 (late label wins) right; c: 0.1 vs 0 right; d: 0.2 vs 1 wrong; e: 0.7 vs 1 right
            assertThat(w.get("prediction_count")).isEqualTo(5L);
            assertThat(w.get("labeled_count")).isEqualTo(5L);
            assertThat(w.get("accuracy")).isEqualTo(0.8);
            assertThat(w.get("precision")).isEqualTo(1.0);
            assertThat(w.get("recall")).isEqualTo(0.75);
            Map<String, Object> run = duck.rows("select * from " + Duck.table(out, "runs")).get(0);
            assertThat(run.get("labels_read")).isEqualTo(6L);
            assertThat(run.get("labels_joined")).isEqualTo(4L);
            assertThat(run.get("labels_unmatched")).isEqualTo(1L);
            assertThat(run.get("labels_invalid")).isEqualTo(1L);
            assertThat((String) duck.value("select detail from " + Duck.table(out, "dead_letter")))
                    .contains("missing required field 'prediction_id'");
            assertThat((String) duck.value("select error from " + Duck.table(out, "dead_letter"))).isEqualTo("missing_field");
        }
    }

    @Test
    void reRunsReplaceTheirRangeAndFailedRunsLeaveOutputsAlone() throws Exception {
        Path input = dir.resolve("in.jsonl");
        SyntheticLog.write(new SyntheticLog.Spec(6_000, 2, 1, 3, 3, LocalDate.parse("2026-11-01"), -1, -1, -1, 0.002,
                0.6, 0), input, null);
        Path out = dir.resolve("out");
        String[] args = {"analyze", "--config", config().toString(), "--input", input.toString(), "--output",
                out.toString(), "--window", "1h", "--max-bad-ratio", "0.05"};
        assertThat(Driftwatch.run(args)).isEqualTo(0);
        try (Duck duck = new Duck()) {
            String snapshot = "select * exclude (roc_auc_exact) from " + Duck.table(out, "kpi_windows")
                    + " order by model, model_version, segment, window_start";
            List<Map<String, Object>> first = duck.rows(snapshot);
            long deadLetters = duck.count("select count(*) from " + Duck.table(out, "dead_letter"));
            assertThat(first).hasSizeGreaterThan(48 * 5);
            assertThat(deadLetters).isEqualTo(12);

            // the same run again: identical tables, no duplicates
            assertThat(Driftwatch.run(args)).isEqualTo(0);
            assertThat(duck.rows(snapshot)).isEqualTo(first);
            assertThat(duck.count("select count(*) from " + Duck.table(out, "dead_letter"))).isEqualTo(deadLetters);

            // a partial day: only its six hours are replaced, the rest of the day's partition is kept
            String[] partial = {"analyze", "--config", config().toString(), "--input", input.toString(), "--output",
                    out.toString(), "--window", "1h", "--from", "2026-11-01T06:00:00Z", "--to", "2026-11-01T12:00:00Z",
                    "--max-bad-ratio", "0.05"};
            assertThat(Driftwatch.run(partial)).isEqualTo(0);
            assertThat(duck.rows(snapshot)).isEqualTo(first);
            assertThat(duck.count("select count(*) from " + Duck.table(out, "dead_letter"))).isEqualTo(deadLetters);
            assertThat(duck.count("select count(*) from " + Duck.table(out, "runs"))).isEqualTo(3);

            // a run that fails (here: the staging folder cannot be created) exits 1 and changes nothing
            Files.writeString(out.resolve(".staging"), "in the way");
            assertThat(Driftwatch.run(args)).isEqualTo(1);
            Files.delete(out.resolve(".staging"));
            assertThat(duck.rows(snapshot)).isEqualTo(first);
            assertThat(duck.value("select status from " + Duck.table(out, "runs") + " order by started_at desc limit 1"))
                    .isEqualTo("failed");
        }
    }

    @Test
    void jsonLinesGzipCsvAndParquetGiveTheSameWindows() throws Exception {
        SyntheticLog.Spec spec = new SyntheticLog.Spec(4_000, 2, 3, 11, 4, LocalDate.parse("2026-11-01"), 1, -1, 0, 0,
                0.7, 0);
        String[] names = {"p.jsonl", "p.jsonl.gz", "p.csv", "p.parquet"};
        List<List<Map<String, Object>>> results = new ArrayList<>();
        try (Duck duck = new Duck()) {
            for (String name : names) {
                Path input = dir.resolve(name);
                SyntheticLog.write(spec, input, null);
                Path out = dir.resolve("out-" + name);
                assertThat(Driftwatch.run("analyze", "--config", config().toString(), "--input", input.toString(),
                        "--output", out.toString())).as(name).isEqualTo(0);
                results.add(duck.rows("select * exclude (roc_auc_exact) from " + Duck.table(out, "kpi_windows")
                        + " order by model, model_version, segment, window_start"));
            }
        }
        assertThat(results.get(0)).hasSizeGreaterThan(10);
        assertThat(results.get(0).get(0).get("cpu_pct_mean")).isNotNull();
        for (int i = 1; i < names.length; i++) {
            assertThat(results.get(i)).as(names[i]).isEqualTo(results.get(0));
        }
    }

    @Test
    void userMistakesExitWithTheirCodeAndOneLine() throws Exception {
        Path input = dir.resolve("p.jsonl");
        Files.write(input, List.of(good(1)));
        Path badConfig = dir.resolve("bad.yaml");
        Files.writeString(badConfig, "models:\n  m:\n    treshold: 0.7\n");
        Path out = dir.resolve("out");

        String err = stderrOf(() -> Driftwatch.run("analyze", "--config", badConfig.toString(), "--input", input.toString(),
                "--output", out.toString()));
        assertThat(lastCode).isEqualTo(2);
        assertThat(err.strip()).startsWith("driftwatch: models.m.treshold: unknown key").doesNotContain("\n");

        err = stderrOf(() -> Driftwatch.run("analyze", "--input", input.toString(), "--output", out.toString(), "--window", "5x"));
        assertThat(lastCode).isEqualTo(2);
        assertThat(err).contains("--window: '5x' is not a duration");

        err = stderrOf(() -> Driftwatch.run("analyze", "--input", input.toString(), "--output", out.toString(), "--from", "soon"));
        assertThat(lastCode).isEqualTo(2);
        assertThat(err).contains("--from");

        err = stderrOf(() -> Driftwatch.run("analyze", "--output", out.toString()));
        assertThat(lastCode).isEqualTo(2);
        assertThat(err).contains("--input");

        err = stderrOf(() -> Driftwatch.run("analyze", "--input", dir.resolve("nope.jsonl").toString(), "--output", out.toString()));
        assertThat(lastCode).isEqualTo(3);
        assertThat(err).contains("no such file or directory");

        err = stderrOf(() -> Driftwatch.run("analyze", "--input", dir.resolve("*.none").toString(), "--output", out.toString()));
        assertThat(lastCode).isEqualTo(3);
        assertThat(err).contains("no file matches");

        err = stderrOf(() -> Driftwatch.run("frobnicate"));
        assertThat(lastCode).isEqualTo(2);

        err = stderrOf(() -> Driftwatch.run(new String[0]));
        assertThat(lastCode).isEqualTo(2);
        assertThat(err).contains("a command is needed");
    }

    /**
     * Label files none of whose records can be read are a config mistake (issue 22): the run is rejected
     * (exit 3) with the key the field was read by and one label record as it is, and nothing but the
     * dead letters is written.
     */
    @Test
    void labelFilesNoneOfWhoseRecordsReadAreRejectedNamingTheKeyUsed() throws Exception {
        Path input = dir.resolve("req.jsonl");
        List<String> predictions = new ArrayList<>(), labels = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            predictions.add("{\"req\":\"r" + i + "\",\"timestamp\":\"2026-11-01T0" + (i % 10)
                    + ":00:00Z\",\"model\":\"m\",\"prediction\":0." + (i % 10) + "}");
            // the label file calls the id request_id: columns.prediction_id (req) does not find it
            labels.add("{\"request_id\":\"r" + i + "\",\"timestamp\":\"2026-11-02T00:00:00Z\",\"label\":" + (i % 2) + "}");
        }
        Files.write(input, predictions);
        Path labelFile = Files.write(dir.resolve("req-labels.jsonl"), labels);
        Path config = Files.writeString(dir.resolve("req.yaml"), "columns: {prediction_id: req}\n");
        Path out = dir.resolve("out-req");
        String console = consoleOf(() -> Driftwatch.run("analyze", "--config", config.toString(), "--input", input.toString(),
                "--labels", labelFile.toString(), "--output", out.toString()));
        assertThat(lastCode).as(console).isEqualTo(3);
        assertThat(console).contains("none of the 20 label records is usable: missing_field (20)")
                .contains("prediction_id from 'req' (columns.prediction_id)")
                .contains("timestamp from 'timestamp' (its own name)")
                .contains("A label record: ").contains("req-labels.jsonl:1: {\"request_id\":\"r0\"");
        // the console's fix names the key the field came from, not label_columns
        assertThat(console).contains("'req' comes from columns.prediction_id");
        try (Duck duck = new Duck()) {
            assertThat(duck.value("select status from " + Duck.table(out, "runs"))).isEqualTo("rejected");
            assertThat(out.resolve("kpi_windows")).doesNotExist();
            assertThat(duck.count("select count(*) from " + Duck.table(out, "dead_letter") + " where kind = 'label'"))
                    .isEqualTo(20);
        }

        // with label_columns the same files are fine
        Files.writeString(config, "columns: {prediction_id: req}\nlabel_columns: {prediction_id: request_id}\n");
        Path ok = dir.resolve("out-req-ok");
        assertThat(Driftwatch.run("analyze", "--config", config.toString(), "--input", input.toString(), "--labels",
                labelFile.toString(), "--output", ok.toString())).isEqualTo(0);
    }

    /**
     * A label of a prediction read outside [--from, --to) is counted as out of range, apart from a
     * label with no prediction at all (issue 22: both were "unmatched", which reads like an id problem).
     */
    @Test
    void labelsOfPredictionsOutsideTheRangeAreCountedApartFromUnmatchedOnes() throws Exception {
        List<String> predictions = new ArrayList<>(), labels = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String day = i < 30 ? "01" : "02"; // 30 in range, 10 the day after
            predictions.add("{\"prediction_id\":\"q" + i + "\",\"timestamp\":\"2026-11-" + day + "T10:00:00Z\","
                    + "\"model\":\"m\",\"prediction\":0.7}");
            labels.add("{\"prediction_id\":\"q" + i + "\",\"timestamp\":\"2026-11-03T00:00:00Z\",\"label\":1}");
        }
        for (int i = 0; i < 3; i++) {
            labels.add("{\"prediction_id\":\"nobody" + i + "\",\"timestamp\":\"2026-11-03T00:00:00Z\",\"label\":0}");
        }
        Path input = Files.write(dir.resolve("q.jsonl"), predictions);
        Path labelFile = Files.write(dir.resolve("q-labels.jsonl"), labels);
        Path out = dir.resolve("out-q");
        String console = consoleOf(() -> Driftwatch.run("analyze", "--input", input.toString(), "--labels",
                labelFile.toString(), "--from", "2026-11-01", "--to", "2026-11-02", "--output", out.toString()));
        assertThat(lastCode).as(console).isZero();
        assertThat(console).contains("43 labels read, 30 joined, 3 unmatched (no prediction with their id), 10 of"
                + " predictions out of range, 0 invalid")
                // every prediction file read: truly unmatched, no note (unmatchedLabelsOfPredictionFilesNotReadAreExplained)
                .doesNotContain("labels counted unmatched include");
        try (Duck duck = new Duck()) {
            assertThat(duck.rows("select labels_read, labels_joined, labels_unmatched, labels_out_of_range from "
                    + Duck.table(out, "runs")).toString()).isEqualTo("[{labels_read=43, labels_joined=30,"
                    + " labels_unmatched=3, labels_out_of_range=10}]");
        }
    }

    /**
     * A run that reads only the prediction files dated within its range still reads the labels of the days
     * after it (labels.horizon): those labels' predictions are in files it did not read, so they count as
     * unmatched, and the console says why (before, "no prediction with their id" read like orphan labels).
     * A run that read every prediction file does not say it (the test above).
     */
    @Test
    void unmatchedLabelsOfPredictionFilesNotReadAreExplained() throws Exception {
        Path logs = dir.resolve("dated/logs");
        List<String> labels = new ArrayList<>();
        // day 02's file is read too (a file dated the day after the range holds records written after its
        // midnight), day 03's is not
        for (String day : List.of("01", "02", "03")) {
            List<String> predictions = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                predictions.add("{\"prediction_id\":\"d" + day + "-" + i + "\",\"timestamp\":\"2026-11-" + day
                        + "T10:00:00Z\",\"model\":\"m\",\"prediction\":0.7}");
                labels.add("{\"prediction_id\":\"d" + day + "-" + i + "\",\"timestamp\":\"2026-11-" + day
                        + "T20:00:00Z\",\"label\":1}");
            }
            Files.createDirectories(logs.resolve("date=2026-11-" + day));
            Files.write(logs.resolve("date=2026-11-" + day).resolve("p.jsonl"), predictions);
        }
        Path labelFile = Files.write(dir.resolve("dated/labels.jsonl"), labels);
        Path out = dir.resolve("dated/out");
        String console = consoleOf(() -> Driftwatch.run("analyze", "--input", logs.toString(), "--labels",
                labelFile.toString(), "--from", "2026-11-01", "--to", "2026-11-02", "--output", out.toString()));
        assertThat(lastCode).as(console).isZero();
        assertThat(console).contains("reading 2 of 3 input files")
                .contains("60 labels read, 20 joined, 20 unmatched (no prediction with their id), 20 of predictions out of range")
                .contains("note: the 20 labels counted unmatched include those of predictions dated outside the range,"
                        + " whose files were not read (only the prediction files dated within it were)");
    }

    private int lastCode;

    /** Runs a command and returns what it printed (stdout and stderr), keeping the exit code in lastCode. */
    private String consoleOf(java.util.concurrent.Callable<Integer> call) throws Exception {
        PrintStream savedOut = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(both);
        try {
            return buf.toString(StandardCharsets.UTF_8) + stderrOf(() -> {
                try {
                    return call.call();
                } finally {
                    System.setOut(savedOut);
                }
            }) + buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(savedOut);
        }
    }

    @Test
    void messagesSayWhyAndWhichKeyFixesIt() throws Exception {
        // a log whose times no built-in form reads: rejected, with the reason, an example and the pattern that reads it
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add("{\"model\":\"m\",\"timestamp\":\"2014/01/03 18:" + (10 + i) + ":22\",\"prediction\":0.4,\"status\":200}");
        }
        Path slashes = dir.resolve("slashes.jsonl");
        Files.write(slashes, lines);
        String console = consoleOf(() -> Driftwatch.run("analyze", "--input", slashes.toString(), "--output",
                dir.resolve("o1").toString()));
        assertThat(lastCode).isEqualTo(3);
        assertThat(console).contains("50 prediction:bad_timestamp, e.g.")
                .containsPattern("fix: input.timestamp_format: 'yyyy/MM/dd HH:mm:ss' reads '2014/01/03 18:\\d\\d:22'")
                .contains("input rejected: 50 of 50 records (100.00%) are unusable: bad_timestamp (50)");
        // the sampled statuses are HTTP codes that the default rule reads as errors: the run says which key fixes it
        assertThat(console).contains("warning: 100% of the sampled records have a status that counts as an error"
                + " (most often '200', 50 times; status.success is [ok]): if it means success, set status: {success: [2xx]}");

        // with the pattern: accepted; a range that holds none of the records says what the logs hold
        Path config = dir.resolve("slashes.yaml");
        Files.writeString(config, "input: {timestamp_format: 'yyyy/MM/dd HH:mm:ss'}\nstatus: {success: [2xx]}\n");
        console = consoleOf(() -> Driftwatch.run("analyze", "--config", config.toString(), "--input", slashes.toString(),
                "--output", dir.resolve("o2").toString(), "--from", "2026-11-01", "--to", "2026-11-08"));
        assertThat(lastCode).isEqualTo(0);
        assertThat(console).contains("warning: none of the 50 valid records is in [2026-11-01T00:00:00Z, 2026-11-08T00:00:00Z),"
                + " so no window was written; their event times span 2014-01-03T18:10:22Z to 2014-01-03T18:59:22Z")
                .doesNotContain("100% of the sampled");
        // most records outside the range: a note, not a warning
        console = consoleOf(() -> Driftwatch.run("analyze", "--config", config.toString(), "--input", slashes.toString(),
                "--output", dir.resolve("o2b").toString(), "--from", "2014-01-03T18:45:00Z", "--to", "2014-01-04"));
        assertThat(console).contains("  note: 35 of 50 valid records (70%) are outside [2014-01-03T18:45:00Z, 2014-01-04T00:00:00Z);"
                + " their event times span 2014-01-03T18:10:22Z to 2014-01-03T18:59:22Z").doesNotContain("warning");

        // epoch numbers in a unit other than the configured one land in 1970: implausible, and the
        // dead letter says which unit they were read in and which key fixes it
        Path seconds = dir.resolve("seconds.jsonl");
        Files.write(seconds, List.of("{\"model\":\"m\",\"timestamp\":1388774302,\"prediction\":0.4}"));
        Path msConfig = dir.resolve("ms.yaml");
        Files.writeString(msConfig, "input: {timestamp_unit: ms}\n");
        console = consoleOf(() -> Driftwatch.run("analyze", "--config", msConfig.toString(), "--input", seconds.toString(),
                "--output", dir.resolve("o3").toString(), "--from", "2014-01-01", "--to", "2014-02-01"));
        assertThat(console).contains("implausible_timestamp (1), e.g. ")
                .contains("timestamp 1970-01-17T01:46:14.302Z (epoch 1388774302 read as ms; in another unit? see"
                        + " input.timestamp_unit) is outside the plausible range");

        // a reference period with no records: said with the span seen, not "run profile"
        String err = consoleOf(() -> Driftwatch.run("analyze", "--config", config.toString(), "--input", slashes.toString(),
                "--output", dir.resolve("o4").toString(), "--reference-from", "2026-11-01", "--reference-to", "2026-11-02"));
        assertThat(lastCode).isEqualTo(0);
        assertThat(err).contains("warning: the reference period [2026-11-01T00:00:00Z, 2026-11-02T00:00:00Z) holds none of the 50"
                + " valid records of the input (their event times span 2014-01-03T18:10:22Z to 2014-01-03T18:59:22Z),"
                + " so feature_drift has no reference to compare with")
                .doesNotContain("driftwatch profile");
        assertThat(dir.resolve("o4/reference/_reference.json")).doesNotExist();
    }

    private String stderrOf(java.util.concurrent.Callable<Integer> call) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            lastCode = call.call();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
