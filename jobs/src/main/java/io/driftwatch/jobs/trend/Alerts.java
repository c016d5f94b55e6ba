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
            describe(a, s.model() + "/decision/" + s.modelVersion(), s.decision() == io.driftwatch.common.trend.Verdict.RETRAIN
                    ? "error" : "warning", s.decision() + (s.reasons().isEmpty() ? "" : ": " + s.reasons().get(0)));
            s.reasons().forEach(a.putArray("reasons")::add);
            s.driftedFeatures().forEach(a.putArray("drifted_features")::add);
            out.add(a);
        }
        for (KpiAnomaly k : judged.anomalies()) {
            if (!k.anomaly()) continue;
            if (io.driftwatch.common.trend.Judge.TRAFFIC.equals(k.kpi())) {
                out.add(silence(runId, k));
                continue;
            }
            ObjectNode a = base("anomaly", runId, k.model(), k.modelVersion(), k.segment(), k.windowStart(), k.windowEnd());
            a.put("kpi", k.kpi()).put("value", k.value()).put("baseline_mean", k.baselineMean())
                    .put("z_score", k.zScore()).put("pct_change", k.pctChange()).put("direction", k.direction());
            describe(a, k.model() + "/anomaly/" + k.kpi() + "/" + k.modelVersion() + "/" + k.segment(), "warning",
                    String.format(java.util.Locale.ROOT, "%s %s: %s vs baseline %s%s", k.kpi(), k.direction(),
                            number(k.value()), number(k.baselineMean()), k.note() == null ? "" : " (" + k.note() + ")"));
            out.add(a);
        }
        for (io.driftwatch.common.trend.CheckResult c : judged.checks()) {
            if (!c.failed()) continue;
            ObjectNode a = base("check", runId, c.model(), c.modelVersion(), c.segment(), c.windowStart(), c.windowEnd());
            a.put("check", c.check()).put("expression", c.expression()).put("value", c.value())
                    .put("decision", c.retrain() ? "RETRAIN" : "INVESTIGATE").put("note", c.note());
            describe(a, c.model() + "/check/" + c.check() + "/" + c.modelVersion() + "/" + c.segment(),
                    c.retrain() ? "error" : "warning", "check failed: " + c.check() + " (" + c.note() + ")");
            out.add(a);
        }
        for (FeatureDriftRow d : judged.drifted()) {
            ObjectNode a = base("drift", runId, d.model(), d.modelVersion(), d.segment(), d.windowStart(), d.windowEnd());
            a.put("feature", d.d().feature()).put("column_kind", d.d().kind().configName()).put("method", d.d().method())
                    .put("statistic", d.d().statistic()).put("threshold", d.d().threshold());
            describe(a, d.model() + "/drift/" + d.d().feature() + "/" + d.modelVersion(), "warning",
                    String.format(java.util.Locale.ROOT, "%s drifted: %s %s against threshold %s", d.d().feature(),
                            d.d().method(), number(d.d().statistic()), number(d.d().threshold())));
            out.add(a);
        }
        return out;
    }

    /** A silent key's alert ({@code Judge#silences}): the window it was expected in and what was expected. */
    public static ObjectNode silence(String runId, KpiAnomaly k) {
        ObjectNode a = base("silence", runId, k.model(), k.modelVersion(), k.segment(), k.windowStart(), k.windowEnd());
        a.put("expected", k.baselineMean()).put("note", k.note());
        describe(a, k.model() + "/silence/" + k.segment(), "critical", k.note());
        return a;
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

    /**
     * The fields every receiver uses: {@code dedup_key} (one per model and rule: the incident a route
     * opens and resolves), {@code severity_level} (PagerDuty's critical | error | warning) and
     * {@code summary} (one line: model, version, segment, window and what fired).
     */
    private static void describe(ObjectNode a, String rule, String level, String what) {
        a.put("dedup_key", "driftwatch/" + rule);
        a.put("severity_level", level);
        String segment = a.path("segment").asText(io.driftwatch.common.model.Observation.ALL_SEGMENTS);
        a.put("summary", a.get("model").asText() + " " + a.path("model_version").asText()
                + (io.driftwatch.common.model.Observation.ALL_SEGMENTS.equals(segment) ? "" : " [" + segment + "]") + " "
                + a.get("window_start").asText() + ": " + what);
    }

    private static String number(Double v) {
        return v == null ? "-" : String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    /**
     * The (model, window start) pairs a judgment decided: where a route resolves the model's incidents
     * that did not fire (a silent window decides nothing, so it resolves nothing; the model's next
     * window with records resolves its silence).
     */
    public static java.util.Set<Map.Entry<String, Long>> judgedWindows(HistoryJudge.Judged judged) {
        java.util.Set<Map.Entry<String, Long>> out = new java.util.LinkedHashSet<>();
        for (RetrainingSignal s : judged.signals()) out.add(Map.entry(s.model(), s.windowStart()));
        return out;
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
