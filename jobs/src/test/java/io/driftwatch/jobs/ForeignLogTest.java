package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.jobs.cli.Driftwatch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code analyze} on a log in a foreign schema, with the config a user writes from docs/guide/input.md
 * ("Input": a log in your own schema): a made-up weather service's nested names, HTTP statuses (failed
 * requests carry no output), local times with a space in Europe/Oslo across a DST change, resource
 * figures under {@code host_stats}, a CSV label file with its own column names, an id and a huge
 * free-text value among the inputs. The log and the expected KPIs come from
 * {@code jobs/src/test/python/foreign_log.py} (numpy), pasted below.
 */
class ForeignLogTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    /** The input guide's example config for such a log. */
    static final String CONFIG = """
            window: 1d
            columns:
              prediction_id: req.id
              timestamp: req.received
              model: svc.name
              model_version: svc.build
              prediction: out.value
              latency_ms: took_ms
              status: http_status
              features: inputs
              resources: {cpu_pct: host_stats.cpu, memory_mb: host_stats.rss_mb}
            label_columns: {prediction_id: id, timestamp: ts, label: outcome}
            input: {timezone: Europe/Oslo}
            status: {success: [2xx]}
            features: {exclude: [station_id]}
            models:
              rain_tomorrow: {task: binary_classification, positive_label: rain}
              temp_next_day: {task: regression}
            """;

    /**
     * From foreign_log.py: model, version, UTC day, prediction_count, error_count, latency_ms_mean,
     * labeled_count, cpu_pct_max, memory_mb_mean, then accuracy, roc_auc, log_loss (binary) or mae,
     * rmse (regression).
     */
    static final Object[][] EXPECTED = {
        {"rain_tomorrow", "v3", "2014-10-23", 13, 1, 18.871538461538456, 11, 94.8, 772.6923076923077, 0.5454545454545454, 0.9444444444444444, 0.7303197138934743},
        {"rain_tomorrow", "v3", "2014-10-24", 157, 16, 16.369745222929936, 110, 94.5, 751.5668789808917, 0.8181818181818182, 0.9404117009750813, 0.33333159005317486},
        {"rain_tomorrow", "v3", "2014-10-25", 173, 19, 15.146936416184966, 129, 94.8, 746.335260115607, 0.8372093023255814, 0.936085390946502, 0.3331604839458078},
        {"rain_tomorrow", "v3", "2014-10-26", 150, 13, 15.660199999999998, 106, 94.7, 736.9, 0.8490566037735849, 0.9242424242424242, 0.35812697178142994},
        {"rain_tomorrow", "v3", "2014-10-27", 147, 10, 15.635374149659862, 117, 94.5, 760.6870748299319, 0.8547008547008547, 0.9378086419753087, 0.3141920341607606},
        {"rain_tomorrow", "v4", "2014-10-23", 3, 0, 14.576666666666666, 1, 69.7, 724.0, 1.0, Double.NaN, 0.1269246935736668},
        {"rain_tomorrow", "v4", "2014-10-24", 41, 1, 16.516341463414633, 36, 92.2, 737.7560975609756, 0.8333333333333334, 0.9415584415584416, 0.36255846864169716},
        {"rain_tomorrow", "v4", "2014-10-25", 52, 4, 20.090769230769233, 42, 93.4, 752.3653846153846, 0.8333333333333334, 0.9740740740740741, 0.32500058573148605},
        {"rain_tomorrow", "v4", "2014-10-26", 42, 5, 16.8952380952381, 27, 94.5, 751.9285714285714, 0.8888888888888888, 0.9176470588235294, 0.3881741877023206},
        {"rain_tomorrow", "v4", "2014-10-27", 22, 2, 18.210454545454546, 14, 89.3, 765.7272727272727, 0.8571428571428571, 1.0, 0.2175764921224266},
        {"temp_next_day", "v3", "2014-10-23", 12, 2, 11.368333333333334, 9, 94.8, 754.9166666666666, 1.71, 2.2767984344493715, Double.NaN},
        {"temp_next_day", "v3", "2014-10-24", 153, 13, 15.643921568627452, 107, 94.4, 744.1699346405229, 1.6997196261682244, 2.1450235822070347, Double.NaN},
        {"temp_next_day", "v3", "2014-10-25", 182, 20, 16.551318681318683, 130, 94.7, 734.9725274725274, 2.003538461538462, 2.4975745157128872, Double.NaN},
        {"temp_next_day", "v3", "2014-10-26", 145, 18, 16.952413793103446, 100, 93.4, 745.4137931034483, 1.8989000000000003, 2.4777463550573535, Double.NaN},
        {"temp_next_day", "v3", "2014-10-27", 148, 14, 13.288716216216216, 104, 94.8, 743.9527027027027, 1.9732692307692308, 2.4839941471502955, Double.NaN},
        {"temp_next_day", "v4", "2014-10-23", 5, 0, 24.026, 5, 68.8, 661.2, 2.1380000000000003, 2.6143106165870957, Double.NaN},
        {"temp_next_day", "v4", "2014-10-24", 36, 1, 14.200000000000001, 31, 93.2, 750.8055555555555, 1.6641935483870969, 1.9240271944962968, Double.NaN},
        {"temp_next_day", "v4", "2014-10-25", 42, 3, 16.461904761904762, 28, 94.7, 728.9047619047619, 2.3114285714285714, 2.8470837209828788, Double.NaN},
        {"temp_next_day", "v4", "2014-10-26", 38, 1, 16.91184210526316, 27, 92.3, 739.2631578947369, 2.2892592592592593, 2.8055467546616635, Double.NaN},
        {"temp_next_day", "v4", "2014-10-27", 39, 0, 14.988461538461538, 34, 88.8, 725.9230769230769, 2.048235294117647, 2.7774734604545572, Double.NaN},
    };

    @TempDir
    static Path dir;
    static Path out;
    static String console;
    static int code;

    @BeforeAll
    static void analyze() throws Exception {
        Path resources = Path.of("src/test/resources/foreign");
        Path config = dir.resolve("weatherd.yaml");
        Files.writeString(config, CONFIG);
        out = dir.resolve("out");
        PrintStream old = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            code = Driftwatch.run("analyze", "--config", config.toString(), "--input", resources.resolve("weatherd.log").toString(),
                    "--labels", resources.resolve("outcomes.csv").toString(), "--output", out.toString(), "--parallelism", "2");
        } finally {
            System.setOut(old);
        }
        console = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(console);
    }

    @Test
    void kpisEqualNumpy() throws Exception {
        assertThat(code).isEqualTo(0);
        try (Duck duck = new Duck()) {
            List<Map<String, Object>> rows = duck.rows("select * from " + Duck.table(out, "kpi_windows")
                    + " where segment = '__all__' order by model, model_version, window_start");
            assertThat(rows).hasSize(EXPECTED.length);
            for (int i = 0; i < EXPECTED.length; i++) {
                Object[] e = EXPECTED[i];
                Map<String, Object> r = rows.get(i);
                String what = e[0] + " " + e[1] + " " + e[2];
                assertThat(r.get("model")).as(what).isEqualTo(e[0]);
                assertThat(r.get("model_version")).as(what).isEqualTo(e[1]);
                assertThat(((OffsetDateTime) r.get("window_start")).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString())
                        .as(what).isEqualTo(e[2]);
                assertThat(r.get("prediction_count")).as(what).isEqualTo(((Integer) e[3]).longValue());
                assertThat(r.get("error_count")).as(what).isEqualTo(((Integer) e[4]).longValue());
                assertThat((Double) r.get("error_rate")).as(what).isCloseTo((Integer) e[4] / (double) (Integer) e[3], within(1e-12));
                close(r.get("latency_ms_mean"), e[5], what + " latency");
                assertThat(r.get("labeled_count")).as(what).isEqualTo(((Integer) e[6]).longValue());
                close(r.get("cpu_pct_max"), e[7], what + " cpu");
                close(r.get("memory_mb_mean"), e[8], what + " memory");
                if (e[0].equals("rain_tomorrow")) {
                    close(r.get("accuracy"), e[9], what + " accuracy");
                    close(r.get("roc_auc"), e[10], what + " roc_auc");
                    close(r.get("log_loss"), e[11], what + " log_loss");
                } else {
                    close(r.get("mae"), e[9], what + " mae");
                    close(r.get("rmse"), e[10], what + " rmse");
                }
            }
        }
    }

    private static void close(Object actual, Object expected, String what) {
        double e = ((Number) expected).doubleValue();
        if (Double.isNaN(e)) {
            assertThat(actual).as(what).isNull();
        } else {
            assertThat((Double) actual).as(what).isCloseTo(e, within(1e-9 * Math.max(1, Math.abs(e))));
        }
    }

    @Test
    void failedRequestsAreErrorsNotDeadLettersAndLabelsAreCounted() throws Exception {
        try (Duck duck = new Duck()) {
            Map<String, Object> run = duck.rows("select * from " + Duck.table(out, "runs")).get(0);
            assertThat(run.get("records_read")).isEqualTo(1600L);
            assertThat(run.get("records_invalid")).isEqualTo(0L);
            // foreign_log.py: 1171 label rows; one without a time, one for no prediction
            assertThat(run.get("labels_read")).isEqualTo(1171L);
            assertThat(run.get("labels_invalid")).isEqualTo(1L);
            assertThat(run.get("labels_unmatched")).isEqualTo(1L);
            assertThat(run.get("labels_joined")).isEqualTo(1169L);
            List<Map<String, Object>> dead = duck.rows("select * from " + Duck.table(out, "dead_letter"));
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.get("kind")).isEqualTo("label");
                assertThat(d.get("error")).isEqualTo("missing_field");
                assertThat(d.get("detail")).isEqualTo("missing required field 'ts'");
            });
        }
        assertThat(console).contains("1171 labels read, 1169 joined, 1 unmatched (no prediction with their id), 0 of predictions out of range, 1 invalid");
        assertThat(console).contains("1 label:missing_field, e.g.").contains("label_columns");
    }

    @Test
    void featuresAreSelectedAndLongTextIsCut() throws Exception {
        try (Duck duck = new Duck()) {
            assertThat(duck.rows("select distinct feature from " + Duck.table(out, "feature_profiles")
                    + " where kind = 'feature' order by feature").stream().map(r -> r.get("feature")).toList())
                    .containsExactly("comment", "humidity", "pressure_hpa", "temp_c", "wind_dir");
            // r-00007 (temp_next_day v3, 2014-10-25 local) carries a 20,000-character comment: cut to 256 + '…'
            assertThat(duck.count("select max(length(v.value)) from " + Duck.table(out, "feature_profiles")
                    + ", unnest(top_values) as t(v) where feature = 'comment'")).isEqualTo(257);
            assertThat(duck.count("select sum(truncated_count) from " + Duck.table(out, "feature_profiles")
                    + " where feature = 'comment' and segment = '__all__'")).isEqualTo(1);
        }
    }
}
