import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The counting half of bench/alarms.sh, read with DuckDB (an independent reader of the tables):
 * {@code flagged OUT FROM TO} prints the model-windows judged in [FROM, TO), how many INVESTIGATE and
 * RETRAIN, and each flagged one's reasons; {@code delay OUT CHANGE} prints, per planted change and
 * model, the hours from CHANGE to the start of the first window whose evidence shows it.
 * Run: java -cp duckdb_jdbc.jar bench/AlarmCounts.java flagged|delay OUT ...
 */
public class AlarmCounts {
    public static void main(String[] args) throws Exception {
        String out = args[1];
        String signals = "read_parquet('" + out + "/retraining_signals/**/*.parquet')";
        String anomalies = "read_parquet('" + out + "/kpi_anomalies/**/*.parquet')";
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            if (args[0].equals("flagged")) {
                String range = " where window_start >= timestamp '" + args[2] + "' and window_start < timestamp '" + args[3] + "'";
                print(st, "select count(*) judged, count(*) filter (where decision = 'INVESTIGATE') investigate,"
                        + " count(*) filter (where decision = 'RETRAIN') retrain from " + signals + range);
                print(st, "select model, strftime(window_start, '%Y-%m-%dT%H:%M') w, decision, reasons from " + signals
                        + range + " and decision <> 'OK' order by window_start, model");
            } else {
                String change = "timestamp '" + args[2] + "'";
                String h = "round((epoch(min(window_start)) - epoch(" + change + ")) / 3600, 2) h_after";
                String after = " window_start >= " + change;
                StringBuilder q = new StringBuilder();
                for (String f : new String[] {"x3", "x4", "device"}) {
                    q.append("select 'drift " + f + "' what, model, " + h + " from " + signals + " where" + after
                            + " and (list_contains(drifted_features, '" + f + "') or array_to_string(reasons, '|') like"
                            + " '%feature " + f + " moves%') group by all union all ");
                }
                q.append("select 'quality' what, model, " + h + " from " + signals + " where" + after
                        + " and len(list_filter(reasons, r -> starts_with(r, quality_kpi || ' ')"
                        + " and r not like '%within the sampling noise%')) > 0 group by all union all ");
                q.append("select kpi what, model, " + h + " from " + anomalies + " where" + after
                        + " and anomaly and segment = '__all__' and kpi in ('latency_ms_p95', 'error_rate', 'throughput_per_s')"
                        + " group by all order by 1, 2");
                print(st, q.toString());
            }
        }
    }

    private static void print(Statement st, String sql) throws Exception {
        try (ResultSet r = st.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= n; i++) line.append(i > 1 ? " | " : "").append(r.getString(i));
                System.out.println(line);
            }
        }
    }
}
