package io.driftwatch.jobs.pipeline;

import java.io.Serializable;

/**
 * What a run keeps for the next scheduled one and what it takes from the last
 * (docs/guide/scheduled-runs.md, "What a daily run reads").
 *
 * @param writeFrom the first window whose predictions this run keeps in {@code label_carry} (its labels
 *     may still arrive: {@code --to} minus {@code labels.horizon}); {@code Long.MAX_VALUE}: none kept
 * @param freshFrom where the predictions read from the logs start: the windows before it come carried
 *     from the last run (their predictions from {@code label_carry}, their feature profiles from
 *     {@code feature_profiles}), and log records before it were analyzed by that run;
 *     {@code Long.MIN_VALUE}: nothing carried in
 */
public record LabelCarry(long writeFrom, long freshFrom) implements Serializable {
    /** Nothing kept, nothing carried in. */
    public static final LabelCarry NONE = new LabelCarry(Long.MAX_VALUE, Long.MIN_VALUE);

    public boolean writes() {
        return writeFrom != Long.MAX_VALUE;
    }

    public boolean carriesIn() {
        return freshFrom != Long.MIN_VALUE;
    }
}
