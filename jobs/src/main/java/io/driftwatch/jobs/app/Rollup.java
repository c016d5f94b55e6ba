package io.driftwatch.jobs.app;

import io.driftwatch.jobs.store.Store;
import io.driftwatch.jobs.tables.RetrainingSignalTable;
import io.driftwatch.jobs.tables.KpiAnomalyTable;
import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.drift.ColumnProfile;
import io.driftwatch.common.window.WindowGrid;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.drift.ColumnDrift;
import io.driftwatch.common.drift.DriftEvaluator;
import io.driftwatch.common.drift.ReferenceProfiles;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.jobs.commit.CommitJournal;
import io.driftwatch.jobs.commit.OutputCommitter;
import io.driftwatch.jobs.commit.OutputLock;
import io.driftwatch.jobs.parquet.TableFiles;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.common.trend.KpiAnomaly;
import io.driftwatch.jobs.tables.KpiWindowRow;
import io.driftwatch.common.trend.RetrainingSignal;
import io.driftwatch.jobs.trend.HistoryJudge;
import io.driftwatch.jobs.reference.StoredProfiles;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Rollup (contract §1, {@code rollup}): merges the stored {@code feature_profiles} and
 * {@code kpi_windows} (from their {@code kpi_state}) of an output directory into coarser windows
 * aligned by the config's {@code window_offset} (hourly into daily, daily into weekly), then computes
 * their drift against the reference and judges them ({@code kpi_anomalies},
 * {@code retraining_signals}) — all without logs, into {@code <output>/rollup/<window>/}. A stored
 * window is merged into the coarse window that holds it; one that straddles two coarse windows is an
 * error. The merge is exact for everything a profile and a KPI state hold, so a rolled-up window
 * equals the one an {@code analyze --window} of the coarse length computes.
 *
 * <p>Runs in the client, not as a Flink job (one row per stored window and column is small next to
 * the logs), under the output's lock, committed through the journal (docs/reference/store.md).
 */
public final class Rollup {
    private final String output;
    private final String window;
    private final java.nio.file.Path configFile;
    private final String referenceProfile;

    /**
     * @param output an analyze output directory
     * @param window the coarse window (1d, 1w, 1mo)
     * @param configFile drift and retraining settings and the window offset, or null for the defaults
     * @param referenceProfile the reference, or null for {@code <output>/reference} when it holds one
     */
    public Rollup(String output, String window, java.nio.file.Path configFile, String referenceProfile) {
        this.output = output;
        this.window = window;
        this.configFile = configFile;
        this.referenceProfile = referenceProfile;
    }

    /** Rolls up under the output's lock, committed through a journal; returns the folder written. */
    public Path run() throws Exception {
        DriftwatchConfig loaded = configFile == null ? DriftwatchConfig.DEFAULT : ConfigLoader.load(configFile);
        // the config's window_offset aligns the coarse windows as it aligned the stored ones
        WindowGrid grid = loaded.window().withSpec(window, "--window");
        Path dir = new Path(output);
        dir = dir.makeQualified(dir.getFileSystem());
        long now = System.currentTimeMillis();
        String runId = Console.newRunId(now);
        OutputLock.acquire(dir, runId, "rollup", now, OutputLock.DEFAULT_TIMEOUT);
        try {
            return rollUp(dir, grid, loaded, runId);
        } finally {
            OutputLock.release(dir, runId);
        }
    }

    private Path rollUp(Path dir, WindowGrid grid, DriftwatchConfig loaded, String runId) throws Exception {
        List<StoredProfiles.Row> rows = StoredProfiles.read(dir, Long.MIN_VALUE, Long.MAX_VALUE);
        if (rows.isEmpty()) throw new InputRejectedException("--output: no feature_profiles in " + output);

        Map<Key, ColumnProfile> merged = new TreeMap<>(java.util.Comparator.comparing(Key::model)
                .thenComparing(Key::version).thenComparing(Key::segment).thenComparingLong(Key::start)
                .thenComparing(Key::kind).thenComparing(Key::feature));
        // rows of a coarse window: the sum over its stored windows (each counted once, whatever its columns)
        Map<StoredWindow, Long> storedRows = new java.util.HashMap<>();
        // coverage of a coarse window: from the earliest to the latest instant its stored windows cover
        // (a week rolled up from the 4 days a run covered is partial, as that run's weekly window would be)
        Map<CoarseWindow, long[]> coverage = new java.util.HashMap<>();
        for (StoredProfiles.Row r : rows) {
            long start = grid.start(r.windowStart());
            if (r.windowEnd() > grid.end(start)) {
                throw new ConfigException("--window: " + window + " does not hold the stored window starting "
                        + java.time.Instant.ofEpochMilli(r.windowStart()) + "; choose a multiple of the stored window");
            }
            Key k = new Key(r.model(), r.modelVersion(), r.segment(), start, r.kind().name(), r.feature());
            merged.computeIfAbsent(k, x -> new ColumnProfile(r.profile().declared())).merge(r.profile());
            storedRows.put(new StoredWindow(r.model(), r.modelVersion(), r.segment(), r.windowStart()), r.rows());
            long[] c = coverage.computeIfAbsent(new CoarseWindow(r.model(), r.modelVersion(), r.segment(), start),
                    x -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
            c[0] = Math.min(c[0], r.coverageStart());
            c[1] = Math.max(c[1], r.coverageEnd());
            if (r.coverageStart() != r.windowStart() || r.coverageEnd() != r.windowEnd()) c[2] = 1;
        }
        Map<CoarseWindow, Long> coarseRows = new java.util.HashMap<>();
        storedRows.forEach((k, n) -> coarseRows.merge(new CoarseWindow(k.model(), k.version(), k.segment(),
                grid.start(k.start())), n, Long::sum));
        // written into the run's staging folder, then switched in through a journal: a rollup that fails
        // half way (a damaged file, a full disk) leaves the earlier one as it was, and a crash in the
        // switch is finished by the next run or `repair`
        Path done = new Path(dir, "rollup/" + window);
        Path target = OutputCommitter.stagingDir(dir, runId, "rollup");
        try {
            writeRollup(dir, grid, loaded, target, rows.size(), merged, coverage, coarseRows);
            CommitJournal.replaceFolder(dir, runId, target, "rollup/" + window);
        } finally {
            OutputCommitter.removeStaging(dir, runId);
        }
        return done;
    }

    /** A stored window of a key. */
    private record StoredWindow(String model, String version, String segment, long start) {}

    /** A coarse window of a key. */
    private record CoarseWindow(String model, String version, String segment, long start) {}

    /** A coarse window with its coverage: the rows of one profile set. */
    private record CoveredWindow(String model, String version, String segment, long start, long end, long coverageStart,
            long coverageEnd) {}

    /** A coarse window's column. */
    private record Key(String model, String version, String segment, long start, String kind, String feature) {}

    private void writeRollup(Path dir, WindowGrid grid, DriftwatchConfig loaded, Path target, int storedProfiles,
            Map<Key, ColumnProfile> merged, Map<CoarseWindow, long[]> coverage, Map<CoarseWindow, Long> coarseRows)
            throws Exception {
        Path done = new Path(dir, "rollup/" + window);
        List<FeatureProfileRow> out = new ArrayList<>();
        merged.forEach((k, p) -> {
            long end = grid.end(k.start());
            CoarseWindow w = new CoarseWindow(k.model(), k.version(), k.segment(), k.start());
            long[] c = coverage.get(w);
            out.add(FeatureProfileRow.of(k.model(), k.version(), k.segment(), k.start(), end, c[0], c[1], new ProfileSet.Column(ProfileSet.Kind.valueOf(k.kind()), k.feature(), p),
                    coarseRows.get(w)));
        });
        // the coarse windows' alarm rules held to the alarm budget for their length
        DriftwatchConfig config = loaded.withWindow(grid).budgeted();
        TableFiles.write(new Path(target, FeatureProfileRow.SCHEMA.table()), FeatureProfileRow.SCHEMA, out,
                "part-0.parquet", config.compression());
        Console.info("rollup: " + storedProfiles + " stored profiles merged into " + merged.size() + " "
                + window + " profiles in " + done + "/" + FeatureProfileRow.SCHEMA.table());

        List<KpiWindowRow> kpis = rollupKpis(dir, grid);
        // the coarse windows' quality without labels against the reference's KPIs, as analyze sets it
        Path referenceDir = referenceProfile != null ? new Path(referenceProfile) : new Path(dir, "reference");
        boolean hasReference = !StoredProfiles.read(referenceDir, Long.MIN_VALUE, Long.MAX_VALUE).isEmpty();
        Map<String, io.driftwatch.common.kpi.KpiValues> referenceKpis = hasReference
                ? HistoryJudge.referenceKpis(referenceDir, null) : Map.of();
        if (!referenceKpis.isEmpty()) {
            kpis.replaceAll(r -> r.withKpis(io.driftwatch.common.kpi.Estimates.of(r.kpis(), null,
                    referenceKpis.get(io.driftwatch.common.trend.Judge.referenceKey(r.model(), r.segment())))));
        }
        TableFiles.write(new Path(target, KpiWindowRow.SCHEMA.table()), KpiWindowRow.SCHEMA, kpis, "part-0.parquet",
                config.compression());
        Console.info("rollup: " + kpis.size() + " " + window + " KPI windows in " + done + "/"
                + KpiWindowRow.SCHEMA.table());

        // drift of the coarse windows against the reference, then decisions over them, from stored state
        if (hasReference) {
            ReferenceProfiles reference = StoredProfiles.reference(referenceDir, "--reference-profile");
            Map<CoveredWindow, ProfileSet> sets = new java.util.LinkedHashMap<>();
            for (FeatureProfileRow r : out) {
                ProfileSet set = sets.computeIfAbsent(new CoveredWindow(r.model(), r.modelVersion(), r.segment(),
                        r.windowStart(), r.windowEnd(), r.coverageStart(), r.coverageEnd()), k -> {
                            ProfileSet p = new ProfileSet();
                            p.addRows(r.rows());
                            return p;
                        });
                set.mergeColumn(r.columnKind(), r.feature(), r.profile());
            }
            List<FeatureDriftRow> drift = new ArrayList<>();
            sets.forEach((k, set) -> {
                for (ColumnDrift d : DriftEvaluator.evaluate(set, reference.of(k.model(), k.segment()),
                        config.driftOf(k.model()), config.model(k.model()).features().keySet())) {
                    drift.add(new FeatureDriftRow(k.model(), k.version(), k.segment(), k.start(), k.end(),
                            k.coverageStart(), k.coverageEnd(), d));
                }
            });
            TableFiles.write(new Path(target, FeatureDriftRow.SCHEMA.table()), FeatureDriftRow.SCHEMA, drift,
                    "part-0.parquet", config.compression());
        } else {
            Console.info("rollup: no reference profile in " + referenceDir + " (give --reference-profile), so no"
                    + " feature_drift and no drift in the decisions");
        }
        HistoryJudge.Judged judged = new HistoryJudge(config.retraining(), grid, config.fairness(), config.checks()).judge(target,
                hasReference ? referenceDir : null, Long.MIN_VALUE, Long.MAX_VALUE);
        TableFiles.write(new Path(target, KpiAnomalyTable.SCHEMA.table()), KpiAnomalyTable.SCHEMA, judged.anomalies(),
                "part-0.parquet", config.compression());
        TableFiles.write(new Path(target, RetrainingSignalTable.SCHEMA.table()), RetrainingSignalTable.SCHEMA,
                judged.signals(), "part-0.parquet", config.compression());
        TableFiles.write(new Path(target, io.driftwatch.jobs.tables.ModelVersionTable.SCHEMA.table()),
                io.driftwatch.jobs.tables.ModelVersionTable.SCHEMA, judged.versions(), "part-0.parquet", config.compression());
        TableFiles.write(new Path(target, io.driftwatch.jobs.tables.CheckResultTable.SCHEMA.table()),
                io.driftwatch.jobs.tables.CheckResultTable.SCHEMA, judged.checks(), "part-0.parquet", config.compression());
        Console.info("rollup: " + judged.signals().size() + " decisions and " + judged.anomalies().stream()
                .filter(KpiAnomaly::anomaly).count() + " KPI anomalies over the " + window + " windows in " + done);
    }

    /**
     * The stored KPI windows merged into coarse ones from their {@code kpi_state}: exact for every KPI
     * (counts, exact sums, the kept latencies and scores or their sketches); coverage as for profiles.
     */
    private List<KpiWindowRow> rollupKpis(Path dir, WindowGrid grid) throws java.io.IOException {
        record Key(String model, String version, String segment, long start) {}
        Map<Key, KpiState> merged = new TreeMap<>(java.util.Comparator.comparing(Key::model).thenComparing(Key::version)
                .thenComparing(Key::segment).thenComparingLong(Key::start));
        Map<Key, long[]> coverage = new java.util.HashMap<>();
        int withoutState = 0;
        for (KpiWindowRow r : Store.at(dir).readAll(KpiWindowRow.SCHEMA)) {
            long start = grid.start(r.windowStart());
            if (r.windowEnd() > grid.end(start)) {
                throw new ConfigException("--window: " + window + " does not hold the stored window starting "
                        + java.time.Instant.ofEpochMilli(r.windowStart()) + "; choose a multiple of the stored window");
            }
            KpiState state = r.state();
            if (state == null) {
                withoutState++;
                continue;
            }
            Key k = new Key(r.model(), r.modelVersion(), r.segment(), start);
            merged.computeIfAbsent(k, x -> new KpiState()).merge(state);
            long[] c = coverage.computeIfAbsent(k, x -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
            c[0] = Math.min(c[0], r.coverageStart());
            c[1] = Math.max(c[1], r.coverageEnd());
            if (!r.complete()) c[2] = 1;
        }
        if (withoutState > 0) {
            Console.warn("rollup: " + withoutState + " stored KPI windows carry no kpi_state (written by an"
                    + " earlier release); analyze their range again to roll them up");
        }
        List<KpiWindowRow> out = new ArrayList<>();
        merged.forEach((k, state) -> {
            long end = grid.end(k.start());
            long[] c = coverage.get(k);
            long from = c[0], to = c[1];
            out.add(new KpiWindowRow(k.model(), k.version(), k.segment(), k.start(), end, from, to, state.result(to - from),
                    state.toBytes()));
        });
        return out;
    }
}
