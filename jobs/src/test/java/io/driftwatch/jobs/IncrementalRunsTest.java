package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.cli.Driftwatch;
import io.driftwatch.jobs.commit.OutputLock;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled runs (issue 11): a log laid out by day ({@code log/date=YYYY-MM-DD/part-0.jsonl}) and
 * labels filed by the day they arrive (0–4 days after their prediction), as a daily job sees them: on
 * day k only the files of days up to k exist. 14 daily {@code --since-last-run} runs must leave the same
 * {@code kpi_windows}, {@code kpi_anomalies} and {@code retraining_signals} as one run over the 14 days
 * with the same files, and the last run must read only its day's predictions (the label horizon's windows
 * come from what the run before kept: {@code label_carry}) and its day's label files.
 */
class IncrementalRunsTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    static final LocalDate DAY0 = LocalDate.parse("2026-11-01");
    static final int DAYS = 14;
    static final int ROWS = 800; // per model and day
    static final int HORIZON_DAYS = 4;

    @TempDir
    static Path dir;
    static Path allLog;
    static Path allLabels;
    static Path config;
    static Path reference;
    static Path whole;
    static Path incremental;
    static Map<Integer, Long> labelsFiledOn = new HashMap<>();
    static List<Long> recordsRead = new ArrayList<>();

    @BeforeAll
    static void run() throws Exception {
        allLog = dir.resolve("log");
        allLabels = dir.resolve("labels");
        write();
        config = dir.resolve("config.yaml");
        Files.writeString(config, """
                window: 1d
                models:
                  churn: {task: binary_classification}
                  eta: {task: regression}
                labels: {horizon: %dd}
                """.formatted(HORIZON_DAYS));
        // the reference: the first two days, profiled once their labels are in (as from training data)
        reference = dir.resolve("reference");
        assertThat(Driftwatch.run("profile", "--config", config.toString(), "--input", allLog.toString(), "--labels",
                allLabels.toString(), "--from", day(0), "--to", day(2), "--output", reference.toString())).isZero();
        whole = dir.resolve("whole");
        assertThat(analyze(whole, allLog, allLabels, "--from", day(0), "--to", day(DAYS))).isZero();

        // day by day: the files that exist at the end of day k, then the scheduled command
        incremental = dir.resolve("incremental");
        Path log = dir.resolve("log-now");
        Path labels = dir.resolve("labels-now");
        for (int k = 0; k < DAYS; k++) {
            copyDay(allLog, log, k);
            copyDay(allLabels, labels, k);
            List<String> extra = new ArrayList<>(List.of("--since-last-run", "--to", day(k + 1)));
            if (k == 0) extra.addAll(List.of("--from", day(0)));
            assertThat(analyze(incremental, log, labels, extra.toArray(String[]::new))).as("day %d", k).isZero();
        }
    }

    static int analyze(Path output, Path log, Path labels, String... range) {
        List<String> args = new ArrayList<>(List.of("analyze", "--config", config.toString(), "--input", log.toString(),
                "--labels", labels.toString(), "--reference-profile", reference.toString(), "--output", output.toString(),
                "--parallelism", "2"));
        args.addAll(List.of(range));
        return Driftwatch.run(args.toArray(String[]::new));
    }

    static String day(int d) {
        return DAY0.plusDays(d).toString();
    }

    @Test
    void dailyRunsSinceTheLastOneEqualOneRunOverAllDays() throws Exception {
        try (Duck duck = new Duck()) {
            assertSameTables(duck, whole, incremental);
            // the planted problems were found, so the comparison is not between empty judgements
            assertThat(duck.count("select count(*) from " + Duck.table(incremental, "retraining_signals")
                    + " where decision = 'RETRAIN' and model = 'churn'")).isEqualTo(DAYS - 9);
            assertThat(duck.count("select count(*) from " + Duck.table(incremental, "kpi_anomalies")
                    + " where anomaly and model = 'eta' and kpi = 'error_rate' and window_start = '" + day(6) + "'")).isOne();
        }
    }

    @Test
    void theLastRunReadsItsDayOnly() throws Exception {
        try (Duck duck = new Duck()) {
            List<Map<String, Object>> runs = duck.rows("select \"from\", \"to\", records_read, labels_read from "
                    + Duck.table(incremental, "runs") + " where status = 'succeeded' order by started_at");
            assertThat(runs).hasSize(DAYS);
            Map<String, Object> last = runs.get(DAYS - 1);
            // analyzed [day 9, day 14): the windows whose labels may still arrive, and the new day
            assertThat(last.get("from").toString()).startsWith(day(DAYS - 1 - HORIZON_DAYS));
            assertThat(last.get("to").toString()).startsWith(day(DAYS));
            // read: the prediction and label files of the new day only (issue 26: the 4 days before come from
            // the predictions the last run kept in label_carry with the labels it had joined, and its
            // feature_profiles), nothing older
            assertThat(last.get("records_read")).isEqualTo((long) 2 * ROWS);
            assertThat(last.get("labels_read")).isEqualTo(labelsFiledOn.get(DAYS - 1));
            // against one run over everything
            assertThat(duck.value("select records_read from " + Duck.table(whole, "runs"))).isEqualTo((long) DAYS * 2 * ROWS);
        }
    }

    @Test
    void theKeptPredictionsAreThoseOfTheHorizonAndWithoutThemTheLogsAreReadAgain() throws Exception {
        try (Duck duck = new Duck()) {
            // after the last run: the predictions of the 4 windows whose labels may still come, every one of them
            assertThat(duck.rows("select distinct cast(window_start as varchar) as w from "
                    + Duck.table(incremental, "label_carry") + " order by w").stream().map(r -> r.get("w").toString()))
                    .containsExactly(day(10) + " 00:00:00+00", day(11) + " 00:00:00+00", day(12) + " 00:00:00+00",
                            day(13) + " 00:00:00+00");
            assertThat(duck.count("select count(*) from " + Duck.table(incremental, "label_carry")))
                    .isEqualTo((long) HORIZON_DAYS * 2 * ROWS);
        }
        // an output whose last run kept nothing (an earlier release): the horizon's logs are read again
        Path out = dir.resolve("without-carry");
        assertThat(analyze(out, allLog, allLabels, "--from", day(0), "--to", day(10))).isZero();
        try (Stream<Path> files = Files.walk(out.resolve("label_carry"))) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
        assertThat(analyze(out, allLog, allLabels, "--since-last-run", "--to", day(11))).isZero();
        try (Duck duck = new Duck()) {
            assertThat(duck.value("select records_read from " + Duck.table(out, "runs") + " order by started_at desc"
                    + " limit 1")).isEqualTo((long) (HORIZON_DAYS + 2) * 2 * ROWS); // days 6-10, and 11 (dated the day after)
            String before = "window_start < '" + day(11) + "'";
            assertThat(duck.comparable(out, "kpi_windows", before)).isEqualTo(duck.comparable(whole, "kpi_windows", before));
        }
    }

    @Test
    void moreKeptPredictionsThanARunJoinsInMemory_theLogsAreReadAgainWithTheSameResults() throws Exception {
        Path out = dir.resolve("past-memory");
        assertThat(analyze(out, allLog, allLabels, "--from", day(0), "--to", day(10))).isZero();
        // 4 kept days of 2 * ROWS predictions each: more than a bound of 100
        System.setProperty("driftwatch.maxKeptInMemory", "100");
        try {
            assertThat(analyze(out, allLog, allLabels, "--since-last-run", "--to", day(11))).isZero();
        } finally {
            System.clearProperty("driftwatch.maxKeptInMemory");
        }
        try (Duck duck = new Duck()) {
            assertThat(duck.value("select records_read from " + Duck.table(out, "runs") + " order by started_at desc"
                    + " limit 1")).isEqualTo((long) (HORIZON_DAYS + 2) * 2 * ROWS); // days 6-10, and 11, from the logs
            String before = "window_start < '" + day(11) + "'";
            assertThat(duck.comparable(out, "kpi_windows", before)).isEqualTo(duck.comparable(whole, "kpi_windows", before));
        }
    }

    /**
     * The label join in memory (BatchRun: a local run that fits; here asked for by its system property) writes
     * what the sorted join writes: windows, profiles, drift, decisions, dead letters and the run's counts,
     * with labels of predictions outside the range (out of range: the range starts inside a day's file),
     * labels without a prediction (unmatched), a label the task cannot read and a later correction.
     */
    @Test
    void theLabelJoinInMemoryWritesWhatTheSortedJoinWrites() throws Exception {
        Path labels = dir.resolve("labels-odd");
        for (int k = 0; k < DAYS; k++) copyDay(allLabels, labels, k);
        long day5 = Instant.parse(day(5) + "T00:00:00Z").toEpochMilli(), late = day5 + 2 * 86_400_000L;
        // p ids count both models: churn's are even, eta's (regression, "maybe" unreadable) odd; the odd labels'
        // times are past the id's regular label (at most 4 days late), so they win
        int first5 = 5 * ROWS * 2;
        write(labels.resolve("date=" + day(7)), List.of(label("nobody-1", day5, 1), label("nobody-1", late, 0),
                label("nobody-2", late, 1), "{\"prediction_id\":\"p" + (first5 + 1) + "\",\"timestamp\":\""
                        + Instant.ofEpochMilli(late + 4 * 86_400_000L) + "\",\"label\":\"maybe\"}", label("p" + (first5 + 2), late, 1),
                label("p" + (first5 + 2), late + 1, 0),
                // two labels of one time for each of 40 predictions: the greater wins whatever the read order
                // (the last read won before: the joins, and one join at parallelism 1 and 2, could differ)
                tied(first5 + 10, late + 5 * 86_400_000L, 0, 1), tied(first5 + 10, late + 5 * 86_400_000L, 1, 0)));
        Map<String, Path> outs = new java.util.LinkedHashMap<>();
        for (String join : List.of("sorted", "memory")) {
            Path out = dir.resolve("join-" + join);
            java.util.function.IntSupplier run = () -> analyze(out, allLog, labels, "--from", day(3) + "T12:00:00Z", "--to", day(10));
            assertThat(withLabelJoin(join, run)).isZero();
            outs.put(join, out);
        }
        try (Duck duck = new Duck()) {
            Path sorted = outs.get("sorted"), memory = outs.get("memory");
            assertSameTables(duck, sorted, memory);
            String counts = "select records_read, records_valid, records_invalid, labels_read, labels_joined, labels_unmatched,"
                    + " labels_out_of_range, labels_invalid from %s";
            List<Map<String, Object>> expected = duck.rows(counts.formatted(Duck.table(sorted, "runs")));
            assertThat(duck.rows(counts.formatted(Duck.table(memory, "runs")))).isEqualTo(expected);
            // each kind of label the join counts is there, so the comparison covers it
            assertThat(((Number) expected.get(0).get("labels_unmatched")).longValue()).isGreaterThanOrEqualTo(2);
            assertThat(((Number) expected.get(0).get("labels_out_of_range")).longValue()).isPositive();
            String dead = "select source, raw, error, detail, model, kind from %s order by all";
            String deadSorted = duck.rows(dead.formatted(Duck.table(sorted, "dead_letter"))).toString();
            assertThat(deadSorted).contains("maybe");
            assertThat(duck.rows(dead.formatted(Duck.table(memory, "dead_letter"))).toString()).isEqualTo(deadSorted);
        }
    }

    /**
     * The kept predictions' label join (JoinKeptLabels) decides as the sorted join of one run over everything:
     * a later label replaces the one the last run joined, an older one does not, a new prediction with a kept
     * id gets the id's label, a kept prediction without an id keeps its inline label.
     */
    @Test
    void correctedStaleAndDuplicateLabelsOfKeptPredictions_asInOneRun() throws Exception {
        Path base = dir.resolve("competing");
        Path log = base.resolve("log"), labels = base.resolve("labels");
        long day0 = Instant.parse(day(0) + "T00:00:00Z").toEpochMilli(), hour = 3_600_000L, dayMs = 24 * hour;
        Random rnd = new Random(7);
        List<String> d0 = new ArrayList<>(), d1 = new ArrayList<>(), l0 = new ArrayList<>(), l1 = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            d0.add(prediction("q" + i, day0 + i * 60_000L, rnd.nextDouble(), null));
            d1.add(prediction("r" + i, day0 + dayMs + i * 60_000L, rnd.nextDouble(), null));
        }
        for (int i = 0; i < 10; i++) d0.add(prediction(null, day0 + i * 90_000L, rnd.nextDouble(), i % 2)); // no id, inline
        for (int i = 0; i < 5; i++) d1.add(prediction("q" + i, day0 + dayMs + 5 * hour + i, rnd.nextDouble(), null));
        for (int i = 0; i < 100; i++) l0.add(label("q" + i, day0 + hour, (i * 7) % 2));
        for (int i = 0; i < 20; i++) l1.add(label("q" + i, day0 + dayMs + hour, 1 - (i * 7) % 2)); // corrections: later
        for (int i = 20; i < 30; i++) l1.add(label("q" + i, day0 + 30 * 60_000L, 1 - (i * 7) % 2)); // stale: older
        for (int i = 100; i < 150; i++) l1.add(label("q" + i, day0 + dayMs + 2 * hour, i % 3 == 0 ? 1 : 0)); // first
        for (int i = 0; i < 100; i++) l1.add(label("r" + i, day0 + dayMs + 3 * hour, i % 2));
        write(log.resolve("date=" + day(0)), d0);
        write(labels.resolve("date=" + day(0)), l0);
        Path conf = base.resolve("config.yaml");
        Files.writeString(conf, "window: 1d\nmodels:\n  churn: {task: binary_classification}\nlabels: {horizon: 4d}\n");
        Path daily = base.resolve("daily"), once = base.resolve("once");
        String[] common = {"analyze", "--config", conf.toString(), "--input", log.toString(), "--labels", labels.toString(),
                "--parallelism", "2", "--output"};
        // the same chain with the label join in memory (as a local run that fits joins): the same tables
        Path dailyInMemory = base.resolve("daily-in-memory");
        assertThat(Driftwatch.run(concat(common, daily.toString(), "--from", day(0), "--to", day(1)))).isZero();
        assertThat(inMemory(() -> Driftwatch.run(concat(common, dailyInMemory.toString(), "--from", day(0), "--to", day(1)))))
                .isZero();
        write(log.resolve("date=" + day(1)), d1);
        write(labels.resolve("date=" + day(1)), l1);
        assertThat(Driftwatch.run(concat(common, daily.toString(), "--since-last-run", "--to", day(2)))).isZero();
        assertThat(inMemory(() -> Driftwatch.run(concat(common, dailyInMemory.toString(), "--since-last-run", "--to", day(2)))))
                .isZero();
        assertThat(Driftwatch.run(concat(common, once.toString(), "--from", day(0), "--to", day(2)))).isZero();
        try (Duck duck = new Duck()) {
            for (Path chain : List.of(daily, dailyInMemory)) {
                // the second daily run read the new day only: its kept day came from label_carry
                assertThat(duck.value("select records_read from " + Duck.table(chain, "runs") + " order by started_at desc"
                        + " limit 1")).isEqualTo((long) d1.size());
                for (String table : List.of("kpi_windows", "feature_profiles")) {
                    assertThat(duck.comparable(chain, table)).as(table).isEqualTo(duck.comparable(once, table));
                }
            }
            // day 0 of churn: 200 + 10 predictions, labeled: q0-q149 (150) and the 10 inline ones
            assertThat(duck.value("select labeled_count from " + Duck.table(once, "kpi_windows") + " where window_start = '"
                    + day(0) + "' and segment = '__all__'")).isEqualTo(160L);
        }
    }

    /** Labels {@code first} and {@code second}, at one time {@code t}, for 40 churn predictions from id {@code p}. */
    private static String tied(int p, long t, int first, int second) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            if (i > 0) out.append('\n');
            out.append(label("p" + (p + 2 * i), t, i % 2 == 0 ? first : second));
        }
        return out.toString();
    }

    /** A command run with the label join in memory ({@code BatchRun}'s system property). */
    private static int inMemory(java.util.function.IntSupplier command) {
        return withLabelJoin("memory", command);
    }

    /** A command run with the label join {@code memory} or {@code sorted}. */
    private static int withLabelJoin(String join, java.util.function.IntSupplier command) {
        System.setProperty("driftwatch.labelJoin", join);
        try {
            return command.getAsInt();
        } finally {
            System.clearProperty("driftwatch.labelJoin");
        }
    }

    /**
     * A chain whose first run had no {@code --from} over a log that starts inside its first window: that
     * window's volumes hold only the part the input covers, so the judge leaves them out of every later
     * window's baseline — also in the daily runs after it, which have a {@code from} and judge the kept
     * windows again, and in a run with {@code --from} over part of the history.
     */
    @Test
    void aChainWhoseFirstRunStartedInsideAWindow_judgesAsOneRun() throws Exception {
        Path base = dir.resolve("cut-start");
        Path log = base.resolve("log");
        long day0 = Instant.parse(day(0) + "T00:00:00Z").toEpochMilli(), dayMs = 86_400_000L;
        Random rnd = new Random(11);
        int days = 9;
        for (int d = 0; d < days; d++) {
            // about 400 a day, spread over the day; the log starts at 12:00 of day 0, so day 0 has enough
            // predictions to be a baseline (min_predictions) but for the cut
            List<String> lines = new ArrayList<>();
            int n = 360 + rnd.nextInt(81);
            for (int i = 0; i < n; i++) {
                long ts = day0 + d * dayMs + (long) ((i + rnd.nextDouble()) * dayMs / n);
                if (d == 0 && ts < day0 + 12 * 3_600_000L) continue;
                lines.add(prediction("p" + d + "-" + i, ts, rnd.nextDouble(), rnd.nextInt(2)));
            }
            write(log.resolve("date=" + day(d)), lines);
        }
        Path conf = base.resolve("config.yaml");
        Files.writeString(conf, "window: 1d\nmodels:\n  churn: {task: binary_classification}\nlabels: {horizon: 7d}\n");
        Path daily = base.resolve("daily"), once = base.resolve("once");
        String[] common = {"analyze", "--config", conf.toString(), "--input", log.toString(), "--parallelism", "2", "--output"};
        assertThat(Driftwatch.run(concat(common, daily.toString(), "--to", day(5)))).isZero();
        for (int d = 6; d <= days; d++) {
            assertThat(Driftwatch.run(concat(common, daily.toString(), "--since-last-run", "--to", day(d)))).isZero();
        }
        assertThat(Driftwatch.run(concat(common, once.toString(), "--to", day(days)))).isZero();
        try (Duck duck = new Duck()) {
            String anomalies = duck.comparable(once, "kpi_anomalies");
            // day 0's volumes are not judged and are no baseline: the days after have one baseline window fewer
            assertThat(duck.value("select baseline_windows from " + Duck.table(once, "kpi_anomalies") + " where kpi ="
                    + " 'throughput_per_s' and segment = '__all__' and window_start = '" + day(8) + "'")).isEqualTo(7L);
            assertThat(duck.comparable(daily, "kpi_anomalies")).isEqualTo(anomalies);
            assertThat(duck.comparable(daily, "retraining_signals")).isEqualTo(duck.comparable(once, "retraining_signals"));
            // the last days analyzed again with --from: the stored day 0 is still the input's cut start
            assertThat(Driftwatch.run(concat(common, once.toString(), "--from", day(5), "--to", day(days)))).isZero();
            assertThat(duck.comparable(once, "kpi_anomalies")).isEqualTo(anomalies);
        }
    }

    /**
     * A chain begun with {@code --from}: its scheduled runs analyze nothing before it. The label horizon
     * reached back past the first run's start, so the second run analyzed (and judged) the windows of
     * the four days before it, which no run was asked for.
     */
    @Test
    void aChainBegunWithFromAnalyzesNothingBeforeItsStart() throws Exception {
        Path chain = dir.resolve("begun-later"), once = dir.resolve("begun-later-once");
        assertThat(analyze(chain, allLog, allLabels, "--from", day(6), "--to", day(7))).isZero();
        for (int d = 8; d <= 9; d++) {
            assertThat(analyze(chain, allLog, allLabels, "--since-last-run", "--to", day(d))).as("to day %d", d).isZero();
        }
        assertThat(analyze(once, allLog, allLabels, "--from", day(6), "--to", day(9))).isZero();
        try (Duck duck = new Duck()) {
            assertThat(duck.value("select min(window_start) from " + Duck.table(chain, "kpi_windows")).toString())
                    .startsWith(day(6));
            assertSameTables(duck, once, chain);
            // the scheduled runs began at the chain's start: the windows of day 6 on, as labels may still come
            assertThat(duck.rows("select \"from\" from " + Duck.table(chain, "runs") + " where status = 'succeeded'"
                    + " order by started_at")).extracting(row -> row.get("from").toString())
                    .allSatisfy(from -> assertThat(from).startsWith(day(6)));
        }
        // begun with a reference period in the job just before it (no predictions kept: the period lies within
        // the horizon): the second run read the logs of the four days before again and wrote their windows
        Path chainRef = dir.resolve("begun-later-ref"), onceRef = dir.resolve("begun-later-ref-once");
        String[] common = {"analyze", "--config", config.toString(), "--input", allLog.toString(), "--labels",
                allLabels.toString(), "--parallelism", "2", "--output"};
        assertThat(Driftwatch.run(concat(common, chainRef.toString(), "--reference-from", day(5), "--reference-to", day(6),
                "--from", day(6), "--to", day(7)))).isZero();
        for (int d = 8; d <= 9; d++) {
            assertThat(Driftwatch.run(concat(common, chainRef.toString(), "--since-last-run", "--to", day(d)))).isZero();
        }
        assertThat(Driftwatch.run(concat(common, onceRef.toString(), "--reference-from", day(5), "--reference-to", day(6),
                "--from", day(6), "--to", day(9)))).isZero();
        try (Duck duck = new Duck()) {
            assertSameTables(duck, onceRef, chainRef);
        }
        // begun inside a window: that window stays, taken from the kept predictions as the first run took it
        Path chainCut = dir.resolve("begun-inside-a-window");
        assertThat(analyze(chainCut, allLog, allLabels, "--from", day(6) + "T06:00:00Z", "--to", day(7))).isZero();
        assertThat(analyze(chainCut, allLog, allLabels, "--since-last-run", "--to", day(8))).isZero();
        try (Duck duck = new Duck()) {
            assertThat(duck.rows("select distinct window_start from " + Duck.table(chainCut, "kpi_windows")
                    + " order by 1")).extracting(row -> row.get("window_start").toString())
                    .satisfiesExactly(w -> assertThat(w).startsWith(day(6)), w -> assertThat(w).startsWith(day(7)));
        }
    }

    /** The five tables a chain and one run over its days must hold alike (none of them empty). */
    private static void assertSameTables(Duck duck, Path one, Path chain) throws Exception {
        for (String table : List.of("kpi_windows", "kpi_anomalies", "retraining_signals", "feature_profiles",
                "feature_drift")) {
            String expected = duck.comparable(one, table);
            assertThat(expected).as(table).isNotEqualTo("[]");
            assertThat(duck.comparable(chain, table)).as(table).isEqualTo(expected);
        }
    }

    private static String prediction(String id, long ts, double score, Integer inlineLabel) {
        return "{" + (id == null ? "" : "\"prediction_id\":\"" + id + "\",") + "\"timestamp\":\"" + Instant.ofEpochMilli(ts)
                + "\",\"model\":\"churn\",\"prediction\":" + fmt(score) + ",\"features\":{\"x\":" + fmt(score * 3)
                + "}" + (inlineLabel == null ? "" : ",\"label\":" + inlineLabel) + "}";
    }

    private static String label(String id, long ts, int y) {
        return "{\"prediction_id\":\"" + id + "\",\"timestamp\":\"" + Instant.ofEpochMilli(ts) + "\",\"label\":" + y + "}";
    }

    private static void write(Path folder, List<String> lines) throws Exception {
        Files.createDirectories(folder);
        Files.write(folder.resolve("part-0.jsonl"), lines);
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void twoRunsStartedTogetherOnOneOutput_oneIsRefused() throws Exception {
        Path out = dir.resolve("together");
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return analyze(out, allLog, allLabels, "--from", day(0), "--to", day(DAYS));
                }));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : runs) codes.add(f.get());
            assertThat(codes).containsExactlyInAnyOrder(0, 1);
        } finally {
            pool.shutdown();
        }
        assertThat(out.resolve(OutputLock.FILE)).doesNotExist();
        try (Duck duck = new Duck()) {
            assertThat(duck.comparable(out, "kpi_windows")).isEqualTo(duck.comparable(whole, "kpi_windows"));
            assertThat(duck.count("select count(*) from " + Duck.table(out, "runs"))).isOne();
        }
    }

    @Test
    void aDayWithoutNewPredictionFilesIsJudgedAndItsSilenceFound() throws Exception {
        // the output after the 14 daily runs, copied; on day 15 no prediction file came (the models stopped)
        Path out = dir.resolve("silent-day");
        try (Stream<Path> files = Files.walk(incremental)) {
            for (Path f : files.toList()) {
                Path target = out.resolve(incremental.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
        assertThat(analyze(out, dir.resolve("log-now"), dir.resolve("labels-now"), "--since-last-run", "--to", day(DAYS + 1)))
                .isZero();
        try (Duck duck = new Duck()) {
            // the kept windows judged again, and the silent day flagged for both models
            assertThat(duck.count("select count(*) from " + Duck.table(out, "kpi_anomalies") + " where kpi = 'traffic'"
                    + " and anomaly and window_start = '" + day(DAYS) + "'")).isEqualTo(2);
            assertThat(duck.value("select status from " + Duck.table(out, "runs") + " order by started_at desc limit 1"))
                    .isEqualTo("succeeded");
        }
    }

    @Test
    void aCrashedRunsLockDoesNotBlockForever() throws Exception {
        Path out = dir.resolve("crashed");
        Files.createDirectories(out);
        Path lock = out.resolve(OutputLock.FILE);
        String host = java.net.InetAddress.getLocalHost().getHostName();
        long now = System.currentTimeMillis();
        // a live holder (this JVM), fresh: refused, and the lock is left to its holder
        Files.writeString(lock, lockJson("20261101T000000Z-aaaaaa", now, host, ProcessHandle.current().pid()));
        assertThat(analyze(out, allLog, allLabels, "--from", day(0), "--to", day(1))).isEqualTo(1);
        assertThat(lock).exists();
        // a holder killed on this host (its process is gone): taken over
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(lock, lockJson("20261101T000000Z-bbbbbb", now, host, gone.pid()));
        assertThat(analyze(out, allLog, allLabels, "--from", day(0), "--to", day(1))).isZero();
        assertThat(lock).doesNotExist();
        // a holder on another machine that stopped two days ago: older than the lock timeout
        Files.writeString(lock, lockJson("20261101T000000Z-cccccc", now - 2 * 86_400_000L, "elsewhere", 1));
        assertThat(analyze(out, allLog, allLabels, "--from", day(1), "--to", day(2))).isZero();
        assertThat(lock).doesNotExist();
        // a continuous stream on another machine, running for two days: still in use (streams run for weeks)
        Files.writeString(lock, lockJson("20261101T000000Z-dddddd", now - 2 * 86_400_000L, "elsewhere", 1)
                .replace("\"command\":\"analyze\"", "\"command\":\"stream\""));
        assertThat(analyze(out, allLog, allLabels, "--from", day(1), "--to", day(2))).isEqualTo(1);
        assertThat(lock).exists();
        Files.delete(lock);
    }

    @Test
    void aReferencePeriodIsProfiledAgainUntilItsLabelsCanNoLongerArrive() throws Exception {
        Path out = dir.resolve("in-job-reference");
        Path marker = out.resolve("reference/_reference.json");
        String[] period = {"--reference-from", day(0), "--reference-to", day(2)};
        List<String> base = List.of("analyze", "--config", config.toString(), "--input", allLog.toString(), "--labels",
                allLabels.toString(), "--output", out.toString(), "--parallelism", "2");
        // to day 3: labels of day 1 may arrive until day 5, so the stored reference is not final
        assertThat(Driftwatch.run(concat(base, "--from", day(2), "--to", day(3), period[0], period[1], period[2],
                period[3]))).isZero();
        assertThat(Files.readString(marker)).contains("\"labels_complete\":false");
        long firstBuilt = Files.getLastModifiedTime(marker).toMillis();
        // to day 7: past the period's end plus the horizon: profiled again, now final, then reused
        assertThat(Driftwatch.run(concat(base, "--from", day(6), "--to", day(7), period[0], period[1], period[2],
                period[3]))).isZero();
        assertThat(Files.readString(marker)).contains("\"labels_complete\":true");
        long secondBuilt = Files.getLastModifiedTime(marker).toMillis();
        assertThat(secondBuilt).isGreaterThanOrEqualTo(firstBuilt);
        assertThat(Driftwatch.run(concat(base, "--from", day(7), "--to", day(8), period[0], period[1], period[2],
                period[3]))).isZero();
        assertThat(Files.getLastModifiedTime(marker).toMillis()).isEqualTo(secondBuilt);
        // the reference KPIs are those of the period with all its labels: as the profile built once they were in
        try (Duck duck = new Duck()) {
            String q = "select model, sum(labeled_count) as n from %s where segment = '__all__' group by all order by all";
            assertThat(duck.rows(q.formatted(Duck.table(out.resolve("reference"), "kpi_windows"))))
                    .isEqualTo(duck.rows(q.formatted(Duck.table(reference, "kpi_windows"))));
        }
    }

    @Test
    void aScheduledRunWithoutReferenceOptionsKeepsTheReferenceOfTheRunItContinues() throws Exception {
        // a chain begun with a reference period in the log: daily runs with the options given again, and without
        Path given = dir.resolve("period-given");
        Path kept = dir.resolve("period-kept");
        String[] period = {"--reference-from", day(0), "--reference-to", day(2)};
        for (Path out : List.of(given, kept)) {
            List<String> base = List.of("analyze", "--config", config.toString(), "--input", allLog.toString(), "--labels",
                    allLabels.toString(), "--output", out.toString(), "--parallelism", "2");
            assertThat(Driftwatch.run(concat(concat(base, period), "--from", day(0), "--to", day(8)))).isZero();
            for (int to = 9; to <= 10; to++) {
                String[] daily = concat(base, "--since-last-run", "--to", day(to));
                assertThat(Driftwatch.run(out == given ? concat(daily, period) : daily)).as("to day %d", to).isZero();
            }
        }
        // one run over the same days with the period
        Path once = dir.resolve("period-once");
        assertThat(Driftwatch.run(concat(List.of("analyze", "--config", config.toString(), "--input", allLog.toString(),
                "--labels", allLabels.toString(), "--output", once.toString(), "--parallelism", "2", "--from", day(0),
                "--to", day(10)), period))).isZero();
        // a chain begun with a stored profile, its daily run without the option
        Path stored = dir.resolve("profile-kept");
        List<String> base = List.of("analyze", "--config", config.toString(), "--input", allLog.toString(), "--labels",
                allLabels.toString(), "--output", stored.toString(), "--parallelism", "2");
        assertThat(Driftwatch.run(concat(base, "--reference-profile", reference.toString(), "--from", day(0), "--to",
                day(8)))).isZero();
        assertThat(Driftwatch.run(concat(base, "--since-last-run", "--to", day(9)))).isZero();
        try (Duck duck = new Duck()) {
            for (String table : List.of("kpi_windows", "feature_profiles", "feature_drift", "kpi_anomalies",
                    "retraining_signals")) {
                assertThat(duck.comparable(kept, table)).as(table).isEqualTo(duck.comparable(given, table))
                        .isEqualTo(duck.comparable(once, table));
            }
            // the windows the daily runs wrote have their drift (before, they were rewritten without it)
            assertThat(duck.count("select count(distinct window_start) from " + Duck.table(kept, "feature_drift")
                    + " where window_start >= '" + day(4) + "'")).isEqualTo(6);
            // the first run, which profiled the period, kept its last horizon's predictions (the period lies
            // before them): the daily runs read their new day's files only (with the day after, which this log
            // has already: records written past midnight), not the horizon's 4 days again
            for (Path out : List.of(given, kept)) {
                assertThat(duck.rows("select records_read from " + Duck.table(out, "runs")
                        + " where status = 'succeeded' order by started_at").stream().map(m -> m.get("records_read")).toList())
                        .as("%s", out.getFileName()).isEqualTo(List.of((long) 9 * 2 * ROWS, (long) 2 * 2 * ROWS,
                                (long) 2 * 2 * ROWS));
            }
            // the stored profile: as in one run over all days with it
            String where = "window_start < '" + day(9) + "'";
            assertThat(duck.comparable(stored, "feature_drift", where))
                    .isEqualTo(duck.comparable(whole, "feature_drift", where)).isNotEqualTo("[]");
            assertThat(duck.value("select reference_profile from " + Duck.table(stored, "runs")
                    + " order by started_at desc limit 1")).isEqualTo(reference.toString());
        }
    }

    static String[] concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static String lockJson(String runId, long startedAt, String host, long pid) {
        return "{\"run_id\":\"" + runId + "\",\"command\":\"analyze\",\"started_at\":" + startedAt + ",\"host\":\"" + host
                + "\",\"pid\":" + pid + "}";
    }

    // ---- the data

    static void copyDay(Path from, Path to, int day) throws Exception {
        Path src = from.resolve("date=" + day(day));
        if (!Files.exists(src)) return;
        Path dst = to.resolve("date=" + day(day));
        Files.createDirectories(dst);
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.toList()) Files.copy(f, dst.resolve(f.getFileName()));
        }
    }

    /** Two models; churn's accuracy drops from day 9, eta has an error burst on day 6. */
    static void write() throws Exception {
        Random rnd = new Random(1111);
        Map<Integer, List<String>> labelsByArrival = new HashMap<>();
        long id = 0;
        for (int d = 0; d < DAYS; d++) {
            Path file = allLog.resolve("date=" + day(d)).resolve("part-0.jsonl");
            Files.createDirectories(file.getParent());
            long start = Instant.parse(day(d) + "T00:00:00Z").toEpochMilli();
            try (BufferedWriter w = Files.newBufferedWriter(file)) {
                for (int i = 0; i < ROWS; i++) {
                    for (String model : List.of("churn", "eta")) {
                        long ts = start + (long) i * 86_400_000L / ROWS + rnd.nextInt(1000);
                        String pid = "p" + (id++);
                        boolean error = rnd.nextDouble() < (model.equals("eta") && d == 6 ? 0.1 : 0.01);
                        double x = rnd.nextGaussian();
                        StringBuilder r = new StringBuilder("{\"prediction_id\":\"").append(pid).append("\",\"timestamp\":\"")
                                .append(Instant.ofEpochMilli(ts)).append("\",\"model\":\"").append(model)
                                .append("\",\"latency_ms\":").append(fmt(30 * Math.exp(0.2 * rnd.nextGaussian())))
                                .append(",\"status\":\"").append(error ? "error" : "ok").append("\",\"features\":{\"x\":")
                                .append(fmt(x)).append(",\"c\":\"").append(rnd.nextBoolean() ? "a" : "b").append("\"}");
                        String label;
                        if (model.equals("churn")) {
                            double p = 1 / (1 + Math.exp(-3 * x));
                            boolean y = rnd.nextDouble() < p;
                            if (d >= 9 && rnd.nextDouble() < 0.5) y = !y; // the concept changes
                            if (!error) r.append(",\"prediction\":").append(fmt(p));
                            label = y ? "1" : "0";
                        } else {
                            if (!error) r.append(",\"prediction\":").append(fmt(10 + 2 * x));
                            label = fmt(10 + 2 * x + rnd.nextGaussian());
                        }
                        w.write(r.append("}\n").toString());
                        int arrival = d + rnd.nextInt(HORIZON_DAYS + 1); // 0 to 4 days late
                        if (arrival < DAYS) {
                            labelsByArrival.computeIfAbsent(arrival, k -> new ArrayList<>()).add("{\"prediction_id\":\"" + pid
                                    + "\",\"timestamp\":\"" + Instant.ofEpochMilli(ts + (arrival - d) * 86_400_000L)
                                    + "\",\"label\":" + label + "}");
                        }
                    }
                }
            }
        }
        for (Map.Entry<Integer, List<String>> e : labelsByArrival.entrySet()) {
            Path file = allLabels.resolve("date=" + day(e.getKey())).resolve("labels.jsonl");
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
            labelsFiledOn.put(e.getKey(), (long) e.getValue().size());
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
