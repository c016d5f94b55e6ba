package io.driftwatch.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, items 8 and 9: names from the logs are text wherever the report shows them. A model,
 * version, feature and category holding HTML (an {@code <img onerror>} payload, {@code <!--<script>})
 * are analyzed and reported; the page is opened in headless Chromium with every tooltip shown
 * (ECharts {@code dispatchAction showTip} on every data item of every chart): no payload runs, no
 * element with an {@code on*} attribute appears, every chart is drawn, and the page's
 * Content-Security-Policy lets its own scripts run (no console message).
 */
class HostileReportTest {
    static final String PAYLOAD = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";
    static final String MODEL = "shop<!--<script>" + PAYLOAD;
    static final String VERSION = "v1" + PAYLOAD;
    static final String FEATURE = "x" + PAYLOAD;
    static final String CATEGORY = "c" + PAYLOAD;
    /** A group of the fairness attribute (its chart's series name and tooltip note). */
    static final String GROUP = "g" + PAYLOAD;

    @TempDir
    static Path dir;
    static Path html;

    @BeforeAll
    static void analyzeAndReport() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SplittableRandom random = new SplittableRandom(19);
        List<String> lines = new ArrayList<>();
        for (int day = 1; day <= 4; day++) {
            for (int i = 0; i < 300; i++) {
                ObjectNode r = json.createObjectNode();
                r.put("prediction_id", day + "-" + i);
                r.put("timestamp", String.format("2026-11-%02dT%02d:%02d:00Z", day, i % 24, i % 60));
                r.put("model", MODEL);
                r.put("model_version", VERSION);
                double score = random.nextDouble();
                r.put("prediction", score);
                r.put("label", random.nextDouble() < (day == 4 ? 0.5 : score) ? 1 : 0);
                r.put("latency_ms", day == 4 ? 400 + random.nextInt(50) : 20 + random.nextInt(10));
                ObjectNode f = r.putObject("features");
                // the numeric feature drifts on day 4, the categorical one gains the hostile category
                double x = random.nextDouble();
                f.put(FEATURE, x + (day == 4 ? 2 : 0));
                // a second numeric feature, correlated: the multivariate chart's note names the hostile one
                f.put("y", x + 0.3 * random.nextDouble());
                f.put("country", day == 4 && i % 2 == 0 ? CATEGORY : "c" + (i % 3));
                // a fairness attribute whose second group is hostile and, on day 4, rarely positive (a breach)
                boolean hostile = i % 2 == 1;
                r.put("grp", hostile ? GROUP : "a");
                if (hostile && day == 4) r.put("prediction", score * 0.2);
                lines.add(json.writeValueAsString(r));
            }
        }
        Path input = dir.resolve("hostile.jsonl");
        Files.write(input, lines);
        Path out = dir.resolve("out");
        // the config as JSON (YAML reads it): the model's hostile name is a key
        Path config = dir.resolve("hostile.yaml");
        ObjectNode c = json.createObjectNode();
        c.put("window", "1d");
        ObjectNode m = c.putObject("models").putObject(MODEL);
        m.put("task", "binary_classification");
        m.putArray("fairness").addObject().put("attribute", "grp").put("reference_group", "a");
        Files.writeString(config, json.writeValueAsString(c));
        assertThat(Driftwatch.run("analyze", "--config", config.toString(), "--input", input.toString(), "--output",
                out.toString(), "--reference-from", "2026-11-01", "--reference-to", "2026-11-03")).isZero();
        html = dir.resolve("report.html");
        assertThat(Driftwatch.run("report", "--output", out.toString(), "--html", html.toString())).isZero();
    }

    @Test
    void theNamesAreTextInThePageAndTheDataBlockHoldsNoAngleBracket() throws Exception {
        Document page = Jsoup.parse(html.toFile(), "UTF-8");
        String block = page.getElementById("report-data").data();
        assertThat(block).doesNotContain("<");
        // the data block is whole: it parses, and holds the names as they were
        assertThat(new ObjectMapper().readTree(block).get("models").get(0).get("name").asText()).isEqualTo(MODEL);
        assertThat(page.selectFirst("section.model h2").text()).isEqualTo(MODEL);
        // the fairness chart: its series is the hostile group, with the day-4 breach (flag 1) and its note
        assertThat(block).contains("grp=g\\u003cimg").contains(",1,\"disparate impact 0.000");
        assertThat(block).contains("\"multivariate\":{\"id\":\"m0-multivariate\",\"series\":[{");
        // the F1 chart carries CBPE's estimate beside the realised value, named after the hostile version
        assertThat(block).contains(" estimated\",\"points\":[[");
        assertThat(page.select("img")).isEmpty();
        assertThat(page.getAllElements()).allSatisfy(e -> assertThat(e.attributes().asList())
                .noneMatch(a -> a.getKey().toLowerCase().startsWith("on")));
        // the script after the data block is still a script (the parser was not swallowed by "<!--<script>")
        assertThat(page.select("script")).hasSize(3);
        String csp = page.selectFirst("meta[http-equiv=Content-Security-Policy]").attr("content");
        // the two scripts of the page, by hash, and nothing else
        assertThat(csp).startsWith("default-src 'none'; script-src 'sha256-").doesNotContain("script-src 'unsafe-inline'");
        for (Element script : page.select("script:not([type])")) {
            assertThat(csp).contains(io.driftwatch.jobs.report.HtmlReport.scriptHash(script.data()));
        }
    }

    /**
     * Without the CSP (so that escaping alone is tested), a probe script shows every tooltip of every
     * chart; the payload would mark the body and leave an {@code img} with {@code onerror}.
     */
    @Test
    void everyTooltipShownInChromiumRunsNoPayload() throws Exception {
        String chromium = ReportTest.chromium();
        Assumptions.assumeTrue(chromium != null || "1".equals(System.getenv("DRIFTWATCH_REQUIRE_BROWSER")),
                "no chromium on PATH (.ci/run installs it)");
        assertThat(chromium).as("chromium on PATH (DRIFTWATCH_REQUIRE_BROWSER=1)").isNotNull();
        String page = Files.readString(html, StandardCharsets.UTF_8);
        String probe = """
                <script>
                (function () {
                  var shown = 0, handlers = 0;
                  function count() {
                    document.querySelectorAll('*').forEach(function (e) {
                      for (var i = 0; i < e.attributes.length; i++) if (/^on/i.test(e.attributes[i].name)) handlers++;
                    });
                  }
                  document.querySelectorAll('[data-rendered=true]').forEach(function (el) {
                    var c = echarts.getInstanceByDom(el);
                    var series = c.getOption().series || [];
                    series.forEach(function (s, si) {
                      var n = (s.data || []).length;
                      for (var di = 0; di < n; di++) {
                        c.dispatchAction({ type: 'showTip', seriesIndex: si, dataIndex: di });
                        shown++;
                        if (di % 7 === 0) count();
                      }
                      var pins = (s.markPoint && s.markPoint.data) || [];
                      for (var pi = 0; pi < pins.length; pi++) {
                        c.dispatchAction({ type: 'showTip', seriesIndex: si, dataIndex: pi, name: pins[pi].name });
                        shown++;
                      }
                    });
                    count();
                  });
                  document.body.setAttribute('data-tips', String(shown));
                  document.body.setAttribute('data-on-attributes', String(handlers));
                })();
                </script>
                """;
        String withoutCsp = page.replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "");
        // the page's last "</body>" (ECharts' own code holds the text too)
        int end = withoutCsp.lastIndexOf("</body>");
        String probed = withoutCsp.substring(0, end) + probe + withoutCsp.substring(end);
        assertThat(probed).isNotEqualTo(page);
        Path probedFile = dir.resolve("probed.html");
        Files.writeString(probedFile, probed, StandardCharsets.UTF_8);
        // (ECharts itself warns on some forced showTip calls: only errors count for the probe)
        Document drawn = dump(chromium, probedFile, "probe", false);
        assertThat(drawn.body().attr("data-pwned")).isEmpty();
        assertThat(Integer.parseInt(drawn.body().attr("data-tips"))).isGreaterThan(100);
        assertThat(drawn.body().attr("data-on-attributes")).isEqualTo("0");
        assertThat(drawn.select("img")).isEmpty();
        assertThat(drawn.getElementById("errors").text()).isEmpty();

        // the page as written, CSP on: its own scripts run (every chart drawn), nothing is blocked
        Document asWritten = dump(chromium, html, "csp", true);
        List<Element> charts = asWritten.select("[data-rendered=true]");
        assertThat(charts.size()).isGreaterThan(5);
        assertThat(asWritten.body().attr("data-charts")).isEqualTo(String.valueOf(charts.size()));
    }

    private static Document dump(String chromium, Path file, String name, boolean noConsole) throws Exception {
        Path dom = dir.resolve(name + "-dom.html");
        Path log = dir.resolve(name + "-chromium.log");
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + dir.resolve("profile-" + name), "--virtual-time-budget=5000", "--dump-dom",
                file.toUri().toString())
                .redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium ended").isTrue();
        List<String> console = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> noConsole ? l.contains(":CONSOLE") || l.contains("Content Security Policy")
                        : l.contains("Uncaught") || l.contains("Content Security Policy")).toList();
        assertThat(console).as("console messages of %s", name).isEmpty();
        return Jsoup.parse(dom.toFile(), "UTF-8");
    }
}
