package io.driftwatch.jobs.commit;

import io.driftwatch.jobs.store.Store;
import io.driftwatch.jobs.tables.RetrainingSignalTable;
import io.driftwatch.jobs.tables.KpiAnomalyTable;
import io.driftwatch.jobs.parquet.TableSchema;
import io.driftwatch.jobs.pipeline.AnalyzeJob;
import io.driftwatch.jobs.pipeline.AnalyzePipeline;
import io.driftwatch.jobs.pipeline.AnalyzeSettings;
import io.driftwatch.jobs.pipeline.RunCount;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import io.driftwatch.common.trend.KpiAnomaly;
import io.driftwatch.jobs.tables.KpiWindowRow;
import io.driftwatch.jobs.tables.LateEventRow;
import io.driftwatch.common.trend.RetrainingSignal;
import io.driftwatch.jobs.trend.Alerts;
import io.driftwatch.jobs.trend.StreamJudge;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outputs of a continuous {@code stream}: every table through Flink's {@code FileSink} (bulk
 * Parquet, one bucket per partition, files committed with each checkpoint), the history judge on
 * each emitted window ({@link StreamJudge}), its alerts to the log and a Kafka topic, and the
 * {@code runs} rows ({@link StreamRunLog}). Operator uids are stable, so a savepoint restores into a
 * later version of the job.
 */
public final class StreamingOutputs implements AnalyzeJob.Outputs {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingOutputs.class);

    private final CommitPlan plan;
    private final AnalyzeSettings settings;
    private final long runsEveryMillis;

    public StreamingOutputs(CommitPlan plan, AnalyzeSettings settings) {
        this.plan = plan;
        this.settings = settings;
        this.runsEveryMillis = settings.config().streaming().runsEvery().toMillis();
    }

    private <T> void write(DataStream<T> rows, TableSchema<T> schema) {
        rows.sinkTo(Store.at(new org.apache.flink.core.fs.Path(plan.output().dir())).append(schema, plan.output().compression()))
                .name(schema.table()).uid("sink-" + schema.table());
    }

    /** One count per row (the runs row's table counts). */
    private static <T> DataStream<RunCount> counted(DataStream<T> rows, String name) {
        return rows.map(new CountOne<>(name)).returns(TypeInformation.of(RunCount.class)).name("count " + name)
                .uid("count-" + name);
    }

    @Override
    public void attach(AnalyzePipeline.Outputs streams) {
        write(streams.kpiWindows(), KpiWindowRow.SCHEMA);
        write(streams.featureProfiles(), FeatureProfileRow.SCHEMA);
        write(streams.featureDrift(), FeatureDriftRow.SCHEMA);
        write(streams.fairness(), io.driftwatch.jobs.tables.FairnessRow.SCHEMA);
        // a dead letter whose own time cannot be read is filed under the day it arrived
        write(streams.deadLetters().map(new FileUnknownTime()).returns(TypeInformation.of(DeadLetterRow.class))
                .name("dead-letter-time").uid("dead-letter-time"), DeadLetterRow.SCHEMA);
        write(streams.lateEvents(), LateEventRow.SCHEMA);

        DataStream<RunCount> counts = streams.counts().union(
                counted(streams.kpiWindows(), "rows_" + KpiWindowRow.SCHEMA.table()),
                counted(streams.featureProfiles(), "rows_" + FeatureProfileRow.SCHEMA.table()),
                counted(streams.featureDrift(), "rows_" + FeatureDriftRow.SCHEMA.table()),
                counted(streams.fairness(), "rows_" + io.driftwatch.jobs.tables.FairnessRow.SCHEMA.table()));

        if (plan.retraining() != null) {
            SingleOutputStreamOperator<KpiAnomaly> anomalies = streams.kpiWindows()
                    .keyBy(KpiWindowRow::model)
                    .connect(streams.featureDrift().keyBy(FeatureDriftRow::model))
                    .process(new StreamJudge(plan.retraining(), settings, plan.output().dir(), plan.reference().tables(),
                            plan.run().id()))
                    .name("judge").uid("judge");
            DataStream<RetrainingSignal> signals = anomalies.getSideOutput(StreamJudge.SIGNALS);
            write(anomalies, KpiAnomalyTable.SCHEMA);
            write(signals, RetrainingSignalTable.SCHEMA);
            write(anomalies.getSideOutput(StreamJudge.VERSIONS), io.driftwatch.jobs.tables.ModelVersionTable.SCHEMA);
            write(anomalies.getSideOutput(StreamJudge.CHECKS), io.driftwatch.jobs.tables.CheckResultTable.SCHEMA);
            counts = counts.union(
                    anomalies.filter(KpiAnomaly::anomaly).name("fired").uid("fired")
                            .map(new CountOne<KpiAnomaly>(RunCounts.ANOMALIES_FIRED))
                            .returns(TypeInformation.of(RunCount.class)).name("count anomalies").uid("count-anomalies"),
                    signals.map(s -> new RunCount(RunCounts.DECISION + s.decision(), 1))
                            .returns(TypeInformation.of(RunCount.class)).name("count decisions").uid("count-decisions"));
            DataStream<StreamJudge.Alert> judgedAlerts = anomalies.getSideOutput(StreamJudge.ALERTS);
            if (plan.routes() != null && !plan.routes().routes().isEmpty()) {
                // one deliverer: the open incidents and the dead letter are one file each
                judgedAlerts.process(new RouteAlerts(plan.routes(), plan.output().dir())).name("deliver alerts")
                        .uid("deliver-alerts").setParallelism(1).setMaxParallelism(1)
                        .sinkTo(new DiscardingSink<>()).name("delivered").uid("delivered").setParallelism(1);
            }
            DataStream<StreamJudge.Alert> alerts = judgedAlerts.filter(a -> !a.marker()).name("alerts only")
                    .uid("alerts-only")
                    .map(new LogAlert()).returns(TypeInformation.of(StreamJudge.Alert.class)).name("log alerts")
                    .uid("log-alerts");
            if (plan.alerts() != null) {
                alerts.sinkTo(alertSink(plan.alerts())).name("alerts").uid("sink-alerts");
            } else {
                alerts.sinkTo(new DiscardingSink<>()).name("alerts").uid("sink-alerts");
            }
        }
        counts.transform("runs", TypeInformation.of(Void.class), new StreamRunLog(plan, runsEveryMillis))
                .uid("runs").setParallelism(1).setMaxParallelism(1)
                .sinkTo(new DiscardingSink<>()).name("end").uid("end").setParallelism(1);
    }

    /** The alerts topic, at least once (an alert repeated after a restart is better than one lost). */
    private static KafkaSink<StreamJudge.Alert> alertSink(Alerts.Destination d) {
        Properties p = new Properties();
        p.putAll(d.properties());
        String topic = d.topic();
        return KafkaSink.<StreamJudge.Alert>builder()
                .setBootstrapServers(d.bootstrap())
                .setKafkaProducerConfig(p)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer((KafkaRecordSerializationSchema<StreamJudge.Alert>) (a, ctx, ts) -> new ProducerRecord<>(
                        topic, a.model().getBytes(StandardCharsets.UTF_8), a.json().getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /**
     * Delivers the stream's alerts to {@code alerts.routes} ({@link AlertRoutes}): a window's alerts
     * are held until the judge's marker for that model and window, then delivered with it, so the
     * incidents the window did not raise are resolved; a silence is delivered as it comes.
     */
    private static final class RouteAlerts extends org.apache.flink.streaming.api.functions.ProcessFunction<StreamJudge.Alert, Void> {
        private static final long serialVersionUID = 1L;
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
        private final io.driftwatch.common.config.AlertRoute.Settings settings;
        private final String output;
        private transient io.driftwatch.jobs.trend.AlertRoutes routes;
        private transient java.util.Map<java.util.Map.Entry<String, Long>, java.util.List<com.fasterxml.jackson.databind.node.ObjectNode>> held;

        RouteAlerts(io.driftwatch.common.config.AlertRoute.Settings settings, String output) {
            this.settings = settings;
            this.output = output;
        }

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            routes = new io.driftwatch.jobs.trend.AlertRoutes(settings, output);
            held = new java.util.HashMap<>();
        }

        @Override
        public void processElement(StreamJudge.Alert a, Context ctx, org.apache.flink.util.Collector<Void> out)
                throws Exception {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(a.json());
            var key = java.util.Map.entry(a.model(), java.time.Instant.parse(node.get("window_start").asText()).toEpochMilli());
            if (a.marker()) {
                routes.deliver(held.getOrDefault(key, java.util.List.of()), java.util.Set.of(key));
                held.remove(key);
            } else if ("silence".equals(node.path("kind").asText())) {
                routes.deliver(java.util.List.of(node), java.util.Set.of());
            } else {
                held.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(node);
            }
        }
    }

    private static final class CountOne<T> implements MapFunction<T, RunCount> {
        private static final long serialVersionUID = 1L;
        private final String name;

        CountOne(String name) {
            this.name = name;
        }

        @Override
        public RunCount map(T row) {
            return new RunCount(name, 1);
        }
    }

    private static final class FileUnknownTime implements MapFunction<DeadLetterRow, DeadLetterRow> {
        private static final long serialVersionUID = 1L;

        @Override
        public DeadLetterRow map(DeadLetterRow r) {
            return r.partitionTime() != DeadLetterRow.UNKNOWN_TIME ? r : new DeadLetterRow(r.source(), r.raw(), r.error(),
                    r.detail(), r.ingestedAt(), r.model(), r.ingestedAt(), r.kind());
        }
    }

    private static final class LogAlert implements MapFunction<StreamJudge.Alert, StreamJudge.Alert> {
        private static final long serialVersionUID = 1L;

        @Override
        public StreamJudge.Alert map(StreamJudge.Alert a) {
            LOG.warn("alert: {}", a.json());
            return a;
        }
    }
}
