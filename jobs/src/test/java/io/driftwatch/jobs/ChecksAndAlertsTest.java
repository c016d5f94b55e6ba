package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25 end to end on a generated log with planted breaches: {@code check_results} fail in
 * exactly the breached windows, {@code no_data} where a check's {@code when} is not met; a model that
 * goes quiet is a {@code traffic} anomaly from its first silent window; the alerts reach a local
 * HTTP server as Slack, PagerDuty Events v2 and webhook payloads (asserted field by field), incidents
 * are resolved when their rule clears, and nothing is lost while the server fails or is down.
 */
class ChecksAndAlertsTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400_000L;

    @TempDir Path dir;

    /** A receiver on 127.0.0.1 that records each request and fails while told to. */
    private HttpServer server;
    private final List<String[]> received = new ArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile boolean down;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean fail = down || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            synchronized (received) {
                received.add(new String[] {ex.getRequestURI().getPath(), body, fail ? "503" : "200",
                        String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"))});
            }
            ex.sendResponseHeaders(fail ? 503 : 200, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /**
     * {@code scorer}: 2,000 predictions a day for 8 days; latency ×5 on day 3 (p99 ≈ 255 ms against a
     * bound of 150), 10 % errors on day 5, {@code amount} missing in 20 % of records on day 6.
     * {@code pinger}: 600 a day until day 6 noon, then nothing.
     */
    private Path log() throws IOException {
        Random r = new Random(25);
        long start = Instant.parse("2026-10-01T00:00:00Z").toEpochMilli();
        List<String> lines = new ArrayList<>();
        for (int day = 0; day < 8; day++) {
            for (int i = 0; i < 2000; i++) {
                long t = start + day * DAY + (long) i * (DAY / 2000) + r.nextInt(1000);
                int label = r.nextInt(2);
                boolean correct = r.nextDouble() < 0.9;
                double score = (label == 1) == correct ? 0.5 + 0.5 * r.nextDouble() : 0.5 * r.nextDouble();
                double latency = Math.exp(3.0 + 0.4 * r.nextGaussian()) * (day == 2 ? 5 : 1);
                boolean error = r.nextDouble() < (day == 4 ? 0.10 : 0.005);
                boolean missing = r.nextDouble() < (day == 5 ? 0.20 : 0.01);
                lines.add(String.format(Locale.ROOT, "{\"prediction_id\":\"s%d-%d\",\"timestamp\":\"%s\",\"model\":\"scorer\","
                        + "\"model_version\":\"v1\",\"latency_ms\":%.2f,\"status\":\"%s\",\"features\":{\"amount\":%s,"
                        + "\"x\":%.3f},\"prediction\":%.3f,\"label\":%d}", day, i, Instant.ofEpochMilli(t), latency,
                        error ? "error" : "ok", missing ? "null" : String.format(Locale.ROOT, "%.2f", 10 + 5 * r.nextGaussian()),
                        r.nextDouble(), score, label));
            }
            for (int i = 0; i < 600; i++) {
                long t = start + day * DAY + (long) i * (DAY / 600);
                if (day > 5 || (day == 5 && t >= start + 5 * DAY + DAY / 2)) break;
                lines.add(String.format(Locale.ROOT, "{\"prediction_id\":\"p%d-%d\",\"timestamp\":\"%s\",\"model\":\"pinger\","
                        + "\"model_version\":\"v7\",\"latency_ms\":5,\"features\":{\"x\":%.3f},\"prediction\":%.3f}", day, i,
                        Instant.ofEpochMilli(t), r.nextDouble(), r.nextDouble()));
            }
        }
        return Files.write(dir.resolve("log.jsonl"), lines);
    }

    /** What PagerDuty receives for the planted breaches and the silence, in window order. */
    static final List<String> PLANTED_INCIDENTS = List.of(
                "trigger driftwatch/scorer/check/latency_ms_p99 < 150/v1/__all__",
                "resolve driftwatch/scorer/check/latency_ms_p99 < 150/v1/__all__",
                "trigger driftwatch/scorer/check/error_rate <= 0.03/v1/__all__",
                "trigger driftwatch/scorer/check/missing_rate(amount) < 0.05/v1/__all__",
                "resolve driftwatch/scorer/check/error_rate <= 0.03/v1/__all__",
                "trigger driftwatch/pinger/silence/__all__",
                "resolve driftwatch/scorer/check/missing_rate(amount) < 0.05/v1/__all__");

    private Path config(int retries) throws IOException {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Files.writeString(dir.resolve("c" + retries + ".yaml"), """
                window: 1d
                models:
                  scorer:
                    task: binary_classification
                    checks:
                      - latency_ms_p99 < 150
                      - error_rate <= 0.03
                      - missing_rate(amount) < 0.05
                      - {check: "accuracy >= 0.7 when labeled_count >= 5000", name: accuracy at volume}
                  pinger: {task: binary_classification}
                alerts:
                  timeout: 2s
                  retries: %d
                  routes:
                    - {type: webhook, url: "%s/hook"}
                    - {type: slack, url: "%s/slack"}
                    - {type: pagerduty, url: "%s/pd", routing_key_env: DRIFTWATCH_TEST_PD_KEY, kinds: [check, silence]}
                """.formatted(retries, base, base, base));
    }

    private int analyze(Path config, Path input, Path out) {
        return Cli.run("analyze", "--config", config, "--input", input, "--from", "2026-10-01", "--to", "2026-10-09",
                "--reference-from", "2026-10-01", "--reference-to", "2026-10-02", "--output", out, "--parallelism", "2");
    }

    private List<JsonNode> bodies(String path, String status) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        synchronized (received) {
            for (String[] r : received) if (r[0].equals(path) && r[2].equals(status)) out.add(JSON.readTree(r[1]));
        }
        return out;
    }

    @Test
    void breachedWindowsFailSilenceIsFoundAndAlertsReachEveryRoute() throws Exception {
        Path input = log();
        Path out = dir.resolve("out");
        assertThat(analyze(config(1), input, out)).isZero();

        try (Duck duck = new Duck()) {
            String checks = Duck.table(out, "check_results");
            Set<String> failed = new TreeSet<>();
            for (var row : duck.rows("select \"check\", strftime(window_start, '%m-%d') as d from " + checks
                    + " where status = 'fail'")) {
                failed.add(row.get("check") + " @ " + row.get("d"));
            }
            assertThat(failed).containsExactly("error_rate <= 0.03 @ 10-05", "latency_ms_p99 < 150 @ 10-03",
                    "missing_rate(amount) < 0.05 @ 10-06");
            // every other check of scorer passes in every window; the gated one never has its 5,000 labels
            assertThat(duck.value("select count(*) from " + checks + " where model = 'scorer' and status = 'pass'"))
                    .isEqualTo(8L * 3 - 3);
            assertThat(duck.rows("select distinct status, note from " + checks + " where \"check\" = 'accuracy at volume'")
                    .stream().map(m -> m.get("status") + ": " + m.get("note")).toList())
                    .allMatch(s -> s.startsWith("no_data: when labeled_count >= 5000: not met (labeled_count = "));
            assertThat(duck.value("select min(value) from " + checks + " where \"check\" = 'latency_ms_p99 < 150'"
                    + " and status = 'fail'")).isInstanceOf(Double.class);
            // the failed checks are reasons of the day's decision
            assertThat((String) duck.value("select list_aggregate(reasons, 'string_agg', ' | ') from "
                    + Duck.table(out, "retraining_signals") + " where model = 'scorer' and window_start = '2026-10-03'"))
                    .contains("check failed: latency_ms_p99 < 150: latency_ms_p99 = ");

            // pinger went quiet on day 6 at noon: days 7 and 8 are silent, flagged from the first
            var silent = duck.rows("select strftime(window_start, '%m-%d') as d, anomaly, round(baseline_mean) as expected,"
                    + " note from " + Duck.table(out, "kpi_anomalies") + " where kpi = 'traffic' order by window_start");
            assertThat(silent).extracting(m -> m.get("d") + " " + m.get("anomaly") + " " + m.get("expected"))
                    .containsExactly("10-07 true 550.0", "10-08 true 550.0");
            // λ: its last 6 windows (days 1-5 full, day 6 half: (5 × 600 + 300) / 6); last record at 11:57:36
            assertThat((String) silent.get(0).get("note")).startsWith("no predictions from pinger since"
                    + " 2026-10-06T11:57:36Z; expected 550.0 in the window (mean of the 6 windows up to its last records)");
        }

        // PagerDuty (Events API v2): a trigger per failed check and silent window, a resolve when the check clears
        List<JsonNode> pd = bodies("/pd", "200");
        List<String> events = pd.stream().map(b -> b.get("event_action").asText() + " " + b.get("dedup_key").asText()).toList();
        // in window order: a window's triggers, then the incidents it cleared; pinger's silence is sent once
        // although it fires in two windows (the incident stays open)
        assertThat(events).containsExactlyElementsOf(PLANTED_INCIDENTS);
        JsonNode trigger = pd.get(0);
        assertThat(trigger.get("routing_key").asText()).isEqualTo("test-routing-key-0123");
        assertThat(trigger.get("client").asText()).isEqualTo("Driftwatch");
        JsonNode payload = trigger.get("payload");
        assertThat(payload.get("summary").asText()).startsWith("scorer v1 2026-10-03T00:00:00Z: check failed: latency_ms_p99 < 150")
                .hasSizeLessThanOrEqualTo(1024);
        assertThat(payload.get("source").asText()).isEqualTo("driftwatch");
        assertThat(payload.get("severity").asText()).isIn("critical", "error", "warning", "info").isEqualTo("warning");
        assertThat(Instant.parse(payload.get("timestamp").asText())).isEqualTo(Instant.parse("2026-10-04T00:00:00Z"));
        assertThat(payload.get("component").asText()).isEqualTo("scorer");
        assertThat(payload.get("class").asText()).isEqualTo("check");
        assertThat(payload.get("custom_details").get("value").asDouble()).isGreaterThan(150);
        JsonNode resolve = pd.get(1);
        assertThat(resolve.fieldNames()).toIterable().containsExactlyInAnyOrder("routing_key", "event_action", "dedup_key");
        assertThat(pd.get(5).get("payload").get("severity").asText()).isEqualTo("critical");
        assertThat(Files.readString(out.resolve("_alerts/open.json"))).contains("\"driftwatch/pinger/silence/__all__\"")
                .doesNotContain("driftwatch/scorer/check");

        // Slack incoming webhook: text (the notification's fallback) and a mrkdwn section, <, > and & escaped
        List<JsonNode> slack = bodies("/slack", "200");
        assertThat(slack).isNotEmpty().allSatisfy(b -> {
            assertThat(b.get("text").asText()).isNotBlank().doesNotContain("<", ">");
            assertThat(b.get("blocks").get(0).get("type").asText()).isEqualTo("section");
            assertThat(b.get("blocks").get(0).get("text").get("type").asText()).isEqualTo("mrkdwn");
        });
        assertThat(slack).anySatisfy(b -> assertThat(b.get("text").asText())
                .contains("check failed: latency_ms_p99 &lt; 150"));
        assertThat(slack).anySatisfy(b -> assertThat(b.get("text").asText()).startsWith("Resolved: "));
        // the webhook: every alert as the alerts topic carries it, with firing | resolved
        List<JsonNode> hook = bodies("/hook", "200");
        assertThat(hook).extracting(b -> b.get("kind").asText()).contains("decision", "anomaly", "check", "silence");
        assertThat(hook).allSatisfy(b -> {
            assertThat(b.get("status").asText()).isIn("firing", "resolved");
            assertThat(b.has("dedup_key") && b.has("summary") && b.has("model") && b.has("window_start")).isTrue();
        });
        assertThat(hook.size()).isEqualTo(slack.size());
        synchronized (received) {
            assertThat(received).allSatisfy(r -> assertThat(r[3]).isEqualTo("application/json"));
        }
        assertThat(out.resolve("_alerts/undelivered.jsonl")).doesNotExist();
    }

    @Test
    void aFailingReceiverIsRetriedAndADownOneLosesNothing() throws Exception {
        Path input = log();
        // fails twice, then recovers: the retries deliver everything
        failNext.set(2);
        Path out = dir.resolve("flaky");
        assertThat(analyze(config(3), input, out)).isZero();
        synchronized (received) {
            assertThat(received.stream().filter(r -> r[2].equals("503"))).hasSize(2);
        }
        assertThat(bodies("/pd", "200")).hasSize(7);
        assertThat(out.resolve("_alerts/undelivered.jsonl")).doesNotExist();

        // down for a whole run: every request is kept in the dead letter, without the routing key
        synchronized (received) {
            received.clear();
        }
        down = true;
        Path out2 = dir.resolve("down");
        assertThat(analyze(config(1), input, out2)).isZero();
        assertThat(bodies("/pd", "200")).isEmpty();
        List<String> dead = Files.readAllLines(out2.resolve("_alerts/undelivered.jsonl"));
        List<String> deadPd = dead.stream().filter(l -> l.contains("\"route\":\"pagerduty-2\"")).toList();
        assertThat(deadPd).hasSize(7);
        assertThat(dead).noneMatch(l -> l.contains("test-routing-key-0123"));
        assertThat(JSON.readTree(deadPd.get(0)).get("error").asText()).isIn("HTTP 503", "route down earlier in this delivery");

        // back up: the next run delivers the dead letter first, then its own alerts
        down = false;
        assertThat(Cli.run("analyze", "--config", config(1), "--input", input, "--from", "2026-10-08", "--to", "2026-10-09",
                "--reference-from", "2026-10-01", "--reference-to", "2026-10-02", "--output", out2, "--parallelism", "2"))
                .isZero();
        List<String> events = bodies("/pd", "200").stream()
                .map(b -> b.get("event_action").asText() + " " + b.get("dedup_key").asText()).toList();
        assertThat(events.subList(0, 7)).containsExactlyElementsOf(PLANTED_INCIDENTS);
        // pinger's silence is still open: the re-judged day sends nothing new
        assertThat(events.subList(7, events.size())).isEmpty();
        assertThat(Files.readString(out2.resolve("_alerts/undelivered.jsonl"))).isEmpty();
    }

    /**
     * {@code suggest} on a profile of the first two days: its YAML pasted into a config as it is finds
     * exactly the three planted breaches and nothing else in the other days.
     */
    @Test
    void suggestedChecksPastedIntoTheConfigFindThePlantedBreaches() throws Exception {
        Path input = log();
        Path plain = Files.writeString(dir.resolve("plain.yaml"),
                "window: 1d\nmodels: {scorer: {task: binary_classification}, pinger: {task: binary_classification}}\n");
        Path ref = dir.resolve("ref");
        assertThat(Cli.run("profile", "--config", plain, "--input", input, "--from", "2026-10-01", "--to", "2026-10-03",
                "--output", ref)).isZero();
        java.io.ByteArrayOutputStream yaml = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(yaml, true, StandardCharsets.UTF_8));
        try {
            assertThat(Cli.run("suggest", "--reference-profile", ref, "--model", "scorer")).isZero();
        } finally {
            System.setOut(old);
        }
        String suggested = yaml.toString(StandardCharsets.UTF_8);
        assertThat(suggested).contains("models:\n  scorer:\n    checks:\n", "- \"latency_ms_p99 < ",
                "- \"missing_rate(amount) < 0.02\"", "- \"accuracy >= 0.8");
        Path config = Files.writeString(dir.resolve("suggested.yaml"), "window: 1d\n" + suggested.replace(
                "    checks:", "    task: binary_classification\n    checks:"));
        Path out = dir.resolve("suggested-out");
        assertThat(Cli.run("analyze", "--config", config, "--input", input, "--from", "2026-10-03", "--to", "2026-10-09",
                "--reference-profile", ref, "--output", out, "--parallelism", "2")).isZero();
        try (Duck duck = new Duck()) {
            Set<String> failed = new TreeSet<>();
            for (var row : duck.rows("select \"check\", strftime(window_start, '%m-%d') as d from "
                    + Duck.table(out, "check_results") + " where status = 'fail'")) {
                failed.add(((String) row.get("check")).split(" ")[0] + " @ " + row.get("d"));
            }
            // the bounds are the reference's (latency p99 x 1.5, 3 x its error rate): only their terms are asserted
            assertThat(failed).containsExactly("error_rate @ 10-05", "latency_ms_p99 @ 10-03", "missing_rate(amount) @ 10-06");
            // every check of the suggestion was judged in every window: none is without data
            assertThat(duck.count("select count(*) from " + Duck.table(out, "check_results") + " where status = 'no_data'"))
                    .isZero();
        }
    }

    @Test
    void badCheckSyntaxExits2NamingTheCheck() throws Exception {
        Path input = log();
        Path bad = Files.writeString(dir.resolve("bad.yaml"),
                "models: {scorer: {checks: [\"latency_ms_p99 < 150\", \"latncy_ms_p99 < 150\"]}}\n");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Cli.run("analyze", "--config", bad, "--input", input, "--output", dir.resolve("x"));
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("models.scorer.checks[1]: 'latncy_ms_p99 < 150': unknown KPI"
                + " 'latncy_ms_p99'; did you mean latency_ms_p99?");
    }
}
