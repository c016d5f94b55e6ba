package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.drift.ColumnProfile;
import io.driftwatch.common.window.WindowGrid;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.jobs.parquet.TableFiles;
import io.driftwatch.jobs.reference.StoredProfiles;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rollup}: merges the stored {@code feature_profiles} of an output directory into coarser,
 * epoch-aligned windows (hourly into daily, daily into weekly) from their sketches alone, without
 * reading logs, into {@code <output>/rollup/<window>/feature_profiles}. A stored window is merged into
 * the coarse window that holds it; one that straddles two coarse windows is an error. The merge is
 * exact for everything a profile holds (counts, sums, the quantile sketch's bins, categories), so a
 * rolled-up profile equals the profile an {@code analyze --window} of the coarse length computes.
 *
 * <p>Runs in the client, not as a Flink job: it reads one row per stored window and column, which is
 * small next to the logs. KPI windows are not rolled up yet (their latency and AUC states are not
 * stored).
 */
@Command(name = "rollup", mixinStandardHelpOptions = true,
        description = "Merge stored feature profiles into coarser windows (e.g. daily into weekly) without reading logs.")
public final class RollupCommand implements Callable<Integer> {

    @Option(names = "--output", paramLabel = "DIR", required = true, description = "An analyze output directory.")
    String output;

    @Option(names = "--window", paramLabel = "DURATION", required = true, description = "Coarse window: 1d, 1w (ISO weeks), 1mo (calendar months).")
    String window;

    @Override
    public Integer call() throws Exception {
        run();
        return Driftwatch.OK;
    }

    /** Rolls up; returns the folder written. */
    public Path run() throws Exception {
        WindowGrid grid = WindowGrid.parse(window, null, "--window");
        Path dir = new Path(output);
        List<StoredProfiles.Row> rows = StoredProfiles.read(dir, Long.MIN_VALUE, Long.MAX_VALUE);
        if (rows.isEmpty()) throw new InputRejectedException("--output: no feature_profiles in " + output);

        record Key(String model, String version, String segment, long start, String kind, String feature) {}
        Map<Key, ColumnProfile> merged = new TreeMap<>(java.util.Comparator.comparing(Key::model)
                .thenComparing(Key::version).thenComparing(Key::segment).thenComparingLong(Key::start)
                .thenComparing(Key::kind).thenComparing(Key::feature));
        // rows of a coarse window: the sum over its stored windows (each counted once, whatever its columns)
        Map<List<Object>, Long> storedRows = new java.util.HashMap<>();
        // coverage of a coarse window: whole, unless a stored window in it is partial (then from the
        // earliest to the latest instant its stored windows cover)
        Map<List<Object>, long[]> coverage = new java.util.HashMap<>();
        for (StoredProfiles.Row r : rows) {
            long start = grid.start(r.windowStart());
            if (r.windowEnd() > grid.end(start)) {
                throw new ConfigException("--window: " + window + " does not hold the stored window starting "
                        + java.time.Instant.ofEpochMilli(r.windowStart()) + "; choose a multiple of the stored window");
            }
            Key k = new Key(r.model(), r.modelVersion(), r.segment(), start, r.kind().name(), r.feature());
            merged.computeIfAbsent(k, x -> new ColumnProfile(r.profile().declared())).merge(r.profile());
            storedRows.put(List.of(r.model(), r.modelVersion(), r.segment(), r.windowStart()), r.rows());
            long[] c = coverage.computeIfAbsent(List.of(r.model(), r.modelVersion(), r.segment(), start),
                    x -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
            c[0] = Math.min(c[0], r.coverageStart());
            c[1] = Math.max(c[1], r.coverageEnd());
            if (r.coverageStart() != r.windowStart() || r.coverageEnd() != r.windowEnd()) c[2] = 1;
        }
        Map<List<Object>, Long> coarseRows = new java.util.HashMap<>();
        storedRows.forEach((k, n) -> coarseRows.merge(List.of(k.get(0), k.get(1), k.get(2),
                grid.start((Long) k.get(3))), n, Long::sum));
        Path target = new Path(dir, "rollup/" + window);
        FileSystem fs = target.getFileSystem();
        if (fs.exists(target)) fs.delete(target, true);
        List<FeatureProfileRow> out = new ArrayList<>();
        merged.forEach((k, p) -> {
            long end = grid.end(k.start());
            long[] c = coverage.get(List.of(k.model(), k.version(), k.segment(), k.start()));
            boolean partial = c[2] == 1;
            out.add(FeatureProfileRow.of(k.model(), k.version(), k.segment(), k.start(), end,
                    partial ? c[0] : k.start(), partial ? c[1] : end, new ProfileSet.Column(ProfileSet.Kind.valueOf(k.kind()), k.feature(), p),
                    coarseRows.get(List.of(k.model(), k.version(), k.segment(), k.start()))));
        });
        TableFiles.write(new Path(target, FeatureProfileRow.SCHEMA.table()), FeatureProfileRow.SCHEMA, out,
                "part-0.parquet", io.driftwatch.common.config.DriftwatchConfig.Compression.SNAPPY);
        BatchCommand.info("rollup: " + rows.size() + " stored profiles merged into " + merged.size() + " "
                + window + " profiles in " + target + "/" + FeatureProfileRow.SCHEMA.table());
        return target;
    }
}
