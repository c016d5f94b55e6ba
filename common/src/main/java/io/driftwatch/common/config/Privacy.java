package io.driftwatch.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What of the records may reach the outputs ({@code privacy:} at the top level and per model,
 * docs/guide/privacy.md): fields to hash (salted SHA-256) and fields to drop, applied before anything
 * is written — feature values (so profiles, top values, sketches, segments and reasons hold hashes),
 * the raw text of {@code dead_letter} and {@code late_events}; and whether raw text is kept at all.
 * The salt is never written or logged: {@link #toString} leaves it out, and {@code runs.config}
 * masks its source.
 */
public final class Privacy implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The prefix of a hashed value, so a reader of the tables sees it is one. */
    public static final String HASHED = "sha256:";
    /** The raw text of a record that is not JSON when fields are to be hashed or dropped. */
    public static final String WITHHELD = "[withheld: privacy.hash/drop apply and the record is not a JSON object]";

    /** Nothing hashed, nothing dropped, raw text kept. */
    public static final Privacy NONE = new Privacy(Lists.EMPTY, Map.of(), true, null);

    /** What to do with a field. */
    public enum Action { KEEP, HASH, DROP }

    /** A scope's lists: names or globs ({@link FeatureFilter}'s syntax). */
    public record Lists(List<String> hash, List<String> drop) implements Serializable {
        static final Lists EMPTY = new Lists(List.of(), List.of());

        boolean isEmpty() {
            return hash.isEmpty() && drop.isEmpty();
        }

        Action action(String field) {
            if (!drop.isEmpty() && new FeatureFilter(drop, List.of()).accepts(field)) return Action.DROP;
            if (!hash.isEmpty() && new FeatureFilter(hash, List.of()).accepts(field)) return Action.HASH;
            return Action.KEEP;
        }
    }

    private final Lists top;
    private final Map<String, Lists> models;
    private final boolean rawDeadLetters;
    private final byte[] salt;
    /** Whether any list names a field (asked per record: a stream over the models' lists was 1 % of the stream bench's CPU). */
    private final boolean hashesOrDrops;
    private transient Map<String, Action> cache;

    Privacy(Lists top, Map<String, Lists> models, boolean rawDeadLetters, byte[] salt) {
        this.top = top;
        this.models = Map.copyOf(models);
        this.rawDeadLetters = rawDeadLetters;
        this.salt = salt;
        this.hashesOrDrops = !top.isEmpty() || this.models.values().stream().anyMatch(l -> !l.isEmpty());
    }

    /** Whether records pass as they are (nothing hashed or dropped, raw text kept). */
    public boolean isOff() {
        return rawDeadLetters && !hashesOrDrops();
    }

    private boolean hashesOrDrops() {
        return hashesOrDrops;
    }

    /** Whether any list hashes something (then a salt is needed). */
    boolean hashes() {
        return !top.hash().isEmpty() || models.values().stream().anyMatch(l -> !l.hash().isEmpty());
    }

    /** What to do with {@code field} of a record of {@code model} (null: any model's lists count). */
    public Action action(String model, String field) {
        if (!hashesOrDrops()) return Action.KEEP;
        if (cache == null) cache = new java.util.concurrent.ConcurrentHashMap<>();
        String key = (model == null ? "\u0000" : model) + '\u0001' + field;
        Action known = cache.get(key);
        if (known != null) return known;
        Action a = top.action(field);
        if (model != null) {
            Lists own = models.get(model);
            if (own != null) a = stronger(a, own.action(field));
        } else {
            for (Lists own : models.values()) a = stronger(a, own.action(field));
        }
        if (cache.size() < 10_000) cache.put(key, a);
        return a;
    }

    private static Action stronger(Action a, Action b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /** {@code sha256:} and the first 16 hex digits of SHA-256(salt, 0, value): equal values stay equal. */
    public String hash(String value) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(salt);
            d.update((byte) 0);
            d.update(value.getBytes(StandardCharsets.UTF_8));
            return HASHED + HexFormat.of().formatHex(d.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A record's raw text as {@code dead_letter.raw} / {@code late_events.raw} may keep it: null when
     * {@code raw_dead_letters: false}; else with dropped fields removed and hashed ones hashed, at any
     * depth (a JSON object); {@link #WITHHELD} for other text while anything is hashed or dropped.
     */
    public String redact(String raw, String model) {
        if (raw == null || !rawDeadLetters) return null;
        if (!hashesOrDrops()) return raw;
        JsonNode tree;
        try {
            tree = JSON.readTree(raw);
        } catch (Exception e) {
            return WITHHELD;
        }
        if (tree == null || !tree.isObject()) return WITHHELD;
        redact(tree, model);
        return tree.toString();
    }

    private void redact(JsonNode node, String model) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (action(model, e.getKey())) {
                    case DROP -> it.remove();
                    case HASH -> e.setValue(o.textNode(hash(e.getValue().isValueNode() ? e.getValue().asText()
                            : e.getValue().toString())));
                    case KEEP -> redact(e.getValue(), model);
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(n -> redact(n, model));
        }
    }

    /** The config as a person may see it: the lists, never the salt. */
    @Override
    public String toString() {
        return "Privacy[hash=" + top.hash() + ", drop=" + top.drop() + ", models=" + models + ", raw_dead_letters="
                + rawDeadLetters + ", salt=" + (salt == null ? "none" : "***") + "]";
    }
}
