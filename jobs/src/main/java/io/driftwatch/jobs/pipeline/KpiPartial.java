package io.driftwatch.jobs.pipeline;

/**
 * A partial KPI state of one key and window, pre-aggregated before the shuffle (see
 * {@link PreAggregateKpis}); {@code state} is {@code KpiState.toBytes()}, so the type needs no Kryo.
 */
public record KpiPartial(String key, long windowStart, byte[] state) {}
