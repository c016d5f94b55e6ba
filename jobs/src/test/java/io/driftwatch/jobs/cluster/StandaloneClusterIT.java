package io.driftwatch.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.Duck;
import io.driftwatch.jobs.cli.Driftwatch;
import io.driftwatch.jobs.generate.SyntheticLog;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real standalone Flink 2.2 session cluster with Flink's stock memory settings and
 * no network tuning, as users run it: a JobManager and TaskManagers as separate JVMs on 127.0.0.1,
 * their classpath the Flink jars a distribution's lib/ holds ({@code jobs/target/local-classpath.txt}:
 * runtime, clients, streaming, connector-files, table, json, csv, log4j) and nothing of ours, so a
 * class our jar forgot to shade shows here. Two clusters: Flink's shipped TaskManager (1728 MB, 1 slot)
 * and two TaskManagers of 1536 MB with 2 slots each. The job is submitted with Flink's CLI
 * ({@code CliFrontend run -m}) and through the REST API ({@code /jars/upload}, {@code /jars/<id>/run}),
 * at the cluster's default parallelism (1, as shipped) and at parallelism = slots, and its tables must
 * equal those of local runs at parallelism 1 and 2 on the same input. Every process started is
 * stopped, also when the test fails.
 */
class StandaloneClusterIT {
    /** The JVM flags Flink's own scripts pass on Java 17 ({@code env.java.default-opts.all}). */
    static final List<String> JAVA17_FLAGS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    static final String CONFIG = """
            window: 1d
            models:
              fraud_detector: {task: binary_classification, segments: [country]}
              demand_forecast: {task: regression}
              intent_classifier: {task: multiclass_classification}
            """;

    @TempDir
    static Path dir;
    static Path jar;
    static String flinkClasspath;
    static Path confDir;
    static int restPort;
    static final List<Process> PROCESSES = new ArrayList<>();
    static List<String> args;
    static Map<Integer, Path> local;

    /** The jar, the Flink classpath, an input with labels, a reference profile and the local runs to compare with. */
    @BeforeAll
    static void prepare() throws Exception {
        // also when the test JVM is stopped before @AfterAll runs
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PROCESSES.forEach(Process::destroyForcibly)));
        Path target = Path.of("target");
        jar = target.resolve("driftwatch-jobs-0.1.0-SNAPSHOT.jar").toAbsolutePath();
        flinkClasspath = Files.readString(target.resolve("local-classpath.txt")).trim();
        // Flink's runtime needs commons-math3 (a distribution bundles it in flink-dist); our build
        // takes it at compile scope for the drift statistics, so it is not among the provided jars
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith("commons-math3-")) {
                flinkClasspath += File.pathSeparator + entry;
            }
        }
        assertThat(jar).exists();
        Path input = dir.resolve("in/predictions.jsonl");
        Path labels = dir.resolve("in/labels.jsonl");
        SyntheticLog.write(new SyntheticLog.Spec(40_000, 4, 3, 21, 6, LocalDate.parse("2026-11-01"), 2, 1, 3, 0.002,
                0.3, 0.4), input, labels);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, CONFIG);
        // a reference profile of the first day, built locally; every run below compares against it
        Path reference = dir.resolve("reference");
        assertThat(Driftwatch.run("profile", "--config", config.toString(), "--input", input.toString(),
                "--labels", labels.toString(), "--max-bad-ratio", "0.05", "--from", "2026-11-01", "--to", "2026-11-02",
                "--output", reference.toString())).isZero();
        args = List.of("analyze", "--config", config.toString(), "--input", input.toString(),
                "--labels", labels.toString(), "--max-bad-ratio", "0.05", "--reference-profile", reference.toString());
        local = Map.of(1, dir.resolve("out-local-p1"), 2, dir.resolve("out-local-p2"));
        for (Map.Entry<Integer, Path> e : local.entrySet()) {
            List<String> localArgs = new ArrayList<>(args);
            localArgs.addAll(List.of("--output", e.getValue().toString(), "--parallelism", e.getKey().toString()));
            assertThat(Driftwatch.run(localArgs.toArray(String[]::new))).isZero();
        }
    }

    /**
     * Starts a session cluster: {@code taskManagers} TaskManagers of {@code processSize} with
     * {@code slots} slots each, nothing else of Flink's memory or network settings changed, and the
     * shipped default parallelism of 1.
     */
    static void startCluster(String name, int taskManagers, String processSize, int slots) throws Exception {
        confDir = dir.resolve("conf-" + name);
        Files.createDirectories(confDir);
        restPort = freePort();
        Files.writeString(confDir.resolve("config.yaml"), """
                jobmanager:
                  rpc: {address: 127.0.0.1, port: %d}
                  bind-host: 127.0.0.1
                  memory: {process: {size: 1600m}}
                taskmanager:
                  bind-host: 127.0.0.1
                  host: 127.0.0.1
                  numberOfTaskSlots: %d
                  memory: {process: {size: %s}}
                rest: {address: 127.0.0.1, bind-address: 127.0.0.1, port: %d}
                cluster: {registration: {error-delay: 1 s}}
                parallelism: {default: 1}
                """.formatted(freePort(), slots, processSize, restPort));
        Path logConfig = dir.resolve("log4j2.properties");
        Files.writeString(logConfig, """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = File
                appender.file.type = File
                appender.file.name = File
                appender.file.fileName = ${sys:log.file}
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = %d %-5p %c{1} - %m%n
                """);
        start(name + "-jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                resourceParams("GET_JM_RESOURCE_PARAMS"), logConfig);
        for (int i = 1; i <= taskManagers; i++) {
            start(name + "-taskmanager-" + i, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    resourceParams("GET_TM_RESOURCE_PARAMS"), logConfig);
        }
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String overview = "";
        while (System.nanoTime() < deadline) {
            try {
                overview = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/overview"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (overview.contains("\"slots-available\":" + taskManagers * slots)) return;
            } catch (IOException notYet) {
                // the REST endpoint is not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("cluster not ready in 90 s: " + overview + "\n" + logTails());
    }

    @AfterEach
    void stopThisTestsCluster() throws InterruptedException {
        stopCluster();
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (Process p : PROCESSES) p.destroy();
        for (Process p : PROCESSES) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        PROCESSES.clear();
    }

    @Test
    void flinksShippedTaskManagerOneSlot() throws Exception {
        startCluster("shipped", 1, "1728m", 1);
        // the CLI at the cluster's default parallelism, REST at parallelism = slots
        Path cliOut = runWithCli("shipped", null);
        Path restOut = runWithRest(1, false);
        assertSameTables(cliOut, restOut);
        streamOnTheCluster(cliOut);
    }

    /**
     * A continuous {@code stream --watch} submitted through REST to Flink's shipped TaskManager (one
     * slot; a stock config has no checkpoint directory, so they go to the output): the windows the watermark
     * passes are committed with checkpoints and carry the batch run's predictions, latencies and inline
     * labels (the label file is not watched, so only labels logged with predictions count).
     */
    private static void streamOnTheCluster(Path batchOut) throws Exception {
        Path watched = dir.resolve("watched");
        Files.createDirectories(watched);
        Files.copy(dir.resolve("in/predictions.jsonl"), watched.resolve("predictions.jsonl"));
        Path out = dir.resolve("out-stream");
        List<String> streamArgs = new ArrayList<>(List.of("stream", "--watch", watched.toString(),
                "--checkpoint-interval", "2s", "--parallelism", "1", "--output", out.toString()));
        streamArgs.addAll(args.subList(1, 3)); // --config
        streamArgs.addAll(args.subList(args.indexOf("--reference-profile"), args.indexOf("--reference-profile") + 2));
        String jobId = submitThroughRest(streamArgs);
        // days 0-2: the watermark passed them (day 3 is the last of the log and stays open)
        String emitted = "window_start < timestamp '2026-11-04 00:00:00+00'";
        String kpis = "select model, model_version, segment, window_start, prediction_count, error_count, latency_ms_p95,"
                + " mean_prediction from %s where " + emitted + " order by all";
        try (Duck duck = new Duck()) {
            List<Map<String, Object>> expected = duck.rows(kpis.formatted(Duck.table(batchOut, "kpi_windows")));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            List<Map<String, Object>> streamed = List.of();
            while (System.nanoTime() < deadline && streamed.size() < expected.size()) {
                Thread.sleep(1000);
                assertThat(jobState(jobId)).as("stream job %s", jobId).isNotIn("FAILED", "CANCELED", "FINISHED");
                try {
                    streamed = duck.rows(kpis.formatted(Duck.table(out, "kpi_windows")));
                } catch (java.sql.SQLException e) {
                    // nothing committed yet
                }
            }
            assertThat(streamed).hasSizeGreaterThan(20).isEqualTo(expected);
            try (var checkpoints = Files.list(out.resolve("_checkpoints").resolve(jobId))) {
                assertThat(checkpoints.map(p -> p.getFileName().toString())).as("checkpoints in the output")
                        .anyMatch(n -> n.startsWith("chk-"));
            }
        } finally {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rest("/jobs/" + jobId + "?mode=cancel")))
                    .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String jobState(String jobId) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rest("/jobs/" + jobId))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.replaceAll("(?s).*?\"state\"\\s*:\\s*\"([A-Z_]+)\".*", "$1");
    }

    @Test
    void twoTaskManagersOfTwoSlots() throws Exception {
        startCluster("two-slots", 2, "1536m", 2);
        // the CLI at parallelism = slots (4), REST at the cluster's default parallelism; REST with the
        // reference period instead of the stored profile: the job profiles it itself, same drift
        Path cliOut = runWithCli("two-slots", 4);
        Path restOut = runWithRest(null, true);
        assertSameTables(cliOut, restOut);
        dailyRunOnTheCluster();
    }

    /**
     * A scheduled daily run through {@code flink run}: the first two days analyzed locally with a
     * {@code --to} (their predictions kept for late labels), then {@code --since-last-run} on the cluster at
     * parallelism 4, whose tasks read the kept predictions and the carried windows' profiles from the
     * output; its tables are those of one local run over the whole range.
     */
    private static void dailyRunOnTheCluster() throws Exception {
        Path chain = dir.resolve("out-daily-chain");
        List<String> first = new ArrayList<>(args);
        first.addAll(List.of("--from", "2026-11-01", "--to", "2026-11-03", "--output", chain.toString()));
        assertThat(Driftwatch.run(first.toArray(String[]::new))).isZero();
        String console = runWithCli("daily", 4, chain, List.of("--since-last-run", "--to", "2026-11-05"));
        assertThat(console).contains("come from the last run's kept predictions");
        Path whole = dir.resolve("out-daily-whole");
        List<String> full = new ArrayList<>(args);
        full.addAll(List.of("--from", "2026-11-01", "--to", "2026-11-05", "--output", whole.toString()));
        assertThat(Driftwatch.run(full.toArray(String[]::new))).isZero();
        try (Duck duck = new Duck()) {
            String kpis = "select * exclude (kpi_state), hex(kpi_state) as kpi_state from %s order by all";
            String profiles = "select * exclude (quantiles, top_values, sketch), cast(quantiles as varchar) as q,"
                    + " cast(top_values as varchar) as top, hex(sketch) as sketch from %s order by all";
            String drift = "select * from %s order by all";
            for (String[] t : new String[][] {{"kpi_windows", kpis}, {"feature_profiles", profiles}, {"feature_drift", drift}}) {
                List<Map<String, Object>> expected = duck.rows(t[1].formatted(Duck.table(whole, t[0])));
                assertThat(expected).as(t[0]).hasSizeGreaterThan(30);
                assertThat(duck.rows(t[1].formatted(Duck.table(chain, t[0])))).as(t[0]).isEqualTo(expected);
            }
        }
    }

    /** {@code flink run} of the jar; returns its output directory. */
    private static Path runWithCli(String name, Integer parallelism) throws Exception {
        Path out = dir.resolve("out-" + name + "-cli-p" + parallelism);
        assertThat(runWithCli(name, parallelism, out, List.of())).contains("KPI windows,");
        return out;
    }

    /** {@code flink run} of the jar into {@code out} with more options; returns what the client printed. */
    private static String runWithCli(String name, Integer parallelism, Path out, List<String> more) throws Exception {
        List<String> cli = new ArrayList<>(List.of(javaBin()));
        cli.addAll(JAVA17_FLAGS);
        cli.addAll(List.of("-Dlog.file=" + dir.resolve(name + "-cli.log"), "-Dlog4j.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", flinkClasspath, "org.apache.flink.client.cli.CliFrontend", "run", "-m", "127.0.0.1:" + restPort,
                jar.toString()));
        cli.addAll(args);
        cli.addAll(List.of("--output", out.toString()));
        cli.addAll(more);
        if (parallelism != null) cli.addAll(List.of("--parallelism", parallelism.toString()));
        Path console = dir.resolve(name + "-cli.out");
        ProcessBuilder pb = new ProcessBuilder(cli).redirectErrorStream(true).redirectOutput(console.toFile());
        pb.environment().put("FLINK_CONF_DIR", confDir.toString());
        Process client = pb.start();
        PROCESSES.add(client);
        assertThat(client.waitFor(5, TimeUnit.MINUTES)).as("flink run finished").isTrue();
        assertThat(client.exitValue()).as("flink run: %s%n%s", Files.readString(console), logTails()).isZero();
        return Files.readString(console);
    }

    /** The same through the REST API: upload the jar, run it (the program runs in the JobManager). */
    private static Path runWithRest(Integer parallelism, boolean referencePeriod) throws Exception {
        Path out = dir.resolve("out-rest-" + restPort);
        List<String> restArgs = new ArrayList<>(args);
        if (referencePeriod) {
            int i = restArgs.indexOf("--reference-profile");
            restArgs.remove(i + 1);
            restArgs.remove(i);
            restArgs.addAll(List.of("--reference-from", "2026-11-01", "--reference-to", "2026-11-02"));
        }
        restArgs.addAll(List.of("--output", out.toString()));
        if (parallelism != null) restArgs.addAll(List.of("--parallelism", parallelism.toString()));
        awaitJob(submitThroughRest(restArgs));
        return out;
    }

    private static void assertSameTables(Path clusterOut, Path restOut) throws Exception {
        try (Duck duck = new Duck()) {
            // the KPI state byte for byte too (its encoding is independent of arrival order)
            String kpis = "select * exclude (kpi_state), hex(kpi_state) as kpi_state from %s"
                    + " order by model, model_version, segment, window_start";
            String dead = "select source, raw, error, model, kind, partition_time from %s order by source";
            String runs = "select records_read, records_valid, records_invalid, labels_read, labels_joined, labels_unmatched,"
                    + " labels_invalid, kpi_windows, feature_profiles, feature_drift, status from %s";
            // profiles byte for byte (the sketch too) and every drift statistic
            String profiles = "select * exclude (quantiles, top_values, sketch), cast(quantiles as varchar) as q,"
                    + " cast(top_values as varchar) as top, hex(sketch) as sketch from %s order by all";
            String drift = "select * from %s order by all";
            List<Map<String, Object>> clusterProfiles = duck.rows(profiles.formatted(Duck.table(clusterOut, "feature_profiles")));
            List<Map<String, Object>> clusterDrift = duck.rows(drift.formatted(Duck.table(clusterOut, "feature_drift")));
            assertThat(clusterProfiles).hasSizeGreaterThan(200);
            assertThat(clusterDrift).hasSize(clusterProfiles.size());
            List<Map<String, Object>> clusterKpis = duck.rows(kpis.formatted(Duck.table(clusterOut, "kpi_windows")));
            assertThat(clusterKpis).hasSizeGreaterThan(30); // 4 days x (3 models + 5-6 country segments of one)
            List<Path> others = new ArrayList<>(local.values());
            others.add(restOut);
            for (Path out : others) {
                assertThat(duck.rows(kpis.formatted(Duck.table(out, "kpi_windows")))).isEqualTo(clusterKpis);
                assertThat(duck.rows(profiles.formatted(Duck.table(out, "feature_profiles")))).isEqualTo(clusterProfiles);
                assertThat(duck.rows(drift.formatted(Duck.table(out, "feature_drift")))).isEqualTo(clusterDrift);
                assertThat(duck.rows(dead.formatted(Duck.table(out, "dead_letter"))))
                        .isEqualTo(duck.rows(dead.formatted(Duck.table(clusterOut, "dead_letter"))));
                assertThat(duck.rows(runs.formatted(Duck.table(out, "runs"))))
                        .isEqualTo(duck.rows(runs.formatted(Duck.table(clusterOut, "runs"))));
                // the decisions, judged in the finalizer on a task manager, as locally
                for (String table : List.of("kpi_anomalies", "retraining_signals")) {
                    String judged = table.equals("kpi_anomalies") ? "select * from %s order by all"
                            : "select * exclude (reasons, drifted_features, anomalies), cast(reasons as varchar) as r,"
                                    + " cast(drifted_features as varchar) as f, cast(anomalies as varchar) as a from %s order by all";
                    assertThat(duck.rows(judged.formatted(Duck.table(out, table)))).as(table)
                            .isEqualTo(duck.rows(judged.formatted(Duck.table(clusterOut, table))));
                }
            }
            assertThat(duck.count("select count(*) from " + Duck.table(clusterOut, "retraining_signals")
                    + " where decision = 'RETRAIN'")).isPositive();
        }
    }

    /** {@code POST /jars/upload} (multipart) then {@code POST /jars/<id>/run}; returns the job id. */
    private static String submitThroughRest(List<String> programArgs) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String boundary = "driftwatch-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] jarBytes = Files.readAllBytes(jar);
        byte[] body = new byte[head.length + jarBytes.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(jarBytes, 0, body, head.length, jarBytes.length);
        System.arraycopy(tail, 0, body, head.length + jarBytes.length, tail.length);
        String upload = http.send(HttpRequest.newBuilder(URI.create(rest("/jars/upload")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(upload).contains("\"status\":\"success\"");
        String filename = upload.replaceAll("(?s).*\"filename\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String jarId = filename.substring(filename.lastIndexOf('/') + 1);
        StringBuilder args = new StringBuilder("{\"programArgsList\":[");
        for (int i = 0; i < programArgs.size(); i++) {
            args.append(i > 0 ? "," : "").append('"').append(programArgs.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        args.append("]}");
        HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create(rest("/jars/" + jarId + "/run")))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofString(args.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(run.statusCode()).as("jar run: %s", run.body()).isEqualTo(200);
        return run.body().replaceAll("(?s).*\"jobid\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
    }

    /** Polls {@code GET /jobs/<id>} until the job ends; it must finish. */
    private static void awaitJob(String jobId) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        String state = "";
        while (System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(URI.create(rest("/jobs/" + jobId))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            state = body.replaceAll("(?s).*?\"state\"\\s*:\\s*\"([A-Z_]+)\".*", "$1");
            if (state.equals("FINISHED")) return;
            assertThat(state).as("job %s: %s", jobId, body).isNotIn("FAILED", "CANCELED");
            Thread.sleep(500);
        }
        throw new AssertionError("job " + jobId + " did not finish: " + state);
    }

    private static String rest(String path) {
        return "http://127.0.0.1:" + restPort + path;
    }

    private static List<String> resourceParams(String which) throws Exception {
        List<String> cmd = List.of(javaBin(), "-cp", flinkClasspath, "org.apache.flink.runtime.util.bash.BashJavaUtils",
                which, "--configDir", confDir.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = out.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
        assertThat(lines).as("BashJavaUtils %s: %s", which, out).hasSize(2);
        List<String> params = new ArrayList<>(Arrays.asList(lines.get(0).trim().split("\\s+")));
        params.add("|"); // JVM flags | program arguments (dynamic properties)
        params.addAll(Arrays.asList(lines.get(1).trim().split("\\s+")));
        return params;
    }

    private static void start(String name, String mainClass, List<String> params, Path logConfig) throws IOException {
        int cut = params.indexOf("|");
        List<String> cmd = new ArrayList<>(List.of(javaBin()));
        cmd.addAll(params.subList(0, cut));
        cmd.addAll(JAVA17_FLAGS);
        cmd.addAll(List.of("-Dlog.file=" + dir.resolve(name + ".log"), "-Dlog4j.configurationFile=" + logConfig,
                "-cp", flinkClasspath, mainClass, "--configDir", confDir.toString()));
        cmd.addAll(params.subList(cut + 1, params.size()));
        PROCESSES.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start());
    }

    private static String logTails() {
        StringBuilder b = new StringBuilder();
        for (String name : new String[] {"shipped-jobmanager", "shipped-taskmanager-1", "shipped-cli", "two-slots-jobmanager",
                "two-slots-taskmanager-1", "two-slots-taskmanager-2", "two-slots-cli"}) {
            for (String suffix : new String[] {".out", ".log"}) {
                try {
                    List<String> lines = Files.readAllLines(dir.resolve(name + suffix));
                    b.append("--- ").append(name).append(suffix).append('\n');
                    // the first exceptions with a few frames each
                    int shown = 0;
                    for (int i = 0; i < lines.size() && shown < 3; i++) {
                        if (!lines.get(i).contains("Exception")) continue;
                        shown++;
                        lines.subList(i, Math.min(lines.size(), i + 8)).forEach(l -> b.append(l).append('\n'));
                    }
                } catch (IOException ignored) {
                    // no such log
                }
            }
        }
        return b.toString();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
