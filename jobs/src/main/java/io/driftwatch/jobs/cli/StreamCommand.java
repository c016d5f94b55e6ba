package io.driftwatch.jobs.cli;

import io.driftwatch.jobs.app.BatchRun;
import io.driftwatch.jobs.app.RunPlan;
import io.driftwatch.jobs.app.RunPlanner;
import io.driftwatch.jobs.app.RunRequest;
import io.driftwatch.jobs.app.StreamRun;
import io.driftwatch.jobs.source.RawRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stream} (contract §1): the analyze pipeline over Kafka topics or a watched directory,
 * continuously ({@link StreamRun}) or, with {@code --bounded}, over what they hold at start as a batch
 * job ({@link BatchRun}) that commits the same tables as {@code analyze}.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Analyze predictions from Kafka topics or a watched directory, continuously in event time"
                + " (--bounded: what is there at start, then finish).")
public final class StreamCommand implements Callable<Integer> {
    @Mixin RunOptions.Output out;
    @ArgGroup(exclusive = true, multiplicity = "1") From from;
    @Mixin RunOptions.Range range;
    @Mixin RunOptions.Window window;
    @ArgGroup(exclusive = true) RunOptions.Reference reference;
    @Mixin RunOptions.AlertTopic alerts;

    /** Kafka or a watched directory, not both. */
    static final class From {
        @ArgGroup(exclusive = false) Kafka kafka;
        @ArgGroup(exclusive = false) Watch watch;
    }

    static final class Kafka {
        @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers.")
        String bootstrap;

        @Option(names = "--topic", paramLabel = "TOPIC", required = true,
                description = "Topic of prediction records (one JSON object per message).")
        String topic;

        @Option(names = "--labels-topic", paramLabel = "TOPIC", description = "Topic of label records (optional).")
        String labelsTopic;

        @Option(names = "--group-id", paramLabel = "ID", description = "Consumer group id (default: driftwatch-<topic>).")
        String groupId;

        @Option(names = "--start", paramLabel = "POSITION", defaultValue = "earliest",
                description = "Where to start reading: earliest, latest, committed (the group's offsets, else earliest) or an"
                        + " instant such as 2026-11-28T00:00:00Z (default ${DEFAULT-VALUE}).")
        String start;

        @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
                description = "A Kafka consumer property, e.g. security.protocol=SASL_SSL; repeatable.")
        Map<String, String> properties = new LinkedHashMap<>();
    }

    static final class Watch {
        @Option(names = "--watch", paramLabel = "DIR", required = true, description = "A directory of log files instead of Kafka.")
        String dir;

        @Option(names = "--labels", paramLabel = "PATH", description = "Label files (a directory is watched too). Repeatable.")
        List<String> labels = new ArrayList<>();
    }

    @Option(names = "--bounded", description = "Read what is there at start (topic offsets, files) as a batch job and finish.")
    boolean bounded;

    @Option(names = "--checkpoint-interval", paramLabel = "DURATION",
            description = "How often output is committed (overrides streaming.checkpoint_interval; default 1m).")
    String checkpointInterval;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "Start from a savepoint (or retained checkpoint) of an earlier stream: its offsets, open windows,"
                    + " waiting predictions and history go on where they stopped. On a cluster: flink run -s PATH.")
    String fromSavepoint;

    /** Inserted after the predictions source: tests inject failures here. */
    MapFunction<RawRecord, RawRecord> predictionsTap;

    private volatile StreamRun run;

    /** The running continuous job, once submitted (for programs that embed the command, e.g. bench/); else null. */
    public JobClient client() {
        StreamRun r = run;
        return r == null ? null : r.client();
    }

    @Override
    public Integer call() throws Exception {
        Kafka k = from.kafka;
        RunRequest.Source source = k != null
                ? new RunRequest.Kafka(k.bootstrap, k.topic, k.labelsTopic, k.groupId, k.start, k.properties)
                : new RunRequest.Watched(from.watch.dir, from.watch.labels);
        RunRequest request = new RunRequest(RunRequest.Kind.STREAM, out.configFile, out.output, source,
                RunRequest.Range.of(range.from, range.to), window.window, RunOptions.Reference.spec(reference),
                out.parallelism, out.maxBadRatio,
                alerts.destination(k == null ? null : k.bootstrap, k == null ? Map.of() : k.properties));
        RunPlan plan = new RunPlanner().plan(request).orElseThrow();
        if (bounded) {
            BatchRun.run(plan);
        } else {
            run = new StreamRun(new StreamRun.Options(checkpointInterval, fromSavepoint, predictionsTap));
            run.run(plan);
        }
        return Driftwatch.OK;
    }
}
