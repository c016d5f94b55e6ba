package io.driftwatch.common.parse;

/** How label values are read per task (contract §3). */
public final class Labels {
    private Labels() {}

    /**
     * A binary label as 1.0 (positive) or 0.0 (negative): numbers 1/0, the words true/false (any case),
     * or the configured positive label (non-null: then any other value is negative). Returns NaN when the value
     * cannot be read as binary.
     */
    public static double binary(double number, String text, String positiveLabel) {
        if (positiveLabel != null && text != null) {
            return positiveLabel.equals(text) ? 1.0 : 0.0;
        }
        if (!Double.isNaN(number)) {
            return number == 1.0 ? 1.0 : number == 0.0 ? 0.0 : Double.NaN;
        }
        if (text != null) {
            if (text.equalsIgnoreCase("true")) return 1.0;
            if (text.equalsIgnoreCase("false")) return 0.0;
        }
        return Double.NaN;
    }

    /** The text form of a number as class names use it: integers without a decimal part. */
    public static String numberText(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }
}
