package io.driftwatch.common.trend;

/**
 * The decision for a model and window (contract §7; docs/reference/alarms.md), from least to most
 * severe: the {@code decision} column of {@code retraining_signals} holds its name.
 */
public enum Verdict {
    /** Nothing beyond the sampling noise; the reasons may still say what was seen. */
    OK,
    /** Something changed: a person should look (drift, an anomaly, a drop not surely beyond tolerance). */
    INVESTIGATE,
    /** The model's quality or inputs moved beyond the retraining rules. */
    RETRAIN;

    /** Most severe first, as the {@code runs} row and the console list them. */
    public static final java.util.List<Verdict> MOST_SEVERE_FIRST = java.util.List.of(RETRAIN, INVESTIGATE, OK);
}
