package io.driftwatch.jobs.cli;

import io.driftwatch.common.config.ConfigException;
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
@Command(name = "driftwatch", mixinStandardHelpOptions = true, versionProvider = Driftwatch.Version.class,
        description = "ML model monitoring on Apache Flink: KPI windows, drift and retraining signals as Parquet.",
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "Start with: driftwatch demo", "Help on a command: driftwatch COMMAND --help"},
        subcommands = {AnalyzeCommand.class, StreamCommand.class, ProfileCommand.class, ReportCommand.class, RollupCommand.class, RepairCommand.class, GenerateCommand.class, DemoCommand.class})
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

    /** {@code --version}: this build's version (from the jar) and the Flink it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Driftwatch.class.getPackage().getImplementationVersion();
            return new String[] {"driftwatch " + (v == null ? "(development build, not from the jar)" : v),
                    "Apache Flink " + org.apache.flink.runtime.util.EnvironmentInformation.getVersion()
                            + ", Java " + System.getProperty("java.version")};
        }
    }

    /** One example per command, at the end of its --help. */
    static final java.util.Map<String, String[]> EXAMPLES = java.util.Map.of(
            "analyze", new String[] {"driftwatch analyze --input 'logs/*.jsonl.gz' --labels labels/",
                    "    --reference-profile ref --from 2026-11-01 --to 2026-12-01 --output out",
                    "driftwatch analyze --input logs/ --output out --since-last-run   (hourly, from cron)"},
            "stream", new String[] {"driftwatch stream --kafka-bootstrap localhost:9092 --topic predictions",
                    "    --labels-topic labels --reference-profile ref --output out",
                    "driftwatch stream --watch logs/ --labels labels/ --reference-profile ref",
                    "    --output out"},
            "profile", new String[] {"driftwatch profile --input logs/ --labels labels/ --from 2026-11-01",
                    "    --to 2026-11-08 --output ref"},
            "rollup", new String[] {"driftwatch rollup --output out --window 1w"},
            "generate", new String[] {"driftwatch generate --rows 100000 --days 7 --drift-day 5",
                    "    --output p.jsonl --labels-output l.jsonl"},
            "demo", new String[] {"driftwatch demo --output /tmp/driftwatch-demo"});

    /**
     * Options a command inherits but that do not apply to it, so it does not accept them: a stream
     * runs until stopped (a continuous {@code stream --for today} would count every later record out
     * of range) and keeps its own position in checkpoints, not in {@code runs}.
     */
    private static final java.util.Map<String, java.util.List<String>> NOT_APPLICABLE = java.util.Map.of(
            "stream", java.util.List.of("--for", "--since-last-run"));

    /** The command line with every command's help showing defaults and an example. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Driftwatch());
        for (CommandLine sub : cli.getSubcommands().values()) {
            for (String name : NOT_APPLICABLE.getOrDefault(sub.getCommandName(), java.util.List.of())) {
                sub.getCommandSpec().remove(sub.getCommandSpec().findOption(name));
            }
            var usage = sub.getCommandSpec().usageMessage();
            withDefaults(sub.getCommandSpec());
            String[] example = EXAMPLES.get(sub.getCommandName());
            if (example != null && usage.footer().length == 0) {
                String[] footer = new String[example.length + 2];
                footer[0] = "";
                footer[1] = "Example:";
                for (int i = 0; i < example.length; i++) footer[i + 2] = "  " + example[i];
                usage.footer(footer);
            }
        }
        return cli;
    }

    /**
     * Every option with a default says it in its help: the options whose description does not
     * already name it get "Default: X." (picocli's own default column would also print empty lists).
     */
    private static void withDefaults(CommandLine.Model.CommandSpec spec) {
        for (CommandLine.Model.OptionSpec o : java.util.List.copyOf(spec.options())) {
            if (o.usageHelp() || o.versionHelp()) continue;
            String value = o.defaultValue() != null ? o.defaultValue()
                    : o.initialValue() == null ? null : String.valueOf(o.initialValue());
            String text = String.join(" ", o.description());
            if (value == null || value.isEmpty() || value.equals("[]") || value.equals("{}") || value.equals("false")
                    || text.toLowerCase(java.util.Locale.ROOT).contains("default")) continue;
            spec.remove(o);
            // descriptions are format strings: a "%" the annotation escaped comes back unescaped
            String escaped = text.replaceAll("%(?![n%])", "%%");
            spec.addOption(o.toBuilder().description(escaped + " Default: " + value + ".").build());
        }
    }

    /**
     * The unknown options among {@code args} for {@code cmd} (those picocli reports only after a
     * missing required option, or not at all), each with the closest option it has.
     */
    static java.util.List<String> unknownOptions(CommandLine cmd, String[] args) {
        java.util.List<String> out = new java.util.ArrayList<>();
        var options = cmd.getCommandSpec().optionsMap();
        for (String a : args) {
            if (!a.startsWith("-") || a.equals("-") || a.equals("--")) continue;
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (options.containsKey(name) || name.matches("-\\d.*")) continue;
            if (NOT_APPLICABLE.getOrDefault(cmd.getCommandName(), java.util.List.of()).contains(name)) {
                out.add(name + " does not apply to " + cmd.getCommandName() + " (it runs until stopped and resumes"
                        + " from its checkpoints; use analyze for a range)");
                continue;
            }
            out.add(suggest("option", name, options.keySet().stream().filter(o -> o.startsWith("--")).toList()));
        }
        return out;
    }

    /** "unknown option --inptu; did you mean --input?" (no suggestion when nothing is close). */
    static String suggest(String what, String given, java.util.Collection<String> candidates) {
        return "unknown " + what + " " + given + io.driftwatch.common.config.Suggestions.didYouMean(given, candidates);
    }


    public static void main(String[] args) {
        int code = run(args);
        if (code == OK) return;
        if (System.getProperty("driftwatch.home") != null) {
            // started by bin/driftwatch: this JVM is ours, the contract's exit codes apply
            System.exit(code);
        }
        // started by Flink (flink run, or REST /jars/run inside the JobManager, whose JVM an exit
        // would kill): fail the program instead; the message has already been printed
        throw new ProgramFailedException("driftwatch exited with code " + code);
    }

    /** The failure of a program run by Flink's client or JobManager (see {@link #main}). */
    public static final class ProgramFailedException extends RuntimeException {
        public ProgramFailedException(String message) {
            super(message);
        }
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            CommandLine at = e.getCommandLine();
            if (at.getCommandSpec().parent() == null && e instanceof CommandLine.UnmatchedArgumentException u
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
                // a mistyped command
                err.println("driftwatch: " + suggest("command", u.getUnmatched().get(0), at.getSubcommands().keySet())
                        + " (commands: " + String.join(", ", at.getSubcommands().keySet()) + ")");
            } else {
                // unknown options first, with the closest known one, then what else is wrong
                java.util.List<String> unknown = unknownOptions(at, a);
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
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            // a damaged stored file says itself which file and what to do
            if (t instanceof io.driftwatch.jobs.parquet.DamagedFileException) return t.getMessage();
            t = t.getCause();
        }
        if (t instanceof io.driftwatch.jobs.parquet.DamagedFileException) return t.getMessage();
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.split("\n")[0]);
    }
}
