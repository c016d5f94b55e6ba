package io.driftwatch.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.Duck;
import io.driftwatch.jobs.KafkaBroker;
import io.driftwatch.jobs.generate.SyntheticLog;
import io.driftwatch.jobs.source.RawRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import io.driftwatch.jobs.TestCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Continuous {@code stream} (not {@code --bounded}) from a real Kafka broker in the test JVM: windows
 * are written while the topics stay open, as the watermark passes them; a failure mid-stream recovers
 * from the last checkpoint to the output an undisturbed run gives (that of {@code analyze} on the
 * same records); labels days late join their window; late records and labels go to
 * {@code late_events} and are counted; a quiet partition does not hold windows back.
 */
class StreamContinuousTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass(4, restarts());

    static final String PROMETHEUS_PORTS = "9349-9399";
    static KafkaBroker kafka;
    static String bootstrap;
    @TempDir
    static Path dir;

    static Configuration restarts() {
        Configuration c = new Configuration();
        // a job that keeps failing must fail the test, not restart forever (NOTES: exponential-delay default)
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        // the Prometheus reporter as conf/flink/config.yaml shows it
        c.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        c.setString("metrics.reporter.prom.port", PROMETHEUS_PORTS);
        return c;
    }

    @BeforeAll
    static void broker() throws Exception {
        kafka = KafkaBroker.start();
        bootstrap = kafka.bootstrap();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    static void topics(Map<String, Integer> partitions) throws Exception {
        kafka.createTopics(partitions);
    }

    static void produce(String topic, List<String> lines, int partitions) {
        kafka.produce(topic, lines, partitions);
    }

    /** Starts {@code stream} with these options in the background; returns the command (to cancel it) and its end. */
    static StreamCommand start(MapFunction<RawRecord, RawRecord> tap, CompletableFuture<Object> done, String... args) {
        StreamCommand cmd = new StreamCommand();
        new CommandLine(cmd).parseArgs(args);
        cmd.predictionsTap = tap;
        CompletableFuture.runAsync(() -> {
            try {
                done.complete(cmd.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return cmd;
    }

    static void cancel(StreamCommand cmd, CompletableFuture<Object> done) throws Exception {
        cmd.client().cancel().get();
        done.get(); // the command ends normally on cancellation
    }

    /** Polls until {@code condition} holds (a minute at most); the stream runs meanwhile. */
    static void await(String what, CompletableFuture<Object> done, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (done.isDone()) done.get(); // the stream ended: its exception
            try {
                if (condition.call()) return;
            } catch (java.sql.SQLException e) {
                // no files committed yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /**
     * True when every reader of the named source has emitted nothing for {@code millis} (Flink's
     * {@code sourceIdleTime} per subtask, from the Prometheus reporter).
     */
    static boolean idleFor(String source, long millis) throws Exception {
        List<Double> idle = new java.util.ArrayList<>();
        for (String line : scrape().split("\n")) {
            if (line.startsWith("flink_taskmanager_job_task_operator_sourceIdleTime{")
                    && line.matches(".*operator_name=\"[^\"]*" + source + "[^\"]*\".*")) {
                idle.add(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return !idle.isEmpty() && idle.stream().allMatch(v -> v >= millis);
    }

    /** The metrics page of the reporter: the first port of the range that serves Flink's metrics. */
    static String scrape() throws Exception {
        String[] range = PROMETHEUS_PORTS.split("-");
        for (int port = Integer.parseInt(range[0]); port <= Integer.parseInt(range[1]); port++) {
            try {
                var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(2)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.body().contains("model_last_accuracy")) return response.body();
            } catch (java.io.IOException e) {
                // nothing on this port
            }
        }
        throw new AssertionError("no Prometheus metrics page with model_last_accuracy on ports " + PROMETHEUS_PORTS);
    }

    // ---- (c) windows while the topic is open, (d) a failure recovers exactly once, parity with analyze

    static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
    static final AtomicBoolean THROWN = new AtomicBoolean();
    static final AtomicLong SEEN = new AtomicLong();
    static final long FAIL_AFTER = 5_200;

    /** Throws once, at the first record after {@link #FAIL_AFTER} seen once a checkpoint has completed. */
    static final class FailOnce implements MapFunction<RawRecord, RawRecord>, CheckpointListener {
        @Override
        public RawRecord map(RawRecord r) {
            if (SEEN.incrementAndGet() > FAIL_AFTER && CHECKPOINTED.get() && THROWN.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + FAIL_AFTER + " records");
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }

    /**
     * Waits until the stream wrote as many windows of days 0-3 as {@code analyze} did and its runs rows
     * count {@code records} records read; returns the condition selecting those windows.
     */
    static String awaitDaysZeroToThree(Duck duck, Path batch, Path out, CompletableFuture<Object> done, long records)
            throws Exception {
        String emitted = "window_start < timestamp '2026-11-05 00:00:00+00'";
        long expected = duck.count("select count(*) from " + Duck.table(batch, "kpi_windows") + " where " + emitted);
        await("windows of days 0-3", done, () -> duck.count("select count(*) from " + Duck.table(out, "kpi_windows")
                + " where " + emitted) == expected);
        await("the runs rows", done, () -> duck.count("select coalesce(sum(records_read), 0) from "
                + Duck.table(out, "runs")) == records);
        return emitted;
    }

    /** A generated log of nine days with late labels, its reference (day 1) and analyze's output of it. */
    record Parity(Path data, Path log, Path labels, Path config, Path reference, Path batch) {}

    static Parity parity(String name, int rows, long seed, String parallelism) throws Exception {
        Path data = dir.resolve(name);
        Path log = data.resolve("log.jsonl");
        Path labels = data.resolve("labels.jsonl");
        SyntheticLog.write(new SyntheticLog.Spec(rows, 9, 3, seed, 4, LocalDate.parse("2026-11-01"), 2, 3, -1, 0.002,
                0.3, 0.4), log, labels);
        Path config = data.resolve("config.yaml");
        Files.writeString(config, """
                window: 1d
                labels: {wait: 4d}
                models:
                  fraud_detector: {task: binary_classification, segments: [country]}
                  demand_forecast: {task: regression}
                  intent_classifier: {task: multiclass_classification}
                streaming: {out_of_orderness: 1h, idleness: 1s, runs_every: 1s}
                """);
        Path reference = data.resolve("reference");
        assertThat(Driftwatch.run("profile", "--input", log.toString(), "--labels", labels.toString(), "--from",
                "2026-11-01", "--to", "2026-11-02", "--config", config.toString(), "--output", reference.toString())).isZero();
        Path batch = data.resolve("batch");
        assertThat(Driftwatch.run("analyze", "--input", log.toString(), "--labels", labels.toString(), "--config",
                config.toString(), "--reference-profile", reference.toString(), "--parallelism", parallelism, "--output",
                batch.toString())).isZero();
        return new Parity(data, log, labels, config, reference, batch);
    }

    @Test
    void continuousStreamRecoversFromAFailureToTheOutputAnalyzeWrites() throws Exception {
        // nine days; labels up to 3 days + 1 h after their prediction, so labels.wait: 4d gets them all
        Parity p = parity("c", 9_000, 23, "2");
        Path data = p.data(), log = p.log(), labels = p.labels(), config = p.config(), reference = p.reference(),
                batch = p.batch();
        List<String> lines = Files.readAllLines(log);
        topics(Map.of("c-predictions", 3, "c-labels", 2));
        int half = lines.size() / 2;
        produce("c-predictions", lines.subList(0, half), 3);
        List<String> labelLines = Files.readAllLines(labels);
        String firstHalfEnd = timestampOf(lines.get(half - 1));
        produce("c-labels", labelLines.stream().filter(l -> timestampOf(l).compareTo(firstHalfEnd) <= 0).toList(), 2);

        Path out = data.resolve("streamed");
        CompletableFuture<Object> done = new CompletableFuture<>();
        StreamCommand cmd = start(new FailOnce(), done, "--kafka-bootstrap", bootstrap, "--topic", "c-predictions",
                "--labels-topic", "c-labels", "--config", config.toString(), "--reference-profile", reference.toString(),
                "--parallelism", "2", "--checkpoint-interval", "1s", "--output", out.toString());
        try (Duck duck = new Duck()) {
            await("a checkpoint", done, CHECKPOINTED::get);
            // the other labels first, days ahead of any prediction read (a labels topic replayed): the
            // predictions are idle meanwhile, and the labels' time alone moves no window
            produce("c-labels", labelLines.stream().filter(l -> timestampOf(l).compareTo(firstHalfEnd) > 0).toList(), 2);
            // all of them read and checkpointed before the rest of the predictions come
            await("the labels read", done, () -> kafka.lag("driftwatch-c-predictions", "c-labels") == 0);
            produce("c-predictions", lines.subList(half, lines.size()), 3);

            // (c) the topics stay open: windows of days 0..3 end + 4 d before the last events (day 8) are
            // written as the watermark passes them, the job still running
            // every record read is counted once in the runs rows, across the restart
            String emitted = awaitDaysZeroToThree(duck, batch, out, done, lines.size());
            cancel(cmd, done);

            assertThat(THROWN).as("the failure was injected").isTrue();
            for (String table : List.of("kpi_windows", "feature_profiles", "feature_drift", "kpi_anomalies",
                    "retraining_signals")) {
                String streamed = duck.comparable(out, table, emitted);
                assertThat(streamed).as(table).isNotEqualTo("[]");
                assertThat(streamed).as(table).isEqualTo(duck.comparable(batch, table, emitted));
            }
            // no window after day 3 yet: its labels may still come
            assertThat(duck.rows("select model, segment, cast(window_start as varchar) w, prediction_count from " + Duck.table(out, "kpi_windows")
                    + " where not (" + emitted + ") order by all")).isEmpty();
            assertThat(duck.count("select count(*) from " + Duck.table(out, "retraining_signals")
                    + " where decision = 'RETRAIN'")).isPositive();
            Map<String, Object> runs = duck.rows("select sum(records_valid) v, sum(records_invalid) i, sum(records_late) l,"
                    + " min(command) c, min(status) s from " + Duck.table(out, "runs")).get(0);
            assertThat(runs).containsEntry("c", "stream").containsEntry("s", "streaming");
            assertThat(((Number) runs.get("v")).longValue() + ((Number) runs.get("i")).longValue()).isEqualTo(lines.size());
            assertThat(((Number) runs.get("l")).longValue()).isZero();
        }
    }

    // ---- a savepoint carries the stream into a new run (as across an upgrade of the jar)

    @Test
    void aSavepointCarriesTheStreamIntoANewRun() throws Exception {
        Parity prepared = parity("s", 6_000, 31, "1");
        Path data = prepared.data(), log = prepared.log(), labels = prepared.labels(), config = prepared.config(), reference = prepared.reference(),
                batch = prepared.batch();
        List<String> lines = Files.readAllLines(log);
        List<String> labelLines = Files.readAllLines(labels);
        topics(Map.of("s-predictions", 2, "s-labels", 2));
        int half = lines.size() / 2;
        String firstHalfEnd = timestampOf(lines.get(half - 1));
        produce("s-predictions", lines.subList(0, half), 2);
        produce("s-labels", labelLines.stream().filter(l -> timestampOf(l).compareTo(firstHalfEnd) <= 0).toList(), 2);
        Path out = data.resolve("streamed");
        String[] args = {"--kafka-bootstrap", bootstrap, "--topic", "s-predictions", "--labels-topic", "s-labels",
                "--config", config.toString(), "--reference-profile", reference.toString(), "--parallelism", "2",
                "--checkpoint-interval", "1s", "--output", out.toString()};

        CompletableFuture<Object> first = new CompletableFuture<>();
        StreamCommand cmd = start(null, first, args);
        await("the first half read", first, () -> cmd.client() != null && ((Number) cmd.client().getAccumulators().get()
                .getOrDefault("records_read", 0L)).longValue() == half);
        String savepoint = cmd.client().stopWithSavepoint(false, data.resolve("savepoints").toUri().toString(),
                org.apache.flink.core.execution.SavepointFormatType.CANONICAL).get();
        first.get(); // stopped with a savepoint: the command ends normally

        // a mistyped path is a usage error naming the option
        assertThat(Driftwatch.run("stream", "--kafka-bootstrap", bootstrap, "--topic", "s-predictions", "--output",
                data.resolve("x").toString(), "--from-savepoint", data.resolve("nowhere").toString())).isEqualTo(2);

        CompletableFuture<Object> second = new CompletableFuture<>();
        String[] resumed = java.util.Arrays.copyOf(args, args.length + 2);
        resumed[args.length] = "--from-savepoint";
        resumed[args.length + 1] = savepoint;
        StreamCommand next = start(null, second, resumed);
        try (Duck duck = new Duck()) {
            await("the second run", second, () -> next.client() != null);
            produce("s-labels", labelLines.stream().filter(l -> timestampOf(l).compareTo(firstHalfEnd) > 0).toList(), 2);
            produce("s-predictions", lines.subList(half, lines.size()), 2);
            // every record counted once over both runs: the first run's offsets came back with the savepoint
            String emitted = awaitDaysZeroToThree(duck, batch, out, second, lines.size());
            // the stream holds its output: a scheduled analyze into it is refused while it runs
            assertThat(Driftwatch.run("analyze", "--input", log.toString(), "--output", out.toString())).isEqualTo(1);
            assertThat(out.resolve(io.driftwatch.jobs.commit.OutputLock.FILE)).exists();
            cancel(next, second);
            assertThat(out.resolve(io.driftwatch.jobs.commit.OutputLock.FILE)).doesNotExist();
            // checkpoints went to the output (no checkpoint directory configured) and stay after a cancel
            try (var jobs = Files.list(out.resolve("_checkpoints").resolve(next.client().getJobID().toString()))) {
                assertThat(jobs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("chk-"))).isNotEmpty();
            }
            for (String table : List.of("kpi_windows", "feature_profiles", "feature_drift", "kpi_anomalies",
                    "retraining_signals")) {
                String streamed = duck.comparable(out, table, emitted);
                assertThat(streamed).as(table).isNotEqualTo("[]");
                assertThat(streamed).as(table).isEqualTo(duck.comparable(batch, table, emitted));
            }
        }
    }

    // ---- a watched directory: a backlog of daily files, then new files; same windows as analyze

    @Test
    void watchedDirectoryReadsItsBacklogOldestFirstAndPicksUpNewFiles() throws Exception {
        Path data = dir.resolve("w");
        Path log = data.resolve("all.jsonl");
        Path labels = data.resolve("all-labels.jsonl");
        SyntheticLog.write(new SyntheticLog.Spec(6_000, 9, 3, 29, 3, LocalDate.parse("2026-11-01"), 2, -1, -1, 0, 0.3,
                0.4), log, labels);
        Path config = data.resolve("config.yaml");
        Files.writeString(config, """
                window: 1d
                labels: {wait: 4d}
                models:
                  fraud_detector: {task: binary_classification}
                  demand_forecast: {task: regression}
                  intent_classifier: {task: multiclass_classification}
                streaming: {out_of_orderness: 1h, idleness: 5s}
                """);
        // two readers per source that finish their files and turn idle in turn; the windows of a day wait
        // for the join subtasks that wake a moment after the first (before NeverIdle, whole days of
        // predictions reached their windows after the windows were emitted: 3 of 3 runs)
        // the log as servers file it: one file per day; labels filed by the day they arrive
        Path watched = data.resolve("watched");
        Path labelDir = data.resolve("labels");
        Path later = data.resolve("later");
        for (Path d : List.of(watched, labelDir, later)) Files.createDirectories(d);
        split(log, "day-", later);
        split(labels, "labels-", later);
        for (int day = 1; day <= 6; day++) {
            String date = String.format("2026-11-%02d", day);
            Files.move(later.resolve("day-" + date + ".jsonl"), watched.resolve("day-" + date + ".jsonl"));
            if (Files.exists(later.resolve("labels-" + date + ".jsonl"))) {
                Files.move(later.resolve("labels-" + date + ".jsonl"), labelDir.resolve("labels-" + date + ".jsonl"));
            }
        }
        Path reference = data.resolve("reference");
        assertThat(Driftwatch.run("profile", "--input", log.toString(), "--labels", labels.toString(), "--from",
                "2026-11-01", "--to", "2026-11-02", "--config", config.toString(), "--output", reference.toString())).isZero();
        Path batch = data.resolve("batch");
        assertThat(Driftwatch.run("analyze", "--input", log.toString(), "--labels", labels.toString(), "--config",
                config.toString(), "--reference-profile", reference.toString(), "--output", batch.toString())).isZero();

        Path out = data.resolve("streamed");
        CompletableFuture<Object> done = new CompletableFuture<>();
        StreamCommand cmd = start(null, done, "--watch", watched.toString(), "--labels", labelDir.toString(), "--config",
                config.toString(), "--reference-profile", reference.toString(), "--parallelism", "2",
                "--checkpoint-interval", "1s", "--output", out.toString());
        try (Duck duck = new Duck()) {
            String kpis = Duck.table(out, "kpi_windows");
            // days 1-6 read: day 1's window is due (its end + 4 d), the others wait for newer files
            long backlog = 0;
            try (var files = Files.list(watched)) {
                for (Path f : files.toList()) backlog += Files.readAllLines(f).size();
            }
            long backlogLines = backlog;
            await("the backlog read", done, () -> cmd.client() != null && ((Number) cmd.client().getAccumulators().get()
                    .getOrDefault("records_read", 0L)).longValue() == backlogLines);
            // the predictions' readers turn idle (streaming.idleness 5 s without records)
            await("the predictions' readers idle", done, () -> idleFor("predictions", 6_000));
            // the rest of the days arrive as new files (the directory is looked at every 10 s): the labels
            // first, as a labels backlog ahead of its predictions would; they move no window while the
            // predictions are idle
            moveAll(later, "labels-", labelDir);
            long labelLines = Files.readAllLines(labels).size();
            await("the labels read", done, () -> ((Number) cmd.client().getAccumulators().get()
                    .getOrDefault("labels_read", 0L)).longValue() == labelLines);
            moveAll(later, "day-", watched);
            // days 0-3: emitted once the last file (day 8) is read
            String emitted = "window_start < timestamp '2026-11-05 00:00:00+00'";
            long expected = duck.count("select count(*) from " + Duck.table(batch, "kpi_windows") + " where " + emitted);
            await("windows of days 0-3", done, () -> duck.count("select count(*) from " + kpis + " where " + emitted)
                    == expected);
            cancel(cmd, done);
            // read oldest first, nothing came after its reader's watermark: no late_events file at all
            List<org.apache.flink.core.fs.Path> late = io.driftwatch.jobs.parquet.ParquetTables.files(
                    org.apache.flink.core.fs.FileSystem.getLocalFileSystem(),
                    new org.apache.flink.core.fs.Path(out.resolve("late_events").toUri()));
            assertThat(late).as("late events: %s", late.isEmpty() ? "" : duck.rows("select kind, window_start, reason,"
                    + " count(*) n from " + Duck.table(out, "late_events") + " group by all order by all")).isEmpty();
            for (String table : List.of("kpi_windows", "feature_profiles", "feature_drift", "kpi_anomalies",
                    "retraining_signals")) {
                assertThat(duck.comparable(out, table, emitted)).as(table).isEqualTo(duck.comparable(batch, table, emitted));
            }
        }
    }

    static void moveAll(Path from, String prefix, Path to) throws Exception {
        try (var files = Files.list(from)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                Files.move(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** The ISO timestamp a generated line carries ("" for a malformed line: sorts first). */
    static String timestampOf(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"timestamp\":\"(\\d{4}-[^\"]+)\"").matcher(line);
        return m.find() ? m.group(1) : "";
    }

    /** Writes each line into {@code <prefix><date>.jsonl} by the date of its timestamp. */
    static void split(Path file, String prefix, Path dir) throws Exception {
        Map<String, List<String>> byDay = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            String ts = timestampOf(line);
            byDay.computeIfAbsent(ts.isEmpty() ? "2026-11-01" : ts.substring(0, 10), d -> new java.util.ArrayList<>()).add(line);
        }
        for (var e : byDay.entrySet()) Files.write(dir.resolve(prefix + e.getKey() + ".jsonl"), e.getValue());
    }

    // ---- (b) late labels join, late records and labels go to late_events; (f) an idle partition

    static String prediction(String id, String ts, double score) {
        return "{\"prediction_id\":\"" + id + "\",\"timestamp\":\"" + ts + "\",\"model\":\"fraud\",\"prediction\":"
                + score + ",\"features\":{\"amount\":" + (10 + score) + "}}";
    }

    static String label(String id, String ts, int label) {
        return "{\"prediction_id\":\"" + id + "\",\"timestamp\":\"" + ts + "\",\"label\":" + label + "}";
    }

    @Test
    void lateLabelsJoinTheirWindowLateRecordsGoToLateEventsAndAQuietPartitionDoesNotStall() throws Exception {
        Path data = dir.resolve("b");
        Files.createDirectories(data);
        Path config = data.resolve("config.yaml");
        Files.writeString(config, """
                window: 1d
                labels: {wait: 2d}
                models:
                  fraud: {task: binary_classification}
                streaming: {out_of_orderness: 0s, idleness: 1s, runs_every: 1s}
                """);
        topics(Map.of("b-predictions", 2, "b-labels", 1));
        Instant day0 = Instant.parse("2026-11-01T00:00:00Z");
        List<String> p0 = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            p0.add(prediction("a" + i, day0.plus(Duration.ofHours(10)).plusSeconds(i).toString(), i < 6 ? 0.9 : 0.1));
        }
        for (int d = 1; d <= 5; d++) {
            for (int i = 0; i < 3; i++) {
                p0.add(prediction("d" + d + "-" + i, day0.plus(Duration.ofDays(d)).plusSeconds(i).toString(), 0.8));
            }
        }
        // partition 0 runs to day 5; partition 1 holds one record of day 0 and then stays quiet
        List<KafkaBroker.Message> messages = new java.util.ArrayList<>();
        for (String line : p0) messages.add(new KafkaBroker.Message(0, line));
        messages.add(new KafkaBroker.Message(1, prediction("q0", day0.plusSeconds(60).toString(), 0.7)));
        // (e) a poison message in the running stream: a dead letter, and the stream goes on
        messages.add(new KafkaBroker.Message(0, "not JSON"));
        kafka.produce("b-predictions", messages);
        // the labels of day 0 come a day and a half later: within labels.wait
        List<String> l = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) l.add(label("a" + i, day0.plus(Duration.ofHours(36)).toString(), i < 5 ? 1 : 0));
        produce("b-labels", l, 1);

        Path out = data.resolve("streamed");
        CompletableFuture<Object> done = new CompletableFuture<>();
        StreamCommand cmd = start(null, done, "--kafka-bootstrap", bootstrap, "--topic", "b-predictions",
                "--labels-topic", "b-labels", "--config", config.toString(), "--parallelism", "2",
                "--checkpoint-interval", "1s", "--output", out.toString());
        try (Duck duck = new Duck()) {
            String kpis = Duck.table(out, "kpi_windows");
            // (f) partition 1 is idle from its first record on; without idleness no window would fire
            await("the windows of days 0-2", done, () -> duck.count("select count(*) from " + kpis) == 3);
            Map<String, Object> first = duck.rows("select prediction_count, labeled_count, accuracy from " + kpis
                    + " where window_start = timestamp '2026-11-01 00:00:00+00'").get(0);
            // (b) the labels joined the window of their predictions: 11 predictions, 10 labeled;
            // a0-a5 scored 0.9 (label 1 for a0-a4, 0 for a5), a6-a9 scored 0.1 (label 0): 9 of 10 right
            assertThat(first).containsEntry("prediction_count", 11L).containsEntry("labeled_count", 10L);
            assertThat((Double) first.get("accuracy")).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-12));

            // the per-model metrics, scraped as Prometheus does
            String metrics = scrape();
            assertThat(metrics).containsPattern("model_last_accuracy\\{[^}]*model=\"fraud\"[^}]*} 0\\.9\\d*");
            assertThat(metrics).containsPattern("model_records_per_s\\{[^}]*model=\"fraud\"");
            assertThat(metrics).contains("dead_letters", "watermark_lag_ms", "model_last_drifted_features");
            // every metric the alert-rules file reads is exposed under that name
            for (String m : io.driftwatch.jobs.trend.PrometheusRules.METRICS) assertThat(metrics).containsPattern("(?m)^" + m + "\\{");

            // after day 0 was emitted: a prediction of day 0 and a second label for a0 are late
            produce("b-predictions", List.of(prediction("late-1", day0.plus(Duration.ofHours(11)).toString(), 0.5)), 1);
            produce("b-labels", List.of(label("a0", day0.plus(Duration.ofDays(3)).toString(), 0)), 1);
            String late = Duck.table(out, "late_events");
            await("two late events", done, () -> duck.count("select count(*) from " + late) == 2);
            await("their counts", done, () -> duck.count("select coalesce(sum(records_late), 0) + coalesce(sum(labels_late), 0)"
                    + " from " + Duck.table(out, "runs")) == 2);
            cancel(cmd, done);

            List<Map<String, Object>> rows = duck.rows("select kind, cast(window_start as varchar) w, reason, model, raw from "
                    + late + " order by kind");
            assertThat(rows).extracting(r -> r.get("kind")).containsExactly("label", "prediction");
            assertThat(rows).allSatisfy(r -> {
                assertThat((String) r.get("w")).startsWith("2026-11-01");
                assertThat(r.get("model")).isEqualTo("fraud");
            });
            assertThat((String) rows.get(0).get("raw")).contains("\"a0\"");
            assertThat((String) rows.get(1).get("raw")).contains("late-1");
            // the late ones changed nothing already written
            assertThat(duck.count("select count(*) from " + kpis + " where window_start = timestamp '2026-11-01 00:00:00+00'"))
                    .isOne();
            assertThat(duck.count("select sum(records_late) from " + Duck.table(out, "runs"))).isOne();
            assertThat(duck.count("select sum(labels_late) from " + Duck.table(out, "runs"))).isOne();
            assertThat(duck.rows("select source, error from " + Duck.table(out, "dead_letter")))
                    .containsExactly(Map.of("source", "b-predictions/0/25", "error", "invalid_json"));
        }
    }

    /**
     * Silence in a running stream (issue 25): {@code quiet} serves days 0-3 and then nothing, while
     * {@code busy} goes on; the watermark its records drive passes {@code quiet}'s next window and the
     * judge writes a {@code traffic} anomaly for it — within one window of going quiet, while the
     * stream runs — and the next silent window too; the stream delivers the silence alert to a webhook
     * route (a local HTTP server) as it happens.
     */
    @Test
    void aModelThatGoesQuietIsFoundWhileTheStreamRuns() throws Exception {
        Path data = dir.resolve("quiet");
        Files.createDirectories(data);
        Path config = data.resolve("config.yaml");
        List<String> hooks = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            hooks.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        Files.writeString(config, """
                window: 1d
                models:
                  busy: {task: binary_classification, checks: ["prediction_count >= 40", "prediction_count >= 100"]}
                  quiet: {task: binary_classification}
                streaming: {out_of_orderness: 0s, idleness: 1s, runs_every: 1s}
                alerts: {routes: [{type: webhook, url: "http://127.0.0.1:%d/hook", kinds: [silence]}]}
                """.formatted(server.getAddress().getPort()));
        topics(Map.of("quiet-predictions", 1));
        Instant day0 = Instant.parse("2026-11-01T00:00:00Z");
        List<String> lines = new java.util.ArrayList<>();
        for (int d = 0; d <= 6; d++) {
            for (int i = 0; i < 48; i++) {
                Instant t = day0.plus(Duration.ofDays(d)).plus(Duration.ofMinutes(30L * i));
                lines.add(prediction("b" + d + "-" + i, t.toString(), 0.8).replace("\"fraud\"", "\"busy\""));
                if (d <= 3) lines.add(prediction("q" + d + "-" + i, t.plusSeconds(1).toString(), 0.3)
                        .replace("\"fraud\"", "\"quiet\""));
            }
        }
        produce("quiet-predictions", lines, 1);
        Path out = data.resolve("streamed");
        CompletableFuture<Object> done = new CompletableFuture<>();
        StreamCommand cmd = start(null, done, "--kafka-bootstrap", bootstrap, "--topic", "quiet-predictions",
                "--config", config.toString(), "--parallelism", "2", "--checkpoint-interval", "1s",
                "--output", out.toString());
        try (Duck duck = new Duck()) {
            String anomalies = Duck.table(out, "kpi_anomalies");
            await("quiet's two silent windows", done, () -> duck.count("select count(*) from " + anomalies
                    + " where kpi = 'traffic' and anomaly") == 2);
            cancel(cmd, done);
            var rows = duck.rows("select model, strftime(window_start, '%m-%d') as d, baseline_mean, note from " + anomalies
                    + " where kpi = 'traffic' order by window_start");
            assertThat(rows).extracting(r -> r.get("model") + " " + r.get("d") + " " + r.get("baseline_mean"))
                    .containsExactly("quiet 11-05 48.0", "quiet 11-06 48.0");
            assertThat((String) rows.get(0).get("note")).startsWith("no predictions from quiet since 2026-11-04T23:30:01Z");
            // checks are judged in the stream too: busy's 48 a day pass one count and fail the other
            var checks = duck.rows("select \"check\", status, count(*) as n from " + Duck.table(out, "check_results")
                    + " where model = 'busy' group by all order by 1");
            assertThat(checks).extracting(r -> r.get("check") + " " + r.get("status"))
                    .containsExactly("prediction_count >= 100 fail", "prediction_count >= 40 pass");
            assertThat(checks.get(0).get("n")).isEqualTo(checks.get(1).get("n"));
        } finally {
            server.stop(0);
        }
        // the route got the silence when it opened (the second silent window keeps the incident open)
        List<com.fasterxml.jackson.databind.JsonNode> got = new java.util.ArrayList<>();
        for (String h : hooks) got.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(h));
        assertThat(got).extracting(n -> n.get("kind").asText() + " " + n.get("model").asText() + " "
                + n.get("window_start").asText() + " " + n.get("status").asText() + " " + n.get("dedup_key").asText())
                .containsExactly("silence quiet 2026-11-05T00:00:00Z firing driftwatch/quiet/silence/__all__");
    }

    /**
     * {@code input.format: kserve} in a stream that keeps running (issue 22): requests and responses
     * paired as they come (a response before its request too), and a request whose response never
     * comes is an {@code unpaired} dead letter once the watermark (driven by later events) passes its
     * time plus {@code input.pairing_wait} — while the stream runs, not at its end.
     */
    @Test
    void aRunningStreamPairsKServeEventsAndDeadLettersALoneRequestAfterTheWait() throws Exception {
        Path data = Files.createDirectories(dir.resolve("kserve"));
        Path config = Files.writeString(data.resolve("kserve.yaml"), "window: 1h\nmodels: {fraud: {task: binary_classification}}\n"
                + "input: {format: kserve, pairing_wait: 2m}\nstreaming: {out_of_orderness: 10s}\n");
        long start = Instant.parse("2026-11-01T10:00:00Z").toEpochMilli();
        java.util.List<KafkaBroker.Message> messages = new java.util.ArrayList<>();
        for (int k = 0; k < 90; k++) { // one inference a minute, 10:00 to 11:29
            long t = start + k * 60_000L;
            String id = "req-" + k;
            KafkaBroker.Message request = kserveEvent(id, "request", t, "{\"instances\":[{\"amount\":" + k + "}]}");
            KafkaBroker.Message response = kserveEvent(id, "response", t + 15, "{\"predictions\":[0." + (k % 10) + "]}");
            messages.addAll(k % 3 == 0 ? List.of(response, request) : List.of(request, response));
            if (k == 5) messages.add(kserveEvent("lonely", "request", t + 1_000, "{\"instances\":[{\"amount\":1}]}"));
        }
        topics(Map.of("k-events", 1));
        kafka.produce("k-events", messages);
        Path out = data.resolve("streamed");
        CompletableFuture<Object> done = new CompletableFuture<>();
        // one partition, one reader: no idle reader holds the watermark back for streaming.idleness
        StreamCommand cmd = start(null, done, "--kafka-bootstrap", bootstrap, "--topic", "k-events", "--config",
                config.toString(), "--parallelism", "1", "--checkpoint-interval", "1s", "--output", out.toString());
        try (Duck duck = new Duck()) {
            await("the unpaired request", done, () -> duck.count("select count(*) from " + Duck.table(out, "dead_letter")
                    + " where error = 'unpaired'") == 1);
            await("the 10:00 window", done, () -> duck.count("select count(*) from " + Duck.table(out, "kpi_windows")
                    + " where window_start = '2026-11-01 10:00:00'") == 1);
            assertThat(done).isNotDone();
            cancel(cmd, done);
            assertThat(duck.value("select detail from " + Duck.table(out, "dead_letter"))).asString()
                    .startsWith("no response with id lonely within input.pairing_wait (PT2M)");
            assertThat(duck.count("select prediction_count from " + Duck.table(out, "kpi_windows")
                    + " where window_start = '2026-11-01 10:00:00'")).isEqualTo(60);
        }
    }

    /** A KServe logger event in binary mode: the body as the value, the attributes as {@code ce_} headers. */
    private static KafkaBroker.Message kserveEvent(String id, String kind, long time, String body) {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("ce_specversion", "1.0");
        h.put("ce_id", id);
        h.put("ce_type", "org.kubeflow.serving.inference." + kind);
        h.put("ce_source", "http://localhost:9081/");
        h.put("ce_time", Instant.ofEpochMilli(time).toString());
        h.put("ce_inferenceservicename", "fraud");
        h.put("ce_endpoint", "default");
        h.put("content-type", "application/json");
        return new KafkaBroker.Message(0, body, h, null);
    }
}
