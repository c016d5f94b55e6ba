package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.jobs.app.InputRejectedException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of {@code bin/driftwatch} and of {@code flink run}: dispatches the contract §1
 * commands and maps failures to exit codes (0 ok, 2 usage/config, 3 input rejected, 1 other).
 * A user's mistake prints one line; stack traces go only to the log file.
 */
@Command(name = "driftwatch", mixinStandardHelpOptions = true, versionProvider = Help.Version.class,
        description = "ML model monitoring on Apache Flink: KPI windows, drift and retraining signals as Parquet.",
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "Start with: driftwatch demo", "Help on a command: driftwatch COMMAND --help"},
        subcommands = {AnalyzeCommand.class, StreamCommand.class, ProfileCommand.class, ReportCommand.class, RollupCommand.class, RepairCommand.class, VerifyCommand.class, SuggestCommand.class, AlertRulesCommand.class, GenerateCommand.class, DemoCommand.class})
public final class Driftwatch implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Driftwatch.class);

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int INPUT_REJECTED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is needed: one of " + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        io.driftwatch.jobs.app.QuickJit.remember(args);
        int code = run(args);
        if (System.getProperty("driftwatch.home") != null) {
            // started by bin/driftwatch: this JVM is ours, the contract's exit codes apply. Also on success:
            // the run is committed and reported, and returning would wait about 0.3 s for the embedded
            // cluster's last threads to end. Its working directory goes with a shutdown hook
            // (BatchRun#localFlinkConfig), its other temporary directories with Flink's own hooks.
            // Measured, alternating: a 10-record run 1.94-2.04 s -> 1.70-1.74 s (bench/README.md, "Fixed cost").
            exit(code);
        }
        if (code == OK) return;
        // started by Flink (flink run, or REST /jars/run inside the JobManager, whose JVM an exit
        // would kill): fail the program instead; the message has already been printed
        throw new ProgramFailedException("driftwatch exited with code " + code);
    }

    /** Ends this JVM, started by bin/driftwatch (see {@link #main}), with exit code {@code code}. */
    public static void exit(int code) {
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** The failure of a program run by Flink's client or JobManager (see {@link #main}). */
    public static final class ProgramFailedException extends RuntimeException {
        public ProgramFailedException(String message) {
            super(message);
        }
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = Help.commandLine();
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            CommandLine at = e.getCommandLine();
            if (at.getCommandSpec().parent() == null && e instanceof CommandLine.UnmatchedArgumentException u
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
                // a mistyped command
                err.println("driftwatch: " + Help.suggest("command", u.getUnmatched().get(0), at.getSubcommands().keySet())
                        + " (commands: " + String.join(", ", at.getSubcommands().keySet()) + ")");
            } else {
                // unknown options first, with the closest known one, then what else is wrong
                java.util.List<String> unknown = Help.unknownOptions(at, a);
                for (String u : unknown) err.println("driftwatch: " + u);
                if (unknown.isEmpty() || !(e instanceof CommandLine.UnmatchedArgumentException)) {
                    err.println("driftwatch: " + e.getMessage());
                }
            }
            err.println("Try 'driftwatch " + (e.getCommandLine().getCommandName().equals("driftwatch") ? ""
                    : e.getCommandLine().getCommandName() + " ") + "--help'.");
            err.flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            PrintWriter err = c.getErr();
            if (e instanceof ConfigException) {
                err.println("driftwatch: " + e.getMessage());
                err.flush();
                return USAGE;
            }
            if (e instanceof InputRejectedException) {
                err.println("driftwatch: input rejected: " + e.getMessage());
                err.flush();
                return INPUT_REJECTED;
            }
            if (e instanceof io.driftwatch.jobs.commit.OutputLock.InUseException) {
                err.println("driftwatch: " + e.getMessage());
                err.flush();
                return FAILURE;
            }
            LOG.error("driftwatch failed", e);
            err.println("driftwatch: failed: " + rootMessage(e) + " (details in the log)");
            err.flush();
            return FAILURE;
        });
        try {
            return cli.execute(args);
        } catch (Throwable e) {
            // Errors (e.g. a missing class) escape picocli's handler; still one line and exit 1
            LOG.error("driftwatch failed", e);
            System.err.println("driftwatch: failed: " + rootMessage(e) + " (details in the log)");
            return FAILURE;
        }
    }

    static String rootMessage(Throwable e) {
        return io.driftwatch.jobs.app.BatchRun.rootMessage(e);
    }
}
