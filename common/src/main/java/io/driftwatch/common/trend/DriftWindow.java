package io.driftwatch.common.trend;

import io.driftwatch.common.drift.ColumnDrift;

/** One column's drift in one window of one (model, version, segment), as the {@link Judge} reads it. */
public interface DriftWindow {
    String model();

    String modelVersion();

    String segment();

    long windowStart();

    ColumnDrift d();
}
