package io.driftwatch.common.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * One place alerts go ({@code alerts.routes[]}, docs/guide/alerts.md): a generic JSON webhook, a
 * Slack incoming webhook or the PagerDuty Events API v2. Secrets (the Slack URL, the PagerDuty
 * routing key, a webhook's bearer token) are read from environment variables when the config is
 * loaded, never from the file, and never printed ({@link #toString}).
 *
 * @param name the route's name in logs and the dead-letter file ({@code type} and its index unless named)
 * @param type {@code webhook}, {@code slack} or {@code pagerduty}
 * @param url where to POST (PagerDuty: {@link #PAGERDUTY_URL} unless given)
 * @param secret the routing key (PagerDuty) or bearer token (webhook), or null
 * @param kinds the alert kinds sent ({@code decision}, {@code anomaly}, {@code check}, {@code silence},
 *     {@code drift}); empty: all
 */
public record AlertRoute(String name, String type, String url, String secret, List<String> kinds)
        implements Serializable {
    public static final String PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue";
    public static final List<String> TYPES = List.of("webhook", "slack", "pagerduty");
    public static final List<String> KINDS = List.of("decision", "anomaly", "check", "silence", "drift");

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
    }
}
