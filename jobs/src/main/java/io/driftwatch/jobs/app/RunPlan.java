package io.driftwatch.jobs.app;

import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.drift.ReferenceProfiles;
import java.util.List;

/**
 * A run as the planner resolved it: the config in force (window applied, alarm rules held to the
 * budget), the range in epoch millis, the window tables it replaces, and its reference.
 *
 * @param request what was asked
 * @param config the effective config
 * @param from inclusive start, {@code Long.MIN_VALUE} for none
 * @param to exclusive end, {@code Long.MAX_VALUE} for none
 * @param windowTables the tables whose windows in the range the run replaces
 * @param reference a stored reference the job compares with, or null
 * @param inJobReference a reference period the job profiles itself, or null
 * @param carry what the run keeps for the next scheduled one and takes from the last
 * @param storedInputStart where the output's input began as its earlier runs took it, for the judge
 *     ({@link RunPlanner#storedInputStart}; {@code Long.MIN_VALUE}: none)
 */
public record RunPlan(RunRequest request, DriftwatchConfig config, long from, long to, List<String> windowTables,
        ReferenceProfiles reference, InJobReference inJobReference, Carry carry, long storedInputStart) {

    /** A plan without a label carry. */
    public RunPlan(RunRequest request, DriftwatchConfig config, long from, long to, List<String> windowTables,
            ReferenceProfiles reference, InJobReference inJobReference, long storedInputStart) {
        this(request, config, from, to, windowTables, reference, inJobReference, Carry.NONE, storedInputStart);
    }

    /**
     * The label carry of a run (docs/guide/scheduled-runs.md, "What a daily run reads").
     *
     * @param settings the windows kept and the point the logs are read from
     * @param files the {@code label_carry} files of the windows carried in (their feature profiles are read
     *     by the job: {@link io.driftwatch.jobs.pipeline.CarriedProfiles})
     */
    public record Carry(io.driftwatch.jobs.pipeline.LabelCarry settings, List<org.apache.flink.core.fs.Path> files) {
        public static final Carry NONE = new Carry(io.driftwatch.jobs.pipeline.LabelCarry.NONE, List.of());
    }

    /**
     * A reference period of the same logs that the analyze job profiles itself while it reads them
     * (one read of the input), into {@code dir} with {@code marker} as {@code _reference.json}.
     */
    public record InJobReference(long from, long to, String dir, String marker, String description) {}

    public String command() {
        return request.command();
    }
}
