package io.driftwatch.common.model;

/**
 * Ground truth that arrived separately from its prediction. {@code timestamp} is when the label
 * became known; the label still counts in the window of its prediction.
 *
 * @param predictionOutOfRange not a label: a marker that a prediction with this id was read but lies
 *     outside the run's range, so a label for it is counted {@code labels_out_of_range}, not unmatched
 *     ({@code timestamp} is then the prediction's)
 * @param carried the label an earlier run joined to a prediction it kept for late labels
 *     ({@link CarriedObservations}): competes with new label records as it did then, is not counted again
 */
public record LabelRecord(String predictionId, long timestamp, double labelNumber, String labelText,
        boolean predictionOutOfRange, boolean carried) {

    public LabelRecord(String predictionId, long timestamp, double labelNumber, String labelText) {
        this(predictionId, timestamp, labelNumber, labelText, false, false);
    }

    public LabelRecord(String predictionId, long timestamp, double labelNumber, String labelText,
            boolean predictionOutOfRange) {
        this(predictionId, timestamp, labelNumber, labelText, predictionOutOfRange, false);
    }

    /** The label record an earlier run joined to a kept prediction. */
    public static LabelRecord carried(String predictionId, long timestamp, double labelNumber, String labelText) {
        return new LabelRecord(predictionId, timestamp, labelNumber, labelText, false, true);
    }

    /**
     * Whether {@code challenger} replaces {@code current} (null: none yet) as a prediction's label: the later
     * one wins; at the same time, the greater value (by number, then text), so the winner does not depend on
     * the order label records are read in (it did: a sorted join at parallelism 1 and 2, or a daily run and a
     * full one, could pick different labels of equal time).
     */
    public static boolean replaces(LabelRecord challenger, LabelRecord current) {
        if (current == null || challenger.timestamp > current.timestamp) return true;
        if (challenger.timestamp < current.timestamp) return false;
        int byNumber = Double.compare(challenger.labelNumber, current.labelNumber);
        if (byNumber != 0) return byNumber > 0;
        return TEXT_ORDER.compare(challenger.labelText, current.labelText) >= 0;
    }

    private static final java.util.Comparator<String> TEXT_ORDER =
            java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder());

    /** The marker of a prediction read outside the run's range. */
    public static LabelRecord predictionOutOfRange(String predictionId, long predictionTime) {
        return new LabelRecord(predictionId, predictionTime, Double.NaN, null, true);
    }
}
