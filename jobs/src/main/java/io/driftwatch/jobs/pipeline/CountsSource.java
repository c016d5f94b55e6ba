package io.driftwatch.jobs.pipeline;

import java.util.Map;

/** A function that counts what it saw; {@link CountingProcessOperator} emits the counts at end of input. */
public interface CountsSource {
    /** This subtask's counts by {@link Counters} name. */
    Map<String, Long> counts();

    /** This subtask's example per count name (dead-letter counts: a record's source and detail). */
    default Map<String, String> examples() {
        return Map.of();
    }
}
