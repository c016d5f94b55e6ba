package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.jobs.generate.SyntheticLog;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: a synthetic prediction log with planted problems, deterministic for a seed. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a synthetic prediction log (JSON Lines, CSV or Parquet) with optional planted problems.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "100000", description = "Predictions to write (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--days", defaultValue = "7", description = "Days the log spans (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--models", defaultValue = "3",
            description = "Models: fraud_detector (binary), demand_forecast (regression), intent_classifier (multiclass), then model_<i> (default ${DEFAULT-VALUE}).")
    int models;

    @Option(names = "--features", defaultValue = "8", description = "Features per prediction, >= 2 (default ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", defaultValue = "2026-11-01", description = "First day, UTC (default ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--output", required = true,
            description = "Output file; .jsonl, .csv or .parquet, optionally .gz (text formats).")
    Path output;

    @Option(names = "--format", description = "jsonl, csv or parquet: checked against the --output suffix.")
    String format;

    @Option(names = "--labels-output", description = "Also write late labels (JSON Lines) to this file.")
    Path labelsOutput;

    @Option(names = "--drift-day", defaultValue = "-1", description = "Plant feature and concept drift from this day on (0-based; -1: none).")
    int driftDay;

    @Option(names = "--latency-spike-day", defaultValue = "-1", description = "Day with 5x latency (-1: none).")
    int latencySpikeDay;

    @Option(names = "--error-burst-day", defaultValue = "-1", description = "Day with a 15%% error rate (-1: none).")
    int errorBurstDay;

    @Option(names = "--bad-ratio", defaultValue = "0", description = "Share of malformed records (default ${DEFAULT-VALUE}).")
    double badRatio;

    @Option(names = "--inline-label-ratio", defaultValue = "0.3", description = "Share of predictions logged with their label.")
    double inlineLabelRatio;

    @Option(names = "--late-label-ratio", defaultValue = "0.4", description = "Share labeled later (in --labels-output).")
    double lateLabelRatio;

    @Option(names = "--change", defaultValue = "none", description = "Subtle changes to plant from --change-day on, comma-separated:"
            + " shift (x3 by 0.3 sd), new_category (2 %% device=tv), quality (about -10 points of accuracy, +20 %% RMSE),"
            + " latency (+20 %%), errors (0.5 %% to 2 %%), traffic (-30 %%), small_shift (x4 by 0.1 sd), or none (default).")
    String change;

    @Option(names = "--change-day", defaultValue = "-1", description = "First day (0-based) of --change.")
    int changeDay;

    @Option(names = "--daily-cycle", description = "Traffic follows a daily cycle (peak 12:00 UTC, a tenth at night).")
    boolean dailyCycle;

    @Option(names = "--merchants", defaultValue = "0",
            description = "Add a high-cardinality feature merchant with this many Zipf-distributed categories (0: none).")
    int merchants;

    @Override
    public Integer call() throws Exception {
        SyntheticLog.Written w = SyntheticLog.write(spec(), output, labelsOutput);
        io.driftwatch.jobs.app.Console.info(String.format("generate: %d predictions (%d malformed, %d labeled inline) to %s%s",
                w.predictions(), w.malformed(), w.inlineLabels(), output,
                labelsOutput == null ? "" : String.format("; %d late labels to %s", w.lateLabels(), labelsOutput)));
        return Driftwatch.OK;
    }

    SyntheticLog.Spec spec() {
        if (rows < 1) throw new ConfigException("--rows: must be at least 1");
        if (days < 1) throw new ConfigException("--days: must be at least 1");
        if (models < 1) throw new ConfigException("--models: must be at least 1");
        if (features < 2) throw new ConfigException("--features: must be at least 2");
        if (!(badRatio >= 0 && badRatio < 1)) throw new ConfigException("--bad-ratio: must be in [0, 1)");
        double late = labelsOutput == null ? 0 : lateLabelRatio;
        if (inlineLabelRatio < 0 || late < 0 || inlineLabelRatio + late > 1) {
            throw new ConfigException("--inline-label-ratio and --late-label-ratio: must be >= 0 and add up to at most 1");
        }
        if (format != null) {
            String f = format.toLowerCase(java.util.Locale.ROOT);
            String suffix = switch (f) {
                case "jsonl", "csv", "parquet" -> f;
                default -> throw new ConfigException("--format: '" + format + "' is not one of jsonl, csv, parquet");
            };
            String name = output.getFileName().toString().replaceAll("\\.gz$", "");
            if (!name.endsWith("." + suffix)) {
                throw new ConfigException("--format " + f + " needs an --output ending in ." + suffix);
            }
        }
        LocalDate startDate;
        try {
            startDate = LocalDate.parse(start);
        } catch (DateTimeParseException e) {
            throw new ConfigException("--start: '" + start + "' is not a date (2026-11-01)");
        }
        java.util.Set<SyntheticLog.Change> planted = java.util.EnumSet.noneOf(SyntheticLog.Change.class);
        for (String c : change.split(",")) {
            try {
                planted.add(SyntheticLog.Change.of(c.trim()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--change: '" + c.trim() + "' is not one of none, shift, new_category, quality,"
                        + " latency, errors, traffic, small_shift");
            }
        }
        planted.remove(SyntheticLog.Change.NONE);
        if (!planted.isEmpty() && changeDay < 0) {
            throw new ConfigException("--change-day: needed with --change " + change);
        }
        return new SyntheticLog.Spec(rows, days, models, seed, features, startDate, driftDay, latencySpikeDay,
                errorBurstDay, badRatio, inlineLabelRatio, late, planted, changeDay, dailyCycle, merchants);
    }
}
