package io.driftwatch.jobs.pipeline;

import io.driftwatch.jobs.source.RawRecord;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The analyze job: sources and outputs are injected (files, staged Parquet and an in-job commit for
 * {@code analyze}; plain sinks in tests and in streaming), the body is {@link AnalyzePipeline#build}.
 */
public final class AnalyzeJob {
    /** Where the body's streams go. */
    public interface Outputs {
        void attach(AnalyzePipeline.Outputs streams);
    }

    private final Source<RawRecord, ?, ?> predictions;
    private final Source<RawRecord, ?, ?> labels;
    private final Outputs outputs;
    private final AnalyzeSettings settings;
    private org.apache.flink.api.common.functions.MapFunction<RawRecord, RawRecord> predictionsTap;

    /** @param labels the label source, or null when labels come only with the predictions */
    public AnalyzeJob(Source<RawRecord, ?, ?> predictions, Source<RawRecord, ?, ?> labels, Outputs outputs,
            AnalyzeSettings settings) {
        this.predictions = predictions;
        this.labels = labels;
        this.outputs = outputs;
        this.settings = settings;
    }

    /**
     * Outputs to two sinks (the counts are left to accumulators); profiles and drift rows, when there
     * are any, are consumed and dropped.
     */
    public static Outputs toSinks(Sink<KpiWindowRow> kpiSink, Sink<DeadLetterRow> deadLetterSink) {
        return streams -> {
            streams.kpiWindows().sinkTo(kpiSink).name("kpi_windows").uid("sink-kpi-windows");
            streams.deadLetters().sinkTo(deadLetterSink).name("dead_letter").uid("sink-dead-letter");
            streams.featureProfiles().sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                    .name("feature_profiles").uid("sink-feature-profiles");
            streams.featureDrift().sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
                    .name("feature_drift").uid("sink-feature-drift");
        };
    }

    /** A function applied to every prediction record after the source (tests inject failures here); null: none. */
    public AnalyzeJob withPredictionsTap(org.apache.flink.api.common.functions.MapFunction<RawRecord, RawRecord> tap) {
        this.predictionsTap = tap;
        return this;
    }

    private JoinKeptLabels.Kept carried;
    private CarriedProfiles carriedProfiles;

    /**
     * The windows before {@code settings.carry().freshFrom()} carried from the last run: its kept
     * predictions with the label records it joined to them, and the windows' feature profiles, one partial
     * per key and window (batch only).
     */
    public AnalyzeJob withCarried(JoinKeptLabels.Kept predictions, CarriedProfiles profiles) {
        this.carried = predictions;
        this.carriedProfiles = profiles;
        return this;
    }

    private boolean joinInMemory;

    /**
     * Joins the labels in memory ({@link JoinKeptLabels}, whole) instead of sorting predictions and labels by
     * id: for a batch run whose input fits in memory (same tables; no effect on a stream or with a reference
     * period in the job).
     */
    public AnalyzeJob withLabelJoinInMemory(boolean inMemory) {
        this.joinInMemory = inMemory;
        return this;
    }

    /** Adds the job to {@code env} without running it. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> p = withEventTime(env, predictions, "predictions", false);
        if (predictionsTap != null) p = p.map(predictionsTap).returns(RawRecord.class).name("tap").uid("tap");
        DataStream<RawRecord> l = labels == null ? null : withEventTime(env, labels, "labels", true);
        DataStream<WindowPartial> profiles = null;
        if (carried != null) {
            // each partial in its window, as the pre-aggregation stamps its own (the window's last millisecond)
            org.apache.flink.api.common.typeinfo.TypeInformation<WindowPartial> type =
                    org.apache.flink.api.common.typeinfo.TypeInformation.of(WindowPartial.class);
            io.driftwatch.common.window.WindowGrid grid = settings.grid();
            // one task reads them from the output while the sources run (CarriedProfiles)
            profiles = env.fromData(java.util.List.of(carriedProfiles),
                            org.apache.flink.api.common.typeinfo.TypeInformation.of(CarriedProfiles.class))
                    .name("carried-profiles").uid("source-carried-profiles")
                    .flatMap((CarriedProfiles c, org.apache.flink.util.Collector<WindowPartial> out) -> {
                        for (WindowPartial w : c.read()) out.collect(w);
                    }).returns(type).setParallelism(1).name("read-carried-profiles").uid("read-carried-profiles")
                    .assignTimestampsAndWatermarks(WatermarkStrategy.<WindowPartial>noWatermarks()
                            .withTimestampAssigner((w, t) -> grid.end(w.windowStart()) - 1))
                    .name("carried-profiles-time").uid("carried-profiles-time");
        }
        outputs.attach(AnalyzePipeline.build(p, l, carried, profiles, joinInMemory, settings));
    }

    /**
     * A source with the run's event time. Batch: none (event time ends with the input). Streaming from
     * Kafka: watermarks per partition, in the source. Streaming from files: per subtask, right after
     * the source — a file's splits finish, and in Flink 2.2 a reader whose splits have all finished
     * never turns idle, so per-split watermarks would hold every window back at the last file that
     * reader read (seen with a watched directory of several files).
     */
    private DataStream<RawRecord> withEventTime(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source,
            String name, boolean label) {
        boolean perSplit = settings.streaming() && !(source instanceof FileSource);
        DataStream<RawRecord> s = env.fromSource(source,
                perSplit ? RawEventTime.strategy(settings, label) : WatermarkStrategy.noWatermarks(), name)
                .uid("source-" + name);
        if (!settings.streaming() || perSplit) return s;
        return s.assignTimestampsAndWatermarks(RawEventTime.strategy(settings, label)).name(name + "-event-time")
                .uid(name + "-event-time");
    }

    /** Builds and runs the job and waits for its result. */
    public JobExecutionResult execute(StreamExecutionEnvironment env, String jobName) throws Exception {
        return submit(env, jobName).getJobExecutionResult().get();
    }

    /** Builds and submits the job; returns at once. */
    public JobClient submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        build(env);
        return env.executeAsync(jobName);
    }

    /**
     * Whether the client can wait for the job: not when the program runs inside the JobManager
     * after a REST {@code /jars/<id>/run} (web submission), where Flink refuses job results.
     */
    public static boolean canAwait(JobClient client) {
        return !client.getClass().getSimpleName().equals("WebSubmissionJobClient");
    }
}
