import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The yardstick of bench/run.sh: DuckDB (JDBC, all cores) computing the same per-window KPIs as
 * `driftwatch analyze` straight from the same JSON Lines file; with a second argument {@code psi},
 * also the PSI of every feature (x1..x18 numeric: 10 bins at the reference day's deciles;
 * country, device: one bin per category) of every window against the first day. The file is read
 * once (a temporary table). Prints the wall time in seconds.
 * Run: java -cp duckdb_jdbc.jar bench/DuckDbKpis.java FILE [psi]
 */
public class DuckDbKpis {
    public static void main(String[] args) throws Exception {
        String file = args[0];
        boolean psi = args.length > 1 && args[1].equals("psi");
        String input = """
              select model, model_version, status, latency_ms,
                     resources.cpu_pct as cpu_pct, resources.memory_mb as memory_mb,
                     time_bucket(interval 1 day, cast(timestamp as timestamptz) at time zone 'UTC') as ws,
                     try_cast(prediction as double) as s, try_cast(label as double) as y,
                     cast(prediction as varchar) as pt, cast(label as varchar) as lt%s
              from read_json('%s', format = 'newline_delimited', columns = {
                     prediction_id: 'VARCHAR', timestamp: 'VARCHAR', model: 'VARCHAR', model_version: 'VARCHAR',
                     prediction: 'JSON', label: 'JSON', latency_ms: 'DOUBLE', status: 'VARCHAR',
                     resources: 'STRUCT(cpu_pct DOUBLE, memory_mb DOUBLE)', features: 'JSON'})
            """.formatted(psi ? ", features" : "", file);
        String sql = (psi ? "with " : "with i as (" + input + "), ") + """
            ranked as (
              select model, model_version, ws, y,
                     rank() over (partition by model, model_version, ws order by s)
                       + (count(*) over (partition by model, model_version, ws, s) - 1) / 2.0 as r
              from i where model = 'fraud_detector' and y is not null),
            auc as (
              select model, model_version, ws,
                     (sum(r) filter (where y = 1) - count(*) filter (where y = 1) * (count(*) filter (where y = 1) + 1) / 2.0)
                       / nullif(count(*) filter (where y = 1) * count(*) filter (where y = 0), 0) as roc_auc
              from ranked group by all)
            select i.model, i.model_version, i.ws, count(*) as prediction_count,
                   count(*) filter (where status <> 'ok') as error_count,
                   avg(latency_ms), max(latency_ms),
                   quantile_cont(latency_ms, [0.5, 0.9, 0.95, 0.99]) as latency_q,
                   count(lt) as labeled,
                   avg(case when (s >= 0.5) = (y = 1) then 1.0 else 0.0 end) filter (where y is not null) as accuracy,
                   count(*) filter (where s >= 0.5 and y = 1) / nullif(count(*) filter (where s >= 0.5 and y is not null), 0) as precision,
                   count(*) filter (where s >= 0.5 and y = 1) / nullif(count(*) filter (where y = 1), 0) as recall,
                   avg(-(y * ln(greatest(least(s, 1 - 1e-15), 1e-15)) + (1 - y) * ln(1 - greatest(least(s, 1 - 1e-15), 1e-15)))) as log_loss,
                   avg((s - y) ^ 2) as brier, avg(case when s >= 0.5 then s else 1 - s end) as estimated_accuracy,
                   avg(abs(s - y)) as mae, sqrt(avg((s - y) ^ 2)) as rmse,
                   avg(case when pt = lt then 1.0 else 0.0 end) filter (where lt is not null) as class_accuracy,
                   avg(s) as mean_prediction, avg(cpu_pct), max(cpu_pct), avg(memory_mb), max(memory_mb),
                   any_value(auc.roc_auc) as roc_auc
            from i left join auc using (model, model_version, ws)
            group by all
            """;
        StringBuilder names = new StringBuilder();
        StringBuilder paths = new StringBuilder();
        for (int k = 1; k <= 18; k++) {
            names.append(k > 1 ? ", " : "").append("'x").append(k).append("'");
            paths.append(k > 1 ? ", " : "").append("'$.x").append(k).append("'");
        }
        String psiSql = """
            with fx as (
              select model, ws, unnest([%s]) as f, unnest(json_extract(features, [%s]))::double as x from i),
            edges as (
              select model, f, list_distinct(quantile_disc(x, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])) as e
              from fx where ws = (select min(ws) from i) group by all),
            bins as (
              select fx.model, ws, fx.f, len(list_filter(e, q -> q < x))::varchar as bin
              from fx join edges using (model, f) where x is not null
              union all
              select model, ws, unnest(['country', 'device']) as f,
                     unnest(json_extract_string(features, ['$.country', '$.device'])) as bin from i),
            counts as (
              select model, ws, f, bin, count(*) / sum(count(*)) over (partition by model, ws, f) as share
              from bins where bin is not null group by model, ws, f, bin),
            ref as (select model, f, bin, share as p from counts where ws = (select min(ws) from i)),
            cells as (
              select c.model, c.ws, c.f, greatest(c.share, 1e-4) as q, greatest(coalesce(r.p, 0), 1e-4) as p
              from counts c left join ref r using (model, f, bin)
              union all
              select r.model, w.ws, r.f, 1e-4 as q, greatest(r.p, 1e-4) as p
              from ref r join (select distinct model, ws, f from counts) w using (model, f)
              where not exists (select 1 from counts c where c.model = r.model and c.ws = w.ws and c.f = r.f and c.bin = r.bin))
            select model, ws, f, sum((q - p) * ln(q / p)) as psi from cells group by all
            """.formatted(names, paths);
        long t0 = System.nanoTime();
        long rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            if (psi) st.execute("create temp table i as " + input);
            try (ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) rows++;
            }
            if (psi) {
                try (ResultSet rs = st.executeQuery(psiSql)) {
                    while (rs.next()) rows++;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("duckdb_seconds=%.2f windows=%d%n", seconds, rows);
    }
}
