package io.driftwatch.jobs.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The embedded cluster of a batch run started by {@code bin/driftwatch}, started on a thread of its own
 * while the run plans, instead of after: the planner (the config, the stored runs, the reference profile,
 * the kept predictions' files) and the cluster's start (Pekko's actor system, the dispatcher, the
 * TaskManager) each took about 0.8-1.0 s of a core, one after the other, on a machine with two
 * (bench/README.md, "Scheduled runs", session 25). The job is then submitted as Flink's local executor
 * submits it ({@link LocalExecutor}: the same job graph, the cluster shut down with the job), to this
 * cluster.
 *
 * <p>The cluster is configured as Flink's {@code PerJobMiniClusterFactory} configures the one it starts for
 * a local job: the environment's configuration, a REST port of the system's choosing, one TaskManager (or
 * {@code minicluster.number-of-taskmanagers}) with {@code taskmanager.numberOfTaskSlots} slots. Only when
 * that option is set (conf/flink sets it): without it the slots follow the job's parallelism, unknown
 * before planning, and the run starts its cluster as before. Options of the job itself (its parallelism,
 * object reuse) travel with the job graph. Not used under {@code flink run} or in tests that run jobs in
 * their own cluster: only {@link BatchRun} starts it, for the launcher's runs.
 */
final class EmbeddedCluster {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EmbeddedCluster.class);
    /** The cluster started early and not yet taken by a job, or null. */
    private static Early early;

    private EmbeddedCluster() {}

    /**
     * Starts, on a thread of its own, the cluster the next job run in an environment from
     * {@link #environment} with the same {@code conf} will use; nothing when one is started already or its
     * slots are not configured.
     */
    static synchronized void startEarly(Configuration conf) {
        if (early != null) return;
        Configuration local = localEnvironmentConfig(conf);
        if (!local.contains(TaskManagerOptions.NUM_TASK_SLOTS)) return;
        early = new Early(miniClusterConfig(local));
        Thread starter = new Thread(early::startNow, "start-embedded-cluster");
        starter.setDaemon(true);
        starter.start();
    }

    /**
     * A local execution environment with {@code conf} whose job runs on the cluster {@link #startEarly}
     * started, or the environment {@link StreamExecutionEnvironment#getExecutionEnvironment(Configuration)}
     * gives when none was started.
     */
    static StreamExecutionEnvironment environment(Configuration conf) {
        Early cluster = take();
        if (cluster == null) return StreamExecutionEnvironment.getExecutionEnvironment(conf);
        return new StreamExecutionEnvironment(new EarlyClusterExecutors(cluster), localEnvironmentConfig(conf), null);
    }

    private static synchronized Early take() {
        Early e = early;
        early = null;
        return e;
    }

    /**
     * The configuration Flink's local environment runs a job with (as {@code createLocalEnvironment} and
     * {@code LocalStreamEnvironment} make it): the local target, attached, the machine's cores as the
     * default parallelism when none is set.
     */
    private static Configuration localEnvironmentConfig(Configuration conf) {
        Configuration local = new Configuration(conf);
        if (!local.contains(CoreOptions.DEFAULT_PARALLELISM)) {
            local.set(CoreOptions.DEFAULT_PARALLELISM, Runtime.getRuntime().availableProcessors());
        }
        local.set(DeploymentOptions.TARGET, LocalExecutor.NAME);
        local.set(DeploymentOptions.ATTACHED, true);
        return local;
    }

    /** As {@code PerJobMiniClusterFactory#getMiniClusterConfig} makes it, with the slots configured. */
    private static MiniClusterConfiguration miniClusterConfig(Configuration conf) {
        Configuration c = new Configuration(conf);
        if (!c.contains(RestOptions.BIND_PORT)) c.set(RestOptions.BIND_PORT, "0");
        return new MiniClusterConfiguration.Builder()
                .setConfiguration(c)
                .setNumTaskManagers(c.get(TaskManagerOptions.MINI_CLUSTER_NUM_TASK_MANAGERS))
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .setNumSlotsPerTaskManager(c.get(TaskManagerOptions.NUM_TASK_SLOTS))
                .build();
    }

    /** A cluster whose {@link #start} waits for the start begun early ({@link #startNow}). */
    private static final class Early extends MiniCluster {
        private final CompletableFuture<Void> started = new CompletableFuture<>();
        private final MiniClusterConfiguration config;

        Early(MiniClusterConfiguration config) {
            super(config);
            this.config = config;
        }

        void startNow() {
            try {
                super.start();
                started.complete(null);
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }

        @Override
        public void start() throws Exception {
            try {
                started.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) throw cause;
                throw e;
            }
        }

        /** Whether a job's cluster as Flink configures it has this one's TaskManagers and slots. */
        boolean fits(MiniClusterConfiguration wanted) {
            return wanted.getNumTaskManagers() == config.getNumTaskManagers()
                    && wanted.getConfiguration().get(TaskManagerOptions.NUM_TASK_SLOTS)
                            .equals(config.getConfiguration().get(TaskManagerOptions.NUM_TASK_SLOTS));
        }
    }

    /** Flink's local executor, whose cluster is the one started early (when it fits, else a new one). */
    private record EarlyClusterExecutors(Early cluster) implements PipelineExecutorServiceLoader, PipelineExecutorFactory {
        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
            return this;
        }

        @Override
        public Stream<String> getExecutorNames() {
            return Stream.of(LocalExecutor.NAME);
        }

        @Override
        public String getName() {
            return LocalExecutor.NAME;
        }

        @Override
        public boolean isCompatibleWith(Configuration configuration) {
            return true;
        }

        @Override
        public PipelineExecutor getExecutor(Configuration configuration) {
            return LocalExecutor.createWithFactory(configuration, wanted -> {
                if (cluster.fits(wanted)) {
                    LOG.info("the job runs on the embedded cluster started while the run planned");
                    return cluster;
                }
                LOG.info("the embedded cluster started while the run planned does not fit the job ({}); starting another",
                        wanted);
                cluster.closeAsync();
                return new MiniCluster(wanted);
            });
        }
    }
}
