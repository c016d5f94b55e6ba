package io.driftwatch.jobs.cli;

import io.driftwatch.common.window.WindowGrid;
import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code profile}: builds a reference profile (contract §1) — one window spanning {@code [--from, --to)},
 * per (model, version, segment) and column, with the mergeable sketches — into
 * {@code --output/feature_profiles} (and that period's {@code kpi_windows}, the reference KPIs).
 * {@code analyze --reference-profile} reads it back.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Build a reference profile from the predictions in [--from, --to).")
public final class ProfileCommand extends BatchCommand {

    @Override
    public Result run() throws Exception {
        requireInputs();
        if (from == null) throw new ConfigException("--from: needed (the reference period's start)");
        if (to == null) throw new ConfigException("--to: needed (the reference period's end)");
        if (window != null) throw new ConfigException("--window: a profile is one window over [--from, --to)");
        long fromMs = bound(from, "--from", Long.MIN_VALUE);
        long toMs = bound(to, "--to", Long.MAX_VALUE);
        checkOptions(fromMs, toMs);
        DriftwatchConfig config = loadConfig();
        if (!config.drift().enabled()) throw new ConfigException("drift.enabled: must be true to build a profile");
        config = config.withWindow(WindowGrid.single(fromMs, toMs));
        return runJob(new Job("profile", config, fromMs, toMs,
                List.of(KpiWindowRow.SCHEMA.table(), FeatureProfileRow.SCHEMA.table()), null), output);
    }
}
