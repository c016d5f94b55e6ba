package io.driftwatch.jobs.app;

import io.driftwatch.jobs.trend.Alerts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a user asks a run to do, as the command line (or demo, bench, a test) states it, before any
 * of it is resolved: {@link RunPlanner} turns it into a {@link RunPlan}.
 *
 * @param kind what the run writes (contract §1: {@code analyze}, {@code profile}, {@code stream})
 * @param configFile the YAML config, or null for the defaults
 * @param output the output directory (any Flink file system)
 * @param source where the records come from
 * @param range the range as given, resolved by the planner
 * @param window the {@code --window} override, or null
 * @param reference the reference as given, or {@link ReferenceSpec#NONE}
 * @param parallelism the job's parallelism, or null for the environment's
 * @param maxBadRatio the share of unusable records above which the input is rejected
 * @param alerts where alerts go besides the log, or null
 */
public record RunRequest(Kind kind, Path configFile, String output, Source source, Range range, String window,
        ReferenceSpec reference, Integer parallelism, double maxBadRatio, Alerts.Destination alerts) {

    /** The kinds of run, by the name {@code runs.command} records. */
    public enum Kind {
        ANALYZE, PROFILE, STREAM;

        public String command() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where the records come from. */
    public sealed interface Source {
        /** The prediction inputs as the {@code runs} row and a reference's marker name them. */
        List<String> inputNames();

        /** The label inputs, named likewise. */
        List<String> labelNames();
    }

    /** Files, directories or globs, read once. */
    public record Files(List<String> predictions, List<String> labels) implements Source {
        public Files {
            predictions = predictions == null ? List.of() : List.copyOf(predictions);
            labels = labels == null ? List.of() : List.copyOf(labels);
        }

        @Override
        public List<String> inputNames() {
            return predictions;
        }

        @Override
        public List<String> labelNames() {
            return labels;
        }
    }

    /** A directory whose new files are read as they come (labels from files too). */
    public record Watched(String dir, List<String> labels) implements Source {
        public Watched {
            labels = labels == null ? List.of() : List.copyOf(labels);
        }

        @Override
        public List<String> inputNames() {
            return List.of(dir);
        }

        @Override
        public List<String> labelNames() {
            return labels;
        }
    }

    /** Kafka topics: predictions, and labels when given. */
    public record Kafka(String bootstrap, String topic, String labelsTopic, String groupId, String start,
            Map<String, String> properties) implements Source {
        public Kafka {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }

        @Override
        public List<String> inputNames() {
            return List.of("kafka://" + bootstrap + "/" + topic);
        }

        @Override
        public List<String> labelNames() {
            return labelsTopic == null ? List.of() : List.of("kafka://" + bootstrap + "/" + labelsTopic);
        }

        public String group() {
            return groupId != null ? groupId : "driftwatch-" + topic;
        }
    }

    /**
     * The range as given: bounds (dates, instants, or for {@code --to} the words {@code now},
     * {@code today}, {@code this-hour}), or a scheduler's {@code --for} word, or since the last run.
     */
    public record Range(String from, String to, String forRange, boolean sinceLastRun) {
        public static Range of(String from, String to) {
            return new Range(from, to, null, false);
        }
    }

    /** The reference as given: a stored profile, or a period of the same logs, or none. */
    public record ReferenceSpec(String profile, String from, String to) {
        public static final ReferenceSpec NONE = new ReferenceSpec(null, null, null);

        public static ReferenceSpec profile(String dir) {
            return new ReferenceSpec(dir, null, null);
        }
    }

    public String command() {
        return kind.command();
    }
}
