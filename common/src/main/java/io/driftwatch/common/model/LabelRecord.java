package io.driftwatch.common.model;

/**
 * Ground truth that arrived separately from its prediction. {@code timestamp} is when the label
 * became known; the label still counts in the window of its prediction.
 */
public record LabelRecord(String predictionId, long timestamp, double labelNumber, String labelText) {}
