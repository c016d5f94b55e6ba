package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
 * {@code input.format: kserve} (issue 22): KServe's inference logger writes each inference as two
 * CloudEvents 1.0 sharing {@code ce-id} — {@code org.kubeflow.serving.inference.request} and
 * {@code .response}, extensions {@code inferenceservicename}, {@code namespace}, {@code component},
 * {@code endpoint} (kserve/kserve {@code pkg/logger/worker.go}; KServe docs "Inference Logger").
 * Bodies in the Open Inference Protocol V2 (tensors; a {@code predict_proba} output of shape [N, 2])
 * on the default endpoint and in KServe V1 ({@code instances}/{@code predictions}) on the canary; every
 * fourth request a batch of three rows. Read as structured events in JSON Lines files, in binary mode
 * from Kafka (attributes as {@code ce_} headers; the response before its request for every fifth id),
 * and as the blob-store sink's CSV records ({@code pkg/logger/marshaller_record.go}, one file per event,
 * timed by the file), they give the tables the same predictions give in Driftwatch's own fields;
 * events without their other half are {@code unpaired} dead letters.
 */
class KServeLoggerTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir Path dir;

    private static final String REQUEST = "org.kubeflow.serving.inference.request";
    private static final String RESPONSE = "org.kubeflow.serving.inference.response";

    /** One inference: its request and response bodies and times, and its predictions in Driftwatch's fields. */
    private record Inference(String id, String endpoint, String request, String response, long requestTime,
            long responseTime, List<String> own) {}

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static List<Inference> inferences(int count, long start, Random r, List<String> labels) {
        String[] countries = {"DE", "FR", "US"};
        List<Inference> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            String id = String.format(Locale.ROOT, "5f1c%04d-9a2b-4c3d-8e4f-%012d", k, k);
            boolean canary = k % 5 == 1;
            long t = start + k * 173_000L + r.nextInt(1000);
            long latency = 3 + r.nextInt(200);
            int rows = k % 4 == 3 ? 3 : 1;
            List<String> amounts = new ArrayList<>(), ages = new ArrayList<>(), cs = new ArrayList<>(), proba = new ArrayList<>();
            List<String> instances = new ArrayList<>(), scores = new ArrayList<>(), own = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                double amount = Math.round(r.nextDouble() * 90000) / 100.0;
                int age = 18 + r.nextInt(60);
                String country = countries[r.nextInt(3)];
                double s = Math.round(r.nextDouble() * 1000) / 1000.0;
                amounts.add(String.valueOf(amount));
                ages.add(String.valueOf(age));
                cs.add("\"" + country + "\"");
                proba.add(String.format(Locale.ROOT, "%.3f,%s", 1 - s, s));
                instances.add(String.format(Locale.ROOT, "{\"amount\":%s,\"age\":%d,\"country\":\"%s\"}", amount, age, country));
                scores.add(String.valueOf(s));
                String pid = rows == 1 ? id : id + "#" + i;
                own.add(String.format(Locale.ROOT, "{\"prediction_id\":\"%s\",\"timestamp\":\"%s\",\"model\":\"fraud\",%s"
                        + "\"endpoint\":\"%s\",\"latency_ms\":%d,\"features\":{\"amount\":%s,\"age\":%d,\"country\":\"%s\"},"
                        + "\"prediction\":%s}", pid, iso(t), canary ? "" : "\"model_version\":\"v3\",", canary ? "canary" : "default",
                        latency, amount, age, country, s));
                if (r.nextInt(3) > 0) {
                    labels.add(String.format(Locale.ROOT, "{\"prediction_id\":\"%s\",\"timestamp\":\"%s\",\"label\":%d}", pid,
                            iso(t + 86_400_000L), r.nextDouble() < s ? 1 : 0));
                }
            }
            String request, response;
            if (canary) { // KServe V1
                request = "{\"instances\":[" + String.join(",", instances) + "]}";
                response = "{\"predictions\":[" + String.join(",", scores) + "]}";
            } else { // Open Inference Protocol V2
                request = String.format(Locale.ROOT, "{\"id\":\"%s\",\"inputs\":[{\"name\":\"amount\",\"shape\":[%d,1],\"datatype\":\"FP64\","
                        + "\"data\":[%s]},{\"name\":\"age\",\"shape\":[%d,1],\"datatype\":\"INT64\",\"data\":[%s]},{\"name\":\"country\","
                        + "\"shape\":[%d],\"datatype\":\"BYTES\",\"data\":[%s]}]}", id, rows, String.join(",", amounts), rows,
                        String.join(",", ages), rows, String.join(",", cs));
                response = String.format(Locale.ROOT, "{\"model_name\":\"fraud\",\"model_version\":\"v3\",\"id\":\"%s\",\"outputs\":"
                        + "[{\"name\":\"predict_proba\",\"shape\":[%d,2],\"datatype\":\"FP64\",\"data\":[%s]}]}", id, rows,
                        String.join(",", proba));
            }
            out.add(new Inference(id, canary ? "canary" : "default", request, response, t, t + latency, own));
        }
        return out;
    }

    private static Map<String, String> attributes(Inference x, boolean request) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("specversion", "1.0");
        a.put("id", x.id());
        a.put("type", request ? REQUEST : RESPONSE);
        a.put("source", "http://localhost:9081/");
        a.put("time", iso(request ? x.requestTime() : x.responseTime()));
        a.put("inferenceservicename", "fraud");
        a.put("namespace", "risk");
        a.put("component", "predictor");
        a.put("endpoint", x.endpoint());
        return a;
    }

    /** A structured-mode event: the attributes and {@code data} in one JSON object. */
    private static String structured(Inference x, boolean request) {
        StringBuilder b = new StringBuilder("{");
        attributes(x, request).forEach((k, v) -> b.append('"').append(k).append("\":\"").append(v).append("\","));
        return b.append("\"datacontenttype\":\"application/json\",\"data\":").append(request ? x.request() : x.response())
                .append('}').toString();
    }

    @Test
    void requestAndResponseEventsPairedGiveTheTablesOfTheSamePredictions() throws Exception {
        Random r = new Random(8);
        List<String> labels = new ArrayList<>();
        long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        List<Inference> all = inferences(900, start, r, labels); // 900 x 173 s: about 1.8 days
        List<String> events = new ArrayList<>(), own = new ArrayList<>();
        List<KafkaBroker.Message> messages = new ArrayList<>();
        for (Inference x : all) {
            boolean responseFirst = all.indexOf(x) % 5 == 0;
            int partition = Math.floorMod(x.id().hashCode(), 2);
            for (boolean request : responseFirst ? new boolean[] {false, true} : new boolean[] {true, false}) {
                events.add(structured(x, request));
                Map<String, String> headers = new LinkedHashMap<>();
                attributes(x, request).forEach((k, v) -> headers.put("ce_" + k, v));
                headers.put("content-type", "application/json");
                messages.add(new KafkaBroker.Message(partition, request ? x.request() : x.response(), headers, null));
            }
            own.addAll(x.own());
        }
        // three requests whose responses never came, two responses without their requests
        List<Inference> lonely = inferences(5, start + 3_600_000L, new Random(9), new ArrayList<>());
        for (int i = 0; i < 5; i++) {
            Inference x = lonely.get(i);
            x = new Inference("lonely-" + i, x.endpoint(), x.request(), x.response(), x.requestTime(), x.responseTime(), x.own());
            events.add(structured(x, i < 3));
            Map<String, String> headers = new LinkedHashMap<>();
            attributes(x, i < 3).forEach((k, v) -> headers.put("ce_" + k, v));
            messages.add(new KafkaBroker.Message(i % 2, i < 3 ? x.request() : x.response(), headers, null));
        }
        Path log = Files.write(dir.resolve("events.jsonl"), events);
        Path ownLog = Files.write(dir.resolve("own.jsonl"), own);
        Path labelFile = Files.write(dir.resolve("labels.jsonl"), labels);
        String models = "window: 1d\nmodels: {fraud: {task: binary_classification, segments: [endpoint]}}\n";
        Path kserve = Files.writeString(dir.resolve("kserve.yaml"), models + "input: {format: kserve}\n");
        Path ownConfig = Files.writeString(dir.resolve("own.yaml"), models);

        Path a = dir.resolve("out-kserve"), b = dir.resolve("out-own"), c = dir.resolve("out-kafka");
        String[] range = {"--from", "2026-11-01", "--to", "2026-11-03"};
        assertThat(Cli.run("analyze", "--config", kserve, "--input", log, "--labels", labelFile, range, "--output", a)).isZero();
        assertThat(Cli.run("analyze", "--config", ownConfig, "--input", ownLog, "--labels", labelFile, range, "--output", b)).isZero();
        try (KafkaBroker kafka = KafkaBroker.start()) {
            kafka.createTopics(Map.of("inference-log", 2, "labels", 1));
            kafka.produce("inference-log", messages);
            kafka.produce("labels", labels, 1);
            assertThat(Cli.run("stream", "--config", kserve, "--kafka-bootstrap", kafka.bootstrap(), "--topic", "inference-log",
                    "--labels-topic", "labels", "--bounded", range, "--output", c)).isZero();
        }
        try (Duck duck = new Duck()) {
            // 900 requests, 225 of them batches of three
            assertThat(duck.count("select sum(prediction_count) from " + Duck.table(a, "kpi_windows") + " where segment = '__all__'"))
                    .isEqualTo(1350);
            assertThat(duck.value("select string_agg(distinct segment, ',' order by segment) from " + Duck.table(a, "kpi_windows")))
                    .isEqualTo("__all__,endpoint=canary,endpoint=default");
            for (Path out : List.of(a, c)) {
                assertThat(duck.rows("select error, count(*) as n from " + Duck.table(out, "dead_letter") + " group by error").toString())
                        .as(out.getFileName().toString()).isEqualTo("[{error=unpaired, n=5}]");
                assertThat(duck.count("select sum(records_invalid) from " + Duck.table(out, "runs"))).isEqualTo(5);
            }
            for (String table : List.of("kpi_windows", "feature_profiles")) {
                assertThat(duck.comparable(a, table)).as(table).isEqualTo(duck.comparable(b, table));
                assertThat(duck.comparable(c, table)).as("kafka " + table).isEqualTo(duck.comparable(b, table));
            }
        }
    }

    @Test
    void theBlobStoreSinksCsvAndParquetRecordsAreTimedByTheirFiles() throws Exception {
        Random r = new Random(12);
        List<String> labels = new ArrayList<>();
        List<Inference> all = inferences(40, Instant.parse("2026-11-01T00:00:00Z").toEpochMilli(), r, labels);
        List<String> own = new ArrayList<>();
        List<Path> parquet = new ArrayList<>();
        String header = "url,bytes,contentType,reqType,id,sourceUri,inferenceService,namespace,component,endpoint,metadata,"
                + "annotations,certName,tlsSkipVerify";
        for (Inference x : all) {
            for (boolean request : new boolean[] {true, false}) {
                String body = Base64.getEncoder().encodeToString((request ? x.request() : x.response()).getBytes(StandardCharsets.UTF_8));
                String metadata = "\"{\"\"Content-Type\"\":[\"\"application/json\"\"]}\"";
                String row = String.join(",", "s3://logs/kserve", body, "application/json", request ? REQUEST : RESPONSE, x.id(),
                        "http://localhost:9081/", "fraud", "risk", "predictor", x.endpoint(), metadata, "", "", "false");
                // <prefix>/<namespace>/<isvc>/<component>/<id>-<request|response>.csv, as BlobStore.getObjectKey names it
                Path f = dir.resolve("logs/kserve/risk/fraud/predictor/" + x.id() + "-" + (request ? "request" : "response") + ".csv");
                Files.createDirectories(f.getParent());
                Files.write(f, List.of(header, row));
                Files.setLastModifiedTime(f, FileTime.fromMillis(request ? x.requestTime() : x.responseTime()));
                parquet.add(f);
            }
            own.addAll(x.own());
        }
        Path ownLog = Files.write(dir.resolve("own.jsonl"), own);
        Path labelFile = Files.write(dir.resolve("labels.jsonl"), labels);
        String models = "window: 1d\nmodels: {fraud: {task: binary_classification, segments: [endpoint]}}\n";
        Path kserve = Files.writeString(dir.resolve("kserve.yaml"), models + "input: {format: kserve}\n");
        Path ownConfig = Files.writeString(dir.resolve("own.yaml"), models);
        // the sink's Parquet form: the same records and columns (written here by DuckDB), timed the same
        try (Duck duck = new Duck()) {
            for (Path f : parquet) {
                Path p = dir.resolve("parquet").resolve(dir.resolve("logs").relativize(f).toString().replace(".csv", ".parquet"));
                Files.createDirectories(p.getParent());
                duck.execute("copy (select * from read_csv('" + f + "', all_varchar = true)) to '" + p + "' (format parquet)");
                Files.setLastModifiedTime(p, Files.getLastModifiedTime(f));
            }
        }
        Path a = dir.resolve("out-blob"), b = dir.resolve("out-own"), c = dir.resolve("out-blob-parquet");
        String[] range = {"--from", "2026-11-01", "--to", "2026-11-03"};
        assertThat(Cli.run("analyze", "--config", kserve, "--input", dir.resolve("logs"), "--labels", labelFile, range, "--output", a)).isZero();
        assertThat(Cli.run("analyze", "--config", kserve, "--input", dir.resolve("parquet"), "--labels", labelFile, range, "--output", c)).isZero();
        assertThat(Cli.run("analyze", "--config", ownConfig, "--input", ownLog, "--labels", labelFile, range, "--output", b)).isZero();
        try (Duck duck = new Duck()) {
            assertThat(duck.count("select sum(prediction_count) from " + Duck.table(a, "kpi_windows") + " where segment = '__all__'"))
                    .isEqualTo(60);
            for (String table : List.of("kpi_windows", "feature_profiles")) {
                assertThat(duck.comparable(a, table)).as(table).isEqualTo(duck.comparable(b, table));
                assertThat(duck.comparable(c, table)).as("parquet " + table).isEqualTo(duck.comparable(b, table));
            }
        }
    }
}
