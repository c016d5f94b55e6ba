package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.jobs.cli.Driftwatch;
import io.driftwatch.jobs.generate.SyntheticLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@code analyze} at parallelism 2 on generated logs with late labels, every KPI read back
 * with DuckDB and compared with the same KPI computed by DuckDB SQL straight from the input files
 * (an independent implementation: SQL aggregates, SQL ranks for AUC, exact quantiles).
 */
class AnalyzeKnownAnswersTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    @TempDir
    static Path dir;
    static Path out;
    static Path predictions;
    static Path labels;

    static final String CONFIG = """
            window: 1d
            models:
              fraud_detector: {task: binary_classification, threshold: 0.5, segments: [country]}
              demand_forecast: {task: regression}
              intent_classifier: {task: multiclass_classification}
            """;

    @BeforeAll
    static void analyze() throws Exception {
        predictions = dir.resolve("in/predictions.jsonl");
        labels = dir.resolve("in/labels.jsonl");
        SyntheticLog.write(new SyntheticLog.Spec(30_000, 3, 3, 7, 4, LocalDate.parse("2026-11-01"), 2, 1, -1, 0,
                0.3, 0.4), predictions, labels);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, CONFIG);
        out = dir.resolve("out");
        int code = Driftwatch.run("analyze", "--config", config.toString(), "--input", predictions.toString(),
                "--labels", labels.toString(), "--output", out.toString(), "--parallelism", "2");
        assertThat(code).isEqualTo(0);
    }

    /** The input as DuckDB sees it, labels joined by prediction_id (a late label wins). */
    static String input() {
        return """
                (select p.prediction_id, p.model, p.model_version, p.status,
                        cast(p.prediction as varchar) as prediction,
                        coalesce(cast(l.label as varchar), cast(p.label as varchar)) as label,
                        p.latency_ms, p.resources.cpu_pct as cpu_pct, p.resources.memory_mb as memory_mb,
                        json_extract_string(p.features, '$.country') as country,
                        time_bucket(interval 1 day, cast(p.timestamp as timestamptz) at time zone 'UTC') as window_start
                 from read_json('%s', format = 'newline_delimited', columns = {
                        prediction_id: 'VARCHAR', timestamp: 'VARCHAR', model: 'VARCHAR', model_version: 'VARCHAR',
                        prediction: 'JSON', label: 'JSON', latency_ms: 'DOUBLE', status: 'VARCHAR',
                        resources: 'STRUCT(cpu_pct DOUBLE, memory_mb DOUBLE)', features: 'JSON'}) p
                 left join read_json('%s', format = 'newline_delimited', columns = {
                        prediction_id: 'VARCHAR', timestamp: 'VARCHAR', label: 'JSON'}) l
                 using (prediction_id))
                """.formatted(predictions, labels);
    }

    static Map<String, Map<String, Object>> ours(Duck duck, String model, String segment) throws Exception {
        Map<String, Map<String, Object>> byKey = new HashMap<>();
        for (Map<String, Object> r : duck.rows("select *, cast(window_start as timestamp) as ws from "
                + Duck.table(out, "kpi_windows") + " where model = '" + model + "' and segment = '" + segment + "'")) {
            byKey.put(r.get("model_version") + "|" + r.get("ws"), r);
        }
        return byKey;
    }

    @Test
    void binaryClassificationKpisMatchSql() throws Exception {
        try (Duck duck = new Duck()) {
            List<Map<String, Object>> expected = duck.rows("""
                    with i as (select *, cast(prediction as double) as s, cast(label as double) as y from %s
                               where model = 'fraud_detector'),
                    r as (select *, (rank() over w + (count(*) over (partition by model_version, window_start, s) - 1) / 2.0) as rnk
                          from i where y is not null window w as (partition by model_version, window_start order by s)),
                    auc as (select model_version, window_start,
                               (sum(case when y = 1 then rnk end) - count(*) filter (where y = 1) * (count(*) filter (where y = 1) + 1) / 2.0)
                               / (count(*) filter (where y = 1) * count(*) filter (where y = 0)) as roc_auc
                            from r group by all)
                    select model_version, cast(window_start as timestamp) as ws, count(*) as n,
                           count(*) filter (where status <> 'ok') as errors,
                           avg(latency_ms) as lat_mean, max(latency_ms) as lat_max,
                           quantile_disc(latency_ms, 0.94) as p95_lo, quantile_disc(latency_ms, 0.96) as p95_hi,
                           count(y) as labeled,
                           avg(case when (s >= 0.5) = (y = 1) then 1.0 else 0.0 end) filter (where y is not null) as accuracy,
                           count(*) filter (where s >= 0.5 and y = 1) / nullif(count(*) filter (where s >= 0.5 and y is not null), 0) as precision,
                           count(*) filter (where s >= 0.5 and y = 1) / nullif(count(*) filter (where y = 1), 0) as recall,
                           2.0 * count(*) filter (where s >= 0.5 and y = 1)
                              / nullif(2 * count(*) filter (where s >= 0.5 and y = 1) + count(*) filter (where s >= 0.5 and y = 0)
                                       + count(*) filter (where s < 0.5 and y = 1), 0) as f1,
                           avg(-(y * ln(greatest(least(s, 1 - 1e-15), 1e-15)) + (1 - y) * ln(1 - greatest(least(s, 1 - 1e-15), 1e-15)))) as log_loss,
                           avg((s - y) ^ 2) as brier,
                           avg(case when s >= 0.5 then s else 1 - s end) as estimated_accuracy,
                           avg(s) as mean_prediction, avg(case when s >= 0.5 then 1.0 else 0.0 end) as positive_rate,
                           avg(cpu_pct) as cpu_mean, max(memory_mb) as mem_max,
                           any_value(auc.roc_auc) as roc_auc
                    from i join auc using (model_version, window_start)
                    group by all order by 1, 2
                    """.formatted(input()));
            Map<String, Map<String, Object>> ours = ours(duck, "fraud_detector", "__all__");
            assertThat(expected).hasSize(3); // 3 days: v1 on days 0-1, v2 on day 2
            assertThat(ours).hasSize(expected.size());
            for (Map<String, Object> e : expected) {
                Map<String, Object> o = ours.get(e.get("model_version") + "|" + e.get("ws"));
                assertThat(o).as("window %s", e).isNotNull();
                assertThat(o.get("prediction_count")).isEqualTo(e.get("n"));
                assertThat(o.get("error_count")).isEqualTo(e.get("errors"));
                assertThat(o.get("labeled_count")).isEqualTo(e.get("labeled"));
                for (String[] pair : new String[][] {{"accuracy", "accuracy"}, {"precision", "precision"},
                        {"recall", "recall"}, {"f1", "f1"}, {"log_loss", "log_loss"}, {"brier", "brier"},
                        {"estimated_accuracy", "estimated_accuracy"}, {"mean_prediction", "mean_prediction"},
                        {"positive_rate", "positive_rate"}, {"latency_ms_mean", "lat_mean"},
                        {"latency_ms_max", "lat_max"}, {"cpu_pct_mean", "cpu_mean"}, {"memory_mb_max", "mem_max"},
                        {"roc_auc", "roc_auc"}}) {
                    assertThat(num(o.get(pair[0]))).as("%s of %s", pair[0], e).isCloseTo(num(e.get(pair[1])), within(1e-9));
                }
                assertThat(num(o.get("latency_ms_p95"))).isBetween(num(e.get("p95_lo")), num(e.get("p95_hi")));
                assertThat(o.get("roc_auc_exact")).isEqualTo(true);
                assertThat(num(o.get("label_coverage"))).isCloseTo(num(e.get("labeled")) / num(e.get("n")), within(1e-12));
                assertThat(num(o.get("throughput_per_s"))).isCloseTo(num(e.get("n")) / 86400.0, within(1e-12));
                assertThat(o.get("mae")).isNull();
            }
        }
    }

    @Test
    void segmentsSplitTheModelAndAddUp() throws Exception {
        try (Duck duck = new Duck()) {
            List<Map<String, Object>> expected = duck.rows("""
                    select 'country=' || country as segment, count(*) as n,
                           avg(case when (cast(prediction as double) >= 0.5) = (cast(label as double) = 1) then 1.0 else 0.0 end)
                               filter (where label is not null) as accuracy
                    from %s where model = 'fraud_detector' group by all order by 1
                    """.formatted(input()));
            List<Map<String, Object>> ours = duck.rows("""
                    select segment, sum(prediction_count) as n, sum(accuracy * labeled_count) / sum(labeled_count) as accuracy
                    from %s where model = 'fraud_detector' and segment <> '__all__' group by all order by 1
                    """.formatted(Duck.table(out, "kpi_windows")));
            assertThat(ours).hasSize(6); // DE FR US GB ES, and BR from the drift day on
            assertThat(ours).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(ours.get(i).get("segment")).isEqualTo(expected.get(i).get("segment"));
                assertThat(num(ours.get(i).get("n"))).isEqualTo(num(expected.get(i).get("n")));
                assertThat(num(ours.get(i).get("accuracy"))).isCloseTo(num(expected.get(i).get("accuracy")), within(1e-9));
            }
        }
    }

    @Test
    void regressionKpisMatchSql() throws Exception {
        try (Duck duck = new Duck()) {
            List<Map<String, Object>> expected = duck.rows("""
                    with i as (select *, cast(prediction as double) as p, cast(label as double) as y from %s
                               where model = 'demand_forecast')
                    select model_version, cast(window_start as timestamp) as ws, count(*) as n, count(y) as labeled,
                           avg(abs(p - y)) as mae, sqrt(avg((p - y) ^ 2)) as rmse,
                           avg(abs((p - y) / y)) filter (where y <> 0) as mape,
                           1 - sum((p - y) ^ 2) / (sum(y * y) filter (where y is not null) - count(y) * avg(y) ^ 2) as r2,
                           avg(p) as mean_prediction
                    from i group by all order by 1, 2
                    """.formatted(input()));
            Map<String, Map<String, Object>> ours = ours(duck, "demand_forecast", "__all__");
            assertThat(ours).hasSize(expected.size());
            for (Map<String, Object> e : expected) {
                Map<String, Object> o = ours.get(e.get("model_version") + "|" + e.get("ws"));
                assertThat(o.get("prediction_count")).isEqualTo(e.get("n"));
                assertThat(o.get("labeled_count")).isEqualTo(e.get("labeled"));
                for (String k : new String[] {"mae", "rmse", "mape", "mean_prediction"}) {
                    assertThat(num(o.get(k))).as(k).isCloseTo(num(e.get(k)), within(1e-9));
                }
                assertThat(num(o.get("r2"))).isCloseTo(num(e.get("r2")), within(1e-6));
                assertThat(o.get("accuracy")).isNull();
            }
        }
    }

    @Test
    void multiclassKpisMatchSql() throws Exception {
        try (Duck duck = new Duck()) {
            List<Map<String, Object>> expected = duck.rows("""
                    with i as (select model_version, window_start, trim(prediction, '"') as p, trim(label, '"') as y
                               from %s where model = 'intent_classifier'),
                    classes as (select distinct model_version, window_start, c from
                                (select model_version, window_start, p as c from i where y is not null
                                 union select model_version, window_start, y from i where y is not null)),
                    per as (select c.model_version, c.window_start, c.c,
                                count(*) filter (where i.p = c.c and i.y = c.c) as tp,
                                count(*) filter (where i.p = c.c and i.y <> c.c) as fp,
                                count(*) filter (where i.p <> c.c and i.y = c.c) as fn
                            from classes c join i using (model_version, window_start) where i.y is not null group by all)
                    select model_version, cast(window_start as timestamp) as ws,
                           avg(tp / nullif(tp + fp, 0)) as precision, avg(tp / nullif(tp + fn, 0)) as recall,
                           avg(2.0 * tp / (2 * tp + fp + fn)) as f1,
                           sum(tp) / sum(tp + fn) as accuracy
                    from per group by all order by 1, 2
                    """.formatted(input()));
            Map<String, Map<String, Object>> ours = ours(duck, "intent_classifier", "__all__");
            assertThat(ours).hasSize(expected.size());
            for (Map<String, Object> e : expected) {
                Map<String, Object> o = ours.get(e.get("model_version") + "|" + e.get("ws"));
                for (String k : new String[] {"accuracy", "precision", "recall", "f1"}) {
                    assertThat(num(o.get(k))).as(k).isCloseTo(num(e.get(k)), within(1e-9));
                }
            }
        }
    }

    @Test
    void plainReadParquetWorksAndRunsRowAddsUp() throws Exception {
        try (Duck duck = new Duck()) {
            // contract §5: a plain read_parquet over the table works (hive partitions and in-file keys agree)
            long rows = duck.count("select count(*) from read_parquet('" + out.resolve("kpi_windows") + "/**/*.parquet')");
            assertThat(rows).isEqualTo(duck.count("select count(*) from " + Duck.table(out, "kpi_windows")));
            Map<String, Object> run = duck.rows("select * from " + Duck.table(out, "runs")).get(0);
            assertThat(run.get("status")).isEqualTo("succeeded");
            assertThat(num(run.get("records_read"))).isEqualTo(30_000.0);
            assertThat(num(run.get("records_read"))).isEqualTo(num(run.get("records_valid")) + num(run.get("records_invalid")));
            long lateLabels = Files.lines(labels).count();
            assertThat(num(run.get("labels_read"))).isEqualTo((double) lateLabels);
            assertThat(num(run.get("labels_joined"))).isEqualTo((double) lateLabels);
            assertThat(num(run.get("labels_unmatched"))).isZero();
            assertThat(duck.value("select typeof(window_start) from " + Duck.table(out, "kpi_windows") + " limit 1"))
                    .asString().startsWith("TIMESTAMP");
            assertThat(duck.value("select compression from parquet_metadata('" + out.resolve("kpi_windows")
                    + "/**/*.parquet') limit 1")).isEqualTo("SNAPPY");
        }
    }

    static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
