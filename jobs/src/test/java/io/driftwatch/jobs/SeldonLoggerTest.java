package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code input.format: seldon} (issue 22): Seldon Core's request logger ({@code executor/logger/worker.go};
 * Seldon Core docs "Payload Logging", "Logging direct to Kafka") sends each inference as a request and
 * a response event sharing {@code requestid} ({@code io.seldon.serving.inference.request} /
 * {@code .response}; extensions {@code modelid}, {@code inferenceservicename}, {@code namespace},
 * {@code endpoint} (the predictor), {@code protocol}), and feedback as {@code io.seldon.serving.feedback}
 * whose {@code truth} is the label. Seldon-protocol bodies ({@code data.names}, {@code data.ndarray};
 * the response's {@code meta.puid}); a canary predictor; every fourth request a batch of three. As
 * structured events in files and direct to Kafka (plain headers, no id and no time: the message's
 * time stands for it), the predictions and the feedback give the tables the same predictions and
 * labels give in Driftwatch's own fields.
 */
class SeldonLoggerTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir Path dir;

    private record Event(String type, String requestId, String endpoint, long time, String body) {}

    @Test
    void requestsResponsesAndFeedbackGiveTheTablesOfTheSamePredictionsAndLabels() throws Exception {
        Random r = new Random(21);
        String[] countries = {"DE", "FR", "US"};
        long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        List<Event> events = new ArrayList<>();
        List<String> own = new ArrayList<>(), ownLabels = new ArrayList<>();
        for (int k = 0; k < 600; k++) {
            String rid = String.format(Locale.ROOT, "c3f0%04dq1", k);
            String endpoint = k % 4 == 2 ? "canary" : "default";
            long t = start + k * 250_000L + r.nextInt(1000);
            long latency = 2 + r.nextInt(80);
            int rows = k % 4 == 3 ? 3 : 1;
            List<String> in = new ArrayList<>(), outRows = new ArrayList<>(), truth = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                double amount = Math.round(r.nextDouble() * 90000) / 100.0;
                int age = 18 + r.nextInt(60);
                String country = countries[r.nextInt(3)];
                double s = Math.round(r.nextDouble() * 1000) / 1000.0;
                int label = r.nextDouble() < s ? 1 : 0;
                in.add(String.format(Locale.ROOT, "[%s,%d,\"%s\"]", amount, age, country));
                outRows.add(String.format(Locale.ROOT, "[%.3f,%s]", 1 - s, s));
                truth.add("[" + label + "]");
                String pid = rows == 1 ? rid : rid + "#" + i;
                own.add(String.format(Locale.ROOT, "{\"prediction_id\":\"%s\",\"timestamp\":\"%s\",\"model\":\"classifier\","
                        + "\"endpoint\":\"%s\",\"latency_ms\":%d,\"features\":{\"amount\":%s,\"age\":%d,\"country\":\"%s\"},"
                        + "\"prediction\":%s}", pid, Instant.ofEpochMilli(t), endpoint, latency, amount, age, country, s));
                if (k % 3 != 0) {
                    ownLabels.add(String.format(Locale.ROOT, "{\"prediction_id\":\"%s\",\"timestamp\":\"%s\",\"label\":%d}", pid,
                            Instant.ofEpochMilli(t + 3_600_000L), label));
                }
            }
            String request = "{\"data\":{\"names\":[\"amount\",\"age\",\"country\"],\"ndarray\":[" + String.join(",", in) + "]}}";
            String response = "{\"data\":{\"names\":[\"t:0\",\"t:1\"],\"ndarray\":[" + String.join(",", outRows) + "]},"
                    + "\"meta\":{\"puid\":\"" + rid + "\",\"requestPath\":{\"classifier\":\"seldonio/sklearn:1.18\"}}}";
            events.add(new Event("io.seldon.serving.inference.request", rid, endpoint, t, request));
            events.add(new Event("io.seldon.serving.inference.response", rid, endpoint, t + latency, response));
            if (k % 3 != 0) { // feedback an hour later: the request, the response and the truth
                String feedback = "{\"request\":" + request + ",\"response\":" + response + ",\"reward\":1,\"truth\":{\"data\":"
                        + "{\"ndarray\":[" + String.join(",", truth) + "]}}}";
                events.add(new Event("io.seldon.serving.feedback", "fb-" + rid, endpoint, t + 3_600_000L, feedback));
            }
        }
        List<String> structured = new ArrayList<>();
        List<KafkaBroker.Message> messages = new ArrayList<>();
        int n = 0;
        for (Event e : events) {
            Map<String, String> a = new LinkedHashMap<>();
            a.put("type", e.type());
            a.put("modelid", "classifier");
            a.put("requestid", e.requestId());
            a.put("inferenceservicename", "fraud");
            a.put("namespace", "risk");
            a.put("endpoint", e.endpoint());
            a.put("protocol", "seldon");
            StringBuilder b = new StringBuilder("{\"specversion\":\"1.0\",\"id\":\"ev-" + (n++) + "\",\"source\":\"http://fraud-default:8000/\","
                    + "\"time\":\"" + Instant.ofEpochMilli(e.time()) + "\",");
            a.forEach((k, v) -> b.append('"').append(k).append("\":\"").append(v).append("\","));
            structured.add(b.append("\"datacontenttype\":\"application/json\",\"data\":").append(e.body()).append('}').toString());
            Map<String, String> headers = new LinkedHashMap<>(a);
            headers.put("content-type", "application/json");
            messages.add(new KafkaBroker.Message(Math.floorMod(e.requestId().hashCode(), 2), e.body(), headers, e.time()));
        }
        Path log = Files.write(dir.resolve("seldon.jsonl"), structured);
        Files.write(dir.resolve("own.jsonl"), own);
        Files.write(dir.resolve("own-labels.jsonl"), ownLabels);
        String models = "window: 1d\nmodels: {classifier: {task: binary_classification, segments: [endpoint]}}\n";
        Path seldon = Files.writeString(dir.resolve("seldon.yaml"), models + "input: {format: seldon}\n");
        Path ownConfig = Files.writeString(dir.resolve("own.yaml"), models);
        Path a = dir.resolve("out-seldon"), b = dir.resolve("out-own"), c = dir.resolve("out-kafka");
        String[] range = {"--from", "2026-11-01", "--to", "2026-11-03"};
        assertThat(Cli.run("analyze", "--config", seldon, "--input", log, range, "--output", a)).isZero();
        assertThat(Cli.run("analyze", "--config", ownConfig, "--input", dir.resolve("own.jsonl"), "--labels",
                dir.resolve("own-labels.jsonl"), range, "--output", b)).isZero();
        try (KafkaBroker kafka = KafkaBroker.start()) {
            kafka.createTopics(Map.of("seldon", 2));
            kafka.produce("seldon", messages);
            assertThat(Cli.run("stream", "--config", seldon, "--kafka-bootstrap", kafka.bootstrap(), "--topic", "seldon", "--bounded",
                    range, "--output", c)).isZero();
        }
        try (Duck duck = new Duck()) {
            assertThat(duck.count("select sum(prediction_count) from " + Duck.table(a, "kpi_windows") + " where segment = '__all__'"))
                    .isEqualTo(900);
            assertThat(duck.count("select sum(labels_joined) from " + Duck.table(a, "runs"))).isEqualTo(ownLabels.size());
            assertThat(duck.count("select sum(records_invalid) from " + Duck.table(a, "runs"))).isZero();
            for (String table : List.of("kpi_windows", "feature_profiles")) {
                assertThat(duck.comparable(a, table)).as(table).isEqualTo(duck.comparable(b, table));
                assertThat(duck.comparable(c, table)).as("kafka " + table).isEqualTo(duck.comparable(b, table));
            }
        }
    }
}
