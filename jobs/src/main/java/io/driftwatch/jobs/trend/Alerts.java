package io.driftwatch.jobs.trend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.common.trend.KpiAnomaly;
import io.driftwatch.common.trend.RetrainingSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run found that someone should look at, as one JSON object each: every decision that is not
 * {@code OK} ({@code "kind": "decision"}), every KPI anomaly ({@code "anomaly"}) and every drifted
 * column of a whole model ({@code "drift"}). Logged at WARN, and sent to a Kafka topic when one is
 * given (key: the model), so an alert manager or a chat bot can subscribe.
 */
public final class Alerts {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Alerts() {}

    /** Where alerts go besides the log: a topic on brokers, with client properties (SASL/SSL). */
    public record Destination(String bootstrap, String topic, Map<String, String> properties) implements java.io.Serializable {}

    /** The alerts of a judged range, in a stable order (decisions, anomalies, drift; by model and window). */
    public static List<ObjectNode> of(String runId, HistoryJudge.Judged judged) {
        List<ObjectNode> out = new ArrayList<>();
        for (RetrainingSignal s : judged.signals()) {
            if (s.decision() == io.driftwatch.common.trend.Verdict.OK) continue;
            ObjectNode a = base("decision", runId, s.model(), s.modelVersion(), null, s.windowStart(), s.windowEnd());
            a.put("decision", s.decision().name()).put("severity", s.severity());
            s.reasons().forEach(a.putArray("reasons")::add);
            s.driftedFeatures().forEach(a.putArray("drifted_features")::add);
            out.add(a);
        }
        for (KpiAnomaly k : judged.anomalies()) {
            if (!k.anomaly()) continue;
            ObjectNode a = base("anomaly", runId, k.model(), k.modelVersion(), k.segment(), k.windowStart(), k.windowEnd());
            a.put("kpi", k.kpi()).put("value", k.value()).put("baseline_mean", k.baselineMean())
                    .put("z_score", k.zScore()).put("pct_change", k.pctChange()).put("direction", k.direction());
            out.add(a);
        }
        for (FeatureDriftRow d : judged.drifted()) {
            ObjectNode a = base("drift", runId, d.model(), d.modelVersion(), d.segment(), d.windowStart(), d.windowEnd());
            a.put("feature", d.d().feature()).put("column_kind", d.d().kind().configName()).put("method", d.d().method())
                    .put("statistic", d.d().statistic()).put("threshold", d.d().threshold());
            out.add(a);
        }
        return out;
    }

    /** Logs the alerts and sends them to {@code destination} (null: the log only); returns how many. */
    public static int publish(List<ObjectNode> alerts, Destination destination) throws Exception {
        for (ObjectNode a : alerts) LOG.warn("alert: {}", a);
        if (destination == null || alerts.isEmpty()) return alerts.size();
        Properties p = new Properties();
        p.putAll(destination.properties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, destination.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (ObjectNode a : alerts) {
                producer.send(new ProducerRecord<>(destination.topic(), a.get("model").asText(), JSON.writeValueAsString(a)));
            }
            producer.flush();
        }
        return alerts.size();
    }

    private static ObjectNode base(String kind, String runId, String model, String version, String segment, long start,
            long end) {
        ObjectNode a = JSON.createObjectNode();
        a.put("kind", kind).put("run_id", runId).put("model", model).put("model_version", version);
        if (segment != null) a.put("segment", segment);
        a.put("window_start", Timestamps.format(start)).put("window_end", Timestamps.format(end));
        return a;
    }
}
