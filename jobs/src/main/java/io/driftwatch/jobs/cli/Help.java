package io.driftwatch.jobs.cli;

import picocli.CommandLine;

/**
 * What the command line tells a user beyond picocli's defaults: an example at the end of each
 * command's help, every default in the option's text, and unknown options answered with the closest
 * known one or with why they do not apply.
 */
final class Help {
    private Help() {}

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
     * Options of another command that a user may try on this one, with why they do not apply: a
     * stream runs until stopped (a continuous {@code stream --for today} would count every later
     * record out of range), keeps its own position in checkpoints, not in {@code runs}, and reads
     * topics or a watched directory; a profile is one window.
     */
    private static final String RUNS_UNTIL_STOPPED =
            "it runs until stopped and resumes from its checkpoints; use analyze for a range";
    private static final java.util.Map<String, java.util.Map<String, String>> NOT_APPLICABLE = java.util.Map.of(
            "stream", java.util.Map.of("--for", RUNS_UNTIL_STOPPED, "--since-last-run", RUNS_UNTIL_STOPPED,
                    "--input", "it reads a Kafka topic (--kafka-bootstrap, --topic) or a directory it watches (--watch);"
                            + " analyze reads files"),
            "profile", java.util.Map.of("--window", "a profile is one window over [--from, --to)"));

    /** The command line with every command's help showing defaults and an example. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Driftwatch());
        for (CommandLine sub : cli.getSubcommands().values()) {
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
            String why = NOT_APPLICABLE.getOrDefault(cmd.getCommandName(), java.util.Map.of()).get(name);
            if (why != null) {
                out.add(name + " does not apply to " + cmd.getCommandName() + " (" + why + ")");
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
}
