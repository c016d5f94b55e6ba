import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Compares the tables of two output directories row by row with DuckDB (an independent reader):
 * per table the row counts and the rows of either that the other lacks (EXCEPT ALL), ignoring the
 * the columns that name a run, a moment or a path ({@code run_id}, {@code ingested_at}, {@code source}); columns
 * only one side has (a KPI added since) are named and left out of the comparison.
 * Usage: java -cp duckdb_jdbc.jar bench/CompareTables.java OLD_DIR NEW_DIR TABLE_PATH...
 * Exit 1 when any table differs.
 */
public class CompareTables {
    public static void main(String[] args) throws Exception {
        String a = args[0], b = args[1];
        boolean same = true;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (int i = 2; i < args.length; i++) {
                String t = args[i];
                // a column one build writes and the other does not (a new KPI) is named, the rest compared
                java.util.List<String> ca = columns(s, select(a + "/" + t)), cb = columns(s, select(b + "/" + t));
                java.util.List<String> shared = new java.util.ArrayList<>(ca);
                shared.retainAll(cb);
                java.util.List<String> onlyOld = new java.util.ArrayList<>(ca), onlyNew = new java.util.ArrayList<>(cb);
                onlyOld.removeAll(cb);
                onlyNew.removeAll(ca);
                if (!onlyOld.isEmpty() || !onlyNew.isEmpty()) {
                    System.out.printf("%-40s columns only in old %s, only in new %s; comparing the %d shared%n", t, onlyOld,
                            onlyNew, shared.size());
                }
                String list = String.join(", ", shared.stream().map(x -> '"' + x + '"').toList());
                String left = "select " + list + " from (" + select(a + "/" + t) + ")";
                String right = "select " + list + " from (" + select(b + "/" + t) + ")";
                long na = count(s, "select count(*) from (" + left + ")");
                long nb = count(s, "select count(*) from (" + right + ")");
                long onlyA = count(s, "select count(*) from (" + left + " except all " + right + ")");
                long onlyB = count(s, "select count(*) from (" + right + " except all " + left + ")");
                boolean ok = na == nb && onlyA == 0 && onlyB == 0;
                same &= ok;
                System.out.printf("%-40s %8d %8d  only-old %d only-new %d  %s%n", t, na, nb, onlyA, onlyB, ok ? "same" : "DIFFERENT");
            }
        }
        System.exit(same ? 0 : 1);
    }

    /** The table's rows, without the columns that differ between two runs of the same input. */
    static String select(String dir) {
        return "select columns(c -> c not in ('run_id', 'ingested_at', 'source')) from read_parquet('" + dir
                + "/**/*.parquet', union_by_name = true)";
    }

    static java.util.List<String> columns(Statement s, String sql) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (ResultSet r = s.executeQuery("describe " + sql)) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }

    static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
