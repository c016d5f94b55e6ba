package io.driftwatch.jobs.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26: a small local batch run takes one subtask unless --parallelism says otherwise, and joins its labels in
 * memory unless driftwatch.labelJoin says otherwise (BatchRun.SMALL_RUN_BYTES).
 */
class BatchRunParallelismTest {

    @Test
    void aSmallLocalRunTakesOneSubtaskAndNothingElseChanges() {
        long small = BatchRun.SMALL_RUN_BYTES - 1;
        assertThat(BatchRun.parallelism(null, true, small)).isEqualTo(1);
        assertThat(BatchRun.parallelism(null, true, 0)).isEqualTo(1);
        // at the limit and over it: the environment's (conf/flink's parallelism.default locally)
        assertThat(BatchRun.parallelism(null, true, BatchRun.SMALL_RUN_BYTES)).isNull();
        // a size not known (Parquet input, a compression without its size): the environment's
        assertThat(BatchRun.parallelism(null, true, -1)).isNull();
        // asked for: always that
        assertThat(BatchRun.parallelism(2, true, small)).isEqualTo(2);
        assertThat(BatchRun.parallelism(4, false, small)).isEqualTo(4);
        // under flink run (not local): the cluster's
        assertThat(BatchRun.parallelism(null, false, small)).isNull();
    }

    @Test
    void aSmallLocalRunJoinsItsLabelsInMemory_thePropertyDecidesOtherwise() {
        long small = BatchRun.SMALL_RUN_BYTES - 1;
        assertThat(BatchRun.labelJoinInMemory(true, small)).isTrue();
        assertThat(BatchRun.labelJoinInMemory(true, BatchRun.SMALL_RUN_BYTES)).isFalse();
        assertThat(BatchRun.labelJoinInMemory(true, -1)).isFalse(); // size not known
        assertThat(BatchRun.labelJoinInMemory(false, small)).isFalse(); // flink run: a TaskManager's heap
        try {
            System.setProperty("driftwatch.labelJoin", "memory");
            assertThat(BatchRun.labelJoinInMemory(false, BatchRun.SMALL_RUN_BYTES * 10)).isTrue();
            System.setProperty("driftwatch.labelJoin", "sorted");
            assertThat(BatchRun.labelJoinInMemory(true, small)).isFalse();
            System.setProperty("driftwatch.labelJoin", "hash");
            assertThatThrownBy(() -> BatchRun.labelJoinInMemory(true, small))
                    .isInstanceOf(io.driftwatch.common.config.ConfigException.class)
                    .hasMessage("system property driftwatch.labelJoin: 'hash' is neither memory nor sorted");
        } finally {
            System.clearProperty("driftwatch.labelJoin");
        }
    }

    @Test
    void whatARunReadsCountsTheKeptPredictionsFiles(@TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path a = Files.write(dir.resolve("a.parquet"), new byte[1000]);
        java.nio.file.Path b = Files.write(dir.resolve("b.parquet"), new byte[234]);
        List<Path> carried = List.of(new Path(a.toUri()), new Path(b.toUri()));
        assertThat(BatchRun.readBytes(5_000, carried)).isEqualTo(6_234);
        assertThat(BatchRun.readBytes(5_000, List.of())).isEqualTo(5_000);
        assertThat(BatchRun.readBytes(-1, carried)).isEqualTo(-1);
    }
}
