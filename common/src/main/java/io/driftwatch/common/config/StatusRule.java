package io.driftwatch.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code status} values mean success (config {@code status.success}); every other value is an
 * error. An entry is a word ({@code ok}, {@code success}; compared case-insensitively), a number
 * ({@code 200}), a class of HTTP-like codes ({@code 2xx}: 200–299), a range ({@code 200-399}), or a
 * boolean ({@code true}). Numeric entries match numbers and numeric text alike ({@code 200} and
 * {@code "200"}). A record without a status is a success. Default: {@code [ok]} (contract §2).
 */
public final class StatusRule implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final StatusRule DEFAULT = new StatusRule(List.of("ok"));

    private final List<String> entries;
    private final Set<String> words = new HashSet<>();
    private final List<long[]> ranges = new ArrayList<>();

    /** @throws IllegalArgumentException naming the entry that is neither a word, number, class nor range */
    public StatusRule(List<String> entries) {
        this.entries = List.copyOf(entries);
        for (String raw : entries) {
            String e = raw.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) throw new IllegalArgumentException("an empty status value");
            if (e.matches("[1-9]xx")) {
                long c = (e.charAt(0) - '0') * 100L;
                ranges.add(new long[] {c, c + 99});
            } else if (e.matches("-?\\d+")) {
                long v = number(e, raw);
                ranges.add(new long[] {v, v});
            } else if (e.matches("\\d+\\s*-\\s*\\d+")) {
                String[] p = e.split("\\s*-\\s*");
                long lo = number(p[0], raw), hi = number(p[1], raw);
                if (lo > hi) throw new IllegalArgumentException("the range '" + raw + "' ends before it starts");
                ranges.add(new long[] {lo, hi});
            } else {
                words.add(e);
            }
        }
    }

    private static long number(String digits, String raw) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + raw + "' has more digits than a status code holds");
        }
    }

    /** The entries as configured. */
    public List<String> entries() {
        return entries;
    }

    /** Whether a status value means success (null or absent: success). */
    public boolean isSuccess(JsonNode status) {
        if (status == null || status.isNull() || status.isMissingNode()) return true;
        if (status.isIntegralNumber()) return inRange(status.asLong());
        if (status.isNumber()) {
            double d = status.asDouble();
            return d == Math.rint(d) && inRange((long) d);
        }
        if (status.isBoolean()) return words.contains(status.asText());
        return isSuccess(status.asText());
    }

    /** Whether a status text means success. */
    public boolean isSuccess(String status) {
        if (status == null) return true;
        String s = status.trim();
        if (!ranges.isEmpty() && !s.isEmpty() && s.length() < 18 && s.chars().allMatch(Character::isDigit)) {
            if (inRange(Long.parseLong(s))) return true;
        }
        return words.contains(s.toLowerCase(Locale.ROOT));
    }

    private boolean inRange(long v) {
        for (long[] r : ranges) if (v >= r[0] && v <= r[1]) return true;
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusRule s && s.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
