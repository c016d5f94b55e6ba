import io.driftwatch.jobs.cli.StreamCommand;
import io.driftwatch.jobs.generate.SyntheticLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import picocli.CommandLine;

/**
 * Streaming benchmark (bench/stream.sh): a Kafka broker in this JVM, a topic pre-filled with a
 * generated log (3 models, 20 features, 8 days, latency spike on the last day), then a continuous
 * `stream` with checkpoints every 10 s in the embedded Flink cluster (conf/flink, parallelism 2).
 * Measures (1) sustained events/s while the backlog is read: from the job's first record to the
 * last, by the job's records_read accumulator; (2) the end-to-end latency from producing the event
 * that closes the last day's window (its watermark) to its alert on the alerts topic.
 * BENCH_MULTIVARIATE=false runs it with {@code drift.multivariate: false} (the per-feature drift only).
 */
public class StreamBench {
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            // the embedded cluster's and broker's threads would keep the JVM alive: exit, failed
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        Path work = Path.of(args[1]);
        Files.createDirectories(work);
        Path log = work.resolve("log.jsonl");
        if (!Files.exists(log)) {
            SyntheticLog.write(new SyntheticLog.Spec(rows, 8, 3, 5, 20, LocalDate.parse("2026-11-01"), -1, 7, -1, 0, 0.5, 0),
                    log, null);
        }
        try (KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build()).build()) {
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("predictions", 4, (short) 1), new NewTopic("alerts", 1, (short) 1)))
                        .all().get();
            }
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("linger.ms", "20");
            p.put("batch.size", String.valueOf(256 << 10));
            long produced = 0;
            long t0 = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
                    var lines = Files.lines(log)) {
                for (var it = lines.iterator(); it.hasNext(); ) {
                    producer.send(new ProducerRecord<>("predictions", (int) (produced++ % 4), null,
                            it.next().getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            }
            System.out.printf("filled the topic: %d events in %.1f s%n", produced, (System.nanoTime() - t0) / 1e9);

            Path config = work.resolve("config.yaml");
            Files.writeString(config, """
                    window: 1d
                    models:
                      fraud_detector: {task: binary_classification}
                      demand_forecast: {task: regression}
                      intent_classifier: {task: multiclass_classification}
                    streaming: {out_of_orderness: 1m, idleness: 5s}
                    """ + ("false".equals(System.getenv("BENCH_MULTIVARIATE")) ? "drift: {multivariate: false}\n" : ""));
            Path reference = work.resolve("reference");
            if (!Files.exists(reference)) {
                io.driftwatch.jobs.cli.Driftwatch.run("profile", "--input", log.toString(), "--config", config.toString(),
                        "--from", "2026-11-01", "--to", "2026-11-02", "--output", reference.toString());
            }
            Path out = work.resolve("out-" + System.currentTimeMillis());
            StreamCommand cmd = new StreamCommand();
            new CommandLine(cmd).parseArgs("--kafka-bootstrap", bootstrap, "--topic", "predictions", "--config",
                    config.toString(), "--reference-profile", reference.toString(), "--checkpoint-interval", "10s",
                    "--alerts-topic", "alerts", "--output", out.toString());
            Thread job = new Thread(() -> {
                try {
                    cmd.call();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            job.setDaemon(true);
            job.start();
            while (cmd.client() == null) Thread.sleep(50);

            long first = 0, last = 0, read = 0;
            // the second half of the backlog: the rate once the JIT has compiled the hot path (the
            // first seconds run cold, and the compiler threads take a core's share from the job)
            long halfTime = 0, halfRead = 0;
            while (read < produced) {
                Thread.sleep(200);
                Object v = cmd.client().getAccumulators().get().get("records_read");
                long n = v == null ? 0 : ((Number) v).longValue();
                if (n > 0 && first == 0) first = System.nanoTime();
                if (n > read) last = System.nanoTime();
                if (halfTime == 0 && n >= produced / 2) {
                    halfTime = System.nanoTime();
                    halfRead = n;
                }
                read = n;
            }
            double seconds = (last - first) / 1e9;
            System.out.printf("read %d events in %.1f s (first to last accumulator update; heartbeats 500 ms, polls"
                    + " 200 ms): %.0f events/s%n", read, seconds, read / seconds);
            System.out.printf("second half of the backlog: %d events in %.1f s: %.0f events/s%n", read - halfRead,
                    (last - halfTime) / 1e9, (read - halfRead) / ((last - halfTime) / 1e9));
            checkpointSizes(out);

            // the event that closes day 7 (latency spike): the alert of that window
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
                    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                TopicPartition alerts = new TopicPartition("alerts", 0);
                consumer.assign(List.of(alerts));
                consumer.seekToEnd(List.of(alerts));
                consumer.position(alerts);
                Thread.sleep(6_000); // let the backlog partitions go idle (streaming.idleness 5s)
                long sent = System.nanoTime();
                for (int i = 0; i < 4; i++) {
                    producer.send(new ProducerRecord<>("predictions", i, null, ("{\"timestamp\":\"2026-11-09T00:02:00Z\","
                            + "\"model\":\"fraud_detector\",\"prediction\":0.4}").getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
                long deadline = System.currentTimeMillis() + 120_000;
                while (System.currentTimeMillis() < deadline) {
                    for (var r : consumer.poll(Duration.ofMillis(50))) {
                        if (r.value().contains("\"window_start\":\"2026-11-08T00:00:00Z\"")) {
                            System.out.printf("event to alert: %.2f s (%s)%n", (System.nanoTime() - sent) / 1e9,
                                    r.value().substring(0, Math.min(160, r.value().length())));
                            cmd.client().cancel().get();
                            return;
                        }
                    }
                }
                System.out.println("no alert for the last window within 120 s");
                cmd.client().cancel().get();
            }
        }
    }

    /**
     * The size of each completed checkpoint (the job's state: the open windows' partials, the
     * sources' offsets, the sinks' pending files), and per open window: at a checkpoint of this log
     * (1-day windows, out-of-orderness 1 minute, labels inline) one day is open per model, version
     * and segment key, so the state per open window is the checkpoint over the keys of a day.
     */
    /** Model/version keys a day of the generated log has (3 models, one version at a time, no segments). */
    private static final int KEYS_A_DAY = 3;

    private static void checkpointSizes(Path out) throws Exception {
        Path root = out.resolve("_checkpoints");
        if (!Files.isDirectory(root)) return;
        List<Long> sizes = new java.util.ArrayList<>();
        try (var jobs = Files.list(root)) {
            for (Path job : (Iterable<Path>) jobs::iterator) {
                try (var chks = Files.list(job)) {
                    for (Path chk : (Iterable<Path>) chks::iterator) {
                        if (!chk.getFileName().toString().startsWith("chk-")) continue;
                        try (var files = Files.walk(chk)) {
                            sizes.add(files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum());
                        }
                    }
                }
                try (var shared = Files.walk(job.resolve("shared"))) {
                    long n = shared.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                    if (n > 0) System.out.printf("shared checkpoint files: %d bytes%n", n);
                } catch (java.io.IOException e) {
                    // no shared directory: full checkpoints only
                }
            }
        }
        System.out.printf("retained checkpoints: %s bytes (%d model/version keys a day: %s bytes per open window)%n",
                sizes, KEYS_A_DAY, sizes.stream().map(b -> String.valueOf(b / KEYS_A_DAY)).toList());
        try (var jobs = Files.list(root)) {
            for (Path job : (Iterable<Path>) jobs::iterator) {
                try (var chks = Files.list(job)) {
                    for (Path chk : (Iterable<Path>) chks::iterator) {
                        if (!chk.getFileName().toString().startsWith("chk-")) continue;
                        try {
                            stateByOperator(chk);
                        } catch (java.io.IOException e) {
                            // the running job subsumed it since the listing (2 retained): its files are gone
                            if (Files.exists(chk.resolve("_metadata"))) throw e;
                            System.out.printf("%s: subsumed by a newer checkpoint while being read%n", chk.getFileName());
                        }
                    }
                }
            }
        }
    }

    /**
     * A checkpoint's state by operator, largest first, from its {@code _metadata} (Flink's own reader):
     * keyed state (the open windows' partials, the label join's pending records) apart from operator
     * state (source splits, sink committables). Operators are named by the uid whose hash their ID is
     * (Flink derives an operator's ID from its uid by murmur3-128, seed 0); the uids are read from the
     * job's source, so an operator without one shows its ID.
     */
    private static void stateByOperator(Path chk) throws Exception {
        Map<org.apache.flink.runtime.jobgraph.OperatorID, String> names = new java.util.HashMap<>();
        for (String uid : uids()) {
            names.put(new org.apache.flink.runtime.jobgraph.OperatorID(org.apache.flink.shaded.guava33.com.google.common.hash.Hashing
                    .murmur3_128(0).newHasher().putString(uid, StandardCharsets.UTF_8).hash().asBytes()), uid);
        }
        org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata m;
        try (var in = new java.io.DataInputStream(Files.newInputStream(chk.resolve("_metadata")))) {
            m = org.apache.flink.runtime.checkpoint.Checkpoints.loadCheckpointMetadata(in,
                    StreamBench.class.getClassLoader(), chk.toString());
        }
        List<org.apache.flink.runtime.checkpoint.OperatorState> ops = new java.util.ArrayList<>(m.getOperatorStates());
        ops.sort(java.util.Comparator.comparingLong(org.apache.flink.runtime.checkpoint.OperatorState::getStateSize).reversed());
        System.out.printf("%s by operator (keyed / operator state, bytes):%n", chk.getFileName());
        for (var op : ops) {
            if (op.getStateSize() == 0) continue;
            long keyed = 0, operator = 0;
            for (var sub : op.getStates()) {
                keyed += sub.getManagedKeyedState().getStateSize() + sub.getRawKeyedState().getStateSize();
                operator += sub.getManagedOperatorState().getStateSize() + sub.getRawOperatorState().getStateSize();
            }
            System.out.printf("  %-40s %,12d / %,12d%n", names.getOrDefault(op.getOperatorID(), op.getOperatorID().toString()),
                    keyed, operator);
        }
    }

    /** The uids the job's source sets ({@code .uid("...")}, with the reference period's and the sinks' forms). */
    private static List<String> uids() throws Exception {
        java.util.Set<String> uids = new java.util.TreeSet<>();
        java.util.regex.Pattern literal = java.util.regex.Pattern.compile("uid\\(\"([^\"]+)\"\\)");
        // uid(prefix + "kpi-windows"): the stream's windows have no prefix
        java.util.regex.Pattern suffix = java.util.regex.Pattern.compile("uid\\(\\w+ \\+ \"([^\"]+)\"\\)");
        java.util.regex.Pattern table = java.util.regex.Pattern.compile("new TableSchema<>\\(\"([^\"]+)\"");
        try (var files = Files.walk(Path.of(System.getProperty("bench.root", "."), "jobs", "src", "main"))) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(f);
                for (var mm = literal.matcher(text); mm.find(); ) uids.add(mm.group(1));
                for (var mm = suffix.matcher(text); mm.find(); ) uids.add(mm.group(1));
                for (var mm = table.matcher(text); mm.find(); ) uids.add("sink-" + mm.group(1));
            }
        }
        for (String u : List.copyOf(uids)) {
            uids.add("reference-" + u);
            uids.add(u + ": Committer");
            uids.add(u + ": Writer");
        }
        uids.add("source-predictions");
        uids.add("predictions-event-time");
        return List.copyOf(uids);
    }
}
