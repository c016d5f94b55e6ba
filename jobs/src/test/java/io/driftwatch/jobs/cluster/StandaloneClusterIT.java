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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real standalone Flink 2.2 session cluster: a JobManager and two TaskManagers
 * (2 slots each) as separate JVMs on 127.0.0.1, their classpath the Flink jars a distribution's
 * lib/ holds ({@code jobs/target/local-classpath.txt}: runtime, clients, streaming, connector-files,
 * table, json, csv, log4j) and nothing of ours, so a class our jar forgot to shade shows here. The
 * job is submitted with Flink's CLI ({@code CliFrontend run -m}) and through the REST API
 * ({@code /jars/upload}, {@code /jars/<id>/run}), both at parallelism 4, and their tables must equal
 * those of local runs at parallelism 1 and 2 on the same input. Every process started
 * is stopped, also when the test fails.
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

    @BeforeAll
    static void startCluster() throws Exception {
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
        confDir = dir.resolve("conf");
        Files.createDirectories(confDir);
        restPort = freePort();
        Files.writeString(confDir.resolve("config.yaml"), """
                jobmanager:
                  rpc: {address: 127.0.0.1, port: %d}
                  bind-host: 127.0.0.1
                  memory: {process: {size: 1024m}}
                taskmanager:
                  bind-host: 127.0.0.1
                  host: 127.0.0.1
                  numberOfTaskSlots: 2
                  # batch jobs use Flink's sort-merge shuffle: 512 network buffers per result partition
                  memory: {process: {size: 1536m}, network: {min: 256m, max: 256m}}
                rest: {address: 127.0.0.1, bind-address: 127.0.0.1, port: %d}
                cluster: {registration: {error-delay: 1 s}}
                parallelism: {default: 2}
                """.formatted(freePort(), restPort));
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
        start("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                resourceParams("GET_JM_RESOURCE_PARAMS"), logConfig);
        start("taskmanager-1", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                resourceParams("GET_TM_RESOURCE_PARAMS"), logConfig);
        start("taskmanager-2", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                resourceParams("GET_TM_RESOURCE_PARAMS"), logConfig);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String overview = "";
        while (System.nanoTime() < deadline) {
            try {
                overview = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/overview"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (overview.contains("\"slots-available\":4")) return;
            } catch (IOException notYet) {
                // the REST endpoint is not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("cluster not ready in 90 s: " + overview + "\n" + logTails());
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (Process p : PROCESSES) p.destroy();
        for (Process p : PROCESSES) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void flinkRunOnTheClusterGivesTheTablesOfLocalRunsAtAnyParallelism() throws Exception {
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
        List<String> args = List.of("analyze", "--config", config.toString(), "--input", input.toString(),
                "--labels", labels.toString(), "--max-bad-ratio", "0.05", "--reference-profile", reference.toString());

        Path clusterOut = dir.resolve("out-cluster-p4");
        List<String> cli = new ArrayList<>(List.of(javaBin()));
        cli.addAll(JAVA17_FLAGS);
        cli.addAll(List.of("-Dlog.file=" + dir.resolve("cli.log"), "-Dlog4j.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp", flinkClasspath, "org.apache.flink.client.cli.CliFrontend", "run", "-m", "127.0.0.1:" + restPort,
                jar.toString()));
        cli.addAll(args);
        cli.addAll(List.of("--output", clusterOut.toString(), "--parallelism", "4"));
        ProcessBuilder pb = new ProcessBuilder(cli).redirectErrorStream(true).redirectOutput(dir.resolve("cli.out").toFile());
        pb.environment().put("FLINK_CONF_DIR", confDir.toString());
        Process client = pb.start();
        PROCESSES.add(client);
        assertThat(client.waitFor(5, TimeUnit.MINUTES)).as("flink run finished").isTrue();
        assertThat(client.exitValue()).as("flink run: %s", Files.readString(dir.resolve("cli.out"))).isZero();
        assertThat(Files.readString(dir.resolve("cli.out"))).contains("KPI windows,");

        // the same through the REST API: upload the jar, run it (the program runs in the JobManager)
        Path restOut = dir.resolve("out-rest-p4");
        List<String> restArgs = new ArrayList<>(args);
        restArgs.addAll(List.of("--output", restOut.toString(), "--parallelism", "4"));
        String jobId = submitThroughRest(restArgs);
        awaitJob(jobId);

        Map<Integer, Path> local = Map.of(1, dir.resolve("out-local-p1"), 2, dir.resolve("out-local-p2"));
        for (Map.Entry<Integer, Path> e : local.entrySet()) {
            List<String> localArgs = new ArrayList<>(args);
            localArgs.addAll(List.of("--output", e.getValue().toString(), "--parallelism", e.getKey().toString()));
            assertThat(Driftwatch.run(localArgs.toArray(String[]::new))).isZero();
        }
        try (Duck duck = new Duck()) {
            String kpis = "select * from %s order by model, model_version, segment, window_start";
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
            }
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
        for (String name : new String[] {"jobmanager", "taskmanager-1", "taskmanager-2"}) {
            for (String suffix : new String[] {".out", ".log"}) {
                try {
                    List<String> lines = Files.readAllLines(dir.resolve(name + suffix));
                    b.append("--- ").append(name).append(suffix).append('\n');
                    lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> b.append(l).append('\n'));
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
