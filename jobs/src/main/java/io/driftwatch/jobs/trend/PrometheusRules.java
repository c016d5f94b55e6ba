package io.driftwatch.jobs.trend;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.common.config.DriftwatchConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A Prometheus alerting-rules file ({@code driftwatch alert-rules}, docs/guide/alerts.md
 * "Alertmanager") over the metrics a running {@code stream} exposes through Flink's Prometheus
 * reporter (docs/guide/streaming.md "Counts and metrics"), for Alertmanager to route: the model's last
 * decision, its anomalies, a model whose records stop, a stream that stops judging or falls behind,
 * and dead letters. Durations follow the config's window and {@code streaming.out_of_orderness}.
 */
public final class PrometheusRules {
    private PrometheusRules() {}

    /** Flink's Prometheus reporter names an operator metric {@code flink_taskmanager_job_task_operator_<group>_<name>}. */
    public static final String PREFIX = "flink_taskmanager_job_task_operator_";

    /** One rule: its name, PromQL, how long it must hold, severity and what it says. */
    public record Rule(String alert, String expr, String forDuration, String severity, String summary, String description) {}

    /** The metric names the rules read (each must be what the stream exposes: StreamContinuousTest scrapes them). */
    public static final List<String> METRICS = List.of(PREFIX + "model_last_decision", PREFIX + "model_last_anomalies",
            PREFIX + "model_last_window_start", PREFIX + "model_records_per_s", PREFIX + "model_records",
            PREFIX + "watermark_lag_ms", PREFIX + "dead_letters");

    public static List<Rule> rules(DriftwatchConfig config) {
        long window = config.window().maxLengthMillis();
        long outOfOrder = config.streaming().outOfOrderness().toMillis();
        long wait = config.labelWait().toMillis();
        // a window is judged when the watermark passes its end + labels.wait; allow one more window and the lateness
        long stale = (2 * window + wait + outOfOrder) / 1000 + 600;
        long lag = window + wait + outOfOrder + 15 * 60_000L;
        List<Rule> out = new ArrayList<>();
        out.add(new Rule("DriftwatchRetrain", "max by (model) (" + PREFIX + "model_last_decision) >= 2", "0m", "critical",
                "{{ $labels.model }}: Driftwatch decided RETRAIN",
                "The last judged window of {{ $labels.model }} was decided RETRAIN; its reasons are in retraining_signals."));
        out.add(new Rule("DriftwatchInvestigate", "max by (model) (" + PREFIX + "model_last_decision) == 1", "0m", "warning",
                "{{ $labels.model }}: Driftwatch decided INVESTIGATE",
                "The last judged window of {{ $labels.model }} was decided INVESTIGATE; see retraining_signals and kpi_anomalies."));
        out.add(new Rule("DriftwatchKpiAnomalies", "max by (model) (" + PREFIX + "model_last_anomalies) > 0", "0m", "warning",
                "{{ $labels.model }}: {{ $value }} KPI anomalies in the last window",
                "KPI anomalies beyond the window's noise in the last judged window of {{ $labels.model }} (kpi_anomalies)."));
        out.add(new Rule("DriftwatchNoRecords", "sum by (model) (" + PREFIX + "model_records_per_s) == 0",
                duration(Math.max(window, 15 * 60_000L)), "critical", "{{ $labels.model }}: no predictions",
                "The stream has read no record of {{ $labels.model }} for a window; Driftwatch's own silence rule"
                        + " (kpi_anomalies kpi = 'traffic') judges this against the model's usual traffic."));
        out.add(new Rule("DriftwatchNoJudgedWindow", "time() - max by (model) (" + PREFIX + "model_last_window_start) / 1000 > "
                + stale, "10m", "warning", "{{ $labels.model }}: no window judged lately",
                "No window of {{ $labels.model }} has been judged for two windows and the configured lateness."));
        out.add(new Rule("DriftwatchWatermarkLag", "max(" + PREFIX + "watermark_lag_ms) > " + lag, "15m", "warning",
                "Driftwatch stream behind: watermark {{ $value }} ms behind the clock",
                "The stream's watermark trails the wall clock by more than a window and the lateness: windows are late."));
        out.add(new Rule("DriftwatchDeadLetters", "sum(rate(" + PREFIX + "dead_letters[15m])) > 0.01 * sum(rate(" + PREFIX
                + "model_records[15m]))", "15m", "warning", "Driftwatch: over 1 % of records are dead letters",
                "More than 1 % of the records read in 15 minutes were unusable; the dead_letter table says why."));
        return out;
    }

    /** The rules file: {@code groups: [{name: driftwatch, rules: [...]}]}, as Prometheus reads it. */
    public static String yaml(DriftwatchConfig config) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode group = root.putArray("groups").addObject();
        group.put("name", "driftwatch");
        ArrayNode rules = group.putArray("rules");
        for (Rule r : rules(config)) {
            ObjectNode n = rules.addObject();
            n.put("alert", r.alert()).put("expr", r.expr()).put("for", r.forDuration());
            n.putObject("labels").put("severity", r.severity()).put("source", "driftwatch");
            n.putObject("annotations").put("summary", r.summary()).put("description", r.description());
        }
        try {
            return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.SPLIT_LINES))
                    .writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Prometheus duration: whole minutes or hours. */
    static String duration(long millis) {
        long m = Math.max(1, millis / 60_000);
        return m % 60 == 0 ? m / 60 + "h" : m + "m";
    }
}
