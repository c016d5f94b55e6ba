package io.driftwatch.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.jobs.Duck;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of the demo output, checked by parsing its HTML against the tables read independently
 * (DuckDB), then opened in a headless Chromium (Debian's; {@code .ci/run} installs it).
 */
class ReportTest {
    @TempDir
    static Path dir;
    static Path out;
    static Path html;
    static Document page;
    static JsonNode data;

    @BeforeAll
    static void demoAndReport() throws Exception {
        assertThat(Driftwatch.run("demo", "--output", dir.toString())).isZero();
        out = dir.resolve("out");
        html = dir.resolve("report.html");
        assertThat(Driftwatch.run("report", "--output", out.toString(), "--html", html.toString())).isZero();
        page = Jsoup.parse(html.toFile(), "UTF-8");
        data = new ObjectMapper().readTree(page.getElementById("report-data").data());
    }

    /** The report finds the reference from the runs row's directory column, not from its description. */
    @Test
    void theReferenceComesFromTheRunsRow() throws Exception {
        try (Duck duck = new Duck()) {
            List<Map<String, Object>> runs = duck.rows("select reference, reference_profile from "
                    + Duck.table(out, "runs") + " where command = 'analyze'");
            assertThat(runs).isNotEmpty().allSatisfy(r -> {
                assertThat((String) r.get("reference_profile")).isNotBlank();
                assertThat(java.nio.file.Files.isDirectory(java.nio.file.Path.of(java.net.URI.create(
                        new org.apache.flink.core.fs.Path((String) r.get("reference_profile")).makeQualified(
                                org.apache.flink.core.fs.FileSystem.getLocalFileSystem()).toUri().toString()))
                        .resolve("feature_profiles"))).isTrue();
            });
        }
    }

    @Test
    void eachModelShowsItsLatestDecisionWithItsReasons() throws Exception {
        try (Duck duck = new Duck()) {
            String signals = Duck.table(out, "retraining_signals");
            // the latest window's most severe decision per model, as the tables hold it
            List<Map<String, Object>> latest = duck.rows("select model, decision, cast(to_json(reasons) as varchar) r from ("
                    + " select *, row_number() over (partition by model order by window_start desc, severity desc) n from "
                    + signals + ") where n = 1 order by model");
            assertThat(latest).hasSize(3);
            for (Map<String, Object> row : latest) {
                Element section = page.selectFirst("section.model[data-model=" + row.get("model") + "]");
                assertThat(section).as("section of %s", row.get("model")).isNotNull();
                assertThat(section.selectFirst(".decision .verdict").text()).isEqualTo(row.get("decision"));
                List<String> reasons = section.select(".decision .reasons li").eachText();
                List<String> stored = new ArrayList<>();
                new ObjectMapper().readTree((String) row.get("r")).forEach(r -> stored.add(r.asText()));
                if (stored.isEmpty()) assertThat(reasons).containsExactly("within every threshold");
                else assertThat(reasons).isEqualTo(stored);
            }
            // the drifted model's latest window is a RETRAIN, with the accuracy drop in words
            Element fraud = page.selectFirst("section.model[data-model=fraud_detector]");
            assertThat(fraud.selectFirst(".verdict").text()).isEqualTo("RETRAIN");
            assertThat(fraud.select(".reasons li").eachText()).anyMatch(r -> r.startsWith("accuracy"));
            // one decisions-table row per stored decision
            assertThat(page.select("table.decisions tbody tr")).hasSize((int) duck.count("select count(*) from " + signals));
        }
    }

    @Test
    void oneChartPerKpiSeriesWithThePlantedAnomaliesMarked() throws Exception {
        try (Duck duck = new Duck()) {
            String kpis = Duck.table(out, "kpi_windows");
            String anomalies = Duck.table(out, "kpi_anomalies");
            for (JsonNode model : data.get("models")) {
                String name = model.get("name").asText();
                // the KPIs with any value for the whole model, from the table
                Set<String> expected = new TreeSet<>();
                for (String kpi : List.of("accuracy", "f1", "roc_auc", "log_loss", "ece", "rmse", "mae", "estimated_accuracy",
                        "label_coverage", "mean_prediction", "latency_ms_p50", "latency_ms_p95", "latency_ms_p99",
                        "throughput_per_s", "error_rate", "cpu_pct_mean", "memory_mb_mean", "gpu_pct_mean")) {
                    if (duck.count("select count(" + kpi + ") from " + kpis + " where model = '" + name
                            + "' and segment = '__all__' and isfinite(" + kpi + ")") > 0) expected.add(kpi);
                }
                Set<String> charted = new TreeSet<>(page.select("section[data-model=" + name + "] .chart[data-kpi]")
                        .eachAttr("data-kpi"));
                assertThat(charted).as(name).isEqualTo(expected).contains("latency_ms_p95", "error_rate");
                // every anomaly of the whole model is a pin on its KPI's chart
                Map<String, Integer> pins = new HashMap<>();
                for (JsonNode k : model.get("kpis")) pins.put(k.get("kpi").asText(), k.get("anomalies").size());
                for (Map<String, Object> a : duck.rows("select kpi, count(*) n from " + anomalies + " where model = '"
                        + name + "' and segment = '__all__' and anomaly and value is not null group by kpi")) {
                    if (!expected.contains((String) a.get("kpi"))) continue;
                    assertThat(pins.get((String) a.get("kpi"))).as("%s %s", name, a.get("kpi"))
                            .isEqualTo(((Number) a.get("n")).intValue());
                }
            }
            // the planted latency spike (2026-11-06) and error burst (2026-11-07) of fraud_detector v1
            assertThat(pinDays("fraud_detector", "latency_ms_p95")).contains("2026-11-06");
            assertThat(pinDays("fraud_detector", "error_rate")).contains("2026-11-07");
            // the reference level drawn where the reference has the KPI
            assertThat(kpi("fraud_detector", "accuracy").get("reference").isNumber()).isTrue();
        }
    }

    static JsonNode kpi(String model, String kpi) {
        for (JsonNode m : data.get("models")) {
            if (!m.get("name").asText().equals(model)) continue;
            for (JsonNode k : m.get("kpis")) if (k.get("kpi").asText().equals(kpi)) return k;
        }
        throw new AssertionError("no chart of " + kpi + " for " + model);
    }

    static Set<String> pinDays(String model, String kpi) {
        Set<String> days = new TreeSet<>();
        for (JsonNode a : kpi(model, kpi).get("anomalies")) {
            days.add(java.time.Instant.ofEpochMilli(a.get("t").asLong()).toString().substring(0, 10));
        }
        return days;
    }

    @Test
    void theHeatmapHasACellForEveryColumnAndWindow() throws Exception {
        try (Duck duck = new Duck()) {
            for (JsonNode model : data.get("models")) {
                String name = model.get("name").asText();
                JsonNode drift = model.get("drift");
                Set<String> cells = new HashSet<>();
                for (JsonNode c : drift.get("cells")) {
                    cells.add(drift.get("columns").get(c.get(0 + 1).asInt()).asText() + "@"
                            + drift.get("windows").get(c.get(0).asInt()).asText());
                }
                Set<String> expected = new HashSet<>();
                for (Map<String, Object> r : duck.rows("select distinct case when kind = 'feature' or kind = feature then"
                        + " feature else kind || ':' || feature end c, strftime(window_start, '%Y-%m-%d') w from "
                        + Duck.table(out, "feature_drift") + " where model = '" + name + "' and segment = '__all__'")) {
                    expected.add(r.get("c") + "@" + r.get("w"));
                }
                assertThat(cells).as(name).hasSize(expected.size()).isEqualTo(expected);
                assertThat(page.selectFirst("section[data-model=" + name + "] .heatmap").attr("data-cells"))
                        .isEqualTo(String.valueOf(expected.size()));
                // drifted cells are flagged as the table has them
                long drifted = duck.count("select count(*) from (select distinct feature, kind, window_start from "
                        + Duck.table(out, "feature_drift") + " where model = '" + name + "' and segment = '__all__'"
                        + " and drifted)");
                long flagged = 0;
                for (JsonNode c : drift.get("cells")) flagged += c.get(3).asInt();
                assertThat(flagged).as(name).isEqualTo(drifted);
            }
            // the planted drift (x1, from 2026-11-08) has distributions to show, reference against window
            JsonNode fraud = null;
            for (JsonNode m : data.get("models")) if (m.get("name").asText().equals("fraud_detector")) fraud = m;
            List<String> shown = new ArrayList<>();
            fraud.get("distributions").get("2026-11-08").forEach(d -> shown.add(d.get("column").asText()));
            assertThat(shown).contains("x1");
            JsonNode x1 = fraud.get("distributions").get("2026-11-08").get(shown.indexOf("x1"));
            assertThat(x1.get("reference")).hasSize(11);
            assertThat(x1.get("current")).hasSize(11);
        }
    }

    @Test
    void theRunsTableAndDeadLettersAreThereAndNothingIsFetched() throws Exception {
        try (Duck duck = new Duck()) {
            List<String> ids = page.select("table.runs tbody tr td:first-child").eachText();
            List<String> stored = duck.rows("select run_id from " + Duck.table(out, "runs") + " order by started_at")
                    .stream().map(r -> (String) r.get("run_id")).toList();
            assertThat(ids).isEqualTo(stored).isNotEmpty();
            long deadLetters = duck.count("select count(*) from " + Duck.table(out, "dead_letter"));
            long shown = 0;
            for (Element td : page.select("table.dead-letters td.n")) shown += Long.parseLong(td.text());
            assertThat(shown).isEqualTo(deadLetters).isPositive();
        }
        // self-contained: no external script, style, image or font
        assertThat(page.select("script[src], link[href], img[src^=http], iframe")).isEmpty();
        assertThat(page.select("script").stream().mapToInt(s -> s.data().length()).sum()).isGreaterThan(900_000);
        assertThat(Files.size(html)).isLessThan(5L << 20);
    }

    /**
     * Chromium opens the file (headless, no sandbox, no background networking): no console message,
     * no script error, every chart drawn as SVG with content; a screenshot lands in target/.
     */
    @Test
    void aBrowserDrawsEveryChart() throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null || "1".equals(System.getenv("DRIFTWATCH_REQUIRE_BROWSER")),
                "no chromium on PATH (.ci/run installs it)");
        assertThat(chromium).as("chromium on PATH (DRIFTWATCH_REQUIRE_BROWSER=1)").isNotNull();
        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("chromium.log");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + dir.resolve("profile"),
                "--dump-dom", html.toUri().toString())
                .redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium ended").isTrue();
        List<String> console = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(":CONSOLE")).toList();
        assertThat(console).as("console messages").isEmpty();
        Document drawn = Jsoup.parse(dom.toFile(), "UTF-8");
        assertThat(drawn.getElementById("errors").text()).isEmpty();
        List<Element> charts = drawn.select("[data-rendered=true]");
        // every KPI chart, heatmap, and the dead-letter chart at least
        int expected = page.select(".chart[data-kpi]").size() + page.select(".heatmap").size() + 1;
        assertThat(charts.size()).isGreaterThanOrEqualTo(expected);
        assertThat(drawn.body().attr("data-charts")).isEqualTo(String.valueOf(charts.size()));
        for (Element c : charts) {
            assertThat(c.select("svg path").size()).as("paths drawn in #%s", c.id()).isGreaterThan(3);
        }
        Path target = Path.of("target", "report-demo.png");
        Process shot = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=1400,2200", "--screenshot=" + target.toAbsolutePath(), html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("shot.log").toFile()).start();
        assertThat(shot.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.size(target)).isGreaterThan(50_000);
    }

    static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (Files.isExecutable(Path.of(d, name))) return Path.of(d, name).toString();
            }
        }
        return null;
    }
}
