package io.driftwatch.common.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * One place alerts go ({@code alerts.routes[]}, docs/guide/alerts.md): a generic JSON webhook, a
 * Slack incoming webhook or the PagerDuty Events API v2. Secrets (the Slack URL, the PagerDuty
 * routing key, a webhook's bearer token) are read from environment variables by {@link #resolved}
 * when a command delivers alerts (so {@code report} or {@code alert-rules} need none), never from the
 * file, and never printed ({@link #toString}).
 *
 * @param name the route's name in logs and the dead-letter file ({@code type} and its index unless named)
 * @param type {@code webhook}, {@code slack} or {@code pagerduty}
 * @param url where to POST (PagerDuty: {@link #PAGERDUTY_URL} unless given); null until resolved
 *     when it comes from {@code urlEnv}
 * @param urlEnv the environment variable holding the URL, or null
 * @param secretEnv the environment variable holding the routing key or token, or null
 * @param secret the routing key (PagerDuty) or bearer token (webhook) once resolved, or null
 * @param key the route's config path, for messages
 * @param kinds the alert kinds sent ({@code decision}, {@code anomaly}, {@code check}, {@code silence},
 *     {@code drift}); empty: all
 */
public record AlertRoute(String name, String type, String url, String urlEnv, String secretEnv, String secret,
        List<String> kinds, String key) implements Serializable {
    public static final String PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";
    public static final List<String> TYPES = List.of("webhook", "slack", "pagerduty");
    public static final List<String> KINDS = List.of("decision", "anomaly", "check", "silence", "drift");

    /** This route with its secrets read from the environment; a variable that is not set names the key. */
    public AlertRoute resolved() {
        String u = url != null ? url : env(urlEnv, key + ".url_env");
        try {
            java.net.URI uri = new java.net.URI(u);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new java.net.URISyntaxException(u, "not an http(s) URL");
            }
        } catch (java.net.URISyntaxException e) {
            // the URL may be a secret (Slack): name the key, not the value
            throw new ConfigException(key + (url != null ? ".url" : ".url_env") + ": not an http(s) URL");
        }
        String s = secretEnv == null ? null : env(secretEnv, key + (type.equals("pagerduty") ? ".routing_key_env" : ".token_env"));
        return new AlertRoute(name, type, u, urlEnv, secretEnv, s, kinds, key);
    }

    /** Checks a URL given in the file when the config is read (one from the environment: when resolved). */
    void resolvedUrlCheck() {
        new AlertRoute(name, type, url, urlEnv, null, null, kinds, key).resolved();
    }

    private static String env(String variable, String key) {
        String v = System.getenv(variable);
        if (v == null || v.isBlank()) throw new ConfigException(key + ": the environment variable " + variable + " is not set");
        return v;
    }

    public boolean sends(String kind) {
        return kinds.isEmpty() || kinds.contains(kind);
    }

    @Override
    public String toString() {
        // the URL of a Slack webhook is itself the secret
        return name + " (" + type + (type.equals("slack") ? "" : " " + url) + ")";
    }

    /**
     * {@code alerts:}: the routes and how delivery is tried.
     *
     * @param timeout one request's limit
     * @param retries further tries after a failed one (backing off 0.5 s, 1 s, 2 s, ...)
     * @param deadLetter where undeliverable alerts are appended (JSON Lines), relative to the output
     *     directory unless absolute; tried again first by the next delivery
     */
    public record Settings(List<AlertRoute> routes, Duration timeout, int retries, String deadLetter)
            implements Serializable {
        public static final Settings NONE = new Settings(List.of(), Duration.ofSeconds(10), 3, "_alerts/undelivered.jsonl");

        /** The settings with every route's secrets read from the environment ({@link AlertRoute#resolved}). */
        public Settings resolved() {
            return new Settings(routes.stream().map(AlertRoute::resolved).toList(), timeout, retries, deadLetter);
        }
    }
}
