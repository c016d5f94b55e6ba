package io.driftwatch.jobs.pipeline;

/**
 * Names of the counts behind a {@code runs} row. Each counting operator keeps them as Flink
 * accumulators (visible in the web UI) and sends them as {@link RunCount} records to the run's
 * finalizer, which writes the row (accumulators reach only an attached client).
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
    /** Span of the event times of all valid records, in range or not (to tell a user what was seen). */
    public static final String VALID_TIME_MIN = "valid_event_time_min";
    public static final String VALID_TIME_MAX = "valid_event_time_max";
    /** Prefix of the dead-letter counts by kind and reason: {@code dead_letter.prediction:bad_timestamp}. */
    public static final String DEAD_LETTER = "dead_letter.";

    /** The count name of dead letters of a kind ({@code prediction}, {@code label}) and reason code. */
    public static String deadLetter(String kind, String reasonCode) {
        return DEAD_LETTER + kind + ":" + reasonCode;
    }

    private Counters() {}

    /** Adds one count to running totals (see {@link #combine}). */
    public static void accumulate(java.util.Map<String, Long> totals, RunCount count) {
        String name = count.name();
        totals.merge(name, count.value(), (a, b) -> combine(name, a, b));
    }

    /** Adds one count and its example to running totals; of several examples the smallest is kept. */
    public static void accumulate(java.util.Map<String, Long> totals, java.util.Map<String, String> examples,
            RunCount count) {
        accumulate(totals, count);
        if (count.example() != null) {
            examples.merge(count.name(), count.example(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
    }

    /** How two values of one count combine: minimum, maximum or sum. */
    public static long combine(String name, long a, long b) {
        return switch (name) {
            case FIRST_EVENT, VALID_TIME_MIN -> Math.min(a, b);
            case LAST_EVENT, VALID_TIME_MAX -> Math.max(a, b);
            default -> a + b;
        };
    }
}
