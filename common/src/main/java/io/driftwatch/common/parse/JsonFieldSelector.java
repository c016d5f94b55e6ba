package io.driftwatch.common.parse;

import ch.randelshofer.fastdoubleparser.JsonDoubleParser;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.common.config.ColumnMapping;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.config.FeatureFilter;
import io.driftwatch.common.config.ModelConfig;
import io.driftwatch.common.parse.BadRecordException.Reason;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a JSON Lines record into a tree holding only the fields the job reads: the canonical
 * fields (as mapped by {@code columns:}), flat resource columns, and of the features only those
 * that name a segment. Everything else is only scanned for its extent ({@link JsonSpans}), without
 * building nodes or parsing numbers; kept values are built directly from their text (Jackson only
 * for escaped strings and arrays). This is several times faster than Jackson's tree for logs with
 * many features, and the result is read by {@link RecordParser} exactly as a full tree would be.
 *
 * <p>Duplicate keys: the last one wins, as with a full tree. A line that is not one JSON object
 * (or has trailing content) is a {@link BadRecordException}, and so is one nested deeper than
 * {@link #MAX_DEPTH} levels: objects are read recursively here, and a line of 5,000 nested objects
 * overflowed the stack (so did 1,000 levels once the JIT had compiled the reader).
 */
public final class JsonFieldSelector implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory FACTORY = LineDecoder.boundedFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    /** The deepest nesting read (no log nests that deep; far from what overflows a task thread's stack). */
    public static final int MAX_DEPTH = 200;


    private final Set<String> keep;
    private final String featuresField;
    private final Set<String> featuresKept;
    private final boolean allFeatures;
    /**
     * With drift on and {@code features.include/exclude} given: the filter for the names that are
     * not literally known (globs, excludes); null when every kept feature is in {@link #featuresKept}
     * or no filter narrows the features.
     */
    private final FeatureFilter globFilter;
    /** Whether the features object is selected key by key (else, with drift on, built whole). */
    private final boolean selectFeatures;
    private transient Map<String, Boolean> globDecisions;

    /**
     * @param allFeatures keep every feature and every top-level field (drift needs them: flat
     *     Parquet rows carry their features as top-level columns); otherwise only segment fields and
     *     fairness attributes
     */
    public JsonFieldSelector(DriftwatchConfig config, boolean allFeatures) {
        ColumnMapping columns = config.columns();
        Set<String> segmentFields = new HashSet<>();
        for (ModelConfig m : config.models().values()) {
            segmentFields.addAll(m.segments());
            // fairness attributes are read where segments are (a feature, else a field of the record)
            m.fairness().forEach(f -> segmentFields.add(f.attribute()));
        }
        Set<String> k = new HashSet<>(columns.topLevelFields());
        // label files go through the same decoder (label_columns:)
        for (String field : DriftwatchConfig.LABEL_FIELDS) k.add(config.labelPathOf(field).split("\\.")[0]);
        k.addAll(segmentFields);
        k.add("endpoint"); // model_versions: a platform's canary / default
        String features = columns.pathOf("features");
        // a nested features path is kept whole (under its top-level field)
        this.featuresField = features.contains(".") ? null : features;
        if (featuresField != null) k.remove(featuresField);
        this.keep = Set.copyOf(k);
        this.allFeatures = allFeatures;
        // With drift on, features.include/exclude decide which features are read: only those are
        // built (on the flights-shaped bench, 5 of 16 features; the others are only scanned). A list
        // of plain names is matched like the segment fields, without allocating the key.
        FeatureFilter filter = config.features();
        Set<String> kept = new HashSet<>(segmentFields);
        boolean literal = !filter.include().isEmpty() && filter.include().stream().noneMatch(FeatureFilter::isGlob);
        if (allFeatures && !filter.acceptsAll() && literal) {
            for (String name : filter.include()) if (filter.accepts(name)) kept.add(name);
        }
        this.featuresKept = Set.copyOf(kept);
        this.selectFeatures = !allFeatures || !filter.acceptsAll();
        this.globFilter = allFeatures && !filter.acceptsAll() && !literal ? filter : null;
    }

    /** Decodes one line. */
    public JsonNode decode(String line) throws BadRecordException {
        int i = JsonSpans.skipWhitespace(line, 0);
        if (i >= line.length()) throw new BadRecordException(Reason.INVALID_JSON, "line is empty");
        if (line.charAt(i) == '[') throw new BadRecordException(Reason.NOT_AN_OBJECT, "line is not a JSON object (it is an array)");
        if (line.charAt(i) != '{') {
            String start = line.substring(i, Math.min(line.length(), i + 20));
            throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: a line must be one JSON object, it starts with '" + start + "'");
        }
        if (keys == null) {
            keys = new String[(PARENTS + 1) * SLOTS];
            values = new String[(PARENTS + 1) * SLOTS];
            featureKeys = new String[SLOTS];
            featureKept = new String[SLOTS];
            interned = new String[INTERNED];
            newKeys = new short[(PARENTS + 1) * SLOTS];
            newValues = new short[(PARENTS + 1) * SLOTS];
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        int end = readObject(line, i, out, true, 1, 0);
        if (JsonSpans.skipWhitespace(line, end) != line.length()) {
            throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: content after the object");
        }
        return out;
    }

    /**
     * Reads the object starting at {@code start} into {@code out}: at the top level only the kept
     * fields (and of the features only the kept ones), below it everything. Returns the index after
     * the closing brace.
     *
     * @param base the first of this object's slots in {@link #keys} and {@link #values}, or -1
     */
    private int readObject(String line, int start, ObjectNode out, boolean top, int depth, int base) throws BadRecordException {
        if (depth > MAX_DEPTH) {
            throw new BadRecordException(Reason.TOO_LARGE, "JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        int i = JsonSpans.skipWhitespace(line, start + 1);
        if (i < line.length() && line.charAt(i) == '}') return i + 1;
        int ordinal = 0;
        while (true) {
            if (i >= line.length() || line.charAt(i) != '"') {
                throw new BadRecordException(Reason.INVALID_JSON, i >= line.length() ? "invalid JSON: unexpected end of line"
                        : "invalid JSON: expected a field name at character " + (i + 1));
            }
            int slot = base >= 0 && ordinal < SLOTS ? base + ordinal : -1;
            ordinal++;
            int keyEnd = readText(line, i, keys, slot);
            String key = token;
            i = JsonSpans.skipWhitespace(line, keyEnd);
            if (i >= line.length() || line.charAt(i) != ':') throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: expected ':' after \"" + key + "\"");
            int valueStart = JsonSpans.skipWhitespace(line, i + 1);
            int valueEnd;
            if (!top) {
                valueEnd = putValue(line, valueStart, key, out, depth, slot);
            } else if (key.equals(featuresField) && selectFeatures && valueStart < line.length() && line.charAt(valueStart) == '{') {
                ObjectNode features = JsonNodeFactory.instance.objectNode();
                valueEnd = selectFeatures(line, valueStart, features, childBase(slot));
                out.set(key, features);
            } else if (allFeatures || keep.contains(key) || key.equals(featuresField)) {
                valueEnd = putValue(line, valueStart, key, out, depth, slot);
            } else {
                valueEnd = JsonSpans.skipValue(line, valueStart);
            }
            i = JsonSpans.skipWhitespace(line, valueEnd);
            if (i < line.length() && line.charAt(i) == ',') {
                i = JsonSpans.skipWhitespace(line, i + 1);
                continue;
            }
            if (i < line.length() && line.charAt(i) == '}') return i + 1;
            throw new BadRecordException(Reason.INVALID_JSON, i >= line.length() ? "invalid JSON: unexpected end of line"
                    : "invalid JSON: expected ',' or '}' at character " + (i + 1));
        }
    }

    /**
     * Builds the value at {@code start}, puts it under {@code key}; returns the index after it.
     *
     * @param slot where the text of a string value is remembered ({@link #text}), or -1
     */
    private int putValue(String line, int start, String key, ObjectNode out, int depth, int slot) throws BadRecordException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (start >= line.length()) throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: unexpected end of line");
        char c = line.charAt(start);
        if (c == '{') {
            ObjectNode child = f.objectNode();
            int end = readObject(line, start, child, false, depth + 1, childBase(slot));
            out.set(key, child);
            return end;
        }
        if (c == '"') {
            int end = readText(line, start, values, slot);
            out.set(key, f.textNode(token));
            return end;
        }
        if (c == '[') {
            int end = JsonSpans.skipValue(line, start);
            try (JsonParser p = FACTORY.createParser(line.substring(start, end))) {
                out.set(key, MAPPER.readTree(p));
            } catch (IOException e) {
                throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON in '" + key + "': " + e.getMessage().split("\n")[0]);
            }
            return end;
        }
        if (c == 't' || c == 'f' || c == 'n') {
            int end = JsonSpans.skipValue(line, start);
            if (line.startsWith("true", start) && end - start == 4) {
                out.set(key, f.booleanNode(true));
                return end;
            } else if (line.startsWith("false", start) && end - start == 5) {
                out.set(key, f.booleanNode(false));
                return end;
            } else if (line.startsWith("null", start) && end - start == 4) {
                out.set(key, f.nullNode());
                return end;
            }
        }
        return putNumber(line, start, key, out);
    }

    /**
     * The JSON number at {@code start} (strict grammar: no NaN, no hex, no leading '+'), read in one pass up
     * to the delimiter after it and put under {@code key}; returns the index after it. Anything else — a bad
     * number, a token that goes on past its number — is a bad record naming the token (its extent as
     * {@link JsonSpans#skipValue} finds it). Integers of up to 18 digits are longs; a decimal of at most 15
     * significant digits and 22 decimals without exponent is m / 10^k: both exact doubles, so the one IEEE
     * division is the correctly rounded value, the double {@link Double#parseDouble} gives (Clinger's fast
     * path); other numbers are read by FastDoubleParser's JSON parser straight from the line (no substring;
     * the same correctly rounded doubles). Scanning each number for its extent, then for its value, and
     * FastDoubleParser scanning it a third time was a third of the decoding of the stream bench's 20
     * numeric features (bench/README.md, "The flights shape", session 21).
     */
    private static int putNumber(String line, int start, String key, ObjectNode out) throws BadRecordException {
        int n = line.length();
        int i = start;
        boolean negative = i < n && line.charAt(i) == '-';
        if (negative) i++;
        int intStart = i;
        long mantissa = 0; // used only when it cannot overflow (at most 18 digits)
        while (i < n && isDigit(line.charAt(i))) mantissa = mantissa * 10 + (line.charAt(i++) - '0');
        int intDigits = i - intStart;
        boolean ok = intDigits > 0 && (line.charAt(intStart) != '0' || intDigits == 1);
        int fracDigits = -1;
        if (ok && i < n && line.charAt(i) == '.') {
            int fracStart = ++i;
            while (i < n && isDigit(line.charAt(i))) mantissa = mantissa * 10 + (line.charAt(i++) - '0');
            fracDigits = i - fracStart;
            ok = fracDigits > 0;
        }
        boolean exponent = ok && i < n && (line.charAt(i) == 'e' || line.charAt(i) == 'E');
        if (exponent) {
            i++;
            if (i < n && (line.charAt(i) == '+' || line.charAt(i) == '-')) i++;
            int expStart = i;
            while (i < n && isDigit(line.charAt(i))) i++;
            ok = i > expStart;
        }
        if (!ok || (i < n && !JsonSpans.endsScalar(line.charAt(i)))) {
            String text = line.substring(start, JsonSpans.skipValue(line, start));
            throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: unexpected '" + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (fracDigits < 0 && !exponent) {
            out.set(key, i - start < 19 ? f.numberNode(negative ? -mantissa : mantissa)
                    : f.numberNode(new java.math.BigInteger(line.substring(start, i))));
        } else if (!exponent && intDigits + fracDigits <= 15 && fracDigits <= 22) {
            double value = mantissa / POWERS_OF_TEN[fracDigits];
            out.set(key, f.numberNode(negative ? -value : value));
        } else {
            out.set(key, f.numberNode(JsonDoubleParser.parseDouble(line, start, i - start)));
        }
        return i;
    }

    /** 10^0 to 10^22, each an exact double. */
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /** An ASCII digit (Character.isDigit also takes other scripts' digits, which JSON does not). */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The kept feature name the key token at {@code [start, end)} spells, or null, for a key that is not
     * the one remembered at its place. The key at each place of the features object and the decision for
     * it are remembered ({@link #featureKeys}): most records of a log name their features in the same
     * order, so a key costs one comparison, made by the caller ({@link JsonSpans#matchString}; matching
     * it against every kept name, then against a hash set, was 5 % of the flights bench's CPU samples;
     * bench/README.md "The flights shape").
     *
     * @param ordinal the key's place in the features object
     */
    private String keptFeature(String line, int start, int end, int ordinal) throws BadRecordException {
        String key = JsonSpans.plainKey(line, start, end); // null with a backslash
        String kept = keptFeature(key != null ? key : jacksonString(line.substring(start, end)));
        // a plain key only: a token spelling a remembered key is then plain too
        if (ordinal < SLOTS && key != null && key.length() <= MAX_REMEMBERED) {
            featureKeys[ordinal] = key;
            featureKept[ordinal] = kept;
        }
        return kept;
    }

    /** {@code key} when it names a kept feature, else null. */
    private String keptFeature(String key) {
        if (featuresKept.contains(key)) return key;
        if (globFilter == null) return null;
        if (globDecisions == null) globDecisions = new HashMap<>();
        Boolean accepted = globDecisions.get(key);
        if (accepted == null) {
            accepted = globFilter.accepts(key);
            if (globDecisions.size() < 10_000) globDecisions.put(key, accepted);
        }
        return accepted ? key : null;
    }

    /**
     * Reads the string token (a key or a text value) at {@code start}: returns the index after it and leaves
     * its text in {@link #token}. Most records repeat the last one's keys and many of its values at the same
     * places, so the token is first compared with the text remembered at {@code slot}
     * ({@link JsonSpans#matchString}: no scan for its end first); only a different one is scanned and read
     * ({@link #text}).
     */
    private int readText(String line, int start, String[] cache, int slot) throws BadRecordException {
        String known = slot >= 0 ? cache[slot] : null;
        int end = known != null ? JsonSpans.matchString(line, start, known) : -1;
        if (end < 0) {
            end = JsonSpans.skipString(line, start);
            known = text(line, start, end, cache, slot);
        }
        token = known;
        return end;
    }

    /** The text of the token {@link #readText} read last. */
    private transient String token;

    /**
     * The text of the string token at {@code [start, end)} when it is not the one remembered at its place
     * ({@code slot}: level and position of the field; the caller compares that first,
     * {@link JsonSpans#matchString}): a new one, remembered there. Most records of a log have the same
     * fields in the same order, and many values repeat (model, version, categories): the same
     * {@code String} objects then go on into the tree, the parser and the profiles' maps with their hash
     * codes computed once, instead of a copy and a hash per field per record.
     */
    private String text(String line, int start, int end, String[] cache, int slot) throws BadRecordException {
        String text;
        short[] news = cache == keys ? newKeys : newValues;
        if (slot >= 0 && end - start - 2 <= MAX_INTERNED && news[slot] < NEW_TEXTS_LIMIT) {
            text = interned(line, start, end);
            if (text != null) {
                news[slot] = 0;
            } else if (internAt >= 0 && (text = JsonSpans.plainKey(line, start, end)) != null) {
                interned[internAt] = text;
                news[slot]++;
            }
        } else {
            text = JsonSpans.plainKey(line, start, end);
        }
        if (text == null) return jacksonString(line.substring(start, end));
        if (slot >= 0 && text.length() <= MAX_REMEMBERED) cache[slot] = text;
        return text;
    }

    /**
     * The text the string token at {@code [start, end)} spells from a table of the short texts read
     * before, by their hash (one per entry: a new text replaces the entry's), or null; {@link #internAt}
     * is then its entry, or -1 when the token has a backslash. A categorical value that changes record
     * to record (the flights bench's 350 airports) is then the same {@code String} each time it comes
     * again, not a copy, and the profiles' maps find it by its cached hash and by identity. A place
     * whose last {@link #NEW_TEXTS_LIMIT} texts were all new (ids, times) stops looking them up
     * ({@link #newValues}, {@link #newKeys}): hashing them cost the stream bench 4 % of its CPU samples.
     */
    private String interned(String line, int start, int end) {
        int h = 0; // String.hashCode's
        for (int i = start + 1; i < end - 1; i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                internAt = -1;
                return null;
            }
            h = 31 * h + c;
        }
        internAt = (h ^ (h >>> 16)) & (INTERNED - 1);
        String known = interned[internAt];
        return known != null && known.hashCode() == h && JsonSpans.stringEquals(line, start, end, known) ? known : null;
    }

    /** Fields per object whose key and text value are remembered ({@link #text}). */
    private static final int SLOTS = 64;
    /** Top-level fields whose object value's fields are remembered too (features, resources). */
    private static final int PARENTS = 16;
    /** The longest text remembered. */
    private static final int MAX_REMEMBERED = 64;
    /** The longest text looked up in {@link #interned} (longer ones are mostly ids, seen once), and its entries. */
    private static final int MAX_INTERNED = 32;
    private static final int INTERNED = 4096;
    /** New texts in a row after which a place stops looking its texts up in {@link #interned}. */
    private static final int NEW_TEXTS_LIMIT = 1024;
    private transient String[] interned;
    /** The entry of {@link #interned} the last lookup went to, -1 for a token with a backslash. */
    private transient int internAt;
    /** Per place ({@link #keys}' slots): how many keys, and how many values, in a row were new to {@link #interned}. */
    private transient short[] newKeys;
    private transient short[] newValues;
    /**
     * Keys and text values by place: the top-level fields' in the first {@link #SLOTS}, then those
     * of the object under each of the first {@link #PARENTS} top-level fields. Made per subtask.
     */
    private transient String[] keys;
    private transient String[] values;
    /** The key at each place of a selected features object and the kept name it is, or null ({@link #keptFeature}). */
    private transient String[] featureKeys;
    private transient String[] featureKept;

    /** The first slot of the fields of the object under top-level slot {@code slot}, or -1. */
    private static int childBase(int slot) {
        return slot >= 0 && slot < PARENTS ? SLOTS * (1 + slot) : -1;
    }

    private static String jacksonString(String quoted) throws BadRecordException {
        try (JsonParser p = FACTORY.createParser(quoted)) {
            p.nextToken();
            return p.getText();
        } catch (IOException e) {
            throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: bad string " + (quoted.length() > 40 ? quoted.substring(0, 40) + "..." : quoted));
        }
    }

    /**
     * Reads the features object at {@code start} into {@code out}, its kept keys only (the rest is
     * only scanned), in one pass; returns the index after it.
     */
    private int selectFeatures(String line, int start, ObjectNode out, int base) throws BadRecordException {
        if (featuresKept.isEmpty() && globFilter == null) return JsonSpans.skipValue(line, start);
        try {
            return selectFeaturesInOnePass(line, start, out, base);
        } catch (BadRecordException e) {
            // a line cut inside the object: the error its extent gives, as when the extent was read first
            JsonSpans.skipValue(line, start);
            throw e;
        }
    }

    private int selectFeaturesInOnePass(String line, int start, ObjectNode out, int base) throws BadRecordException {
        int end = line.length();
        int i = JsonSpans.skipWhitespace(line, start + 1);
        if (charAt(line, i, end) == '}') return i + 1;
        int ordinal = 0;
        while (true) {
            if (charAt(line, i, end) != '"') throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: expected a feature name at character " + (i + 1));
            int keyStart = i;
            String known = ordinal < SLOTS ? featureKeys[ordinal] : null;
            int keyEnd = known != null ? JsonSpans.matchString(line, i, known) : -1;
            String key;
            if (keyEnd >= 0) {
                key = featureKept[ordinal];
            } else {
                keyEnd = JsonSpans.skipString(line, i);
                key = keptFeature(line, keyStart, keyEnd, ordinal);
            }
            i = JsonSpans.skipWhitespace(line, keyEnd);
            if (charAt(line, i, end) != ':') throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: expected ':' in features");
            int valueStart = JsonSpans.skipWhitespace(line, i + 1);
            int slot = base >= 0 && ordinal < SLOTS ? base + ordinal : -1;
            ordinal++;
            int valueEnd = key != null ? putValue(line, valueStart, key, out, 2, slot) : JsonSpans.skipValue(line, valueStart);
            i = JsonSpans.skipWhitespace(line, valueEnd);
            if (charAt(line, i, end) == ',') {
                i = JsonSpans.skipWhitespace(line, i + 1);
                continue;
            }
            if (charAt(line, i, end) == '}') return i + 1;
            throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: expected ',' or '}' in features at character " + (i + 1));
        }
    }

    /**
     * The character at {@code i}, or 0 at or past {@code end} (a value that runs past the line is
     * invalid: found by the fuzzer as a StringIndexOutOfBoundsException).
     */
    private static char charAt(String line, int i, int end) {
        return i < end && i < line.length() ? line.charAt(i) : 0;
    }
}
