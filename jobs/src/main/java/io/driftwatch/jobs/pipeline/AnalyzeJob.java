package io.driftwatch.jobs.pipeline;

import io.driftwatch.jobs.source.RawRecord;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The analyze job: sources and sinks are injected (files and Parquet for {@code analyze}; others
 * in tests and in streaming), the body is {@link AnalyzePipeline#build}.
 */
public final class AnalyzeJob {
    private final Source<RawRecord, ?, ?> predictions;
    private final Source<RawRecord, ?, ?> labels;
    private final Sink<KpiWindowRow> kpiSink;
    private final Sink<DeadLetterRow> deadLetterSink;
    private final AnalyzeSettings settings;

    /** @param labels the label source, or null when labels come only with the predictions */
    public AnalyzeJob(Source<RawRecord, ?, ?> predictions, Source<RawRecord, ?, ?> labels,
            Sink<KpiWindowRow> kpiSink, Sink<DeadLetterRow> deadLetterSink, AnalyzeSettings settings) {
        this.predictions = predictions;
        this.labels = labels;
        this.kpiSink = kpiSink;
        this.deadLetterSink = deadLetterSink;
        this.settings = settings;
    }

    /** Adds the job to {@code env} without running it. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawRecord> p = env.fromSource(predictions, WatermarkStrategy.noWatermarks(), "predictions")
                .uid("source-predictions");
        DataStream<RawRecord> l = labels == null ? null
                : env.fromSource(labels, WatermarkStrategy.noWatermarks(), "labels").uid("source-labels");
        AnalyzePipeline.Outputs out = AnalyzePipeline.build(p, l, settings);
        out.kpiWindows().sinkTo(kpiSink).name("kpi_windows").uid("sink-kpi-windows");
        out.deadLetters().sinkTo(deadLetterSink).name("dead_letter").uid("sink-dead-letter");
    }

    /**
     * Builds and runs the job, and waits for its result. Submitted asynchronously and then awaited
     * (rather than {@code env.execute}) so that it also works where the environment is detached,
     * as when the program runs on the JobManager after a REST {@code /jars/<id>/run}: the run's
     * commit needs the job's end and its counters.
     */
    public JobExecutionResult execute(StreamExecutionEnvironment env, String jobName) throws Exception {
        build(env);
        JobClient client = env.executeAsync(jobName);
        return client.getJobExecutionResult().get();
    }
}
