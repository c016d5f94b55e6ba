package io.driftwatch.jobs.cli;

import io.driftwatch.jobs.app.BatchRun;
import io.driftwatch.jobs.app.RunRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code profile}: builds a reference profile (contract §1) — one window spanning {@code [--from, --to)},
 * per (model, version, segment) and column, with the mergeable sketches — into
 * {@code --output/feature_profiles} (and that period's {@code kpi_windows}, the reference KPIs).
 * {@code analyze --reference-profile} reads it back.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Build a reference profile from the predictions in [--from, --to).")
public final class ProfileCommand implements Callable<Integer> {
    @Mixin RunOptions.Output out;
    @Mixin RunOptions.FileInputs in;
    @Mixin RunOptions.Range range;

    @Override
    public Integer call() throws Exception {
        BatchRun.run(new RunRequest(RunRequest.Kind.PROFILE, out.configFile, out.output, in.source(),
                RunRequest.Range.of(range.from, range.to), null, RunRequest.ReferenceSpec.NONE, out.parallelism,
                out.maxBadRatio, null));
        return Driftwatch.OK;
    }
}
