package io.driftwatch.common.parse;

import io.driftwatch.common.parse.BadRecordException.Reason;

/**
 * Finds where JSON values start and end in a line without tokenizing them: strings (with escapes),
 * objects and arrays are matched, scalars run to the next delimiter. Used to skip the parts of a
 * record the job does not read (most features) at a few nanoseconds a character; Jackson then
 * parses only what is kept. Hand-written because Jackson's {@code skipChildren()} still tokenizes
 * every name and number it skips, which was two thirds of the decoding time of a 20-feature log.
 *
 * <p>It checks structure (balanced brackets, terminated strings, {@code :} and {@code ,} in
 * objects), not the grammar of skipped scalars.
 */
final class JsonSpans {
    private JsonSpans() {}

    static int skipWhitespace(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
            i++;
        }
        return i;
    }

    /** The index just after the JSON value starting at {@code i} (whitespace already skipped). */
    static int skipValue(String s, int i) throws BadRecordException {
        int n = s.length();
        if (i >= n) throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: unexpected end of line");
        char c = s.charAt(i);
        if (c == '"') return skipString(s, i);
        if (c == '{' || c == '[') {
            int depth = 0;
            while (i < n) {
                char d = s.charAt(i);
                if (d == '"') {
                    i = skipString(s, i);
                    continue;
                }
                if (d == '{' || d == '[') {
                    depth++;
                } else if (d == '}' || d == ']') {
                    depth--;
                    if (depth == 0) return i + 1;
                }
                i++;
            }
            throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: unexpected end of line inside an object or array");
        }
        // a scalar: runs to the next delimiter
        int start = i;
        while (i < n && !endsScalar(s.charAt(i))) i++;
        if (i == start) throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: unexpected '" + c + "'");
        return i;
    }

    /** Whether {@code c} ends a scalar (a number, true, false, null): a delimiter or whitespace. */
    static boolean endsScalar(char c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** The index just after the string starting with the quote at {@code i}. */
    static int skipString(String s, int i) throws BadRecordException {
        int n = s.length();
        i++;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"') return i + 1;
            i++;
        }
        throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: unterminated string");
    }

    /**
     * The index just after the string token starting with the quote at {@code i} when it spells exactly
     * {@code plain} (a text without backslash or quote), else -1: the token's characters are compared, not
     * scanned first ({@link #skipString}) and compared then. The characters equal to {@code plain}'s hold
     * no quote or backslash, so the quote after them ends the token.
     */
    static int matchString(String s, int i, String plain) {
        int end = i + plain.length() + 1; // where the closing quote is if it matches
        return end < s.length() && s.charAt(end) == '"' && s.regionMatches(i + 1, plain, 0, plain.length()) ? end + 1 : -1;
    }

    /** True when the string token at {@code [start, end)} (quotes included) is exactly {@code name}. */
    static boolean stringEquals(String s, int start, int end, String name) {
        int len = end - start - 2;
        return len == name.length() && s.regionMatches(start + 1, name, 0, len);
    }

    /** The text of a key without escapes, or null when it has escapes (then callers use Jackson). */
    static String plainKey(String s, int start, int end) {
        for (int i = start + 1; i < end - 1; i++) {
            if (s.charAt(i) == '\\') return null;
        }
        return s.substring(start + 1, end - 1);
    }
}
