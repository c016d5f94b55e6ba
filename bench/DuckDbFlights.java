import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The yardstick of bench/flights.sh: DuckDB (JDBC, all cores) doing the core of the same work as
 * `driftwatch analyze` on the flights-shaped log (bench/flights_log.py) straight from its JSON Lines:
 * per day from February on, the binary KPIs (count, labeled, accuracy, precision, recall, log loss,
 * Brier, mean score, ROC AUC by ranks) and the PSI against January of three features (OP_CARRIER and
 * ORIGIN one bin per category, DISTANCE ten bins at January's deciles). The file is read once into a
 * temporary table of the fields used. Prints the wall time in seconds.
 * Run: java -cp duckdb_jdbc.jar bench/DuckDbFlights.java FILE
 */
public class DuckDbFlights {
    public static void main(String[] args) throws Exception {
        String load = """
            create temp table i as
            select time_bucket(interval 1 day, cast(timestamp as timestamptz) at time zone 'UTC') as ws,
                   prediction as s, label as y, features.OP_CARRIER as carrier, features.ORIGIN as origin,
                   features.DISTANCE as distance
            from read_json('%s', format = 'newline_delimited', columns = {
                   timestamp: 'VARCHAR', model: 'VARCHAR', prediction: 'DOUBLE', label: 'DOUBLE',
                   features: 'STRUCT(OP_CARRIER VARCHAR, ORIGIN VARCHAR, DISTANCE DOUBLE)'})
            """.formatted(args[0]);
        String kpis = """
            with w as (select * from i where ws >= timestamp '2026-02-01'),
            ranked as (
              select ws, y, rank() over (partition by ws order by s)
                       + (count(*) over (partition by ws, s) - 1) / 2.0 as r
              from w where y is not null),
            auc as (
              select ws, (sum(r) filter (where y = 1) - count(*) filter (where y = 1) * (count(*) filter (where y = 1) + 1) / 2.0)
                       / nullif(count(*) filter (where y = 1) * count(*) filter (where y = 0), 0) as roc_auc
              from ranked group by all)
            select ws, count(*) as prediction_count, count(y) as labeled,
                   avg(case when (s >= 0.5) = (y = 1) then 1.0 else 0.0 end) filter (where y is not null) as accuracy,
                   count(*) filter (where s >= 0.5 and y = 1) / nullif(count(*) filter (where s >= 0.5 and y is not null), 0) as precision,
                   count(*) filter (where s >= 0.5 and y = 1) / nullif(count(*) filter (where y = 1), 0) as recall,
                   avg(-(y * ln(greatest(least(s, 1 - 1e-15), 1e-15)) + (1 - y) * ln(1 - greatest(least(s, 1 - 1e-15), 1e-15)))) as log_loss,
                   avg((s - y) ^ 2) as brier, avg(s) as mean_prediction, any_value(auc.roc_auc) as roc_auc
            from w left join auc using (ws) group by all
            """;
        String psi = """
            with edges as (
              select list_distinct(quantile_disc(distance, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])) as e
              from i where ws < timestamp '2026-02-01'),
            bins as (
              select case when ws < timestamp '2026-02-01' then null else ws end as ws,
                     unnest(['carrier', 'origin', 'distance']) as f,
                     unnest([carrier, origin, len(list_filter(e, q -> q < distance))::varchar]) as bin
              from i, edges),
            counts as (
              select ws, f, bin, count(*) / sum(count(*)) over (partition by ws, f) as share
              from bins where bin is not null group by ws, f, bin),
            ref as (select f, bin, share as p from counts where ws is null),
            cells as (
              select c.ws, c.f, greatest(c.share, 1e-4) as q, greatest(coalesce(r.p, 0), 1e-4) as p
              from counts c left join ref r using (f, bin) where c.ws is not null
              union all
              select w.ws, r.f, 1e-4 as q, greatest(r.p, 1e-4) as p
              from ref r join (select distinct ws, f from counts where ws is not null) w using (f)
              where not exists (select 1 from counts c where c.ws = w.ws and c.f = r.f and c.bin = r.bin))
            select ws, f, sum((q - p) * ln(q / p)) as psi from cells group by all
            """;
        long t0 = System.nanoTime();
        long rows = 0;
        double maxPsi = 0;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute(load);
            try (ResultSet rs = st.executeQuery(kpis)) {
                while (rs.next()) rows++;
            }
            try (ResultSet rs = st.executeQuery(psi)) {
                while (rs.next()) {
                    rows++;
                    maxPsi = Math.max(maxPsi, rs.getDouble("psi"));
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("duckdb_seconds=%.2f rows=%d max_psi=%.5f%n", seconds, rows, maxPsi);
    }
}
