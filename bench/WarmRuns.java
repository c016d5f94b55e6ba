import io.driftwatch.jobs.cli.Driftwatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The same driftwatch command N times in one JVM (bench/warm_runs.sh): the first run pays what every
 * `bin/driftwatch` run pays (class loading, the JIT's warm-up), the later ones run code already
 * loaded and compiled, as a kept-running cluster's TaskManager does from its second job on. Each run
 * starts its own embedded cluster and writes into a fresh output directory.
 * Usage: java -cp <bin/driftwatch's class path> bench/WarmRuns.java N OUTPUT_DIR driftwatch-args...
 */
public class WarmRuns {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        List<String> command = new ArrayList<>(List.of(args).subList(2, args.length));
        command.addAll(List.of("--output", out.toString()));
        for (int i = 1; i <= n; i++) {
            delete(out);
            long t0 = System.nanoTime();
            int code = Driftwatch.run(command.toArray(String[]::new));
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("warm-runs: run %d of %d: %.2f s, exit %d%n", i, n, s, code);
            if (code != 0) System.exit(code);
        }
        System.exit(0);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
