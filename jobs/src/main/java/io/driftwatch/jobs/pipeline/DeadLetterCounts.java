package io.driftwatch.jobs.pipeline;

import io.driftwatch.common.parse.BadRecordException.Reason;
import java.util.HashMap;
import java.util.Map;

/**
 * A subtask's dead letters by kind and reason, each with one example (its source and detail), for
 * the run's summary: the console's top reasons and the {@code runs} row (see {@link Counters#DEAD_LETTER}).
 */
final class DeadLetterCounts {
    private static final int MAX_EXAMPLE_CHARS = 300;

    private final Map<String, Long> counts = new HashMap<>();
    private final Map<String, String> examples = new HashMap<>();

    void add(String kind, Reason reason, String source, String detail) {
        String name = Counters.deadLetter(kind, reason.code());
        counts.merge(name, 1L, Long::sum);
        String example = source + ": " + detail;
        if (example.length() > MAX_EXAMPLE_CHARS) example = example.substring(0, MAX_EXAMPLE_CHARS) + "...";
        String e = example;
        examples.merge(name, e, Counters::earlier);
    }

    /**
     * Keeps one unusable label record as it was written ({@link Counters#LABEL_RECORD}): when none of
     * a run's label records is usable, the rejection shows one.
     */
    void addLabelRecord(String source, String raw) {
        counts.merge(Counters.LABEL_RECORD, 1L, Long::sum);
        String example = source + ": " + raw;
        if (example.length() > MAX_EXAMPLE_CHARS) example = example.substring(0, MAX_EXAMPLE_CHARS) + "...";
        examples.merge(Counters.LABEL_RECORD, example, Counters::earlier);
    }

    /** Adds the counts to {@code into}. */
    void addTo(Map<String, Long> into) {
        into.putAll(counts);
    }

    Map<String, String> examples() {
        return examples;
    }
}
