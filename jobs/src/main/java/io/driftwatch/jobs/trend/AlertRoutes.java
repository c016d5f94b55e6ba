package io.driftwatch.jobs.trend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.common.config.AlertRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to the configured routes (docs/guide/alerts.md): a JSON webhook, Slack incoming
 * webhooks, PagerDuty Events API v2. A rule that fires opens an incident under its dedup key (sent
 * once, however many windows it keeps firing); when a later judged window of the same model does not raise it, the
 * incident is resolved (PagerDuty {@code resolve}, {@code "status": "resolved"} to a webhook, a
 * "resolved" line to Slack). Open incidents are kept in {@code open.json} beside the dead-letter
 * file, so a daily run resolves what yesterday's opened.
 *
 * <p>Each request has the configured timeout and is retried with backoff on a network error, a 429
 * or a 5xx; what still fails is appended to the dead-letter file (without secrets: the request is
 * rebuilt when sent) and tried again first by the next delivery, so nothing is lost while a
 * receiver is down. After a route has failed all its tries once, the rest of that delivery's alerts
 * for it go straight to the dead letter (a receiver that is down costs one round of retries, not
 * one per alert). The JDK's HTTP client is used: the three formats are a few JSON fields each.
 */
public final class AlertRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AlertRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BACKOFF_MS = 500;

    private final AlertRoute.Settings settings;
    private final Path deadLetter;
    private final Path open;
    /**
     * Made at the first request: a JDK client's selector thread waits in native code, and a JVM holding
     * such a thread waits 300 ms at exit for it (every run built one, routes or not: a tenth of a
     * 10-record run; bench/README.md, "Fixed cost").
     */
    private HttpClient http;

    /** What a delivery did: requests that reached their route, and those left in the dead letter. */
    public record Delivery(int sent, int deadLettered, int resolved) {}

    /** @param outputDir the run's output directory (the dead letter and open incidents live under it unless absolute) */
    public AlertRoutes(AlertRoute.Settings settings, String outputDir) {
        this.settings = settings;
        Path dl = new Path(settings.deadLetter());
        this.deadLetter = dl.isAbsolute() ? dl : new Path(outputDir, settings.deadLetter());
        this.open = new Path(deadLetter.getParent(), "open.json");
    }

    public boolean enabled() {
        return !settings.routes().isEmpty();
    }

    /** One request to make: a route, trigger or resolve, and the alert (or the incident resolved). */
    record Pending(String route, String event, ObjectNode alert, String error) {}

    /**
     * Delivers the alerts of one judgment, window by window of each model: the dead letter's first,
     * then each window's firing alerts, then resolves for the model's open incidents its window did
     * not raise.
     *
     * @param judged the (model, window start) pairs judged (decided), including those without alerts
     */
    public synchronized Delivery deliver(List<ObjectNode> alerts, Set<Map.Entry<String, Long>> judged) throws IOException {
        Map<String, ObjectNode> incidents = readOpen();
        List<Pending> failed = new ArrayList<>();
        Set<String> down = new HashSet<>();
        int sent = 0;
        int resolved = 0;
        for (Pending p : readDeadLetter()) {
            AlertRoute r = route(p.route());
            if (r == null) continue; // the route was removed from the config
            if (send(r, p, down, failed)) sent++;
        }
        // window by window (then model), so a rule that fires and clears in one run opens and resolves
        TreeMap<Long, TreeMap<String, List<ObjectNode>>> byWindow = new TreeMap<>();
        for (Map.Entry<String, Long> j : judged) {
            byWindow.computeIfAbsent(j.getValue(), w -> new TreeMap<>()).computeIfAbsent(j.getKey(), m -> new ArrayList<>());
        }
        for (ObjectNode a : alerts) {
            long w = Instant.parse(a.get("window_start").asText()).toEpochMilli();
            byWindow.computeIfAbsent(w, x -> new TreeMap<>()).computeIfAbsent(a.get("model").asText(), m -> new ArrayList<>())
                    .add(a);
        }
        for (Map.Entry<Long, TreeMap<String, List<ObjectNode>>> window : byWindow.entrySet()) {
            for (Map.Entry<String, List<ObjectNode>> m : window.getValue().entrySet()) {
                Set<String> firing = new HashSet<>();
                for (ObjectNode a : m.getValue()) {
                    String key = a.get("dedup_key").asText();
                    firing.add(key);
                    // an incident already open is not sent again: one message when it opens, one when it clears
                    boolean open = incidents.containsKey(key);
                    incidents.put(key, a);
                    if (open) continue;
                    for (AlertRoute r : settings.routes()) {
                        if (r.sends(a.get("kind").asText()) && send(r, new Pending(r.name(), "trigger", a, null), down, failed)) {
                            sent++;
                        }
                    }
                }
                // a silent window judges nothing but the silence: only a judged window clears incidents
                if (!judged.contains(Map.entry(m.getKey(), window.getKey()))) continue;
                for (var it = incidents.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().get("model").asText().equals(m.getKey()) || firing.contains(e.getKey())) continue;
                    it.remove();
                    resolved++;
                    for (AlertRoute r : settings.routes()) {
                        if (r.sends(e.getValue().get("kind").asText())
                                && send(r, new Pending(r.name(), "resolve", e.getValue(), null), down, failed)) {
                            sent++;
                        }
                    }
                }
            }
        }
        writeOpen(incidents);
        writeDeadLetter(failed);
        if (!failed.isEmpty()) {
            LOG.warn("alerts: {} requests could not be delivered ({}); kept in {} and tried again by the next delivery",
                    failed.size(), failed.get(failed.size() - 1).error(), deadLetter);
        }
        return new Delivery(sent, failed.size(), resolved);
    }

    private AlertRoute route(String name) {
        for (AlertRoute r : settings.routes()) {
            if (r.name().equals(name)) return r;
        }
        return null;
    }

    /** One request with its retries; a failure goes to {@code failed} (and marks the route down). */
    private boolean send(AlertRoute r, Pending p, Set<String> down, List<Pending> failed) {
        if (down.contains(r.name())) {
            failed.add(new Pending(p.route(), p.event(), p.alert(), "route down earlier in this delivery"));
            return false;
        }
        String body;
        try {
            body = JSON.writeValueAsString(body(r, p.event(), p.alert()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String error = null;
        for (int attempt = 0; attempt <= settings.retries(); attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(BACKOFF_MS << (attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(r.url())).timeout(settings.timeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
                if (r.type().equals("webhook") && r.secret() != null) req.header("Authorization", "Bearer " + r.secret());
                if (http == null) http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
                HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                int code = resp.statusCode();
                if (code / 100 == 2) return true;
                error = "HTTP " + code;
                if (code != 429 && code / 100 != 5) break; // the receiver refuses it: retrying will not help
            } catch (IOException e) {
                error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
                break;
            }
        }
        down.add(r.name());
        LOG.warn("alerts: route {}: {} of {} failed after {} tries: {}", r, p.event(), p.alert().path("dedup_key").asText(),
                settings.retries() + 1, error);
        failed.add(new Pending(p.route(), p.event(), p.alert(), error));
        return false;
    }

    /** The request body of a route's format. */
    static ObjectNode body(AlertRoute r, String event, ObjectNode alert) {
        String summary = alert.path("summary").asText();
        boolean resolve = event.equals("resolve");
        return switch (r.type()) {
            case "slack" -> {
                // Slack's mrkdwn: &, < and > are control characters (api.slack.com/reference/surfaces/formatting)
                String text = (resolve ? "Resolved: " : "") + summary;
                ObjectNode s = JSON.createObjectNode();
                s.put("text", slack(text));
                ObjectNode section = s.putArray("blocks").addObject().put("type", "section");
                section.putObject("text").put("type", "mrkdwn").put("text", (resolve ? ":white_check_mark: *Resolved* " : ":rotating_light: ")
                        + slack(summary) + "\n`" + slack(alert.path("dedup_key").asText()) + "`");
                yield s;
            }
            case "pagerduty" -> {
                // PagerDuty Events API v2 (developer.pagerduty.com/docs/events-api-v2/trigger-events)
                ObjectNode p = JSON.createObjectNode();
                p.put("routing_key", r.secret()).put("event_action", resolve ? "resolve" : "trigger")
                        .put("dedup_key", alert.get("dedup_key").asText());
                if (!resolve) {
                    ObjectNode payload = p.putObject("payload");
                    payload.put("summary", summary.length() > 1024 ? summary.substring(0, 1021) + "..." : summary)
                            .put("source", "driftwatch").put("severity", alert.path("severity_level").asText("warning"))
                            .put("timestamp", alert.get("window_end").asText()).put("component", alert.get("model").asText())
                            .put("group", alert.path("model_version").asText()).put("class", alert.get("kind").asText());
                    payload.set("custom_details", alert);
                    p.put("client", "Driftwatch");
                }
                yield p;
            }
            default -> {
                ObjectNode w = alert.deepCopy();
                w.put("status", resolve ? "resolved" : "firing");
                yield w;
            }
        };
    }

    private static String slack(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ---- state beside the output

    private Map<String, ObjectNode> readOpen() throws IOException {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        String text = read(open);
        if (text == null || text.isBlank()) return out;
        JsonNode n = JSON.readTree(text);
        n.fields().forEachRemaining(e -> out.put(e.getKey(), (ObjectNode) e.getValue()));
        return out;
    }

    private void writeOpen(Map<String, ObjectNode> incidents) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        incidents.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.set(e.getKey(), e.getValue()));
        write(open, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
    }

    private List<Pending> readDeadLetter() throws IOException {
        List<Pending> out = new ArrayList<>();
        String text = read(deadLetter);
        if (text == null) return out;
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            JsonNode n = JSON.readTree(line);
            out.add(new Pending(n.get("route").asText(), n.get("event").asText(), (ObjectNode) n.get("alert"),
                    n.path("error").asText()));
        }
        return out;
    }

    private void writeDeadLetter(List<Pending> failed) throws IOException {
        StringBuilder sb = new StringBuilder();
        failed.sort(Comparator.comparing(Pending::route));
        for (Pending p : failed) {
            ObjectNode n = JSON.createObjectNode();
            n.put("route", p.route()).put("event", p.event()).put("error", p.error()).put("at", Instant.now().toString());
            n.set("alert", p.alert());
            sb.append(JSON.writeValueAsString(n)).append('\n');
        }
        if (sb.isEmpty() && read(deadLetter) == null) return;
        write(deadLetter, sb.toString());
    }

    private static String read(Path p) throws IOException {
        FileSystem fs = p.getFileSystem();
        if (!fs.exists(p)) return null;
        try (InputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(Path p, String text) throws IOException {
        FileSystem fs = p.getFileSystem();
        fs.mkdirs(p.getParent());
        Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
        try (OutputStream out = fs.create(tmp, FileSystem.WriteMode.OVERWRITE)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        if (fs.exists(p)) fs.delete(p, false);
        fs.rename(tmp, p);
    }
}
