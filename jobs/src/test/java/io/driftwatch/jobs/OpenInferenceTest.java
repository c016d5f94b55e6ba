package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.cli.Driftwatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code input.format: openinference} (issue 22): a CSV of OpenInference tabular columns, written
 * as the spec names them (github.com/Arize-ai/open-inference-spec, spec/*.md: {@code :id:},
 * {@code :timestamp.iso_8601:}, {@code :version:}, {@code :feature.<type>:<name>},
 * {@code :prediction.float.score:}, {@code :actual.int.label:}, {@code :tag.str:<name>}), and its
 * ground truth in a separate file of the same columns, give the tables the same predictions give in
 * Driftwatch's own fields — read from files, and from Kafka topics of the same records as JSON
 * ({@code stream --bounded}).
 */
class OpenInferenceTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir Path dir;

    @Test
    void openInferenceColumnsGiveTheTablesOfTheSamePredictionsInDriftwatchsFields() throws Exception {
        Random r = new Random(11);
        List<String> oi = new ArrayList<>(List.of(":id.str:,:timestamp.iso_8601:,:version:,:feature.int:age,"
                + ":feature.str:plan,:feature.float:spend,:prediction.float.score:,:tag.str:region"));
        List<String> oiTruth = new ArrayList<>(List.of(":id.str:,:timestamp.iso_8601:,:actual.int.label:"));
        List<String> own = new ArrayList<>(), ownLabels = new ArrayList<>();
        List<String> oiJson = new ArrayList<>(), oiTruthJson = new ArrayList<>();
        String[] plans = {"free", "gold", "pro"}, regions = {"eu", "us"};
        for (int i = 0; i < 600; i++) {
            String id = "p" + i;
            String ts = String.format(Locale.ROOT, "2026-11-0%dT%02d:%02d:00Z", 1 + i % 2, (i / 2) % 24, i % 60);
            String version = i < 400 ? "v1" : "v2";
            int age = 18 + r.nextInt(60);
            String plan = plans[r.nextInt(3)];
            double spend = Math.round(r.nextDouble() * 10000) / 100.0;
            double score = Math.round(r.nextDouble() * 1000) / 1000.0;
            String region = regions[r.nextInt(2)];
            int label = r.nextDouble() < score ? 1 : 0;
            oi.add(String.join(",", id, ts, version, String.valueOf(age), plan, String.valueOf(spend), String.valueOf(score),
                    region));
            oiJson.add(String.format(Locale.ROOT, "{\":id.str:\":\"%s\",\":timestamp.iso_8601:\":\"%s\",\":version:\":\"%s\","
                    + "\":feature.int:age\":%d,\":feature.str:plan\":\"%s\",\":feature.float:spend\":%s,"
                    + "\":prediction.float.score:\":%s,\":tag.str:region\":\"%s\"}", id, ts, version, age, plan, spend, score,
                    region));
            own.add(String.format(Locale.ROOT, "{\"prediction_id\":\"%s\",\"timestamp\":\"%s\",\"model\":\"churn\","
                    + "\"model_version\":\"%s\",\"features\":{\"age\":%d,\"plan\":\"%s\",\"spend\":%s},\"prediction\":%s,"
                    + "\"region\":\"%s\"}", id, ts, version, age, plan, spend, score, region));
            if (i % 3 != 0) { // two thirds get ground truth, a day later
                String later = ts.replace("2026-11-0" + (1 + i % 2), "2026-11-0" + (2 + i % 2));
                oiTruth.add(String.join(",", id, later, String.valueOf(label)));
                oiTruthJson.add(String.format(Locale.ROOT, "{\":id.str:\":\"%s\",\":timestamp.iso_8601:\":\"%s\","
                        + "\":actual.int.label:\":%d}", id, later, label));
                ownLabels.add(String.format(Locale.ROOT, "{\"prediction_id\":\"%s\",\"timestamp\":\"%s\",\"label\":%d}", id,
                        later, label));
            }
        }
        Path oiLog = Files.write(dir.resolve("inferences.csv"), oi);
        Path oiLabels = Files.write(dir.resolve("actuals.csv"), oiTruth);
        Path ownLog = Files.write(dir.resolve("own.jsonl"), own);
        Path ownLabelFile = Files.write(dir.resolve("own-labels.jsonl"), ownLabels);
        String models = "window: 1d\nmodels: {churn: {task: binary_classification, segments: [region]}}\n";
        // the three lines a user adds for OpenInference (docs/guide/platforms.md)
        Path oiConfig = Files.writeString(dir.resolve("oi.yaml"), models + "input: {format: openinference, model: churn}\n");
        Path ownConfig = Files.writeString(dir.resolve("own.yaml"), models);

        Path a = dir.resolve("out-oi"), b = dir.resolve("out-own");
        assertThat(Driftwatch.run("analyze", "--config", oiConfig.toString(), "--input", oiLog.toString(), "--labels",
                oiLabels.toString(), "--from", "2026-11-01", "--to", "2026-11-03", "--output", a.toString())).isZero();
        assertThat(Driftwatch.run("analyze", "--config", ownConfig.toString(), "--input", ownLog.toString(), "--labels",
                ownLabelFile.toString(), "--from", "2026-11-01", "--to", "2026-11-03", "--output", b.toString())).isZero();
        // the same records as JSON messages in Kafka topics
        Path c = dir.resolve("out-oi-kafka");
        try (KafkaBroker kafka = KafkaBroker.start()) {
            kafka.createTopics(Map.of("inferences", 2, "actuals", 1));
            kafka.produce("inferences", oiJson, 2);
            kafka.produce("actuals", oiTruthJson, 1);
            assertThat(Driftwatch.run("stream", "--config", oiConfig.toString(), "--kafka-bootstrap", kafka.bootstrap(),
                    "--topic", "inferences", "--labels-topic", "actuals", "--bounded", "--from", "2026-11-01", "--to",
                    "2026-11-03", "--output", c.toString())).isZero();
        }
        try (Duck duck = new Duck()) {
            // 2 days x 2 versions, by region too; every label joined
            assertThat(duck.count("select count(*) from " + Duck.table(a, "kpi_windows"))).isEqualTo(12);
            assertThat(duck.count("select sum(labels_joined) from " + Duck.table(a, "runs"))).isEqualTo(400);
            assertThat(duck.value("select string_agg(distinct feature, ',' order by feature) from "
                    + Duck.table(a, "feature_profiles") + " where kind = 'feature'")).isEqualTo("age,plan,spend");
            for (String table : List.of("kpi_windows", "feature_profiles")) {
                assertThat(duck.comparable(a, table)).as(table).isEqualTo(duck.comparable(b, table));
                assertThat(duck.comparable(c, table)).as("kafka " + table).isEqualTo(duck.comparable(b, table));
            }
        }
    }
}
