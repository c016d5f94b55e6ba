package io.driftwatch.jobs.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's quick JIT: {@code bin/driftwatch} starts a run that is small by its command line
 * ({@code --since-last-run}, or little local input) with C1 only ({@code -XX:TieredStopAtLevel=1},
 * system property {@code driftwatch.jit=quick}), which made such runs 10-25 % faster and long ones 30-50 %
 * slower (bench/README.md, "JIT thresholds", session 25). A run so started whose plan reads more than a
 * small run ({@link BatchRun#SMALL_RUN_BYTES}: a {@code --since-last-run} catching up on weeks) starts
 * again, before it takes the output's lock or reads a record, in a JVM with the JIT's optimizing tier:
 * the same command line without those two options. What the plan said is held meanwhile
 * ({@link Console#hold}) and said once, by the run that stays.
 */
public final class QuickJit {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QuickJit.class);
    static final String PROPERTY = "driftwatch.jit";
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
    /** The command line's arguments, kept by {@link #remember} for a restart. */
    private static String[] args;

    private QuickJit() {}

    /**
     * Whether a run of this JVM, planned to read {@code bytes} (-1: not known), starts again with the full JIT:
     * started with the quick JIT and at least {@link BatchRun#SMALL_RUN_BYTES} to read (system property
     * {@code driftwatch.jit.quickMaxBytes} instead, for tests).
     */
    static boolean restarts(long bytes) {
        // (args: a run of the CLI's main, which the launcher starts; not a test calling it)
        return on() && args != null && bytes >= Long.getLong(PROPERTY + ".quickMaxBytes", BatchRun.SMALL_RUN_BYTES);
    }

    /** Whether this JVM was started with the quick JIT. */
    static boolean on() {
        return "quick".equals(System.getProperty(PROPERTY));
    }

    /** Keeps the command line's arguments (the CLI's main, before it runs them). */
    public static void remember(String[] commandLine) {
        args = commandLine.clone();
    }

    /**
     * Runs this command again in a JVM with the full JIT and returns its exit code, or null when it cannot be
     * started (this JVM's command not known, the process not started: the run then goes on here, as it
     * would have). A stop of this JVM (SIGTERM, SIGINT) stops that one. Its standard streams are this JVM's.
     */
    static Integer restart() throws InterruptedException {
        List<String> cmd = new ArrayList<>();
        Process p;
        try {
            cmd.add(ProcessHandle.current().info().command().orElseThrow(() -> new IOException("this JVM's command is not known")));
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!a.equals(C1_ONLY) && !a.equals("-D" + PROPERTY + "=quick")) cmd.add(a);
            }
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(io.driftwatch.jobs.cli.Driftwatch.class.getName());
            cmd.addAll(List.of(args));
            LOG.info("the run reads more than a small run: starting it again with the optimizing JIT: {}", cmd);
            p = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            LOG.warn("the run reads more than a small run but cannot start again with the optimizing JIT; it goes on"
                    + " with C1 only", e);
            return null;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-restarted-run"));
        return p.waitFor();
    }
}
