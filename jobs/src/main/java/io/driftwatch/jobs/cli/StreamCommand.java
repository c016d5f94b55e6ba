package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.jobs.pipeline.TaskSampler;
import io.driftwatch.jobs.source.KafkaRecords;
import io.driftwatch.jobs.source.RawRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stream} (SPEC §1): the analyze pipeline over Kafka topics or a watched directory. With
 * {@code --bounded} it reads what the topics (or the directory) hold at start and finishes, emitting
 * every window and committing the same tables as {@code analyze} — decisions and anomalies included.
 * Continuous (unbounded) streaming with checkpointed Parquet output is not built yet: without
 * {@code --bounded} the command says so (exit 2).
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Analyze predictions from Kafka topics or a watched directory (--bounded: what is there at start).")
public final class StreamCommand extends AnalyzeCommand {

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Topic of prediction records (one JSON object per message).")
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
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(names = "--watch", paramLabel = "DIR", description = "A directory of log files instead of Kafka.")
    String watch;

    @Option(names = "--bounded", description = "Read what is there at start (topic offsets, files) and finish.")
    boolean bounded;

    @Override
    String commandName() {
        return "stream";
    }

    @Override
    io.driftwatch.jobs.trend.Alerts.Destination alerts() {
        if (alertsTopic != null && alertsBootstrap == null) alertsBootstrap = bootstrap;
        return super.alerts();
    }

    @Override
    Map<String, String> alertProperties() {
        return Map.copyOf(kafkaProperties);
    }

    @Override
    public Result run() throws Exception {
        if (!bounded) {
            throw new ConfigException("--bounded: continuous streaming is not available yet; add --bounded to analyze"
                    + " what the topic or directory holds now (schedule it, or use analyze --since-last-run)");
        }
        if ((watch == null) == (bootstrap == null)) {
            throw new ConfigException(watch == null ? "--kafka-bootstrap: give it with --topic, or --watch DIR"
                    : "--watch: give either it or --kafka-bootstrap");
        }
        if (watch != null) {
            if (inputs != null && !inputs.isEmpty()) throw new ConfigException("--watch: give either it or --input");
            inputs = List.of(watch);
        } else if (topic == null) {
            throw new ConfigException("--topic: required with --kafka-bootstrap");
        } else {
            if (inputs != null && !inputs.isEmpty()) throw new ConfigException("--input: give either it or --kafka-bootstrap");
            // the topics as the runs row and a stored reference's marker name them
            inputs = List.of("kafka://" + bootstrap + "/" + topic);
            labels = labelsTopic == null ? new ArrayList<>() : List.of("kafka://" + bootstrap + "/" + labelsTopic);
        }
        return super.run();
    }

    @Override
    Sources sources(Job j, long fromMs, long toMs) throws Exception {
        if (watch != null) return super.sources(j, fromMs, toMs);
        // tasks cannot be sampled from a topic before the job: declared ones count, others are judged per record
        info("stream: models without models.<m>.task are judged per record from their predictions");
        return new Sources(source(topic), labelsTopic == null ? null : source(labelsTopic), TaskSampler.Sample.EMPTY,
                List.copyOf(inputs), List.copyOf(labels));
    }

    private KafkaSource<RawRecord> source(String name) {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(name)
                .setGroupId(groupId != null ? groupId : "driftwatch-" + topic)
                .setStartingOffsets(startingOffsets())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new KafkaRecords())
                .setProperties(properties)
                .build();
    }

    private OffsetsInitializer startingOffsets() {
        return switch (start) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            case "committed" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default -> {
                Long t = io.driftwatch.common.parse.Timestamps.parseBound(start);
                if (t == null) {
                    throw new ConfigException("--start: '" + start + "' is not earliest, latest, committed or an instant"
                            + " (" + Instant.parse("2026-11-28T00:00:00Z") + ")");
                }
                yield OffsetsInitializer.timestamp(t);
            }
        };
    }
}
