package io.driftwatch.jobs.commit;

import io.driftwatch.jobs.parquet.StagingParquetWriter;
import io.driftwatch.jobs.pipeline.AnalyzeJob;
import io.driftwatch.jobs.pipeline.AnalyzePipeline;
import io.driftwatch.jobs.pipeline.RunCount;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The outputs of a batch {@code analyze} run: both tables written to the run's staging folder, then
 * {@link FinalizeRun} (parallelism 1) commits them and writes the {@code runs} row once every
 * writer has closed its files.
 */
public final class StagedRunOutputs implements AnalyzeJob.Outputs {
    private final FinalizeRun.Plan plan;
    private final OutputCommitter committer;

    public StagedRunOutputs(FinalizeRun.Plan plan, OutputCommitter committer) {
        this.plan = plan;
        this.committer = committer;
    }

    @Override
    public void attach(AnalyzePipeline.Outputs streams) {
        TypeInformation<RunCount> countType = TypeInformation.of(RunCount.class);
        DataStream<RunCount> kpiDone = streams.kpiWindows()
                .transform("kpi_windows", countType, new StagingParquetWriter<>(KpiWindowRow.SCHEMA,
                        committer.stagingDir(KpiWindowRow.SCHEMA.table()).toString(), plan.runId(), plan.compression()))
                .uid("write-kpi-windows");
        DataStream<RunCount> deadDone = streams.deadLetters()
                .transform("dead_letter", countType, new StagingParquetWriter<>(DeadLetterRow.SCHEMA,
                        committer.stagingDir(DeadLetterRow.SCHEMA.table()).toString(), plan.runId(), plan.compression()))
                .uid("write-dead-letter");
        streams.counts().union(kpiDone, deadDone)
                .transform("finalize-run", countType, new FinalizeRun(plan))
                .uid("finalize-run").setParallelism(1).setMaxParallelism(1)
                .sinkTo(new DiscardingSink<>()).name("end").uid("end").setParallelism(1);
    }
}
