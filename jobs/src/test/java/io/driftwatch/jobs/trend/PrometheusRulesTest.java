package io.driftwatch.jobs.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftwatch.common.config.ConfigLoader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rules file of {@code driftwatch alert-rules} checked as {@code promtool check rules} does: the
 * file's shape (groups, unique names, one of alert/record, durations, label names, templates) against
 * Prometheus's rules-file format, and every expression parsed by Prometheus's own PromQL grammar
 * ({@code @prometheus-io/lezer-promql}, the parser of Prometheus's web UI, run in Node; {@code .ci/run}
 * installs it and sets {@code DRIFTWATCH_PROMQL_MODULES}). The metric names are checked against a
 * running stream's Prometheus endpoint in {@code StreamContinuousTest}.
 */
class PrometheusRulesTest {
    /** Prometheus's duration syntax (model.ParseDuration). */
    static final Pattern DURATION = Pattern.compile("^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?"
            + "(([0-9]+)s)?(([0-9]+)ms)?$");
    static final Pattern METRIC_NAME = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
    static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    static final Set<String> RULE_KEYS = Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations");

    @Test
    void theRulesFileIsWhatPrometheusReads() throws Exception {
        String yaml = PrometheusRules.yaml(ConfigLoader.parse("window: 1h\nstreaming: {out_of_orderness: 5m}\n"));
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertThat(root.fieldNames()).toIterable().containsExactly("groups");
        Set<String> groups = new HashSet<>();
        List<String> exprs = new ArrayList<>();
        for (JsonNode g : root.get("groups")) {
            assertThat(groups.add(g.get("name").asText())).as("group names are unique").isTrue();
            Set<String> alerts = new HashSet<>();
            for (JsonNode r : g.get("rules")) {
                r.fieldNames().forEachRemaining(k -> assertThat(RULE_KEYS).contains(k));
                assertThat(r.has("alert") ^ r.has("record")).isTrue();
                assertThat(r.get("alert").asText()).matches(METRIC_NAME);
                assertThat(alerts.add(r.get("alert").asText())).isTrue();
                assertThat(r.get("for").asText()).matches(DURATION);
                r.get("labels").fieldNames().forEachRemaining(k -> assertThat(k).matches(LABEL_NAME));
                r.get("annotations").fields().forEachRemaining(a -> {
                    String t = a.getValue().asText();
                    assertThat(t.split("\\{\\{", -1).length).as("balanced template in %s", t)
                            .isEqualTo(t.split("}}", -1).length);
                });
                assertThat(r.get("labels").get("severity").asText()).isIn("critical", "warning");
                exprs.add(r.get("expr").asText());
            }
        }
        assertThat(exprs).hasSize(7);
        // a 1 h window, 5 min lateness: a model is stale after 2 windows + lateness + 10 min
        assertThat(exprs).contains("time() - max by (model) (flink_taskmanager_job_task_operator_model_last_window_start)"
                + " / 1000 > 8100");
        for (String m : PrometheusRules.METRICS) assertThat(m).matches(METRIC_NAME);

        String modules = System.getenv("DRIFTWATCH_PROMQL_MODULES");
        if ("1".equals(System.getenv("DRIFTWATCH_REQUIRE_PROMQL"))) {
            assertThat(modules).as("DRIFTWATCH_PROMQL_MODULES (.ci/run installs @prometheus-io/lezer-promql)").isNotNull();
        }
        assumeThat(modules).as("Prometheus's PromQL grammar (npm @prometheus-io/lezer-promql) not installed").isNotNull();
        assertThat(new File(modules)).isDirectory();
        String parsed = promql(modules, exprs);
        assertThat(parsed.lines().toList()).as(parsed).hasSize(exprs.size()).allMatch("ok"::equals);
        // and the grammar does reject a broken expression (the check can fail)
        assertThat(promql(modules, List.of("max by (model (x) > 1"))).startsWith("error at");
    }

    /** Each expression through the grammar: "ok" or "error at N: expr", a line each. */
    private static String promql(String modules, List<String> exprs) throws Exception {
        Path script = Path.of(PrometheusRulesTest.class.getResource("/promql/check.cjs").toURI());
        ProcessBuilder pb = new ProcessBuilder("node", script.toString()).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", modules);
        Process p = pb.start();
        p.getOutputStream().write((String.join("\n", exprs) + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
