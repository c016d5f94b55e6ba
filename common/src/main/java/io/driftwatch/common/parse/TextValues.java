package io.driftwatch.common.parse;

/**
 * The length cap on text values (features, class predictions and labels, segment values): a value
 * longer than {@link #MAX_LENGTH} characters is cut before it is profiled, so one huge free-text
 * value cannot bloat {@code top_values}, the stored {@code sketch} or the run time. A cut value is
 * exactly {@link #MAX_LENGTH} + 1 characters long — its first {@link #MAX_LENGTH} characters (one
 * fewer where the last would split a surrogate pair, then padded) and {@code …} — so whoever holds it
 * knows it was cut ({@link #wasCut}) without another field; profiles count such values
 * ({@code truncated_count}).
 */
public final class TextValues {
    /** docs/guide/input.md: text values are cut to 256 characters. */
    public static final int MAX_LENGTH = 256;

    private TextValues() {}

    /** The value, cut to the cap where longer (null stays null). */
    public static String bound(String s) {
        if (s == null || s.length() <= MAX_LENGTH) return s;
        int end = Character.isHighSurrogate(s.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return end == MAX_LENGTH ? s.substring(0, end) + '…' : s.substring(0, end) + "……";
    }

    /** Whether a value returned by {@link #bound} was cut. */
    public static boolean wasCut(String s) {
        return s != null && s.length() > MAX_LENGTH;
    }
}
