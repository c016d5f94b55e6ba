package io.driftwatch.jobs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real Kafka broker in the test JVM (KRaft, one combined node; NOTES "A real Kafka broker"). */
public final class KafkaBroker implements AutoCloseable {
    private final KafkaClusterTestKit kit;

    private KafkaBroker(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    public static KafkaBroker start() throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                // one broker: the consumer groups' offsets topic with one replica (default 3), so groups commit
                .setConfigProp("offsets.topic.replication.factor", "1").build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return new KafkaBroker(kit);
    }

    public String bootstrap() {
        return kit.bootstrapServers();
    }

    /**
     * Creates topics and waits until every partition has its leader: a produce request racing the
     * topic's creation was seen to end in {@code OutOfOrderSequenceException} and lost records on a
     * loaded machine.
     */
    public void createTopics(Collection<NewTopic> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            admin.createTopics(topics).all().get();
            List<String> names = topics.stream().map(NewTopic::name).toList();
            long deadline = System.currentTimeMillis() + 30_000;
            while (!haveLeaders(admin, names)) {
                if (System.currentTimeMillis() > deadline) throw new AssertionError("topics without leaders: " + names);
                Thread.sleep(100);
            }
        }
    }

    /**
     * Whether every partition of these topics has a leader. A describe racing the creation can find the
     * broker's metadata without the topic yet ({@code UnknownTopicOrPartitionException}, seen once in
     * CI on a loaded machine): that is "not yet", not a failure.
     */
    private static boolean haveLeaders(Admin admin, List<String> names) throws Exception {
        try {
            return admin.describeTopics(names).allTopicNames().get().values().stream()
                    .allMatch(t -> t.partitions().stream().allMatch(i -> i.leader() != null && !i.leader().isEmpty()));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) return false;
            throw e;
        }
    }

    /**
     * How many records of {@code topic} the consumer group has not committed yet (the Kafka source
     * commits its offsets with each completed checkpoint): the sum over partitions of end offset minus
     * committed offset, a partition without a commit counting whole.
     */
    public long lag(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (var p : partitions) {
                latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                var c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    /** Creates topics with these partition counts. */
    public void createTopics(Map<String, Integer> partitions) throws Exception {
        createTopics(partitions.entrySet().stream().map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)).toList());
    }

    /** A record for {@link #produce}: a value for a partition, with headers (name → UTF-8 text) and a time, or without. */
    public record Message(int partition, String value, Map<String, String> headers, Long timestamp) {
        public Message(int partition, String value) {
            this(partition, value, Map.of(), null);
        }
    }

    /** Sends lines round-robin over the topic's first {@code partitions} partitions; every send checked. */
    public void produce(String topic, List<String> lines, int partitions) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) messages.add(new Message(i % partitions, lines.get(i)));
        produce(topic, messages);
    }

    /** Sends the messages in order; a send that failed fails here, not as a count later. */
    public void produce(String topic, List<Message> messages) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
        // the one-node test broker under a loaded build twice failed an idempotent producer's batches
        // (OutOfOrderSequenceException, then expired batches) on one partition: a plain producer with
        // one request in flight keeps the order without sequence numbers
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Message m : messages) {
                List<org.apache.kafka.common.header.Header> headers = new ArrayList<>();
                m.headers().forEach((k, v) -> headers.add(
                        new org.apache.kafka.common.header.internals.RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
                sent.add(producer.send(new ProducerRecord<>(topic, m.partition(), m.timestamp(), null,
                        m.value().getBytes(StandardCharsets.UTF_8), headers)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) f.get();
        } catch (Exception e) {
            throw new AssertionError("producing to " + topic + " failed", e);
        }
    }

    @Override
    public void close() throws Exception {
        kit.close();
    }
}
