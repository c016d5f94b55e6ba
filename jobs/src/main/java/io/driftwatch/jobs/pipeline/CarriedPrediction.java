package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.model.LabelRecord;
import io.driftwatch.common.model.Observation;

/**
 * A prediction an earlier run kept in {@code label_carry} ({@link LabelCarry}): as read, with the label
 * record that run had joined to it (null without one).
 */
public record CarriedPrediction(Observation observation, LabelRecord label) {}
