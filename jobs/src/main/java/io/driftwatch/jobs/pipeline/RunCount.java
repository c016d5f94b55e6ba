package io.driftwatch.jobs.pipeline;

/**
 * One count of a run (a {@link Counters} name and a value) on its way to the run's finalizer, which
 * sums them ({@code first_event_time}: minimum, {@code last_event_time}: maximum). Counts travel as
 * records, not accumulators, because the finalizer runs inside the job (see {@code FinalizeRun}).
 */
public record RunCount(String name, long value) {}
