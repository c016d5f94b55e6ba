import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Compares the tables of two output directories row by row with DuckDB (an independent reader):
 * per table the row counts and the rows of either that the other lacks (EXCEPT ALL), ignoring the
 * the columns that name a run, a moment or a path ({@code run_id}, {@code ingested_at}, {@code source}).
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
                String left = select(a + "/" + t), right = select(b + "/" + t);
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

    static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
