package io.driftwatch.jobs.app;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded cluster of a {@code bin/driftwatch} batch run, started while the run is planned. Flink's
 * local environment starts its mini cluster when the job is submitted, after the planning (reading the
 * config, the last run, the reference and the kept predictions); on 2 cores the two overlap, and the
 * cluster's start (about 0.5-1 s of class loading and RPC set-up) leaves each run's critical path
 * (bench/README.md, "Fixed cost").
 *
 * <p>The early cluster is the one Flink's own local executor would start: the same
 * {@link MiniClusterConfiguration} as {@code PerJobMiniClusterFactory} builds from the same settings
 * (which needs {@code taskmanager.numberOfTaskSlots} set, as conf/flink does: otherwise the slots follow
 * the job's parallelism, known only after planning, and nothing starts early). The job still goes
 * through Flink's {@link LocalExecutor}; where the cluster it asks for differs from the early one in
 * anything but job settings, the early one is closed and Flink's is started as before. A run that
 * submits nothing (nothing to do, a failure while planning) closes it ({@link #discard}).
 */
final class LocalCluster {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    /**
     * Job settings, in which the cluster Flink asks for may differ from the early one's: the job carries them
     * (its graph and execution config), they do not shape a cluster ({@code execution.buffer-timeout.enabled}
     * is set when the job is built, for one).
     */
    private static final Set<String> JOB_KEYS = Set.of(CoreOptions.DEFAULT_PARALLELISM.key());
    private static final List<String> JOB_PREFIXES = List.of("pipeline.", "execution.");

    private static EarlyCluster early;

    private LocalCluster() {}

    /**
     * Starts the cluster of a later {@link #environment} on a background thread, when a job with these
     * settings would run in a local mini cluster whose size does not depend on the job.
     */
    static synchronized void prestart(Configuration settings) {
        if (early != null || !settings.contains(TaskManagerOptions.NUM_TASK_SLOTS)) return;
        if (!(StreamExecutionEnvironment.getExecutionEnvironment(settings) instanceof LocalStreamEnvironment)) return;
        early = new EarlyCluster(clusterOf(localSettings(settings)));
        early.startInBackground();
    }

    /**
     * The execution environment for {@code settings}: Flink's, or when an early cluster waits and Flink's
     * would be local, one whose local executor takes that cluster.
     */
    static synchronized StreamExecutionEnvironment environment(Configuration settings) {
        StreamExecutionEnvironment flinks = StreamExecutionEnvironment.getExecutionEnvironment(settings);
        if (early == null || !(flinks instanceof LocalStreamEnvironment)) return flinks;
        EarlyCluster cluster = early;
        early = null;
        PipelineExecutorFactory factory = new PipelineExecutorFactory() {
            @Override
            public String getName() {
                return LocalExecutor.NAME;
            }

            @Override
            public boolean isCompatibleWith(Configuration c) {
                return LocalExecutor.NAME.equalsIgnoreCase(c.get(DeploymentOptions.TARGET));
            }

            @Override
            public PipelineExecutor getExecutor(Configuration c) {
                return LocalExecutor.createWithFactory(c, cluster::take);
            }
        };
        PipelineExecutorServiceLoader loader = new PipelineExecutorServiceLoader() {
            @Override
            public PipelineExecutorFactory getExecutorFactory(Configuration c) {
                return factory;
            }

            @Override
            public Stream<String> getExecutorNames() {
                return Stream.of(LocalExecutor.NAME);
            }
        };
        return new StreamExecutionEnvironment(loader, localSettings(settings), null);
    }

    /** Closes an early cluster no job took. */
    static synchronized void discard() {
        if (early == null) return;
        early.discard();
        early = null;
    }

    /** Whether an early cluster waits for a job (tests). */
    static synchronized boolean waiting() {
        return early != null;
    }

    /** What Flink's local environment runs with ({@code StreamExecutionEnvironment#createLocalEnvironment}). */
    private static Configuration localSettings(Configuration settings) {
        Configuration c = new Configuration(settings);
        if (!c.contains(CoreOptions.DEFAULT_PARALLELISM)) {
            c.set(CoreOptions.DEFAULT_PARALLELISM, Runtime.getRuntime().availableProcessors());
        }
        c.set(DeploymentOptions.TARGET, LocalExecutor.NAME);
        c.set(DeploymentOptions.ATTACHED, true);
        return c;
    }

    /** The cluster {@code PerJobMiniClusterFactory} builds for these settings when their slots are set. */
    private static MiniClusterConfiguration clusterOf(Configuration settings) {
        Configuration c = new Configuration(settings);
        if (!c.contains(RestOptions.BIND_PORT)) c.set(RestOptions.BIND_PORT, "0");
        return new MiniClusterConfiguration.Builder().setConfiguration(c)
                .setNumTaskManagers(c.get(TaskManagerOptions.MINI_CLUSTER_NUM_TASK_MANAGERS))
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .setNumSlotsPerTaskManager(c.get(TaskManagerOptions.NUM_TASK_SLOTS))
                .build();
    }

    /** Whether a cluster of {@code wanted} is one of {@code have}: the same settings, job settings aside. */
    static boolean sameCluster(MiniClusterConfiguration have, MiniClusterConfiguration wanted) {
        if (have.getNumTaskManagers() != wanted.getNumTaskManagers()
                || have.getRpcServiceSharing() != wanted.getRpcServiceSharing()) {
            return false;
        }
        Map<String, String> a = have.getConfiguration().toMap(), b = wanted.getConfiguration().toMap();
        Set<String> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) {
            boolean job = JOB_KEYS.contains(key) || JOB_PREFIXES.stream().anyMatch(key::startsWith);
            if (!job && !Objects.equals(a.get(key), b.get(key))) {
                LOG.info("the embedded cluster started early differs in {} ({} against {}): a new one is started", key,
                        a.get(key), b.get(key));
                return false;
            }
        }
        return true;
    }

    /** A mini cluster started on a background thread; its {@link #start} waits for that start. */
    private static final class EarlyCluster extends MiniCluster {
        private final MiniClusterConfiguration configuration;
        private final CompletableFuture<Void> started = new CompletableFuture<>();

        EarlyCluster(MiniClusterConfiguration configuration) {
            super(configuration);
            this.configuration = configuration;
        }

        void startInBackground() {
            Thread t = new Thread(() -> {
                try {
                    EarlyCluster.super.start();
                    started.complete(null);
                } catch (Throwable e) {
                    started.completeExceptionally(e);
                }
            }, "driftwatch-cluster-start");
            t.setDaemon(true);
            t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
            t.start();
        }

        /** The cluster for a job asking for {@code wanted}: this one when it is that cluster, else a new one. */
        MiniCluster take(MiniClusterConfiguration wanted) {
            if (sameCluster(configuration, wanted)) return this;
            discard();
            return new MiniCluster(wanted);
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

        void discard() {
            started.whenComplete((ok, failed) -> closeAsync());
        }
    }
}
