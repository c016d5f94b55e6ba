package io.driftwatch.jobs;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DuckDB (JDBC), the independent reader of our Parquet output and the yardstick for KPI values. */
public final class Duck implements AutoCloseable {
    private final Connection connection;

    public Duck() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
    }

    /** All rows of a query as column-name → value maps. */
    public List<Map<String, Object>> rows(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnLabel(i), rs.getObject(i));
                out.add(row);
            }
            return out;
        }
    }

    /** Runs a statement that returns no rows (SET, COPY ... TO). */
    public void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The single value of a query. */
    public Object value(String sql) throws SQLException {
        List<Map<String, Object>> r = rows(sql);
        return r.isEmpty() ? null : r.get(0).values().iterator().next();
    }

    public long count(String sql) throws SQLException {
        return ((Number) value(sql)).longValue();
    }

    /**
     * Every row of a table in a stable order with its lists and binary columns as text, so two
     * outputs compare with {@code toString()} (DuckDB's JDBC list and blob objects have no equality).
     */
    public String comparable(Path output, String table) throws SQLException {
        return comparable(output, table, "true");
    }

    /** {@link #comparable(Path, String)} of the rows matching {@code where}. */
    public String comparable(Path output, String table, String where) throws SQLException {
        String q = switch (table) {
            case "kpi_windows" -> "select * exclude (kpi_state), hex(kpi_state) as s from %s where %s order by all";
            case "feature_profiles" -> "select * exclude (quantiles, top_values, sketch), cast(quantiles as varchar) as q,"
                    + " cast(top_values as varchar) as t, hex(sketch) as s from %s where %s order by all";
            case "retraining_signals" -> "select * exclude (reasons, drifted_features, anomalies), cast(reasons as varchar)"
                    + " as r, cast(drifted_features as varchar) as f, cast(anomalies as varchar) as a from %s where %s"
                    + " order by all";
            default -> "select * from %s where %s order by all";
        };
        return rows(q.formatted(table(output, table), where)).toString();
    }

    /** {@code read_parquet} over a table folder of an output directory. */
    public static String table(Path output, String table) {
        return "read_parquet('" + output.resolve(table) + "/**/*.parquet', hive_partitioning = false)";
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
