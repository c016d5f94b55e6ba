package io.driftwatch.common.trend;

import io.driftwatch.common.drift.ColumnProfile;
import io.driftwatch.common.drift.ColumnType;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.common.model.Task;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks proposed from a reference ({@code driftwatch suggest}, docs/guide/checks.md "Suggested
 * checks"), as Deequ's constraint suggestion does: each a bound a window that looks like the
 * reference meets with room to spare, rounded to two significant figures away from the reference,
 * with the reference's value in a comment so the user can judge the margin.
 *
 * <ul>
 *   <li>{@code latency_ms_p99 < 1.5 × the reference's p99};
 *   <li>{@code error_rate <= max(0.01, 3 × the reference's)};
 *   <li>the task's quality KPI (accuracy, macro F1; RMSE) 0.05 below (20 % above) the reference's,
 *       judged from 200 labels on;
 *   <li>per feature: {@code missing_rate(f) < max(0.01, 2 × the reference's)}; a categorical feature
 *       with at most 50 values, {@code new_category_rate(f) < 0.01} (its domain, as TFDV infers a
 *       schema); a numeric one, its mean within half a standard deviation of the reference's.
 * </ul>
 */
public final class CheckSuggestions {
    private CheckSuggestions() {}

    /** A check and why its bound is what it is. */
    public record Suggestion(String check, String comment) {}

    static final int MAX_CATEGORIES = 50;

    /**
     * @param kpis the reference period's KPIs of the model's whole traffic, or null
     * @param profiles the reference's profiles of the model's whole traffic, or null
     */
    public static List<Suggestion> of(KpiValues kpis, ProfileSet profiles) {
        List<Suggestion> out = new ArrayList<>();
        if (kpis != null) {
            Double p99 = kpis.value(Kpi.LATENCY_MS_P99);
            if (p99 != null && p99 > 0) {
                out.add(new Suggestion("latency_ms_p99 < " + up(1.5 * p99), "reference p99 " + fmt(p99) + " ms, x 1.5"));
            }
            Double errors = kpis.value(Kpi.ERROR_RATE);
            if (errors != null) {
                out.add(new Suggestion("error_rate <= " + up(Math.max(0.01, 3 * errors)),
                        "reference " + fmt(errors) + ", x 3, at least 0.01"));
            }
            Task task = Task.fromConfigName(kpis.task());
            Kpi quality = Kpi.qualityOf(task);
            Double q = kpis.value(quality);
            if (q != null && !q.isNaN()) {
                if (quality == Kpi.RMSE) {
                    out.add(new Suggestion("rmse <= " + up(1.2 * q) + " when labeled_count >= 200",
                            "reference " + fmt(q) + ", + 20 %"));
                } else {
                    out.add(new Suggestion(quality.column() + " >= " + down(Math.max(0, q - 0.05))
                            + " when labeled_count >= 200", "reference " + fmt(q) + ", - 0.05"));
                }
            }
        }
        if (profiles != null && profiles.rows() > 0) {
            for (ProfileSet.Column c : profiles.columns()) {
                if (c.kind() != ProfileSet.Kind.FEATURE) continue;
                ColumnProfile p = c.profile();
                ColumnType type = p.type();
                if (type == null) continue;
                String name = quoted(c.name());
                double missing = 1 - (double) p.count() / profiles.rows();
                out.add(new Suggestion("missing_rate(" + name + ") < " + up(Math.max(0.01, 2 * missing)),
                        "reference " + fmt(missing) + ", x 2, at least 0.01"));
                if (type == ColumnType.CATEGORICAL && p.distinct() <= MAX_CATEGORIES) {
                    out.add(new Suggestion("new_category_rate(" + name + ") < 0.01", p.distinct()
                            + " values in the reference"));
                } else if (type == ColumnType.NUMERIC && p.count() > 1) {
                    double mean = p.numericProfile().mean(), sd = p.numericProfile().std();
                    if (Double.isFinite(mean) && sd > 0) {
                        out.add(new Suggestion("mean(" + name + ") >= " + down(mean - sd / 2), "reference mean "
                                + fmt(mean) + ", sd " + fmt(sd) + ": half an sd below"));
                        out.add(new Suggestion("mean(" + name + ") <= " + up(mean + sd / 2), "half an sd above"));
                    }
                }
            }
        }
        return out;
    }

    /** The suggestions as the YAML of a config's {@code models:} section (one model). */
    public static String yaml(String model, List<Suggestion> suggestions) {
        StringBuilder b = new StringBuilder("  ").append(yamlKey(model)).append(":\n    checks:\n");
        int width = suggestions.stream().mapToInt(s -> yamlString(s.check()).length()).max().orElse(0);
        for (Suggestion s : suggestions) {
            String v = yamlString(s.check());
            b.append("      - ").append(v).append(" ".repeat(width - v.length())).append("  # ").append(s.comment())
                    .append('\n');
        }
        return b.toString();
    }

    private static String quoted(String column) {
        return column.matches("[^()\\s\"']+") ? column : "\"" + column + "\"";
    }

    private static String yamlKey(String s) {
        return s.matches("[A-Za-z0-9_.\\-]+") ? s : yamlString(s);
    }

    /** A YAML double-quoted scalar. */
    static String yamlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Rounded up (away from zero for a positive bound) to two significant figures. */
    static String up(double v) {
        return round(v, RoundingMode.CEILING);
    }

    static String down(double v) {
        return round(v, RoundingMode.FLOOR);
    }

    private static String round(double v, RoundingMode mode) {
        if (v == 0) return "0";
        return BigDecimal.valueOf(v).round(new MathContext(2, mode)).stripTrailingZeros().toPlainString();
    }

    private static String fmt(double v) {
        if (v == 0) return "0";
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
