import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.parse.JsonFieldSelector;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Lines decoder alone (JsonFieldSelector, as a batch run with drift on builds it) over the first
 * LINES lines of a log, ROUNDS times: ns per line of each round, and a hash of every decoded tree's text
 * (the same under any change that keeps the decoder's results).
 * Usage: java -cp <bin/driftwatch's class path> bench/DecodeLoop.java CONFIG LOG [LINES] [ROUNDS]
 */
public class DecodeLoop {
    public static void main(String[] args) throws Exception {
        DriftwatchConfig config = ConfigLoader.load(Path.of(args[0]));
        int lines = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        List<String> log = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(Path.of(args[1]))) {
            for (String l; log.size() < lines && (l = r.readLine()) != null; ) log.add(l);
        }
        JsonFieldSelector selector = new JsonFieldSelector(config, true);
        long hash = 0;
        for (int round = 1; round <= rounds; round++) {
            long t0 = System.nanoTime(), h = 0;
            for (String l : log) h = h * 31 + selector.decode(l).hashCode();
            double ns = (System.nanoTime() - t0) / (double) log.size();
            if (round == 1) hash = h;
            else if (h != hash) throw new AssertionError("round " + round + " decoded differently");
            System.out.printf("round %d: %.0f ns a line%n", round, ns);
        }
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < Math.min(log.size(), 20_000); i++) all.append(selector.decode(log.get(i)).toString()).append('\n');
        System.out.printf("trees of the first %d lines: hash %08x%n", Math.min(log.size(), 20_000), all.toString().hashCode());
    }
}
