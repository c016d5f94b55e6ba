package io.driftwatch.common.model;

/**
 * One prediction as the KPI aggregation sees it: the fields of a log record that KPIs need, already
 * validated and typed. Numbers that are absent are {@code NaN}; strings that are absent are null.
 *
 * <p>{@code prediction}/{@code label} are kept both as a number (NaN when not numeric) and as text
 * (integers without ".0"), so that the task decides how to read them. {@code segments} lists the
 * segment keys this prediction belongs to besides {@code __all__} (e.g. {@code country=DE});
 * {@code segment} is set once the observation is fanned out to one of them.
 *
 * <p>A failed request may carry no prediction ({@link #hasPrediction()} false: NaN and null); its
 * {@code task} is then null where neither the config nor the sample gave one, and it is never
 * labeled.
 *
 * <p>Features are three parallel arrays: name, number (NaN when the value is not a number) and text
 * (the value of a string or boolean, else null); a null value has neither. Features the record does
 * not carry are simply absent (profiles count them as missing).
 *
 * <p>{@code groups} holds the prediction's group of each of its model's fairness attributes
 * ({@code attribute=value}, {@code attribute=__missing__} without one), for the {@code fairness}
 * table; empty when the model has none.
 */
public record Observation(
        String model,
        String modelVersion,
        String segment,
        String[] segments,
        String predictionId,
        long timestamp,
        Task task,
        double predictionNumber,
        String predictionText,
        boolean labeled,
        double labelNumber,
        String labelText,
        double latencyMs,
        boolean error,
        double cpuPct,
        double memoryMb,
        double gpuPct,
        String[] featureNames,
        double[] featureNumbers,
        String[] featureTexts,
        String[] groups,
        String[] probabilityClasses,
        double[] probabilities) {

    private static final String[] NO_NAMES = new String[0];
    private static final double[] NO_NUMBERS = new double[0];

    /** An observation without class probabilities ({@code probabilities}: multiclass models only). */
    public Observation(String model, String modelVersion, String segment, String[] segments, String predictionId,
            long timestamp, Task task, double predictionNumber, String predictionText, boolean labeled,
            double labelNumber, String labelText, double latencyMs, boolean error, double cpuPct, double memoryMb,
            double gpuPct, String[] featureNames, double[] featureNumbers, String[] featureTexts, String[] groups) {
        this(model, modelVersion, segment, segments, predictionId, timestamp, task, predictionNumber, predictionText,
                labeled, labelNumber, labelText, latencyMs, error, cpuPct, memoryMb, gpuPct, featureNames,
                featureNumbers, featureTexts, groups, NO_NAMES, NO_NUMBERS);
    }

    /** An observation outside any fairness group. */
    public Observation(String model, String modelVersion, String segment, String[] segments, String predictionId,
            long timestamp, Task task, double predictionNumber, String predictionText, boolean labeled,
            double labelNumber, String labelText, double latencyMs, boolean error, double cpuPct, double memoryMb,
            double gpuPct, String[] featureNames, double[] featureNumbers, String[] featureTexts) {
        this(model, modelVersion, segment, segments, predictionId, timestamp, task, predictionNumber, predictionText,
                labeled, labelNumber, labelText, latencyMs, error, cpuPct, memoryMb, gpuPct, featureNames,
                featureNumbers, featureTexts, NO_NAMES);
    }

    /** An observation without features. */
    public Observation(String model, String modelVersion, String segment, String[] segments, String predictionId,
            long timestamp, Task task, double predictionNumber, String predictionText, boolean labeled,
            double labelNumber, String labelText, double latencyMs, boolean error, double cpuPct, double memoryMb,
            double gpuPct) {
        this(model, modelVersion, segment, segments, predictionId, timestamp, task, predictionNumber, predictionText,
                labeled, labelNumber, labelText, latencyMs, error, cpuPct, memoryMb, gpuPct, NO_NAMES, NO_NUMBERS,
                NO_NAMES);
    }

    public static final String ALL_SEGMENTS = "__all__";

    /**
     * Whether this is a prediction in its carried form ({@link CarriedObservations}): its features are not
     * here, the window's profiles of them come from an earlier run or were taken before the label join.
     */
    public boolean carried() {
        return featureNames.length == 1 && CarriedObservations.MARK.equals(featureNames[0]);
    }

    /** Whether the record carries a prediction (a failed request may not). */
    public boolean hasPrediction() {
        return predictionText != null || !Double.isNaN(predictionNumber);
    }

    /** A copy of this observation with the label replaced (a label that arrived separately). */
    public Observation withLabel(double number, String text) {
        return new Observation(model, modelVersion, segment, segments, predictionId, timestamp, task,
                predictionNumber, predictionText, true, number, text, latencyMs, error, cpuPct, memoryMb,
                gpuPct, featureNames, featureNumbers, featureTexts, groups, probabilityClasses, probabilities);
    }

    /** A copy of this observation attributed to one segment key. */
    public Observation inSegment(String segmentKey) {
        return new Observation(model, modelVersion, segmentKey, segments, predictionId, timestamp, task,
                predictionNumber, predictionText, labeled, labelNumber, labelText, latencyMs, error, cpuPct,
                memoryMb, gpuPct, featureNames, featureNumbers, featureTexts, groups, probabilityClasses, probabilities);
    }
}
