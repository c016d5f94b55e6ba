package io.driftwatch.jobs.pipeline;

/**
 * One count of a run (a {@link Counters} name and a value) on its way to the run's finalizer, which
 * sums them ({@code first_event_time}: minimum, {@code last_event_time}: maximum). Counts travel as
 * records, not accumulators, because the finalizer runs inside the job (see {@code FinalizeRun}).
 *
 * @param example for dead-letter counts, one record's source and detail (the smallest wins when counts
 *     combine, so the run's example does not depend on parallelism); else null
 */
public record RunCount(String name, long value, String example) {
    public RunCount(String name, long value) {
        this(name, value, null);
    }
}
