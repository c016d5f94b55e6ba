package io.driftwatch.jobs.app;

import io.driftwatch.common.parse.Timestamps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets a run reads of a topic, resolved once before the job starts, so the source reads
 * exactly them and the audit trail names them (docs/guide/audit.md): per partition the first offset
 * ({@code --start}: earliest, latest, the group's committed offset — earliest where it has none —, or
 * the first at or after an instant) and, for a bounded run, the end offset at that moment (the run
 * stops before it). Looked up with Kafka's own {@link Admin} client and the user's client properties.
 *
 * @param topic the topic
 * @param start per partition, the first offset read
 * @param end per partition, the offset the run stops before; empty for a continuous run
 */
public record KafkaOffsets(String topic, TreeMap<Integer, Long> start, TreeMap<Integer, Long> end) {
    private static final long TIMEOUT_SECONDS = 30;

    /** Resolves the offsets of {@code topic} for {@code k}; {@code bounded}: the end offsets too. */
    public static KafkaOffsets resolve(RunRequest.Kafka k, String topic, boolean bounded) throws Exception {
        Properties p = new Properties();
        p.putAll(k.properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, k.bootstrap());
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_SECONDS * 1000));
        // the consumer's own settings (group.id, deserializers) mean nothing to the admin client: not passed
        p.keySet().removeIf(key -> !AdminClientConfig.configNames().contains(String.valueOf(key)));
        try (Admin admin = Admin.create(p)) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
            List<TopicPartition> partitions = new ArrayList<>();
            d.partitions().forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            TreeMap<Integer, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
            TreeMap<Integer, Long> latest = offsets(admin, partitions, OffsetSpec.latest());
            TreeMap<Integer, Long> start = switch (k.start()) {
                case "earliest" -> earliest;
                case "latest" -> latest;
                case "committed" -> {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(k.group())
                            .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    TreeMap<Integer, Long> out = new TreeMap<>(earliest);
                    committed.forEach((tp, o) -> {
                        if (tp.topic().equals(topic) && o != null) out.put(tp.partition(), o.offset());
                    });
                    yield out;
                }
                default -> {
                    // the first record at or after the instant; none (-1): the end
                    TreeMap<Integer, Long> at = offsets(admin, partitions, OffsetSpec.forTimestamp(
                            Timestamps.parseBound(k.start())));
                    at.replaceAll((partition, o) -> o < 0 ? latest.get(partition) : o);
                    yield at;
                }
            };
            return new KafkaOffsets(topic, start, bounded ? latest : new TreeMap<>());
        }
    }

    private static TreeMap<Integer, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition tp : partitions) request.put(tp, spec);
        TreeMap<Integer, Long> out = new TreeMap<>();
        admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    /** The start offsets as Flink's source takes them. */
    public Map<TopicPartition, Long> startOffsets() {
        return byPartition(start);
    }

    /** The end offsets as Flink's source takes them (bounded runs). */
    public Map<TopicPartition, Long> endOffsets() {
        return byPartition(end);
    }

    private Map<TopicPartition, Long> byPartition(TreeMap<Integer, Long> offsets) {
        Map<TopicPartition, Long> out = new HashMap<>();
        offsets.forEach((partition, o) -> out.put(new TopicPartition(topic, partition), o));
        return out;
    }

    /** As the audit trail lists it: {@code partition 0 [120, 3120)} per partition, or {@code [120, …)} unbounded. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        start.forEach((partition, o) -> {
            if (b.length() > 0) b.append(", ");
            Long e = end.get(partition);
            b.append("partition ").append(partition).append(" [").append(o).append(", ")
                    .append(e == null ? "…" : String.valueOf(e)).append(')');
        });
        return b.length() == 0 ? "no partitions" : b.toString();
    }
}
