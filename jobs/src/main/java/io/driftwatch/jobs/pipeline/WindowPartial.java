package io.driftwatch.jobs.pipeline;

/**
 * A partial KPI state of one key and window, pre-aggregated before the shuffle (see
 * {@link PreAggregateWindows}); {@code state} is {@code WindowState.toBytes()}, so the type needs no Kryo.
 */
public record WindowPartial(String key, long windowStart, byte[] state) {}
