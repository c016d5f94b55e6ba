package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code privacy:} (issue 23): a log with planted e-mail addresses ({@code contact}, hashed) and card
 * numbers ({@code card}, dropped), some of its records dead letters. Every output of the run — each
 * table read back by DuckDB, the report, the other files of the output directory, the console and
 * the log with Driftwatch's INFO lines (where alerts go) — holds none of the planted values and not
 * the salt; the hashes stand in the profiles and the dead letters. The same log without
 * {@code privacy:} is written as it is, and the run's scan names both columns (counts only).
 */
class PrivacyTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir Path dir;

    private static final String SALT = "pepper-7f3e-secret-salt";

    /** A 16-digit number passing the Luhn check, grouped by four. */
    private static String card(Random r) {
        int[] d = new int[16];
        d[0] = 4;
        for (int i = 1; i < 15; i++) d[i] = r.nextInt(10);
        int sum = 0;
        for (int i = 14; i >= 0; i--) {
            int v = d[i];
            if ((14 - i) % 2 == 0) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
            sum += v;
        }
        d[15] = (10 - sum % 10) % 10;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) b.append(i > 0 && i % 4 == 0 ? " " : "").append(d[i]);
        return b.toString();
    }

    private record Captured(int code, String console) {}

    /** Runs the CLI with stdout, stderr and Driftwatch's log (INFO and up) captured. */
    private static Captured run(Object... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        StringWriter log = new StringWriter();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        WriterAppender appender = WriterAppender.newBuilder().setName("privacy-test").setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c{1} %m%n").build()).build();
        appender.start();
        ctx.getConfiguration().addAppender(appender);
        ctx.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        Configurator.setLevel("io.driftwatch", Level.INFO);
        ctx.updateLoggers();
        try {
            PrintStream p = new PrintStream(o, true, StandardCharsets.UTF_8);
            System.setOut(p);
            System.setErr(p);
            int code = Cli.run(args);
            return new Captured(code, o.toString(StandardCharsets.UTF_8) + "\n" + log);
        } finally {
            System.setOut(out);
            System.setErr(err);
            ctx.getConfiguration().getRootLogger().removeAppender("privacy-test");
            Configurator.setLevel("io.driftwatch", Level.WARN);
            ctx.updateLoggers();
            appender.stop();
        }
    }

    @Test
    void nothingPlantedReachesAnyOutputAndTheScanNamesTheColumnsOfAnUnconfiguredRun() throws Exception {
        Random r = new Random(2304);
        long start = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        List<String> log = new ArrayList<>(), planted = new ArrayList<>();
        String[] countries = {"DE", "FR", "US"};
        // amounts triple on the third day: drift, so the run alerts (alerts go to the log)
        long drift = Instant.parse("2026-11-03T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 2400; i++) {
            String email = String.format(Locale.ROOT, "user%04d.%s@mail-example.org", i % 700, i % 2 == 0 ? "x" : "yz");
            String card = card(r);
            planted.add(email);
            planted.add(card);
            planted.add(card.replace(" ", ""));
            long t = start + (long) i * 108_000L;
            // every 100th record has a timestamp no one can read: a dead letter with its raw text
            String ts = i % 100 == 7 ? "yesterday at noon" : Instant.ofEpochMilli(t).toString();
            double score = Math.round(r.nextDouble() * 1000) / 1000.0;
            log.add(String.format(Locale.ROOT, "{\"prediction_id\":\"p%d\",\"timestamp\":\"%s\",\"model\":\"kyc\","
                    + "\"latency_ms\":%d,\"features\":{\"amount\":%.2f,\"contact\":\"%s\",\"card\":\"%s\",\"country\":\"%s\"},"
                    + "\"prediction\":%s,\"label\":%d}", i, ts, 5 + r.nextInt(40), r.nextDouble() * (t >= drift ? 1500 : 500), email, card,
                    countries[r.nextInt(3)], score, r.nextDouble() < score ? 1 : 0));
        }
        Path input = Files.write(dir.resolve("kyc.jsonl"), log);
        Path salt = Files.writeString(dir.resolve("salt"), SALT);
        Path configured = Files.writeString(dir.resolve("private.yaml"), """
                window: 1d
                models: {kyc: {task: binary_classification, segments: [country]}}
                privacy: {hash: [contact], drop: [card], salt_file: %s}
                """.formatted(salt));
        Path out = dir.resolve("out");
        String[] range = {"--from", "2026-11-02", "--to", "2026-11-04", "--reference-from", "2026-11-01",
                "--reference-to", "2026-11-02"};
        Captured analyzed = run("analyze", "--config", configured, "--input", input, range, "--output", out);
        assertThat(analyzed.code()).as(analyzed.console()).isZero();
        Captured reported = run("report", "--output", out);
        assertThat(reported.code()).as(reported.console()).isZero();

        StringBuilder everything = new StringBuilder(analyzed.console()).append(reported.console());
        int tables = 0;
        try (Duck duck = new Duck(); Stream<Path> top = Files.list(out)) {
            for (Path t : top.filter(Files::isDirectory).sorted().toList()) {
                boolean hasParquet;
                try (Stream<Path> s = Files.walk(t)) {
                    hasParquet = s.anyMatch(p -> p.toString().endsWith(".parquet"));
                }
                if (!hasParquet) continue;
                tables++;
                // every column of every row as text, lists and binaries included
                for (Map<String, Object> row : duck.rows("select * from read_parquet('" + t + "/**/*.parquet', union_by_name = true)")) {
                    for (Object v : row.values()) {
                        if (v instanceof byte[] b) everything.append(new String(b, StandardCharsets.ISO_8859_1));
                        else everything.append(v).append('\n');
                    }
                }
            }
            assertThat(duck.count("select count(*) from " + Duck.table(out, "feature_profiles")
                    + " where feature = 'card'")).isZero();
            assertThat(duck.count("select count(*) from " + Duck.table(out, "feature_profiles")
                    + " where feature = 'contact' and cast(top_values as varchar) like '%sha256:%'")).isPositive();
            List<Map<String, Object>> dead = duck.rows("select raw from " + Duck.table(out, "dead_letter"));
            assertThat(dead).hasSize(24);
            for (Map<String, Object> d : dead) {
                assertThat((String) d.get("raw")).contains("\"contact\":\"sha256:").doesNotContain("\"card\"");
            }
        }
        assertThat(tables).isGreaterThanOrEqualTo(6);
        // the other files of the output: the report, the reference marker, anything else written
        try (Stream<Path> s = Files.walk(out)) {
            for (Path f : s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".parquet")).toList()) {
                everything.append(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        String all = everything.toString();
        assertThat(all.contains("sha256:")).as("hashes in the outputs").isTrue();
        assertThat(all.contains("INFO FinalizeRun")).as("Driftwatch's log captured").isTrue();
        assertThat(all.contains("alert: ")).as("alerts in the log").isTrue();
        for (String p : planted) {
            if (all.contains(p)) throw new AssertionError("a planted value reached the outputs: " + p);
        }
        assertThat(all.contains(SALT)).as("the salt in the outputs").isFalse();

        // the same log without privacy: the values are in the tables, and the scan says which columns
        Path open = Files.writeString(dir.resolve("open.yaml"), "window: 1d\nmodels: {kyc: {task: binary_classification}}\n");
        Path out2 = dir.resolve("out-open");
        Captured plain = run("analyze", "--config", open, "--input", input, range, "--output", out2);
        assertThat(plain.code()).isZero();
        assertThat(plain.console()).contains("warning: columns look personal").contains("card (")
                .contains("card numbers").contains("contact (").contains("e-mail addresses")
                .contains("privacy: {hash: [card, contact]}");
        try (Duck duck = new Duck()) {
            String runs = Duck.table(out2, "runs");
            assertThat(duck.rows("select cast(personal_data as varchar) as p, personal_data_scanned as n from " + runs)
                    .toString()).contains("card:card").contains("contact:email").doesNotContain("@");
            assertThat(duck.count("select count(*) from " + Duck.table(out2, "dead_letter") + " where raw like '%@mail-example.org%'"))
                    .isEqualTo(24);
        }
    }
}
