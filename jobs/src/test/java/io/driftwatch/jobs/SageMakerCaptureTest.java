package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code input.format: sagemaker} (issue 22): Data Capture files laid out as SageMaker writes them
 * ({@code <prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/*.jsonl}, SageMaker Developer Guide, "Capture
 * data from real-time endpoint"), with CSV, JSON and base64 payloads and batch requests of three rows,
 * and ground truth under its own prefix by hour ("Ingest Ground Truth labels and merge them with
 * predictions"), give the tables the same predictions give in Driftwatch's own fields — from files,
 * and the same records from Kafka topics ({@code stream --bounded}).
 */
class SageMakerCaptureTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A payload as Data Capture writes it. */
    private static String payload(String mode, String contentType, String data, String encoding) {
        String quoted = data.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return String.format(Locale.ROOT, "{\"observedContentType\":\"%s\",\"mode\":\"%s\",\"data\":\"%s\",\"encoding\":\"%s\"}",
                contentType, mode, quoted, encoding);
    }

    @Test
    void dataCaptureAndGroundTruthGiveTheTablesOfTheSamePredictionsInDriftwatchsFields() throws Exception {
        Random r = new Random(5);
        String[] countries = {"DE", "FR", "US", "PL"};
        Map<Path, List<String>> files = new TreeMap<>();
        List<String> messages = new ArrayList<>(), truthMessages = new ArrayList<>();
        List<String> own = new ArrayList<>(), ownLabels = new ArrayList<>(), ownUnversioned = new ArrayList<>();
        int event = 0;
        for (int hour = 0; hour < 48; hour++) {
            for (int k = 0; k < 6; k++, event++) {
                String variant = event % 5 == 0 ? "Canary" : "AllTraffic";
                int day = 1 + hour / 24, h = hour % 24;
                String time = String.format(Locale.ROOT, "2026-11-%02dT%02d:%02d:%02dZ", day, h, k * 7, event % 60);
                int rows = event % 4 == 3 ? 3 : 1; // every fourth request is a batch of three
                String eventId = "ev-" + event;
                boolean inferenceId = event % 2 == 0;
                String id = inferenceId ? "req-" + event : eventId;
                StringBuilder csvIn = new StringBuilder(), csvOut = new StringBuilder(), truth = new StringBuilder();
                List<String> jsonIn = new ArrayList<>(), jsonOut = new ArrayList<>();
                for (int i = 0; i < rows; i++) {
                    double amount = Math.round(r.nextDouble() * 50000) / 100.0;
                    int age = 18 + r.nextInt(60);
                    String country = countries[r.nextInt(countries.length)];
                    double score = Math.round(r.nextDouble() * 1000) / 1000.0;
                    int label = r.nextDouble() < score ? 1 : 0;
                    csvIn.append(amount).append(',').append(age).append(',').append(country).append('\n');
                    csvOut.append(score).append('\n');
                    truth.append(label).append('\n');
                    jsonIn.add(String.format(Locale.ROOT, "{\"features\":[%s,%d,\"%s\"]}", amount, age, country));
                    jsonOut.add(String.format(Locale.ROOT, "{\"score\":%s,\"predicted_label\":%d}", score, score >= 0.5 ? 1 : 0));
                    String pid = rows == 1 ? id : id + "#" + i;
                    String fields = String.format(Locale.ROOT, "\"timestamp\":\"%s\",\"model\":\"fraud-endpoint\",%s"
                            + "\"features\":{\"amount\":%s,\"age\":%d,\"country\":\"%s\"},\"prediction\":%s}", time, "%s", amount,
                            age, country, score);
                    // the endpoint, as the capture's path names it (model_versions reads it)
                    own.add("{\"prediction_id\":\"" + pid + "\"," + fields.formatted("\"model_version\":\"" + variant
                            + "\",\"endpoint\":\"fraud-endpoint\","));
                    ownUnversioned.add("{\"prediction_id\":\"" + pid + "\"," + fields.formatted(""));
                    if (event % 3 != 1) {
                        ownLabels.add(String.format(Locale.ROOT, "{\"prediction_id\":\"%s\",\"timestamp\":\"2026-11-%02dT%02d:00:00Z\","
                                + "\"label\":%d}", pid, day + 1, h, label));
                    }
                }
                String in, out;
                switch (event % 3) {
                    case 0 -> {
                        in = payload("INPUT", "text/csv", csvIn.toString(), "CSV");
                        out = payload("OUTPUT", "text/csv; charset=utf-8", csvOut.toString(), "CSV");
                    }
                    case 1 -> {
                        in = payload("INPUT", "application/json", "{\"instances\":[" + String.join(",", jsonIn) + "]}", "JSON");
                        out = payload("OUTPUT", "application/json", "{\"predictions\":[" + String.join(",", jsonOut) + "]}", "JSON");
                    }
                    default -> { // no capture content types configured: base64
                        in = payload("INPUT", "text/csv", b64(csvIn.toString()), "BASE64");
                        out = payload("OUTPUT", "text/csv", b64(csvOut.toString()), "BASE64");
                    }
                }
                String record = "{\"captureData\":{\"endpointInput\":" + in + ",\"endpointOutput\":" + out + "},"
                        + "\"eventMetadata\":{\"eventId\":\"" + eventId + "\"," + (inferenceId ? "\"inferenceId\":\"" + id + "\"," : "")
                        + "\"inferenceTime\":\"" + time + "\"},\"eventVersion\":\"0\"}";
                Path folder = dir.resolve(String.format(Locale.ROOT, "datacapture/fraud-endpoint/%s/2026/11/%02d/%02d", variant, day, h));
                files.computeIfAbsent(folder.resolve("capture.jsonl"), p -> new ArrayList<>()).add(record);
                messages.add(record);
                if (event % 3 != 1) { // ground truth a day later, under its own prefix by hour
                    String gt = "{\"groundTruthData\":{\"data\":\"" + truth.toString().strip().replace("\n", "\\n")
                            + "\",\"encoding\":\"CSV\"},\"eventMetadata\":{\"eventId\":\"" + id + "\"},\"eventVersion\":\"0\"}";
                    files.computeIfAbsent(dir.resolve(String.format(Locale.ROOT, "groundtruth/2026/11/%02d/%02d/labels.jsonl",
                            day + 1, h)), p -> new ArrayList<>()).add(gt);
                    truthMessages.add(gt);
                }
            }
        }
        for (Map.Entry<Path, List<String>> f : files.entrySet()) {
            Files.createDirectories(f.getKey().getParent());
            Files.write(f.getKey(), f.getValue());
        }
        Files.write(dir.resolve("own.jsonl"), own);
        Files.write(dir.resolve("own-unversioned.jsonl"), ownUnversioned);
        Files.write(dir.resolve("own-labels.jsonl"), ownLabels);
        String models = "window: 1d\nmodels: {fraud-endpoint: {task: binary_classification}}\n";
        // the lines a user adds for Data Capture (docs/guide/platforms.md)
        Path smConfig = Files.writeString(dir.resolve("sm.yaml"), models
                + "input: {format: sagemaker, payload_columns: [amount, age, country], model: fraud-endpoint}\n");
        Path ownConfig = Files.writeString(dir.resolve("own.yaml"), models);

        Path a = dir.resolve("out-sm"), b = dir.resolve("out-own"), c = dir.resolve("out-sm-kafka"), d = dir.resolve("out-own-unversioned");
        String[] range = {"--from", "2026-11-01", "--to", "2026-11-03"};
        assertThat(Cli.run("analyze", "--config", smConfig, "--input", dir.resolve("datacapture"), "--labels", dir.resolve("groundtruth"),
                range, "--output", a)).isZero();
        assertThat(Cli.run("analyze", "--config", ownConfig, "--input", dir.resolve("own.jsonl"), "--labels", dir.resolve("own-labels.jsonl"),
                range, "--output", b)).isZero();
        // from Kafka a record has no path, so no variant: input.model names the model
        assertThat(Cli.run("analyze", "--config", ownConfig, "--input", dir.resolve("own-unversioned.jsonl"), "--labels",
                dir.resolve("own-labels.jsonl"), range, "--output", d)).isZero();
        try (KafkaBroker kafka = KafkaBroker.start()) {
            kafka.createTopics(Map.of("capture", 2, "groundtruth", 1));
            kafka.produce("capture", messages, 2);
            kafka.produce("groundtruth", truthMessages, 1);
            assertThat(Cli.run("stream", "--config", smConfig, "--kafka-bootstrap", kafka.bootstrap(), "--topic", "capture",
                    "--labels-topic", "groundtruth", "--bounded", range, "--output", c)).isZero();
        }
        try (Duck duck = new Duck()) {
            // 288 requests, 72 of them batches of three: 432 predictions; labels for two thirds of the requests
            assertThat(duck.count("select sum(prediction_count) from " + Duck.table(a, "kpi_windows") + " where segment = '__all__'"))
                    .isEqualTo(432);
            assertThat(duck.count("select sum(records_invalid) from " + Duck.table(a, "runs"))).isZero();
            assertThat(duck.count("select sum(labels_joined) from " + Duck.table(a, "runs"))).isEqualTo(ownLabels.size());
            assertThat(duck.value("select string_agg(distinct model_version, ',' order by model_version) from "
                    + Duck.table(a, "kpi_windows"))).isEqualTo("AllTraffic,Canary");
            for (String table : List.of("kpi_windows", "feature_profiles")) {
                assertThat(duck.comparable(a, table)).as(table).isEqualTo(duck.comparable(b, table));
                assertThat(duck.comparable(c, table)).as("kafka " + table).isEqualTo(duck.comparable(d, table));
            }
        }
    }
}
