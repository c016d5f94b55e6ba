package io.driftwatch.jobs.pipeline;

/**
 * Names of the Flink accumulators behind the {@code runs} counts. Accumulators are summed over all
 * subtasks by the JobManager and handed to the client with the job result, in batch and (at the
 * end) in bounded streaming runs.
 */
public final class Counters {
    public static final String RECORDS_READ = "records_read";
    public static final String RECORDS_VALID = "records_valid";
    public static final String RECORDS_INVALID = "records_invalid";
    public static final String RECORDS_OUT_OF_RANGE = "records_out_of_range";
    public static final String LABELS_READ = "labels_read";
    public static final String LABELS_INVALID = "labels_invalid";
    public static final String LABELS_JOINED = "labels_joined";
    public static final String LABELS_UNMATCHED = "labels_unmatched";
    public static final String KPI_WINDOWS = "kpi_windows";
    public static final String FIRST_EVENT = "first_event_time";
    public static final String LAST_EVENT = "last_event_time";

    private Counters() {}
}
