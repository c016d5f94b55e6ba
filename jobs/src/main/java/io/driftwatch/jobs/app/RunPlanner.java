package io.driftwatch.jobs.app;

import io.driftwatch.jobs.store.Store;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.drift.ReferenceProfiles;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.common.trend.RetrainingRules;
import io.driftwatch.common.window.WindowGrid;
import io.driftwatch.jobs.commit.FinalizeRun;
import io.driftwatch.jobs.reference.StoredProfiles;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import io.driftwatch.jobs.tables.RunRow;
import io.driftwatch.jobs.tables.RunStatus;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Turns a {@link RunRequest} into a {@link RunPlan}: loads the config, resolves the range
 * ({@code --for} through {@link WindowGrid}, {@code --since-last-run} from the {@code runs} table),
 * and the reference (a stored profile, an earlier run's profile of the same period reused, or a
 * period the job profiles itself). Nothing here starts a job.
 */
public final class RunPlanner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    /**
     * The output's {@code runs} rows, read once per plan: a scheduled output holds a file per run, and the
     * plan needs them for the last run and for where the input began (bench/README.md, "Scheduled runs").
     */
    private List<RunRow> storedRuns;

    public RunPlanner(Clock clock) {
        this.clock = clock;
    }

    public RunPlanner() {
        this(Clock.systemUTC());
    }

    /** The run to do, or empty when there is nothing to do (a run since the last one that has nothing new). */
    public Optional<RunPlan> plan(RunRequest r) throws Exception {
        if (r.source() instanceof RunRequest.Files f && f.predictions().isEmpty()) {
            throw new ConfigException("--input: required (a file, directory or glob)");
        }
        checkOptions(r);
        storedRuns = null;
        return r.kind() == RunRequest.Kind.PROFILE ? Optional.of(profile(r)) : analyze(r);
    }

    private static void checkOptions(RunRequest r) {
        if (!(r.maxBadRatio() >= 0 && r.maxBadRatio() <= 1)) throw new ConfigException("--max-bad-ratio: must be between 0 and 1");
        if (r.parallelism() != null && r.parallelism() < 1) throw new ConfigException("--parallelism: must be at least 1");
    }

    private static void checkRange(long from, long to) {
        if (from >= to) throw new ConfigException("--from must be before --to");
    }

    /** {@code profile}: one window spanning the reference period. */
    private RunPlan profile(RunRequest r) throws IOException {
        RunRequest.Range range = r.range();
        if (range.from() == null) throw new ConfigException("--from: needed (the reference period's start)");
        if (range.to() == null) throw new ConfigException("--to: needed (the reference period's end)");
        long from = bound(range.from(), "--from", Long.MIN_VALUE);
        long to = bound(range.to(), "--to", Long.MAX_VALUE);
        checkRange(from, to);
        DriftwatchConfig config = config(r);
        if (!config.drift().enabled()) throw new ConfigException("drift.enabled: must be true to build a profile");
        return new RunPlan(r, config.withWindow(WindowGrid.single(from, to)), from, to,
                List.of(KpiWindowRow.SCHEMA.table(), FeatureProfileRow.SCHEMA.table()), null, null,
                storedInputStart(storedRuns(r), r.command(), from, false));
    }

    /** {@code analyze} and {@code stream}. */
    private Optional<RunPlan> analyze(RunRequest r) throws Exception {
        DriftwatchConfig config = config(r);
        RunRequest.Range range = r.range();
        String command = r.command();
        long now = clock.millis();
        long from = bound(range.from(), "--from", Long.MIN_VALUE);
        Long relativeTo = relativeTo(range.to(), now);
        long to = relativeTo != null ? relativeTo : bound(range.to(), "--to", Long.MAX_VALUE);
        if (range.forRange() != null) {
            if (range.from() != null || range.to() != null || range.sinceLastRun()) {
                throw new ConfigException("--for: give either it or --from/--to/--since-last-run");
            }
            long[] span = relativeRange(range.forRange(), now);
            from = span[0];
            to = span[1];
            Console.info(command + ": --for " + range.forRange() + " is [" + Timestamps.format(from) + ", "
                    + Timestamps.format(to) + ")");
        }
        Long sinceStop = null;
        RunRow continued = null;
        if (range.sinceLastRun()) {
            if (to == Long.MAX_VALUE) to = now;
            continued = lastRun(storedRuns(r), config, command);
            Long lastStop = continued == null ? null : stopOf(continued, config);
            if (lastStop == null && from == Long.MIN_VALUE) {
                throw new ConfigException("--since-last-run: no earlier successful analyze run in " + r.output()
                        + "; give --from for the first run");
            }
            if (lastStop != null) {
                // windows whose labels may still arrive are analyzed again, nothing older, and no window before
                // the one the output's input began in (a chain begun with --from: its horizon does not reach back
                // past it; a start inside a window keeps that window, taken as the first run took it)
                from = config.window().start(lastStop - config.labelHorizon().toMillis());
                long begun = storedInputStart(storedRuns(r), command, from, true);
                if (begun != Long.MIN_VALUE) from = Math.max(from, config.window().start(begun));
                sinceStop = lastStop;
                Console.info(command + ": the last run stopped at " + Timestamps.format(lastStop) + "; analyzing ["
                        + Timestamps.format(from) + ", " + Timestamps.format(to) + ") (labels.horizon "
                        + config.labelHorizon().toHours() + " h)");
            }
            if (from >= to) {
                Console.info(command + ": nothing to do: the last run stopped at " + Timestamps.format(lastStop));
                return Optional.empty();
            }
        }
        checkRange(from, to);
        boolean drift = config.drift().enabled();
        Reference ref = drift ? reference(r, config, to, sinceStop == null ? null : continued) : Reference.NONE;
        ReferenceProfiles stored = ref.stored();
        RunPlan.InJobReference inJob = ref.inJob();
        List<String> tables = new ArrayList<>(List.of(KpiWindowRow.SCHEMA.table()));
        if (drift) tables.add(FeatureProfileRow.SCHEMA.table());
        if (stored != null || inJob != null) tables.add(FeatureDriftRow.SCHEMA.table());
        if (config.models().values().stream().anyMatch(m -> !m.fairness().isEmpty())) {
            tables.add(io.driftwatch.jobs.tables.FairnessRow.SCHEMA.table());
        }
        RunPlan.Carry carry = RunPlan.Carry.NONE;
        long keepFrom = config.window().start(Math.max(Long.MIN_VALUE / 2, to - config.labelHorizon().toMillis()));
        // a reference period profiled in the job is read from the logs with the range: its records must not
        // be kept as the range's (so it lies outside the kept windows), and a run that reads it does not take
        // windows from the last run (its label files may hold labels those kept predictions already joined)
        boolean referenceApart = inJob == null || inJob.to() <= keepFrom || inJob.from() >= to;
        if ("analyze".equals(command) && r.source() instanceof RunRequest.Files && referenceApart && to != Long.MAX_VALUE) {
            carry = inJob != null || sinceStop == null || sinceStop <= from ? new RunPlan.Carry(
                    new io.driftwatch.jobs.pipeline.LabelCarry(keepFrom, Long.MIN_VALUE), List.of())
                    : carriedIn(r, config, continued, from, sinceStop, keepFrom);
            tables.add(io.driftwatch.jobs.tables.LabelCarryRow.SCHEMA.table());
        }
        if (drift && stored == null && inJob == null) {
            Console.info(command + ": no reference given, so no feature_drift (use --reference-from/--reference-to, "
                    + "--reference-profile or reference: in the config)");
        }
        return Optional.of(new RunPlan(r, config, from, to, tables, stored, inJob, carry, from == Long.MIN_VALUE
                ? Long.MIN_VALUE : storedInputStart(storedRuns(r), command, from, range.sinceLastRun())));
    }

    /**
     * The windows {@code [from, lastStop)} carried from the last run, when it kept them: its predictions of
     * those windows from {@code label_carry} (late labels join them), the windows' feature profiles from
     * {@code feature_profiles}, so the logs are read from {@code lastStop} on. Else (an older release, a run
     * without {@code --to}, another config) the windows are analyzed from the logs again, as before.
     *
     * @param last the run this one continues (it stopped at {@code lastStop})
     */
    private static RunPlan.Carry carriedIn(RunRequest r, DriftwatchConfig config, RunRow last, long from, long lastStop,
            long keepFrom) throws IOException {
        io.driftwatch.jobs.pipeline.LabelCarry keepOnly = new io.driftwatch.jobs.pipeline.LabelCarry(keepFrom, Long.MIN_VALUE);
        Path out = new Path(r.output());
        Store store = Store.at(out);
        String why = null;
        String sha = sha256(r.configFile());
        if (last == null || !java.util.Objects.equals(sha, last.configSha256())) {
            why = "the config changed since the last run";
        }
        List<KpiWindowRow> windows = why != null ? List.of()
                : store.read(KpiWindowRow.SCHEMA, null, from, lastStop, java.util.Set.of("kpi_state"));
        for (KpiWindowRow w : windows) {
            if (why != null) break;
            if (w.windowEnd() != config.window().end(w.windowStart())) {
                why = "the stored windows are not those of window: " + config.window().spec();
            } else if (io.driftwatch.jobs.parquet.TableReader.files(out, io.driftwatch.jobs.tables.LabelCarryRow.SCHEMA,
                    List.of(w.model()), w.windowStart(), w.windowStart() + 1).isEmpty()) {
                why = "the run that wrote window " + Timestamps.format(w.windowStart()) + " of " + w.model()
                        + " kept no predictions for late labels (an earlier release, a run without --to, or"
                        + " one that profiled a reference period within its labels.horizon)";
            }
        }
        if (why != null) {
            Console.info(r.command() + ": reading the logs of [" + Timestamps.format(from) + ", "
                    + Timestamps.format(lastStop) + ") again: " + why);
            return new RunPlan.Carry(keepOnly, List.of());
        }
        List<Path> files = io.driftwatch.jobs.parquet.TableReader.files(out, io.driftwatch.jobs.tables.LabelCarryRow.SCHEMA,
                null, from, lastStop);
        long keptRows = 0;
        for (Path f : files) {
            try (var rows = io.driftwatch.jobs.parquet.ParquetGroups.open(f)) {
                if (!rows.schema().containsField("label_time")) {
                    Console.info(r.command() + ": reading the logs of [" + Timestamps.format(from) + ", "
                            + Timestamps.format(lastStop) + ") again: the kept predictions are of an earlier format");
                    return new RunPlan.Carry(keepOnly, List.of());
                }
                keptRows += rows.rowCount();
            }
        }
        if (keptRows > maxKeptInMemory()) {
            // the hash join holds them in memory (JoinKeptLabels); past this the logs are the cheaper way
            Console.info(r.command() + ": reading the logs of [" + Timestamps.format(from) + ", "
                    + Timestamps.format(lastStop) + ") again: " + keptRows + " kept predictions are more than the "
                    + maxKeptInMemory() + " a run joins in memory");
            return new RunPlan.Carry(keepOnly, List.of());
        }
        Console.info(r.command() + ": the windows of [" + Timestamps.format(from) + ", " + Timestamps.format(lastStop)
                + ") come from the last run's kept predictions (" + files.size() + " label_carry files) and profiles;"
                + " the logs are read from " + Timestamps.format(lastStop));
        return new RunPlan.Carry(new io.driftwatch.jobs.pipeline.LabelCarry(keepFrom, lastStop), files);
    }

    /**
     * The most kept predictions a run takes from {@code label_carry}: {@link
     * io.driftwatch.jobs.pipeline.JoinKeptLabels} holds them in memory, 359 bytes each with their ids and
     * labels (measured on bench/incremental.sh's 400,000: 143.8 MB of heap), spread over the subtasks:
     * 1,000,000 is about 360 MB. System property {@code driftwatch.maxKeptInMemory} (tests; a larger heap).
     */
    static long maxKeptInMemory() {
        return Long.getLong("driftwatch.maxKeptInMemory", 1_000_000L);
    }

    /** The config file's settings with {@code --window} applied, the alarm rules held to the alarm budget. */
    private static DriftwatchConfig config(RunRequest r) {
        DriftwatchConfig config = r.configFile() == null ? DriftwatchConfig.DEFAULT : ConfigLoader.load(r.configFile());
        if (r.window() != null) config = config.withWindow(config.window().withSpec(r.window(), "--window"));
        DriftwatchConfig budgeted = config.budgeted();
        sayBudget(config, budgeted);
        return budgeted;
    }

    /** Says which thresholds the alarm budget tightened (docs/guide/decisions.md, "Alarm budget"). */
    private static void sayBudget(DriftwatchConfig configured, DriftwatchConfig budgeted) {
        if (configured == budgeted) return;
        var was = configured.retraining();
        var now = budgeted.retraining();
        double p = configured.drift().thresholdOf("__no_such_column__", "p_value");
        double q = budgeted.drift().thresholdOf("__no_such_column__", "p_value");
        if (was.confidence() == now.confidence() && was.anomalies().zThreshold() == now.anomalies().zThreshold() && p == q) return;
        long perWeek = 7L * 86_400_000L / Math.max(1, budgeted.window().maxLengthMillis());
        Console.info(String.format(Locale.ROOT, "alarms: budget %s, %s windows a week: a quality drop needs z >= %.2f,"
                + " drift tests level %.3g, anomalies |z| >= %.2f (alarms.budget: none for the rules as configured)",
                budgeted.alarms().describe(), perWeek == 0 ? "under one" : String.valueOf(perWeek),
                RetrainingRules.criticalZ(now.confidence()), q, now.anomalies().zThreshold()));
    }

    /**
     * Where the input of the windows a run with {@code from} takes from earlier runs started: the earliest
     * start ({@code input_start}, else its {@code from}, else its first record) of the successful runs of
     * {@code command} in {@code dir}. For a {@code --since-last-run} run ({@code chained}) always: its first windows are
     * the kept ones of the chain, whose first run may have had no {@code --from}, and are judged as that
     * run judged them — cut by the input's start (docs/guide/scheduled-runs.md). For another run with
     * {@code from} only when before it: the stored windows before {@code from} are the earlier runs'; from
     * {@code from} on, the given range is the input's. {@code Long.MIN_VALUE}: none. One start for the
     * output: an earlier run over another log that starts later is not told apart. A chain an earlier release
     * began has {@code --since-last-run} rows without {@code input_start} whose {@code from} is a window's start:
     * that window stays judged whole, as those runs judged it.
     */
    static long storedInputStart(List<RunRow> runs, String command, long from, boolean chained) {
        if (from == Long.MIN_VALUE) return Long.MIN_VALUE;
        long start = Long.MAX_VALUE;
        for (RunRow r : runs) {
            if (!command.equals(r.command()) || r.status() != RunStatus.SUCCEEDED) continue;
            // a run of an earlier release has no input_start: without --from its first record was the start
            Long s = r.inputStart() != null ? r.inputStart() : r.from() != null ? r.from() : r.eventTimeMin();
            if (s != null) start = Math.min(start, s);
        }
        return start == Long.MAX_VALUE || !chained && start >= from ? Long.MIN_VALUE : start;
    }

    /** The output's {@code runs} rows, read at the plan's first need of them. */
    private List<RunRow> storedRuns(RunRequest r) throws IOException {
        if (storedRuns == null) storedRuns = Store.at(new Path(r.output())).readAll(RunRow.SCHEMA);
        return storedRuns;
    }

    /** The successful run of {@code command} ({@code analyze}, {@code stream}) among {@code runs} that stopped last ({@link #stopOf}), or null. */
    static RunRow lastRun(List<RunRow> runs, DriftwatchConfig config, String command) {
        RunRow last = null;
        Long lastStop = null;
        for (RunRow r : runs) {
            if (!command.equals(r.command()) || r.status() != RunStatus.SUCCEEDED) continue;
            Long stop = stopOf(r, config);
            if (stop != null && (lastStop == null || stop > lastStop)) {
                last = r;
                lastStop = stop;
            }
        }
        return last;
    }

    /** Where a run stopped: its {@code --to}, or for a run without one the end of the window of its last event; null for neither. */
    private static Long stopOf(RunRow r, DriftwatchConfig config) {
        return r.to() != null ? r.to()
                : r.eventTimeMax() == null ? null : config.window().end(config.window().start(r.eventTimeMax()));
    }

    /**
     * {@code --to} as a word, for schedulers: {@code now}, {@code today} (the start of today, UTC),
     * {@code this-hour} (the start of the current hour); null for a date or instant.
     */
    public static Long relativeTo(String value, long now) {
        if (value == null) return null;
        return switch (value) {
            case "now" -> now;
            case "today" -> Math.floorDiv(now, 86_400_000L) * 86_400_000L;
            case "this-hour" -> Math.floorDiv(now, 3_600_000L) * 3_600_000L;
            default -> null;
        };
    }

    /** {@code --for}: [from, to) in epoch millis relative to {@code now} (UTC). */
    public static long[] relativeRange(String name, long now) {
        long day = 86_400_000L, hour = 3_600_000L;
        long today = Math.floorDiv(now, day) * day;
        return switch (name) {
            case "yesterday" -> new long[] {today - day, today};
            case "today" -> new long[] {today, now};
            case "last-hour" -> new long[] {Math.floorDiv(now, hour) * hour - hour, Math.floorDiv(now, hour) * hour};
            case "last-week" -> {
                long monday = WindowGrid.parse("1w", null, "--for").start(now);
                yield new long[] {monday - 7 * day, monday};
            }
            default -> throw new ConfigException("--for: '" + name + "' is not one of yesterday, today, last-hour, last-week");
        };
    }

    /** A date or instant option as epoch millis, {@code none} when not given. */
    public static long bound(String value, String option, long none) {
        if (value == null) return none;
        Long v = Timestamps.parseBound(value);
        if (v == null) {
            throw new ConfigException(option + ": '" + value + "' is not a date (2026-11-01) or an instant (2026-11-01T06:00:00Z)");
        }
        return v;
    }

    /** A stored reference shipped with the job, or a period the job profiles itself, or neither. */
    private record Reference(ReferenceProfiles stored, RunPlan.InJobReference inJob) {
        static final Reference NONE = new Reference(null, null);
    }

    /**
     * The run's reference: the options, else the config's {@code reference:}, else, for a
     * {@code --since-last-run} run, the reference of the run it continues ({@code continued}, null for
     * none): a chain begun with {@code --reference-from/--reference-to} or {@code --reference-profile}
     * keeps comparing with it when the scheduled command leaves them out
     * (docs/guide/scheduled-runs.md). Without that, the daily run rewrote the kept windows without
     * their {@code feature_drift} and judged them without the reference's KPIs.
     */
    private static Reference reference(RunRequest r, DriftwatchConfig config, long to, RunRow continued) throws Exception {
        RunRequest.ReferenceSpec spec = r.reference();
        String command = r.command();
        if (spec.profile() != null && (spec.from() != null || spec.to() != null)) {
            throw new ConfigException("--reference-profile: give either it or --reference-from/--reference-to");
        }
        if ((spec.from() == null) != (spec.to() == null)) {
            throw new ConfigException(spec.from() == null ? "--reference-from: needed with --reference-to"
                    : "--reference-to: needed with --reference-from");
        }
        DriftwatchConfig.ReferenceConfig rc = config.reference();
        String profileDir = spec.profile();
        String option = "--reference-profile";
        String rFrom = spec.from();
        String rTo = spec.to();
        String fromOption = "--reference-from";
        if (profileDir == null && rFrom == null && rc != null) {
            profileDir = rc.profile();
            option = "reference.profile";
            rFrom = rc.from();
            rTo = rc.to();
            fromOption = "reference.from";
        }
        if (profileDir == null && rFrom == null && continued != null && continued.referenceProfile() != null) {
            Path dir = new Path(continued.referenceProfile());
            FileSystem fs = dir.getFileSystem();
            Path marker = new Path(dir, FinalizeRun.REFERENCE_MARKER);
            if (!fs.exists(new Path(dir, "feature_profiles"))) {
                Console.warn(command + ": the run this one continues (" + continued.runId() + ") compared with the reference in "
                        + dir + ", which holds no feature_profiles now; give --reference-profile or --reference-from/--reference-to");
            } else if (fs.exists(marker) && dir.makeQualified(fs).equals(new Path(new Path(r.output()), "reference").makeQualified(fs))) {
                // a period an analyze run profiled into this output: the same period again, reused
                // when it is complete, else profiled again (as with the options given)
                JsonNode period;
                try (var in = fs.open(marker)) {
                    period = JSON.readTree(in);
                }
                rFrom = Timestamps.format(period.path("from").asLong());
                rTo = Timestamps.format(period.path("to").asLong());
                fromOption = "runs.reference_profile";
                Console.info(command + ": no reference given: the reference period of the run this one continues ("
                        + continued.runId() + "), [" + rFrom + ", " + rTo + ")");
            } else {
                profileDir = dir.toString();
                option = "runs.reference_profile";
                Console.info(command + ": no reference given: the reference profile of the run this one continues ("
                        + continued.runId() + ")");
            }
        }
        if (profileDir != null) {
            ReferenceProfiles p = StoredProfiles.reference(new Path(profileDir), option);
            Console.info(command + ": reference profile " + profileDir + " (" + p.size() + " model/segment keys)");
            return new Reference(p, null);
        }
        if (rFrom == null) return Reference.NONE;
        long start = bound(rFrom, fromOption, 0);
        long end = bound(rTo, fromOption.replace("from", "to"), 0);
        if (start >= end) throw new ConfigException(fromOption + ": the reference period must start before it ends");

        Path dir = new Path(new Path(r.output()), "reference");
        // what the stored reference was built from; reused only when all of it is the same, and its
        // labels were complete: built by a run reaching labels.horizon past the period (until then a
        // scheduled run profiles it again, so the reference's KPIs get the labels that came late)
        List<String> labels = r.source().labelNames();
        boolean labelsComplete = labels.isEmpty() || to == Long.MAX_VALUE || to >= end + config.labelHorizon().toMillis();
        JsonNode marker = JSON.valueToTree(new TreeMap<>(Map.of("from", start, "to", end,
                "config_sha256", String.valueOf(sha256(r.configFile())), "inputs", r.source().inputNames(),
                "labels", labels, "labels_complete", labelsComplete)));
        JsonNode reusable = ((ObjectNode) marker.deepCopy()).put("labels_complete", true);
        Path markerFile = new Path(dir, FinalizeRun.REFERENCE_MARKER);
        FileSystem fs = dir.getFileSystem();
        if (fs.exists(markerFile)) {
            try (var in = fs.open(markerFile)) {
                if (JSON.readTree(in).equals(reusable)) {
                    ReferenceProfiles p = StoredProfiles.reference(dir, fromOption);
                    Console.info(command + ": reusing the reference profile in " + dir + " (same period, inputs and config)");
                    Console.info(command + ": reference period [" + rFrom + ", " + rTo + "), " + p.size()
                            + " model/segment keys, profile in " + dir);
                    return new Reference(p, null);
                }
            }
        }
        // profiled by the analyze job itself, from the same read of the input (docs/guide/drift.md)
        Console.info(command + ": profiling the reference period [" + rFrom + ", " + rTo + ") in the same job, into " + dir);
        return new Reference(null, new RunPlan.InJobReference(start, end, dir.toString(), JSON.writeValueAsString(marker),
                "period [" + rFrom + ", " + rTo + ") profiled in this run into " + dir));
    }

    /** The SHA-256 of a file in hex, or null for none. */
    public static String sha256(java.nio.file.Path file) throws IOException {
        if (file == null) return null;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
