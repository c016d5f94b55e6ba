package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.jobs.cli.Driftwatch;
import io.driftwatch.jobs.commit.OutputLock;
import io.driftwatch.jobs.generate.SyntheticLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Window edges (docs/guide/output.md "Windows"): a range that starts or ends inside a window writes that window as
 * a partial one that replaces its earlier rows — re-runs and overlapping runs never leave two copies;
 * partial windows say what they cover and divide throughput by it; roll-ups carry partial windows
 * through as partial; ISO weeks and calendar months land on their literal edges.
 */
class WindowEdgesTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    static final String[] TABLES = {"kpi_windows", "feature_profiles", "feature_drift"};

    @TempDir
    static Path dir;
    static Path input;
    static Path reference;

    @BeforeAll
    static void log() throws Exception {
        input = dir.resolve("g.jsonl");
        SyntheticLog.write(new SyntheticLog.Spec(6_000, 5, 2, 3, 4, LocalDate.parse("2026-11-01"), -1, -1, -1, 0, 0.6, 0),
                input, null);
        reference = dir.resolve("reference");
        assertThat(Driftwatch.run("profile", "--input", input.toString(), "--from", "2026-11-01", "--to", "2026-11-02",
                "--output", reference.toString())).isEqualTo(0);
    }

    private static int analyze(Path out, String from, String to, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("analyze", "--input", input.toString(), "--output", out.toString(),
                "--reference-profile", reference.toString(), "--parallelism", "2"));
        if (from != null) args.addAll(List.of("--from", from));
        if (to != null) args.addAll(List.of("--to", to));
        args.addAll(List.of(more));
        return Driftwatch.run(args.toArray(String[]::new));
    }

    private static void assertNoDuplicates(Duck duck, Path out) throws Exception {
        for (String t : TABLES) {
            String keys = t.equals("kpi_windows") ? "model, model_version, segment, window_start"
                    : "model, model_version, segment, window_start, kind, feature";
            assertThat(duck.count("select count(*) from (select " + keys + ", count(*) as n from " + Duck.table(out, t)
                    + " group by all having n > 1)")).as(t).isZero();
        }
    }

    @Test
    void unalignedReRunsAndOverlappingRangesLeaveOneCopyOfEachWindow() throws Exception {
        Path out = dir.resolve("edges");
        assertThat(analyze(out, "2026-11-01T06:00:00Z", "2026-11-03")).isEqualTo(0);
        try (Duck duck = new Duck()) {
            long first = duck.count("select sum(prediction_count) from " + Duck.table(out, "kpi_windows") + " where segment = '__all__'");
            // the same run again: identical table, no second copy of the cut window
            assertThat(analyze(out, "2026-11-01T06:00:00Z", "2026-11-03")).isEqualTo(0);
            assertNoDuplicates(duck, out);
            assertThat(duck.count("select sum(prediction_count) from " + Duck.table(out, "kpi_windows") + " where segment = '__all__'"))
                    .isEqualTo(first);
            // the records of [06:00, 2026-11-03) as DuckDB counts them in the log
            assertThat(first).isEqualTo(duck.count("select count(*) from read_json_auto('" + input + "') where"
                    + " timestamp >= '2026-11-01T06:00:00Z' and timestamp < '2026-11-03T00:00:00Z'"));

            // an overlapping range that starts inside 11-02 and ends inside 11-04
            assertThat(analyze(out, "2026-11-02T12:00:00Z", "2026-11-04T18:00:00Z")).isEqualTo(0);
            assertNoDuplicates(duck, out);
            List<Map<String, Object>> windows = duck.rows("select window_start, coverage_start, coverage_end, complete,"
                    + " prediction_count, throughput_per_s from " + Duck.table(out, "kpi_windows")
                    + " where segment = '__all__' and model = 'fraud_detector' order by window_start");
            assertThat(windows).extracting(r -> instant(r.get("window_start")))
                    .containsExactly("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z");
            // 11-01 from the first run (from 06:00), 11-02 replaced by the second run (from 12:00), 11-04 up to 18:00
            assertThat(windows).extracting(r -> instant(r.get("coverage_start")) + "/" + instant(r.get("coverage_end")) + "/" + r.get("complete"))
                    .containsExactly("2026-11-01T06:00:00Z/2026-11-02T00:00:00Z/false", "2026-11-02T12:00:00Z/2026-11-03T00:00:00Z/false",
                            "2026-11-03T00:00:00Z/2026-11-04T00:00:00Z/true", "2026-11-04T00:00:00Z/2026-11-04T18:00:00Z/false");
            long[] coveredSeconds = {18 * 3600, 12 * 3600, 24 * 3600, 18 * 3600};
            for (int i = 0; i < windows.size(); i++) {
                assertThat((Double) windows.get(i).get("throughput_per_s")).as("window %d", i)
                        .isCloseTo((Long) windows.get(i).get("prediction_count") / (double) coveredSeconds[i], within(1e-12));
            }
            long secondDay = duck.count("select count(*) from read_json_auto('" + input + "') where model = 'fraud_detector'"
                    + " and timestamp >= '2026-11-02T12:00:00Z' and timestamp < '2026-11-03T00:00:00Z'");
            assertThat(windows.get(1).get("prediction_count")).isEqualTo(secondDay);
            // profiles and drift carry the same coverage
            assertThat(duck.count("select count(*) from " + Duck.table(out, "feature_drift") + " where not complete"
                    + " and coverage_start = '2026-11-02T12:00:00Z'")).isPositive();
            assertThat(duck.count("select count(*) from " + Duck.table(out, "feature_profiles")
                    + " where complete <> (coverage_start = window_start and coverage_end = window_end)")).isZero();
        }

        // a roll-up carries partial windows through as partial, and never counts a value twice
        assertThat(Driftwatch.run("rollup", "--output", out.toString(), "--window", "1w")).isEqualTo(0);
        try (Duck duck = new Duck()) {
            Path rolled = out.resolve("rollup/1w");
            List<Map<String, Object>> weeks = duck.rows("select distinct window_start, window_end, coverage_start, coverage_end, complete, rows"
                    + " from " + Duck.table(rolled, "feature_profiles") + " where model = 'fraud_detector' and segment = '__all__'"
                    + " order by window_start");
            // 2026-11-01 is a Sunday: its ISO week starts on Monday 2026-10-26; 11-02..11-04 are in the next week
            // (per version: the generator's v1 serves until 11-03, v2 from 11-04, so each covers part of that week)
            assertThat(weeks).extracting(r -> instant(r.get("window_start")) + "/" + instant(r.get("coverage_start")) + "/"
                    + instant(r.get("coverage_end")) + "/" + r.get("complete"))
                    .containsExactlyInAnyOrder("2026-10-26T00:00:00Z/2026-11-01T06:00:00Z/2026-11-02T00:00:00Z/false",
                            "2026-11-02T00:00:00Z/2026-11-02T12:00:00Z/2026-11-04T00:00:00Z/false",
                            "2026-11-02T00:00:00Z/2026-11-04T00:00:00Z/2026-11-04T18:00:00Z/false");
            assertThat(duck.count("select count(*) from " + Duck.table(rolled, "feature_profiles") + " where missing_count < 0 or count > rows"))
                    .isZero();
            assertThat(duck.count("select sum(rows) from " + Duck.table(rolled, "feature_profiles")
                    + " where model = 'fraud_detector' and segment = '__all__' and feature = 'prediction'"))
                    .isEqualTo(duck.count("select sum(prediction_count) from " + Duck.table(out, "kpi_windows")
                            + " where model = 'fraud_detector' and segment = '__all__'"));
        }
    }

    /**
     * Rollup on the config's offset grid, under the output's lock, switched in through a journal
     * (issue 21): days from 06:00 roll up into weeks from Monday 06:00; without the offset the weeks
     * would cut those days (an error naming --window); a held lock refuses it; a second rollup
     * replaces the first, leaving no journal, staging folder or lock behind.
     */
    @Test
    void offsetWindowsRollUpUnderTheLock() throws Exception {
        Path out = dir.resolve("offset");
        Path config = dir.resolve("offset.yaml");
        Files.writeString(config, "window: 1d\nwindow_offset: 6h\n");
        assertThat(analyze(out, null, null, "--config", config.toString())).isEqualTo(0);
        assertThat(Driftwatch.run("rollup", "--output", out.toString(), "--window", "1w")).isEqualTo(2);

        var flinkOut = new org.apache.flink.core.fs.Path(out.toUri());
        String other = "20261101T000000Z-other";
        OutputLock.acquire(flinkOut, other, "analyze", System.currentTimeMillis(), java.time.Duration.ofHours(1));
        try {
            assertThat(Driftwatch.run("rollup", "--output", out.toString(), "--window", "1w", "--config", config.toString()))
                    .isEqualTo(1);
        } finally {
            OutputLock.release(flinkOut, other);
        }
        assertThat(out.resolve("rollup")).doesNotExist();

        for (int run = 0; run < 2; run++) {
            assertThat(Driftwatch.run("rollup", "--output", out.toString(), "--window", "1w", "--config", config.toString()))
                    .isEqualTo(0);
            try (Duck duck = new Duck()) {
                Path rolled = out.resolve("rollup/1w");
                // the log's 2026-11-01..05 as days from 06:00 (10-31T06:00 .. 11-05T06:00): two weeks
                assertThat(duck.rows("select distinct window_start, window_end from " + Duck.table(rolled, "kpi_windows")
                        + " order by 1")).extracting(r -> instant(r.get("window_start")) + "/" + instant(r.get("window_end")))
                        .containsExactly("2026-10-26T06:00:00Z/2026-11-02T06:00:00Z", "2026-11-02T06:00:00Z/2026-11-09T06:00:00Z");
                assertThat(duck.count("select sum(prediction_count) from " + Duck.table(rolled, "kpi_windows")
                        + " where segment = '__all__'")).isEqualTo(duck.count("select sum(prediction_count) from "
                        + Duck.table(out, "kpi_windows") + " where segment = '__all__'"));
                assertThat(duck.count("select count(*) from (select model, model_version, segment, window_start, kind,"
                        + " feature, count(*) n from " + Duck.table(rolled, "feature_profiles") + " group by all having n > 1)"))
                        .isZero();
            }
            assertThat(out.resolve("_journal")).doesNotExist();
            assertThat(out.resolve(".staging")).doesNotExist();
            assertThat(out.resolve("_lock")).doesNotExist();
        }
    }

    @Test
    void isoWeeksAndCalendarMonths() throws Exception {
        Path weekly = dir.resolve("weekly");
        assertThat(analyze(weekly, null, null, "--window", "1w")).isEqualTo(0);
        Path monthly = dir.resolve("monthly");
        assertThat(analyze(monthly, null, null, "--window", "1mo")).isEqualTo(0);
        try (Duck duck = new Duck()) {
            // 2026-11-01 (Sunday) .. 11-05: the weeks of Monday 2026-10-26 and Monday 2026-11-02
            assertThat(duck.rows("select distinct window_start, window_end from " + Duck.table(weekly, "kpi_windows") + " order by 1"))
                    .extracting(r -> instant(r.get("window_start")) + "/" + instant(r.get("window_end")))
                    .containsExactly("2026-10-26T00:00:00Z/2026-11-02T00:00:00Z", "2026-11-02T00:00:00Z/2026-11-09T00:00:00Z");
            assertThat(duck.rows("select distinct window_start, window_end, complete from " + Duck.table(monthly, "kpi_windows")))
                    .extracting(r -> instant(r.get("window_start")) + "/" + instant(r.get("window_end")) + "/" + r.get("complete"))
                    .containsExactly("2026-11-01T00:00:00Z/2026-12-01T00:00:00Z/true");
            // November has 30 days: throughput over 2,592,000 s
            Map<String, Object> m = duck.rows("select prediction_count, throughput_per_s from " + Duck.table(monthly, "kpi_windows")
                    + " where model = 'fraud_detector' and segment = '__all__'").get(0);
            assertThat((Double) m.get("throughput_per_s")).isCloseTo((Long) m.get("prediction_count") / 2_592_000.0, within(1e-12));
        }
    }

    private static String instant(Object timestamp) {
        return ((OffsetDateTime) timestamp).toInstant().toString();
    }
}
