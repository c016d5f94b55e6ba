package io.driftwatch.jobs.pipeline;

/**
 * Names of the counts behind a {@code runs} row. Each counting operator keeps them as Flink
 * accumulators (visible in the web UI) and sends them as {@link RunCount} records to the run's
 * finalizer, which writes the row (accumulators reach only an attached client).
 */
public final class Counters {
    public static final String RECORDS_READ = "records_read";
    /** Characters of text records read, newline included (predictions and labels): progress only. */
    public static final String BYTES_READ = "bytes_read";
    public static final String RECORDS_VALID = "records_valid";
    public static final String RECORDS_INVALID = "records_invalid";
    public static final String RECORDS_OUT_OF_RANGE = "records_out_of_range";
    /** Valid predictions that came after their window was emitted (streaming; in {@code late_events}). */
    public static final String RECORDS_LATE = "records_late";
    public static final String LABELS_READ = "labels_read";
    public static final String LABELS_INVALID = "labels_invalid";
    public static final String LABELS_JOINED = "labels_joined";
    public static final String LABELS_UNMATCHED = "labels_unmatched";
    /** Label records whose prediction was read but lies outside the run's range. */
    public static final String LABELS_OUT_OF_RANGE = "labels_out_of_range";
    /** Labels that came after their prediction's window was emitted (streaming; in {@code late_events}). */
    public static final String LABELS_LATE = "labels_late";
    public static final String KPI_WINDOWS = "kpi_windows";
    public static final String REFERENCE_WINDOWS = "reference_windows";
    public static final String FIRST_EVENT = "first_event_time";
    public static final String LAST_EVENT = "last_event_time";
    /** Span of the event times of all valid records, in range or not (to tell a user what was seen). */
    public static final String VALID_TIME_MIN = "valid_event_time_min";
    public static final String VALID_TIME_MAX = "valid_event_time_max";
    /** Prefix of the dead-letter counts by kind and reason: {@code dead_letter.prediction:bad_timestamp}. */
    public static final String DEAD_LETTER = "dead_letter.";
    /** Text values that look personal: {@code personal.<column>:<kind>} (ParseRecords' scan). */
    public static final String PERSONAL = "personal.";
    /** Records scanned for personal data. */
    public static final String PERSONAL_SCANNED = "personal_scanned";
    /** Unusable label records; the example is one of them as written ({@code source: text}). */
    public static final String LABEL_RECORD = "unusable_label_record";

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
            examples.merge(count.name(), count.example(), Counters::earlier);
        }
    }

    /**
     * Of two examples, the one from the earlier source: natural order, so {@code f.csv:2} comes before
     * {@code f.csv:10} (numbers compared as numbers). Deterministic whatever order they arrive in.
     * Hand-written: none of the libraries on the classpath has a natural string order.
     */
    static String earlier(String a, String b) {
        return naturalCompare(a, b) <= 0 ? a : b;
    }

    static int naturalCompare(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i), y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                while (i < a.length() - 1 && a.charAt(i) == '0' && Character.isDigit(a.charAt(i + 1))) i++;
                while (j < b.length() - 1 && b.charAt(j) == '0' && Character.isDigit(b.charAt(j + 1))) j++;
                int si = i, sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) i++;
                while (j < b.length() && Character.isDigit(b.charAt(j))) j++;
                int c = i - si != j - sj ? Integer.compare(i - si, j - sj) : a.substring(si, i).compareTo(b.substring(sj, j));
                if (c != 0) return c;
            } else {
                if (x != y) return Character.compare(x, y);
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
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
