package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.trend.CheckSuggestions;
import io.driftwatch.common.trend.Judge;
import io.driftwatch.jobs.reference.StoredProfiles;
import io.driftwatch.jobs.store.Store;
import io.driftwatch.jobs.tables.KpiWindowRow;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code suggest} (contract §8): proposes checks from a stored reference ({@link CheckSuggestions}) as
 * the YAML of a config's {@code models:} section, to paste and edit (docs/guide/checks.md).
 */
@Command(name = "suggest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Propose checks (models.<m>.checks) from a reference profile, as YAML to paste into the config.",
        footer = {"", "Example:", "  driftwatch profile --input logs/ --from 2026-11-01 --to 2026-11-08 --output ref",
                "  driftwatch suggest --reference-profile ref >> checks.yaml"})
public final class SuggestCommand implements Callable<Integer> {

    @Option(names = "--reference-profile", paramLabel = "DIR", required = true,
            description = "A profile output (or any output with feature_profiles and kpi_windows) to learn the bounds from.")
    String reference;

    @Option(names = "--model", paramLabel = "NAME", description = "Only this model (default: every model in the reference).")
    String model;

    @Override
    public Integer call() throws Exception {
        Path dir = new Path(reference);
        FileSystem fs = dir.getFileSystem();
        dir = dir.makeQualified(fs);
        if (!fs.exists(dir)) throw new ConfigException("--reference-profile: " + reference + " does not exist");
        Map<String, ProfileSet> profiles = new TreeMap<>();
        Set<String> counted = new HashSet<>();
        for (StoredProfiles.Row r : StoredProfiles.read(dir, Long.MIN_VALUE, Long.MAX_VALUE)) {
            if (!Observation.ALL_SEGMENTS.equals(r.segment()) || (model != null && !model.equals(r.model()))) continue;
            ProfileSet set = profiles.computeIfAbsent(r.model(), m -> new ProfileSet());
            if (counted.add(r.model() + "/" + r.modelVersion() + "/" + r.windowStart())) set.addRows(r.rows());
            set.mergeColumn(r.kind(), r.feature(), r.profile());
        }
        Map<String, KpiValues> kpis = Judge.referenceKpis(Store.at(dir).read(KpiWindowRow.SCHEMA,
                model == null ? null : List.of(model), Long.MIN_VALUE, Long.MAX_VALUE));
        Set<String> models = new java.util.TreeSet<>(profiles.keySet());
        for (KpiWindowRow r : Store.at(dir).read(KpiWindowRow.SCHEMA, model == null ? null : List.of(model),
                Long.MIN_VALUE, Long.MAX_VALUE)) {
            models.add(r.model());
        }
        if (models.isEmpty()) {
            throw new ConfigException("--reference-profile: no feature_profiles or kpi_windows" + (model == null ? ""
                    : " of model " + model) + " in " + reference + " (write one with: driftwatch profile ... --output "
                    + reference + ")");
        }
        StringBuilder yaml = new StringBuilder("# Checks suggested by driftwatch suggest from ").append(reference)
                .append(".\n# Review each bound before use (docs/guide/checks.md); the comment gives the reference's value.\n")
                .append("models:\n");
        for (String m : models) {
            KpiValues k = kpis.get(Judge.referenceKey(m));
            yaml.append(CheckSuggestions.yaml(m, CheckSuggestions.of(k, profiles.get(m))));
        }
        System.out.print(yaml);
        return Driftwatch.OK;
    }
}
