package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.jobs.app.RunRequest;
import io.driftwatch.jobs.trend.Alerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The option groups the run commands share, each a picocli mixin or group that builds its part of a {@link RunRequest}. */
final class RunOptions {
    private RunOptions() {}

    /** Where output goes and how the job runs: every run command. */
    static final class Output {
        @Option(names = "--config", paramLabel = "FILE", description = "YAML config (optional).")
        java.nio.file.Path configFile;

        @Option(names = "--output", paramLabel = "DIR", required = true, description = "Output directory (any Flink file system).")
        String output;

        @Option(names = "--parallelism", paramLabel = "N", description = "Job parallelism (default: the environment's; 1 for a local batch run reading under 128 MB).")
        Integer parallelism;

        @Option(names = "--max-bad-ratio", paramLabel = "R", defaultValue = "0.01",
                description = "Reject the input (exit 3) when more than this share of records is unusable (default ${DEFAULT-VALUE}).")
        double maxBadRatio;
    }

    /** Logs read once from files: {@code analyze}, {@code profile}. */
    static final class FileInputs {
        @Option(names = "--input", paramLabel = "PATH",
                description = "Prediction log: file, directory or glob; JSON Lines, CSV or Parquet; .gz accepted. Repeatable.")
        List<String> inputs = new ArrayList<>();

        @Option(names = "--labels", paramLabel = "PATH", description = "Label records joined by prediction_id. Repeatable.")
        List<String> labels = new ArrayList<>();

        RunRequest.Files source() {
            return new RunRequest.Files(inputs, labels);
        }
    }

    /** The range's bounds. */
    static final class Range {
        @Option(names = "--from", paramLabel = "DATE|INSTANT", description = "Inclusive start (UTC).")
        String from;

        @Option(names = "--to", paramLabel = "DATE|INSTANT", description = "Exclusive end (UTC); analyze also takes now,"
                + " today (its start) and this-hour (its start).")
        String to;
    }

    /** The window length: {@code analyze}, {@code stream} ({@code profile} is one window over its range). */
    static final class Window {
        @Option(names = "--window", paramLabel = "DURATION", description = "Window: 15m, 1h, 1d, 1w (ISO weeks, from Monday)"
                + " or 1mo (calendar months); overrides the config.")
        String window;
    }

    /** The reference: a stored profile or a period of the same logs, not both. */
    static final class Reference {
        @Option(names = "--reference-profile", paramLabel = "DIR", description = "A `profile` output to compare windows with.")
        String profile;

        @ArgGroup(exclusive = false)
        Period period;

        static final class Period {
            @Option(names = "--reference-from", paramLabel = "DATE|INSTANT", required = true,
                    description = "Start of the reference period (same logs).")
            String from;

            @Option(names = "--reference-to", paramLabel = "DATE|INSTANT", required = true,
                    description = "End (exclusive) of the reference period.")
            String to;
        }

        static RunRequest.ReferenceSpec spec(Reference r) {
            if (r == null) return RunRequest.ReferenceSpec.NONE;
            return r.period == null ? RunRequest.ReferenceSpec.profile(r.profile)
                    : new RunRequest.ReferenceSpec(null, r.period.from, r.period.to);
        }
    }

    /** Alerts to a Kafka topic besides the log: {@code analyze}, {@code stream}. */
    static final class AlertTopic {
        @Option(names = "--alerts-topic", paramLabel = "TOPIC", description = "Kafka topic for the run's alerts (decisions"
                + " that are not OK, KPI anomalies, drifted features) as JSON; they are logged in any case.")
        String topic;

        @Option(names = "--alerts-bootstrap", paramLabel = "HOST:PORT",
                description = "Brokers of --alerts-topic (stream: --kafka-bootstrap by default).")
        String bootstrap;

        /** The destination, or null without a topic; {@code defaultBootstrap} and {@code properties} from a stream's Kafka. */
        Alerts.Destination destination(String defaultBootstrap, Map<String, String> properties) {
            if (topic == null) return null;
            String brokers = bootstrap != null ? bootstrap : defaultBootstrap;
            if (brokers == null) throw new ConfigException("--alerts-bootstrap: needed with --alerts-topic");
            return new Alerts.Destination(brokers, topic, Map.copyOf(properties));
        }
    }
}
