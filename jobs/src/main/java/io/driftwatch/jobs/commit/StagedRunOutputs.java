package io.driftwatch.jobs.commit;

import io.driftwatch.jobs.parquet.StagingParquetWriter;
import io.driftwatch.jobs.pipeline.AnalyzeJob;
import io.driftwatch.jobs.pipeline.AnalyzePipeline;
import io.driftwatch.jobs.pipeline.RunCount;
import io.driftwatch.jobs.tables.DeadLetterRow;
import io.driftwatch.jobs.tables.FairnessRow;
import io.driftwatch.jobs.tables.FeatureDriftRow;
import io.driftwatch.jobs.tables.FeatureProfileRow;
import io.driftwatch.jobs.tables.KpiWindowRow;
import io.driftwatch.jobs.tables.LabelCarryRow;
import io.driftwatch.jobs.parquet.TableSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The outputs of a batch {@code analyze} or {@code profile} run: its tables written to the run's staging folder, then
 * {@link FinalizeRun} (parallelism 1) commits them and writes the {@code runs} row once every
 * writer has closed its files.
 */
public final class StagedRunOutputs implements AnalyzeJob.Outputs {
    private final CommitPlan plan;
    private final OutputCommitter committer;

    public StagedRunOutputs(CommitPlan plan, OutputCommitter committer) {
        this.plan = plan;
        this.committer = committer;
    }

    private <T> DataStream<RunCount> write(DataStream<T> rows, TableSchema<T> schema, String uid) {
        return rows.transform(schema.table(), TypeInformation.of(RunCount.class), new StagingParquetWriter<>(schema,
                        committer.stagingDir(schema.table()).toString(), plan.run().id(), plan.output().compression()))
                .uid(uid);
    }

    /** The reference period's tables, profiled in this job, staged under the reference directory. */
    private <T> DataStream<RunCount> writeReference(DataStream<T> rows, TableSchema<T> schema, String uid) {
        // the plan's reference directory is qualified already (BatchCommand)
        String staging = OutputCommitter.stagingDir(new org.apache.flink.core.fs.Path(plan.reference().periodOutput()), plan.run().id(),
                schema.table()).toString();
        return rows.transform("reference " + schema.table(), TypeInformation.of(RunCount.class), new StagingParquetWriter<>(
                        schema, staging, plan.run().id(), plan.output().compression(),
                        "reference_rows_" + schema.table()))
                .uid(uid);
    }

    @Override
    public void attach(AnalyzePipeline.Outputs streams) {
        DataStream<RunCount> done = write(streams.deadLetters(), DeadLetterRow.SCHEMA, "write-dead-letter");
        if (plan.output().windowTables().contains(KpiWindowRow.SCHEMA.table())) {
            done = done.union(write(streams.kpiWindows(), KpiWindowRow.SCHEMA, "write-kpi-windows"));
        }
        if (plan.output().windowTables().contains(FeatureProfileRow.SCHEMA.table())) {
            done = done.union(write(streams.featureProfiles(), FeatureProfileRow.SCHEMA, "write-feature-profiles"));
        }
        if (plan.output().windowTables().contains(FeatureDriftRow.SCHEMA.table())) {
            done = done.union(write(streams.featureDrift(), FeatureDriftRow.SCHEMA, "write-feature-drift"));
        }
        if (plan.output().windowTables().contains(FairnessRow.SCHEMA.table())) {
            done = done.union(write(streams.fairness(), FairnessRow.SCHEMA, "write-fairness"));
        }
        if (streams.labelCarry() != null && plan.output().windowTables().contains(LabelCarryRow.SCHEMA.table())) {
            done = done.union(write(streams.labelCarry(), LabelCarryRow.SCHEMA, "write-label-carry"));
        }
        if (streams.referenceKpiWindows() != null) {
            done = done.union(writeReference(streams.referenceKpiWindows(), KpiWindowRow.SCHEMA, "write-reference-kpi-windows"),
                    writeReference(streams.referenceProfiles(), FeatureProfileRow.SCHEMA, "write-reference-profiles"));
        }
        streams.counts().union(done)
                .transform("finalize-run", TypeInformation.of(RunCount.class), new FinalizeRun(plan))
                .uid("finalize-run").setParallelism(1).setMaxParallelism(1)
                .sinkTo(new DiscardingSink<>()).name("end").uid("end").setParallelism(1);
    }
}
