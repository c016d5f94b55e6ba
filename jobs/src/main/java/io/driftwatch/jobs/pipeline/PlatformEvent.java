package io.driftwatch.jobs.pipeline;

/**
 * One request or response of a format that logs them apart ({@code input.format: kserve},
 * {@code seldon}), read from its record by {@link ReadEvents}, waiting in {@link PairEvents} for its
 * other half.
 *
 * @param id what pairs it: the CloudEvent id (Seldon: {@code requestid})
 * @param request whether it is the request (else the response)
 * @param time its event time, epoch millis, or Long.MIN_VALUE
 * @param source where it was read ({@code file:line}, {@code topic/partition/offset})
 * @param event the event as {@code InferenceEvents.events} reads it, as JSON text
 */
public record PlatformEvent(String id, boolean request, long time, String source, String event) {}
