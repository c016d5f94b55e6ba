package io.driftwatch.jobs.cli;

import io.driftwatch.jobs.tables.RunRow;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.drift.ReferenceProfiles;
import io.driftwatch.common.parse.Timestamps;
import io.driftwatch.jobs.commit.FinalizeRun;
import io.driftwatch.jobs.commit.RunLog;
import io.driftwatch.jobs.reference.StoredProfiles;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code analyze}: the historical batch job (contract §1): {@code kpi_windows}, {@code feature_profiles},
 * against a reference {@code feature_drift}, and over the stored history {@code kpi_anomalies} and
 * {@code retraining_signals}, for the windows in {@code [--from, --to)}.
 *
 * <p>The reference is a stored profile ({@code --reference-profile}, {@code reference.profile}) or a
 * period of the same logs ({@code --reference-from/--reference-to}, {@code reference.from/to}); a
 * period is profiled once by a {@code profile} run into {@code <output>/reference}, and reused by
 * later runs with the same period, inputs and config.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Compute KPI windows, feature profiles, drift, KPI anomalies and retraining decisions for the"
                + " predictions in [--from, --to).")
public class AnalyzeCommand extends BatchCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--reference-from", paramLabel = "DATE|INSTANT", description = "Start of the reference period (same logs).")
    String referenceFrom;

    @Option(names = "--reference-to", paramLabel = "DATE|INSTANT", description = "End (exclusive) of the reference period.")
    String referenceTo;

    @Option(names = "--reference-profile", paramLabel = "DIR", description = "A `profile` output to compare windows with.")
    String referenceProfile;

    @Option(names = "--since-last-run", description = "Continue from where the last successful run in --output stopped,"
            + " re-analyzing the windows whose labels may still arrive (labels.horizon); --to defaults to now,"
            + " --from is only needed for the first run.")
    boolean sinceLastRun;

    @Option(names = "--for", paramLabel = "RANGE", description = "A range relative to now (UTC), for schedulers:"
            + " yesterday, today, last-hour, last-week (the ISO week before this one).")
    String forRange;

    @Option(names = "--alerts-topic", paramLabel = "TOPIC", description = "Kafka topic for the run's alerts (decisions"
            + " that are not OK, KPI anomalies, drifted features) as JSON; they are logged in any case.")
    String alertsTopic;

    @Option(names = "--alerts-bootstrap", paramLabel = "HOST:PORT",
            description = "Brokers of --alerts-topic (stream: --kafka-bootstrap by default).")
    String alertsBootstrap;

    @Override
    io.driftwatch.jobs.trend.Alerts.Destination alerts() {
        if (alertsTopic == null) return null;
        if (alertsBootstrap == null) throw new ConfigException("--alerts-bootstrap: needed with --alerts-topic");
        return new io.driftwatch.jobs.trend.Alerts.Destination(alertsBootstrap, alertsTopic, alertProperties());
    }

    /** Kafka client properties for the alerts producer (stream: its --kafka-property). */
    java.util.Map<String, String> alertProperties() {
        return java.util.Map.of();
    }

    /** The command's name in {@code runs} and messages ({@code stream} runs the same job from other sources). */
    String commandName() {
        return "analyze";
    }

    /** Now, for --since-last-run and --for (tests set it). */
    java.time.Clock clock = java.time.Clock.systemUTC();

    @Override
    public Result run() throws Exception {
        requireInputs();
        DriftwatchConfig config = loadConfig();
        long fromMs = bound(from, "--from", Long.MIN_VALUE);
        Long relativeTo = relativeTo(to, clock.millis());
        long toMs = relativeTo != null ? relativeTo : bound(to, "--to", Long.MAX_VALUE);
        if (forRange != null) {
            if (from != null || to != null || sinceLastRun) {
                throw new ConfigException("--for: give either it or --from/--to/--since-last-run");
            }
            long[] range = relativeRange(forRange, clock.millis());
            fromMs = range[0];
            toMs = range[1];
            info(commandName() + ": --for " + forRange + " is [" + Timestamps.format(fromMs) + ", " + Timestamps.format(toMs) + ")");
        }
        if (sinceLastRun) {
            if (toMs == Long.MAX_VALUE) toMs = clock.millis();
            Long lastStop = lastStop(new Path(output), config, commandName());
            if (lastStop == null && fromMs == Long.MIN_VALUE) {
                throw new ConfigException("--since-last-run: no earlier successful analyze run in " + output
                        + "; give --from for the first run");
            }
            if (lastStop != null) {
                // windows whose labels may still arrive are analyzed again, nothing older
                fromMs = config.window().start(lastStop - config.labelHorizon().toMillis());
                info(commandName() + ": the last run stopped at " + Timestamps.format(lastStop) + "; analyzing ["
                        + Timestamps.format(fromMs) + ", " + Timestamps.format(toMs) + ") (labels.horizon "
                        + config.labelHorizon().toHours() + " h)");
            }
            if (fromMs >= toMs) {
                info(commandName() + ": nothing to do: the last run stopped at " + Timestamps.format(lastStop));
                return new Result(null, new Path(output));
            }
        }
        checkOptions(fromMs, toMs);
        boolean drift = config.drift().enabled();
        Reference ref = drift ? reference(config, toMs) : Reference.NONE;
        ReferenceProfiles reference = ref.stored();
        InJobReference inJob = ref.inJob();
        List<String> tables = new ArrayList<>(List.of(KpiWindowRow.SCHEMA.table()));
        if (drift) tables.add(FeatureProfileRow.SCHEMA.table());
        if (reference != null || inJob != null) tables.add(FeatureDriftRow.SCHEMA.table());
        if (drift && reference == null && inJob == null) {
            info(commandName() + ": no reference given, so no feature_drift (use --reference-from/--reference-to, "
                    + "--reference-profile or reference: in the config)");
        }
        Result result = runJob(new Job(commandName(), config, fromMs, toMs, tables, reference, inJob), output);
        // the job writes the marker only with a reference (FinalizeRun)
        Path marker = inJob == null ? null : new Path(inJob.dir(), FinalizeRun.REFERENCE_MARKER);
        if (inJob != null && result.run() != null && result.run().status().equals("succeeded")
                && !marker.getFileSystem().exists(marker)) {
            // say what the logs hold rather than pointing at a `profile` run
            RunRow p = result.run();
            warn("the reference period [" + Timestamps.format(inJob.from()) + ", " + Timestamps.format(inJob.to())
                    + ") holds none of the " + p.recordsValid() + " valid records of the input"
                    + (p.eventTimeMin() == null ? "" : " (their event times span " + Timestamps.format(p.eventTimeMin())
                            + " to " + Timestamps.format(p.eventTimeMax()) + ")")
                    + ", so feature_drift has no reference to compare with");
        }
        return result;
    }

    /**
     * Where the last successful run of {@code command} ({@code analyze}, {@code stream}) in {@code dir} stopped: its {@code --to}, or for a run
     * without one the end of the window of its last event; null without such a run.
     */
    static Long lastStop(Path dir, DriftwatchConfig config, String command) throws java.io.IOException {
        Long last = null;
        for (RunRow r : io.driftwatch.jobs.parquet.TableReader.readAll(dir, RunRow.SCHEMA)) {
            if (!command.equals(r.command()) || !"succeeded".equals(r.status())) continue;
            Long stop = r.to() != null ? r.to()
                    : r.eventTimeMax() == null ? null : config.window().end(config.window().start(r.eventTimeMax()));
            if (stop != null && (last == null || stop > last)) last = stop;
        }
        return last;
    }

    /**
     * {@code --to} as a word, for schedulers: {@code now}, {@code today} (the start of today, UTC),
     * {@code this-hour} (the start of the current hour); null for a date or instant.
     */
    static Long relativeTo(String value, long now) {
        if (value == null) return null;
        return switch (value) {
            case "now" -> now;
            case "today" -> Math.floorDiv(now, 86_400_000L) * 86_400_000L;
            case "this-hour" -> Math.floorDiv(now, 3_600_000L) * 3_600_000L;
            default -> null;
        };
    }

    /** {@code --for}: [from, to) in epoch millis relative to {@code now} (UTC). */
    static long[] relativeRange(String name, long now) {
        long day = 86_400_000L, hour = 3_600_000L;
        long today = Math.floorDiv(now, day) * day;
        return switch (name) {
            case "yesterday" -> new long[] {today - day, today};
            case "today" -> new long[] {today, now};
            case "last-hour" -> new long[] {Math.floorDiv(now, hour) * hour - hour, Math.floorDiv(now, hour) * hour};
            case "last-week" -> {
                long monday = io.driftwatch.common.window.WindowGrid.parse("1w", null, "--for").start(now);
                yield new long[] {monday - 7 * day, monday};
            }
            default -> throw new ConfigException("--for: '" + name + "' is not one of yesterday, today, last-hour, last-week");
        };
    }

    /** A stored reference shipped with the job, or a period the job profiles itself, or neither. */
    private record Reference(ReferenceProfiles stored, InJobReference inJob) {
        static final Reference NONE = new Reference(null, null);
    }

    /** The run's reference. */
    private Reference reference(DriftwatchConfig config, long toMs) throws Exception {
        if (referenceProfile != null && (referenceFrom != null || referenceTo != null)) {
            throw new ConfigException("--reference-profile: give either it or --reference-from/--reference-to");
        }
        if ((referenceFrom == null) != (referenceTo == null)) {
            throw new ConfigException(referenceFrom == null ? "--reference-from: needed with --reference-to"
                    : "--reference-to: needed with --reference-from");
        }
        DriftwatchConfig.ReferenceConfig rc = config.reference();
        String profileDir = referenceProfile;
        String option = "--reference-profile";
        String rFrom = referenceFrom;
        String rTo = referenceTo;
        String fromOption = "--reference-from";
        if (profileDir == null && rFrom == null && rc != null) {
            profileDir = rc.profile();
            option = "reference.profile";
            rFrom = rc.from();
            rTo = rc.to();
            fromOption = "reference.from";
        }
        if (profileDir != null) {
            ReferenceProfiles r = StoredProfiles.reference(new Path(profileDir), option);
            info(commandName() + ": reference profile " + profileDir + " (" + r.size() + " model/segment keys)");
            return new Reference(r, null);
        }
        if (rFrom == null) return Reference.NONE;
        long start = bound(rFrom, fromOption, 0);
        long end = bound(rTo, fromOption.replace("from", "to"), 0);
        if (start >= end) throw new ConfigException(fromOption + ": the reference period must start before it ends");

        Path dir = new Path(new Path(output), "reference");
        // what the stored reference was built from; reused only when all of it is the same, and its
        // labels were complete: built by a run reaching labels.horizon past the period (until then a
        // scheduled run profiles it again, so the reference's KPIs get the labels that came late)
        boolean labelsComplete = labels.isEmpty() || toMs == Long.MAX_VALUE
                || toMs >= end + config.labelHorizon().toMillis();
        JsonNode marker = JSON.valueToTree(new java.util.TreeMap<>(java.util.Map.of("from", start, "to", end,
                "config_sha256", String.valueOf(sha256(configFile)), "inputs", inputs, "labels", labels,
                "labels_complete", labelsComplete)));
        JsonNode reusable = ((com.fasterxml.jackson.databind.node.ObjectNode) marker.deepCopy()).put("labels_complete", true);
        Path markerFile = new Path(dir, FinalizeRun.REFERENCE_MARKER);
        FileSystem fs = dir.getFileSystem();
        if (fs.exists(markerFile)) {
            try (var in = fs.open(markerFile)) {
                if (JSON.readTree(in).equals(reusable)) {
                    ReferenceProfiles r = StoredProfiles.reference(dir, fromOption);
                    info(commandName() + ": reusing the reference profile in " + dir + " (same period, inputs and config)");
                    return new Reference(withDescription(dir, r, rFrom, rTo), null);
                }
            }
        }
        // profiled by the analyze job itself, from the same read of the input (docs/guide/drift.md)
        info(commandName() + ": profiling the reference period [" + rFrom + ", " + rTo + ") in the same job, into " + dir);
        return new Reference(null, new InJobReference(start, end, dir.toString(), JSON.writeValueAsString(marker),
                "period [" + rFrom + ", " + rTo + ") profiled in this run into " + dir));
    }

    private ReferenceProfiles withDescription(Path dir, ReferenceProfiles r, String from, String to) {
        info(commandName() + ": reference period [" + from + ", " + to + "), " + r.size() + " model/segment keys, profile in "
                + dir);
        return r;
    }
}
