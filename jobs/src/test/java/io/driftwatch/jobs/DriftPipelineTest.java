package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.jobs.cli.Driftwatch;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift end to end at parallelism 2: a reference day and 7 daily windows of 20,000 predictions
 * with 10 stable features (numeric of several shapes, categorical, boolean) and 2 features that
 * drift from the 4th window on. {@code profile} writes the reference; {@code analyze} compares each
 * window with it. The drifted features must be flagged exactly from their window on, no stable
 * feature in any window; PSI and profiles are checked against DuckDB computing them from the raw
 * log; a weekly roll-up of the daily profiles equals a direct weekly analysis.
 */
class DriftPipelineTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    static final int ROWS_PER_DAY = 20_000;
    static final int DRIFT_FROM_WINDOW = 3; // 0-based: 2026-11-04
    static final List<String> STABLE = List.of("s_normal", "s_lognormal", "s_uniform", "s_poisson", "s_bimodal",
            "s_sparse", "s_rounded", "s_country", "s_device", "s_flag");

    @TempDir
    static Path dir;
    static Path log;
    static Path reference;
    static Path out;

    @BeforeAll
    static void run() throws Exception {
        log = dir.resolve("log.jsonl");
        write(log);
        reference = dir.resolve("reference");
        out = dir.resolve("out");
        assertThat(Driftwatch.run("profile", "--input", log.toString(), "--from", "2026-10-31", "--to", "2026-11-01",
                "--output", reference.toString(), "--parallelism", "2")).isZero();
        assertThat(Driftwatch.run("analyze", "--input", log.toString(), "--from", "2026-11-01", "--to", "2026-11-08",
                "--reference-profile", reference.toString(), "--output", out.toString(), "--parallelism", "2")).isZero();
    }

    /** One reference day (2026-10-31) and 7 analyzed days. */
    static void write(Path file) throws Exception {
        Random rnd = new Random(2026);
        String[] countries = {"DE", "FR", "US", "BR", "IN"};
        double[] countryWeights = {0.3, 0.25, 0.2, 0.15, 0.1};
        long day0 = Instant.parse("2026-10-31T00:00:00Z").toEpochMilli();
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int day = 0; day < 8; day++) {
                boolean drift = day - 1 >= DRIFT_FROM_WINDOW;
                for (int i = 0; i < ROWS_PER_DAY; i++) {
                    long ts = day0 + day * 86_400_000L + (long) i * 86_400_000L / ROWS_PER_DAY;
                    double normal = rnd.nextGaussian();
                    StringBuilder f = new StringBuilder();
                    f.append("\"s_normal\":").append(fmt(10 + 2 * normal));
                    f.append(",\"s_lognormal\":").append(fmt(Math.exp(1 + 0.8 * rnd.nextGaussian())));
                    f.append(",\"s_uniform\":").append(fmt(rnd.nextDouble() * 100));
                    f.append(",\"s_poisson\":").append(poisson(rnd, 3));
                    f.append(",\"s_bimodal\":").append(fmt(rnd.nextBoolean() ? rnd.nextGaussian() - 3 : rnd.nextGaussian() + 3));
                    f.append(",\"s_sparse\":").append(rnd.nextDouble() < 0.3 ? "null" : fmt(rnd.nextGaussian()));
                    f.append(",\"s_rounded\":").append(Math.round(rnd.nextGaussian() * 50));
                    f.append(",\"s_country\":\"").append(countries[pick(rnd, countryWeights)]).append('"');
                    f.append(",\"s_device\":\"").append(rnd.nextDouble() < 0.6 ? "mobile" : "desktop").append('"');
                    f.append(",\"s_flag\":").append(rnd.nextDouble() < 0.1);
                    // drifting: the mean moves by half a standard deviation; a new category takes 30 %
                    f.append(",\"d_amount\":").append(fmt(50 + 10 * rnd.nextGaussian() + (drift ? 5 : 0)));
                    String channel = drift && rnd.nextDouble() < 0.3 ? "partner" : rnd.nextBoolean() ? "web" : "app";
                    f.append(",\"d_channel\":\"").append(channel).append('"');
                    double score = 1 / (1 + Math.exp(-(normal + rnd.nextGaussian())));
                    w.write("{\"prediction_id\":\"p" + day + "-" + i + "\",\"timestamp\":" + ts
                            + ",\"model\":\"m\",\"model_version\":\"v1\",\"features\":{" + f + "},\"prediction\":"
                            + fmt(score) + ",\"label\":" + (rnd.nextDouble() < score ? 1 : 0) + "}\n");
                }
            }
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.5f", v);
    }

    private static int poisson(Random rnd, double lambda) {
        double l = Math.exp(-lambda), p = 1;
        int k = 0;
        do {
            k++;
            p *= rnd.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private static int pick(Random rnd, double[] weights) {
        double u = rnd.nextDouble();
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) return i;
        }
        return weights.length - 1;
    }

    @Test
    void driftedFeaturesAreFlaggedFromTheirWindowOnAndStableOnesNever() throws Exception {
        try (Duck duck = new Duck()) {
            List<Map<String, Object>> rows = duck.rows("select feature, kind, method, drifted, note, "
                    + "cast(date_diff('day', timestamp '2026-11-01', cast(window_start as timestamp)) as int) as w "
                    + "from " + Duck.table(out, "feature_drift") + " where segment = '__all__' order by feature, w");
            // 12 features, the multivariate row, prediction and label in 7 windows
            assertThat(rows).hasSize(7 * 15);
            for (Map<String, Object> r : rows) {
                String feature = (String) r.get("feature");
                int w = (Integer) r.get("w");
                if (feature.equals("__multivariate__")) {
                    // the stable windows' joint distribution holds too (after, one shifted feature of eight may
                    // or may not move the reconstruction error beyond its noise: not asserted)
                    assertThat(r.get("method")).isEqualTo("pca_reconstruction");
                    if (w < DRIFT_FROM_WINDOW) assertThat(r.get("drifted")).as("multivariate window %d", w).isEqualTo(false);
                    continue;
                }
                assertThat(r.get("note")).as("%s window %d", feature, w).isNull();
                boolean expected = feature.startsWith("d_") && w >= DRIFT_FROM_WINDOW;
                assertThat(r.get("drifted")).as("%s window %d (%s)", feature, w, r.get("method")).isEqualTo(expected);
            }
            // 20,000 rows against 20,000: the auto methods of contract §6
            assertThat(duck.rows("select distinct feature, method from " + Duck.table(out, "feature_drift")
                    + " where feature in ('s_normal', 's_country', 's_flag', 's_poisson')"))
                    .extracting(r -> r.get("feature") + "=" + r.get("method"))
                    .containsExactlyInAnyOrder("s_normal=wasserstein_norm", "s_country=jensen_shannon",
                            "s_flag=jensen_shannon", "s_poisson=wasserstein_norm");
        }
    }

    @Test
    void psiIsWithinSpecToleranceOfDuckDbOnTheRawLog() throws Exception {
        // PSI from the raw values: 10 bins with edges at the reference's quantiles (quantile_disc),
        // a value's bin = the number of edges below it; proportions floored at 1e-4
        try (Duck duck = new Duck()) {
            for (String feature : List.of("s_normal", "s_lognormal", "s_uniform", "s_bimodal", "d_amount")) {
                String values = """
                        (select cast(json_extract(features, '$.%s') as double) as x,
                                cast(epoch_ms(timestamp) as timestamp) as ts
                         from read_json('%s', format = 'newline_delimited',
                                        columns = {timestamp: 'BIGINT', features: 'JSON'}))
                        """.formatted(feature, log);
                String sql = """
                        with v as %s,
                        e as (select quantile_disc(x, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) as edges
                              from v where ts < timestamp '2026-11-01'),
                        b as (select date_trunc('day', ts) as d, ts < timestamp '2026-11-01' as is_ref,
                                     len(list_filter(list_distinct(edges), q -> q < x)) as bin
                              from v, e where x is not null),
                        ref as (select bin, count(*) / sum(count(*)) over () as p from b where is_ref group by bin),
                        cur as (select d, bin, count(*) / sum(count(*)) over (partition by d) as q
                                from b where not is_ref group by d, bin)
                        select cur.d as d, sum((greatest(q, 1e-4) - greatest(coalesce(p, 0), 1e-4))
                                   * ln(greatest(q, 1e-4) / greatest(coalesce(p, 0), 1e-4))) as psi
                        from cur left join ref using (bin) group by cur.d order by cur.d
                        """.formatted(values);
                List<Map<String, Object>> expected = duck.rows(sql);
                List<Map<String, Object>> ours = duck.rows("select psi from " + Duck.table(out, "feature_drift")
                        + " where feature = '" + feature + "' and segment = '__all__' order by window_start");
                assertThat(ours).hasSize(7);
                for (int i = 0; i < 7; i++) {
                    double want = ((Number) expected.get(i).get("psi")).doubleValue();
                    double got = ((Number) ours.get(i).get("psi")).doubleValue();
                    assertThat(got).as("%s window %d", feature, i).isCloseTo(want, within(0.01 + 0.02 * want));
                }
            }
        }
    }

    @Test
    void profilesMatchTheRawLog() throws Exception {
        try (Duck duck = new Duck()) {
            Map<String, Object> ours = duck.rows("select count, missing_count, mean, std, min, max, quantiles, rows "
                    + "from " + Duck.table(out, "feature_profiles") + " where feature = 's_sparse' "
                    + "and window_start = timestamp '2026-11-02'").get(0);
            String raw = "(select cast(json_extract(features, '$.s_sparse') as double) as x from read_json('" + log
                    + "', format = 'newline_delimited', columns = {timestamp: 'BIGINT', features: 'JSON'}) "
                    + "where timestamp >= epoch_ms(timestamp '2026-11-02') and timestamp < epoch_ms(timestamp '2026-11-03'))";
            Map<String, Object> exact = duck.rows("select count(x) as n, count(*) - count(x) as missing, avg(x) as mean, "
                    + "stddev_pop(x) as std, min(x) as min, max(x) as max from " + raw).get(0);
            assertThat(ours.get("count")).isEqualTo(exact.get("n"));
            assertThat(ours.get("missing_count")).isEqualTo(exact.get("missing"));
            assertThat(ours.get("rows")).isEqualTo((long) ROWS_PER_DAY);
            assertThat((Double) ours.get("mean")).isCloseTo((Double) exact.get("mean"), within(1e-12));
            assertThat((Double) ours.get("std")).isCloseTo((Double) exact.get("std"), within(1e-9));
            assertThat(ours.get("min")).isEqualTo(exact.get("min"));
            assertThat(ours.get("max")).isEqualTo(exact.get("max"));
            // each decile within 1 % rank of the raw values
            Object[] q = (Object[]) ((java.sql.Array) ours.get("quantiles")).getArray();
            assertThat(q).hasSize(11);
            for (int i = 1; i < 10; i++) {
                double rank = ((Number) duck.value("select avg((x <= " + q[i] + ")::int) from " + raw
                        + " where x is not null")).doubleValue();
                assertThat(rank).as("decile %d", i).isCloseTo(i / 10.0, within(0.01));
            }
            // categorical: top values with exact counts
            List<Map<String, Object>> top = duck.rows("select t.value as value, t.count as count from (select unnest(top_values) as t from "
                    + Duck.table(out, "feature_profiles") + " where feature = 's_country' and segment = '__all__' "
                    + "and window_start = timestamp '2026-11-02') order by count desc");
            List<Map<String, Object>> topExact = duck.rows("select json_extract_string(features, '$.s_country') as value, "
                    + "count(*) as count from read_json('" + log + "', format = 'newline_delimited', columns = "
                    + "{timestamp: 'BIGINT', features: 'JSON'}) where timestamp >= epoch_ms(timestamp '2026-11-02') "
                    + "and timestamp < epoch_ms(timestamp '2026-11-03') group by 1 order by 2 desc");
            assertThat(top).isEqualTo(topExact);
        }
    }

    @Test
    void aReferencePeriodIsProfiledOnceAndGivesTheSameDriftAsTheStoredProfile() throws Exception {
        Path fromPeriod = dir.resolve("from-period");
        String[] args = {"analyze", "--input", log.toString(), "--from", "2026-11-03", "--to", "2026-11-05",
                "--reference-from", "2026-10-31", "--reference-to", "2026-11-01", "--output", fromPeriod.toString(),
                "--parallelism", "2"};
        assertThat(Driftwatch.run(args)).isZero();
        assertThat(Driftwatch.run(args)).isZero(); // the second run reuses <output>/reference
        assertThat(fromPeriod.resolve("reference/_reference.json")).exists();
        try (Duck duck = new Duck()) {
            // one job per run, each reading the log once: no separate profile job (its runs row would be in
            // <output>/reference/runs), and each analyze run read every line of the log exactly once
            assertThat(fromPeriod.resolve("reference/runs")).doesNotExist();
            long lines;
            try (var l = Files.lines(log)) {
                lines = l.count();
            }
            assertThat(duck.rows("select records_read, reference from " + Duck.table(fromPeriod, "runs")
                    + " where command = 'analyze' order by started_at")).extracting(r -> r.get("records_read"))
                    .containsExactly(lines, lines);
            assertThat((String) duck.value("select reference from " + Duck.table(fromPeriod, "runs") + " order by started_at"))
                    .startsWith("period [2026-10-31, 2026-11-01) profiled in this run");
            // the reference written by the job equals the one a separate profile run writes
            Path separate = dir.resolve("separate-reference");
            assertThat(Driftwatch.run("profile", "--input", log.toString(), "--from", "2026-10-31", "--to", "2026-11-01",
                    "--output", separate.toString(), "--parallelism", "2")).isZero();
            String profiles = "select * exclude (quantiles, top_values, sketch), cast(quantiles as varchar) as q,"
                    + " cast(top_values as varchar) as top, hex(sketch) as sketch from %s order by all";
            assertThat(duck.rows(profiles.formatted(Duck.table(fromPeriod.resolve("reference"), "feature_profiles"))))
                    .hasSize(15).isEqualTo(duck.rows(profiles.formatted(Duck.table(separate, "feature_profiles"))));
            String cols = "feature, window_start, method, statistic, psi, ks_statistic, wasserstein_norm, drifted";
            List<Map<String, Object>> viaPeriod = duck.rows("select " + cols + " from "
                    + Duck.table(fromPeriod, "feature_drift") + " order by all");
            List<Map<String, Object>> viaProfile = duck.rows("select " + cols + " from " + Duck.table(out, "feature_drift")
                    + " where window_start >= timestamp '2026-11-03' and window_start < timestamp '2026-11-05' order by all");
            assertThat(viaPeriod).hasSize(2 * 15).isEqualTo(viaProfile);
        }
        // a reference that does not exist is a usage error naming the option
        assertThat(Driftwatch.run("analyze", "--input", log.toString(), "--reference-profile",
                dir.resolve("nowhere").toString(), "--output", dir.resolve("x").toString())).isEqualTo(2);
    }

    @Test
    void weeklyRollUpOfDailyProfilesEqualsAWeeklyAnalysis() throws Exception {
        assertThat(Driftwatch.run("rollup", "--output", out.toString(), "--window", "7d", "--reference-profile",
                reference.toString())).isZero();
        Path weekly = dir.resolve("weekly");
        // against the same reference as the roll-up, so both set the estimates without labels from it
        assertThat(Driftwatch.run("analyze", "--input", log.toString(), "--from", "2026-11-01", "--to", "2026-11-08",
                "--window", "7d", "--reference-profile", reference.toString(), "--output", weekly.toString(),
                "--parallelism", "2")).isZero();
        try (Duck duck = new Duck()) {
            String cols = "model, model_version, segment, window_start, window_end, feature, kind, rows, count, "
                    + "missing_count, mean, std, min, max, cast(quantiles as varchar) as q, distinct_estimate, "
                    + "cast(top_values as varchar) as top, hex(sketch) as sketch";
            List<Map<String, Object>> rolled = duck.rows("select " + cols + " from read_parquet('" + out
                    + "/rollup/7d/feature_profiles/**/*.parquet', hive_partitioning = false) order by all");
            List<Map<String, Object>> direct = duck.rows("select " + cols + " from "
                    + Duck.table(weekly, "feature_profiles") + " order by all");
            assertThat(rolled).hasSize(direct.size()).isNotEmpty();
            assertThat(rolled).isEqualTo(direct);
            // KPI windows from their stored states: every column, the state byte for byte
            String kpis = "select * exclude (kpi_state), hex(kpi_state) as s from %s order by all";
            List<Map<String, Object>> rolledKpis = duck.rows(kpis.formatted("read_parquet('" + out
                    + "/rollup/7d/kpi_windows/**/*.parquet', hive_partitioning = false)"));
            assertThat(rolledKpis).hasSizeGreaterThan(1);
            assertThat(rolledKpis.toString()).isEqualTo(duck.rows(kpis.formatted(Duck.table(weekly, "kpi_windows"))).toString());
            // and the coarse windows (ISO weeks) judged against the reference: the week with the drift
            // from 11-04 investigates its two drifted features, the one-day week before it is OK
            assertThat(duck.rows("select strftime(window_start, '%Y-%m-%d') as w, decision,"
                    + " coalesce(array_to_string(list_sort(drifted_features), ','), '') as f from read_parquet('" + out
                    + "/rollup/7d/retraining_signals/**/*.parquet') order by 1").toString())
                    .isEqualTo("[{w=2026-10-26, decision=OK, f=}, {w=2026-11-02, decision=INVESTIGATE, f=d_amount,d_channel}]");
        }
    }
}
