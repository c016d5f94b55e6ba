package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.cli.Driftwatch;
import io.driftwatch.jobs.generate.SyntheticLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stream --bounded} from a real Kafka broker in the test JVM (KRaft, one combined node):
 * the generated log with planted problems is produced to a 3-partition topic and its late labels to
 * a labels topic, with poison messages among the predictions (not JSON, 5 MB, wrong types). The
 * tables must equal those {@code analyze} writes from the same records in a file — drift, anomalies
 * and decisions included — and every poison message must be a dead letter naming its offset.
 */
class StreamKafkaTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    static KafkaBroker kafka;
    static String bootstrap;
    @TempDir
    static Path dir;
    static Path streamed;
    static Path batch;
    static final String HUGE = "x".repeat(5 << 20);
    static final List<String> POISON = List.of("this is not JSON", HUGE,
            "{\"timestamp\": true, \"model\": \"fraud_detector\", \"prediction\": \"high\"}");

    @BeforeAll
    static void run() throws Exception {
        kafka = KafkaBroker.start();
        bootstrap = kafka.bootstrap();

        Path log = dir.resolve("log.jsonl");
        Path labels = dir.resolve("labels.jsonl");
        SyntheticLog.write(new SyntheticLog.Spec(9_000, 4, 3, 17, 5, LocalDate.parse("2026-11-01"), 2, 1, 3, 0.002, 0.3,
                0.4), log, labels);
        kafka.createTopics(List.of(
                new NewTopic("predictions", 3, (short) 1).configs(Map.of("max.message.bytes", String.valueOf(8 << 20))),
                new NewTopic("labels", 2, (short) 1)));
        kafka.produce("predictions", Files.readAllLines(log), 3);
        kafka.produce("predictions", POISON.stream().map(poison -> new KafkaBroker.Message(1, poison)).toList());
        kafka.produce("labels", Files.readAllLines(labels), 2);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                window: 1d
                models:
                  fraud_detector: {task: binary_classification, segments: [country]}
                  demand_forecast: {task: regression}
                  intent_classifier: {task: multiclass_classification}
                """);
        streamed = dir.resolve("streamed");
        batch = dir.resolve("batch");
        List<String> common = List.of("--config", config.toString(), "--reference-from", "2026-11-01", "--reference-to",
                "2026-11-02", "--parallelism", "2");
        assertThat(Driftwatch.run(concat(List.of("stream", "--kafka-bootstrap", bootstrap, "--topic", "predictions",
                "--labels-topic", "labels", "--bounded", "--alerts-topic", "alerts", "--output", streamed.toString()), common)))
                .isZero();
        assertThat(Driftwatch.run(concat(List.of("analyze", "--input", log.toString(), "--labels", labels.toString(),
                "--output", batch.toString()), common))).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }

    @Test
    void boundedStreamFromKafkaWritesWhatAnalyzeWrites() throws Exception {
        try (Duck duck = new Duck()) {
            for (String table : List.of("kpi_windows", "feature_profiles", "feature_drift", "kpi_anomalies",
                    "retraining_signals")) {
                String fromKafka = duck.comparable(streamed, table);
                assertThat(fromKafka).as(table).isNotEqualTo("[]");
                assertThat(fromKafka).as(table).isEqualTo(duck.comparable(batch, table));
            }
            // the planted problems are in it: drift retrains, so the comparison is not of empty judgements
            assertThat(duck.count("select count(*) from " + Duck.table(streamed, "retraining_signals")
                    + " where decision = 'RETRAIN'")).isPositive();
            assertThat(duck.value("select command from " + Duck.table(streamed, "runs"))).isEqualTo("stream");
            // the audit trail names each partition's offsets, exactly what was produced (docs/guide/audit.md):
            // 9,000 generated lines round-robin over 3 partitions, then the poison messages on partition 1
            String inputs = String.valueOf(duck.value("select cast(input_files as varchar) from "
                    + Duck.table(streamed, "runs")));
            assertThat(inputs).contains("topic predictions from earliest: partition 0 [0, " + perPartition(0) + "),"
                    + " partition 1 [0, " + perPartition(1) + "), partition 2 [0, " + perPartition(2) + ")");
            assertThat(inputs).contains("topic labels from earliest: partition 0 [0, ");
        }
    }

    /** How many messages {@link #run} produced to a partition of {@code predictions}. */
    static long perPartition(int partition) throws Exception {
        long lines = Files.readAllLines(dir.resolve("log.jsonl")).size();
        return lines / 3 + (partition < lines % 3 ? 1 : 0) + (partition == 1 ? POISON.size() : 0);
    }

    @Test
    void poisonMessagesAreDeadLettersWithTheirOffsetAndTheRunGoesOn() throws Exception {
        try (Duck duck = new Duck()) {
            // the last three messages of partition 1, in the order produced
            List<Map<String, Object>> poison = duck.rows("select * from (select source, error, length(raw) as n,"
                    + " cast(split_part(source, '/', 3) as bigint) as o from " + Duck.table(streamed, "dead_letter")
                    + " where source like 'predictions/1/%' order by o desc limit 3) order by o");
            assertThat(poison).extracting(r -> r.get("error")).startsWith("invalid_json", "invalid_json");
            assertThat((String) poison.get(2).get("error")).isIn("bad_timestamp", "bad_prediction", "bad_field");
            assertThat((Long) poison.get(1).get("n")).isLessThanOrEqualTo(4096); // the 5 MB value, cut to 4 KiB
            // the generated log's own bad lines too, as analyze finds them in the file
            assertThat(duck.count("select count(*) from " + Duck.table(streamed, "dead_letter")))
                    .isEqualTo(duck.count("select count(*) from " + Duck.table(batch, "dead_letter")) + POISON.size());
        }
    }

    @Test
    void alertsGoToTheirTopic() throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);

        Map<String, Integer> kinds = new java.util.TreeMap<>();
        List<com.fasterxml.jackson.databind.JsonNode> decisions = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                p, new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.StringDeserializer())) {
            // assigned, not subscribed: no group coordinator needed on the one-node test broker
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor("alerts").stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 20_000;
            int idle = 0;
            while (System.currentTimeMillis() < deadline && idle < 3) {
                var records = consumer.poll(java.time.Duration.ofMillis(1000));
                if (records.isEmpty() && !kinds.isEmpty()) idle++;
                for (var r : records) {
                    com.fasterxml.jackson.databind.JsonNode a = json.readTree(r.value());
                    kinds.merge(a.get("kind").asText(), 1, Integer::sum);
                    assertThat(r.key()).isEqualTo(a.get("model").asText());
                    if (a.get("kind").asText().equals("decision")) decisions.add(a);
                }
            }
        }
        try (Duck duck = new Duck()) {
            assertThat(kinds).isEqualTo(Map.of(
                    "decision", (int) duck.count("select count(*) from " + Duck.table(streamed, "retraining_signals")
                            + " where decision <> 'OK'"),
                    "anomaly", (int) duck.count("select count(*) from " + Duck.table(streamed, "kpi_anomalies") + " where anomaly"),
                    "drift", (int) duck.count("select count(*) from " + Duck.table(streamed, "feature_drift")
                            + " where drifted and segment = '__all__'")));
        }
        assertThat(decisions).allSatisfy(a -> {
            assertThat(a.get("decision").asText()).isIn("RETRAIN", "INVESTIGATE");
            assertThat(a.get("reasons").size()).isPositive();
        });
    }
}
