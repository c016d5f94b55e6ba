package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.jobs.trend.PrometheusRules;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code alert-rules}: the Prometheus alerting rules for a running stream's metrics ({@link PrometheusRules}). */
@Command(name = "alert-rules", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print Prometheus alerting rules (for Alertmanager) over the metrics a running stream exposes.",
        footer = {"", "Example:", "  driftwatch alert-rules --config conf/example.yaml > driftwatch-rules.yaml",
                "  # then in prometheus.yml: rule_files: [driftwatch-rules.yaml]"})
public final class AlertRulesCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config: its window and streaming.out_of_orderness set the rules' durations (optional).")
    java.nio.file.Path configFile;

    @Override
    public Integer call() {
        DriftwatchConfig config = configFile == null ? DriftwatchConfig.DEFAULT : ConfigLoader.load(configFile);
        System.out.print("# Prometheus alerting rules for Driftwatch's stream metrics (driftwatch alert-rules;"
                + " docs/guide/alerts.md).\n" + PrometheusRules.yaml(config));
        return Driftwatch.OK;
    }
}
