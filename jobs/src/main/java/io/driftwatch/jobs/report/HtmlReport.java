package io.driftwatch.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a {@link ReportData} into one self-contained HTML file: the page from a Mustache template
 * (text HTML-escaped by the engine), Apache ECharts inlined from its WebJar, the chart data as a JSON
 * block the page's script draws from. Nothing is fetched when the file is opened.
 */
public final class HtmlReport {
    /** ECharts as its WebJar ships it (Maven: org.webjars.npm:echarts). */
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HtmlReport() {}

    public static void render(ReportData data, Writer out) throws IOException {
        // the page's text (its records' components), then what the file carries around it
        Map<String, Object> scope = new LinkedHashMap<>();
        String echarts = resource(ECHARTS);
        String script = resource("report/report.js");
        scope.put("echarts", echarts);
        scope.put("script", script);
        // the page runs its own two scripts and nothing else: no inline handler, no injected script
        scope.put("contentSecurityPolicy", "default-src 'none'; script-src " + scriptHash(echarts) + " "
                + scriptHash(script) + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'");
        scope.put("style", resource("report/report.css"));
        scope.put("data", scriptSafe(JSON.writeValueAsString(data.charts())));
        scope.put("generated", io.driftwatch.common.parse.Timestamps.format(System.currentTimeMillis()));
        Mustache page = new DefaultMustacheFactory().compile("report/report.html.mustache");
        page.execute(out, new Object[] {data.page(), scope}).flush();
    }

    public static String render(ReportData data) {
        StringWriter w = new StringWriter();
        try {
            render(data, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * JSON inside a script element: no {@code <} at all (escaping only {@code </} is not enough:
     * {@code <!--} then {@code <script} puts the HTML parser in its script-data double-escaped state
     * and the rest of the page is swallowed), no U+2028/2029. {@code \u003c} is the same JSON string.
     */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /** A CSP source for an inline script: {@code 'sha256-<base64>'} of its exact text. */
    public static String scriptHash(String script) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + java.util.Base64.getEncoder().encodeToString(d) + "'";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing resource " + name + " (the jar is incomplete)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
