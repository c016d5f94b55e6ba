package io.driftwatch.jobs.commit;

import io.driftwatch.common.config.DriftwatchConfig.Compression;
import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.window.WindowGrid;
import io.driftwatch.jobs.trend.Alerts;
import java.io.Serializable;
import java.util.List;

/**
 * What a run's commit, judgment and {@code runs} row need, fixed when the run starts (the app layer
 * builds it from its {@code RunPlan}; the job's last operator carries it).
 *
 * @param run who the run is and what it read
 * @param output where its tables go
 * @param range the range it owns
 * @param reference its reference, and the period it profiles itself if any
 * @param retraining the rules of contract §7; null: the run judges nothing ({@code profile})
 * @param alerts where alerts go besides the log, or null
 * @param fairness the fairness attributes by model ({@code models.<m>.fairness}), whose breaches the judge reports
 * @param checks the service-level checks by model ({@code models.<m>.checks}), evaluated by the judge
 * @param routes where alerts are delivered ({@code alerts.routes}), with their retries and dead letter
 */
public record CommitPlan(Run run, Output output, Range range, Reference reference, RetrainingConfig retraining,
        Alerts.Destination alerts, java.util.Map<String, List<io.driftwatch.common.config.FairnessRule>> fairness,
        java.util.Map<String, List<io.driftwatch.common.config.Check>> checks,
        io.driftwatch.common.config.AlertRoute.Settings routes)
        implements Serializable {

    public CommitPlan(Run run, Output output, Range range, Reference reference, RetrainingConfig retraining,
            Alerts.Destination alerts) {
        this(run, output, range, reference, retraining, alerts, java.util.Map.of(), java.util.Map.of(),
                io.driftwatch.common.config.AlertRoute.Settings.NONE);
    }

    /**
     * The run: {@code analyze}, {@code profile} or {@code stream}, its id and start, what it read.
     *
     * @param labelFields how the label records' fields are read, for messages ({@code DriftwatchConfig.labelFieldsDescribed})
     * @param version this build's version ({@code runs.driftwatch_version})
     * @param config the config file as JSON, secrets masked ({@code runs.config}), or null without one
     * @param inputFiles each input with its size and modification time, or a topic ({@code runs.input_files})
     */
    public record Run(String command, String id, long startedAt, String configSha256, List<String> inputs,
            List<String> labelInputs, String labelFields, String version, String config, List<String> inputFiles)
            implements Serializable {}

    /**
     * @param windowTables the window tables the run writes (each replaced over the run's range)
     */
    public record Output(String dir, Compression compression, List<String> windowTables) implements Serializable {}

    /**
     * @param from inclusive start, {@code Long.MIN_VALUE} for none
     * @param to exclusive end, {@code Long.MAX_VALUE} for none
     * @param maxBadRatio the share of unusable records above which the input is rejected
     * @param freshFrom where the records read from the logs start (windows before it came carried from the
     *     last run, whose dead letters stay as they are); {@code Long.MIN_VALUE}: {@code from}
     * @param storedInputStart for a run with {@code from}: where the input of the windows it takes from
     *     earlier runs started (stored before {@code from}, or kept by a {@code --since-last-run} chain), so the
     *     judge leaves a window that start cut as the run that wrote it did ({@code Judge.inputSpans});
     *     {@code Long.MIN_VALUE}: none
     */
    public record Range(long from, long to, WindowGrid window, double maxBadRatio, long freshFrom, long storedInputStart)
            implements Serializable {
        public Range(long from, long to, WindowGrid window, double maxBadRatio) {
            this(from, to, window, maxBadRatio, Long.MIN_VALUE, Long.MIN_VALUE);
        }
    }

    /**
     * @param description where the reference came from (null: none)
     * @param tables the directory holding the reference period's {@code kpi_windows} (a stored
     *     reference's directory, or {@code periodOutput}); null: no reference
     * @param periodOutput where the job writes the reference period it profiles itself (its
     *     {@code kpi_windows} and {@code feature_profiles}, then {@code periodMarker} as
     *     {@code _reference.json}); null when the reference is not built in the job
     */
    public record Reference(String description, String tables, String periodOutput, long periodFrom, long periodTo,
            String periodMarker) implements Serializable {}

    /** The plan of one row of a continuous stream: its own id and start. */
    CommitPlan withRun(String id, long started) {
        return new CommitPlan(new Run(run.command(), id, started, run.configSha256(), run.inputs(), run.labelInputs(),
                run.labelFields(), run.version(), run.config(), run.inputFiles()),
                output, range, reference, retraining, alerts, fairness, checks, routes);
    }
}
