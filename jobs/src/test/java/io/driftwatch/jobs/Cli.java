package io.driftwatch.jobs;

import io.driftwatch.jobs.cli.Driftwatch;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI as a user types it: paths and other values as their text, a String[] as several arguments. */
final class Cli {
    private Cli() {}

    /** The exit code of {@code driftwatch <args>}. */
    static int run(Object... args) {
        List<String> a = new ArrayList<>();
        for (Object o : args) {
            if (o instanceof String[] s) a.addAll(List.of(s));
            else a.add(o.toString());
        }
        return Driftwatch.run(a.toArray(String[]::new));
    }
}
