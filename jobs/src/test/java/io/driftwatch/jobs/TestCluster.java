package io.driftwatch.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The Flink MiniCluster the job tests run on: one per test class (register it as a static
 * {@code @RegisterExtension} field), one TaskManager with two slots — the machine has two cores —
 * and the jobs Driftwatch submits through {@code StreamExecutionEnvironment.getExecutionEnvironment}
 * go to it.
 */
public final class TestCluster {
    private TestCluster() {}

    /** The shared shape: 1 TaskManager, 2 slots. */
    public static MiniClusterExtension perClass() {
        return perClass(2, new Configuration());
    }

    /** A class that needs more slots (several jobs at once) or settings (restart strategies). */
    public static MiniClusterExtension perClass(int slots, Configuration configuration) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots).setConfiguration(configuration).build());
    }
}
