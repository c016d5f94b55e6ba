package io.driftwatch.jobs.cli;

import picocli.CommandLine;

/**
 * The generated command-line reference, {@code docs/reference/cli.md}: every command's help exactly
 * as {@code driftwatch <command> --help} prints it (options, defaults, examples), from the picocli
 * model the commands declare. {@code CliReferenceTest} fails when the file and the code disagree and
 * rewrites it with {@code -Ddriftwatch.updateDocs=true}.
 */
public final class CliReference {
    /** Fixed, so the file does not depend on the terminal that generates it. */
    private static final int WIDTH = 100;

    private CliReference() {}

    public static String markdown() {
        CommandLine cli = Help.commandLine();
        StringBuilder md = new StringBuilder("""
                # Command line (generated)

                Generated from the commands' declarations (`jobs/.../cli/CliReference.java`); do not edit.
                `bin/driftwatch <command> --help` prints the same. Exit codes: 0 done, 1 failed, 2 usage or
                config error, 3 the input was rejected (contract §1).

                """);
        for (var e : cli.getSubcommands().entrySet()) md.append("- [`").append(e.getKey()).append("`](#").append(e.getKey()).append(")\n");
        for (var e : cli.getSubcommands().entrySet()) {
            CommandLine sub = e.getValue();
            sub.setUsageHelpWidth(WIDTH);
            sub.setUsageHelpAutoWidth(false);
            md.append("\n## ").append(e.getKey()).append("\n\n```\n")
                    .append(sub.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing().replace("\r\n", "\n"))
                    .append("\n```\n");
        }
        return md.toString();
    }
}
