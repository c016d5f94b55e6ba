package io.driftwatch.jobs.pipeline;

/**
 * The column profiles of one window and key, on their way to the drift stage when the reference is
 * built in the same job ({@link DriftAgainstReference}); {@code profiles} is {@code ProfileSet} bytes,
 * so the type needs no Kryo.
 */
public record WindowProfiles(String model, String version, String segment, long windowStart, long windowEnd,
        long coverageStart, long coverageEnd, byte[] profiles) {

    /** The key of the drift stage: the reference is per (model, segment), all versions merged. */
    public String modelAndSegment() {
        return model + '\u0001' + segment;
    }
}
