package io.driftwatch.common.trend;

import io.driftwatch.common.config.Check;
import io.driftwatch.common.config.Suggestions;
import io.driftwatch.common.drift.ColumnDrift;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.kpi.KpiValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Evaluates a model's checks on one window (docs/guide/checks.md). A check passes when its value
 * meets the bound; it fails when the value breaks it <em>beyond the window's sampling noise</em>: a
 * KPI with an interval in {@code kpi_windows} (accuracy, F1, error rate, latency mean, ...) or a
 * share of a column's records ({@code missing_rate}, {@code new_category_rate}, Wilson) fails only
 * when its whole interval, at the level the judge gives, lies on the failing side — an accuracy of
 * 0.78 on 200 labels does not break {@code accuracy >= 0.8} (its interval reaches 0.83), so a check is
 * an alarm that something is wrong, not a coin toss. Values without an interval (percentiles,
 * distances, means of columns) are compared as they are.
 */
public final class Checks {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private Checks() {}

    /** A value and, where the window's noise is known, its interval; or why there is none. */
    record Value(Double value, double[] interval, String missing) {}

    /**
     * The checks of {@code row}.
     *
     * @param columns the {@code feature_drift} rows of the same (model, version, segment, window)
     * @param z the one-sided z a failure must clear (the interval's half-width in standard errors)
     */
    public static List<CheckResult> evaluate(List<Check> checks, KpiWindow row, List<? extends DriftWindow> columns,
            double z) {
        return evaluate(checks, row, columns, z, null);
    }

    /**
     * As {@link #evaluate(List, KpiWindow, List, double)}; when the run's input starts or ends inside the window
     * ({@link Judge#cutByInput}), a check on a volume is not judged, with {@code inputNote}.
     */
    public static List<CheckResult> evaluate(List<Check> checks, KpiWindow row, List<? extends DriftWindow> columns,
            double z, String inputNote) {
        List<CheckResult> out = new ArrayList<>();
        for (Check c : checks) {
            out.add(inputNote != null && onVolume(c)
                    ? result(c, row, null, CheckResult.NO_DATA, null, inputNote)
                    : evaluate(c, row, columns, z));
        }
        return out;
    }

    /** Whether the check or its condition reads a volume (a count or throughput). */
    private static boolean onVolume(Check c) {
        List<Check.Comparison> all = new ArrayList<>(c.when());
        all.add(c.condition());
        for (Check.Comparison w : all) {
            Kpi k = w.kpi() == null ? null : Kpi.byColumn(w.kpi());
            if (k != null && k.isVolume()) return true;
        }
        return false;
    }

    static CheckResult evaluate(Check c, KpiWindow row, List<? extends DriftWindow> columns, double z) {
        if (!row.complete()) return result(c, row, null, CheckResult.NO_DATA, null, "not judged: partial window (the run's range covers part of it)");
        for (Check.Comparison w : c.when()) {
            Value v = value(w, row, columns, z);
            if (v.value() == null) return result(c, row, null, CheckResult.NO_DATA, null, "when " + w + ": " + v.missing());
            if (!w.op().holds(v.value(), w.bound())) {
                return result(c, row, null, CheckResult.NO_DATA, null,
                        "when " + w + ": not met (" + w.term() + " = " + num(v.value()) + ")");
            }
        }
        Check.Comparison cond = c.condition();
        Value v = value(cond, row, columns, z);
        if (v.value() == null) return result(c, row, null, CheckResult.NO_DATA, null, v.missing());
        double value = v.value();
        double[] ci = v.interval();
        if (cond.op().holds(value, cond.bound())) return result(c, row, value, CheckResult.PASS, ci, null);
        if (ci != null && reaches(cond, ci)) {
            return result(c, row, value, CheckResult.PASS, ci, String.format(Locale.ROOT,
                    "%s = %s breaks %s only within its sampling noise (interval [%s, %s])", cond.term(), num(value),
                    cond.op().symbol() + " " + Check.number(cond.bound()), num(ci[0]), num(ci[1])));
        }
        return result(c, row, value, CheckResult.FAIL, ci, ci == null
                ? String.format(Locale.ROOT, "%s = %s", cond.term(), num(value))
                : String.format(Locale.ROOT, "%s = %s (interval [%s, %s])", cond.term(), num(value), num(ci[0]),
                        num(ci[1])));
    }

    /** Whether some value inside the interval meets the bound (the breach is within the noise). */
    private static boolean reaches(Check.Comparison cond, double[] ci) {
        double b = cond.bound();
        return switch (cond.op()) {
            case LT -> ci[0] < b;
            case LE -> ci[0] <= b;
            case GT -> ci[1] > b;
            case GE -> ci[1] >= b;
            case EQ -> ci[0] <= b && b <= ci[1];
            case NE -> false;
        };
    }

    private static Value value(Check.Comparison cmp, KpiWindow row, List<? extends DriftWindow> columns, double z) {
        KpiValues k = row.kpis();
        if (cmp.kpi() != null) {
            Kpi kpi = Kpi.byColumn(cmp.kpi());
            Double v = k.value(kpi);
            if (v == null || v.isNaN()) {
                return new Value(null, null, kpi.basis() == Kpi.Basis.LABELS && k.count(Kpi.LABELED_COUNT) == 0
                        ? cmp.kpi() + " has no labels in the window" : "no " + cmp.kpi() + " in the window");
            }
            return new Value(v, kpi.kind() == Kpi.Kind.COUNT ? null : k.interval(kpi, z), null);
        }
        ColumnDrift d = null;
        List<String> names = new ArrayList<>();
        for (DriftWindow w : columns) {
            names.add(w.d().feature());
            if (w.d().feature().equals(cmp.column())) d = w.d();
        }
        if (d == null && columns.isEmpty()) {
            return new Value(null, null, "no feature_drift rows for the window (column checks read them: they need a"
                    + " reference, and drift for the segment)");
        }
        if (d == null) {
            return new Value(null, null, "no column '" + cmp.column() + "' in the window's feature_drift"
                    + Suggestions.didYouMean(cmp.column(), names));
        }
        long rows = k.count(Kpi.PREDICTION_COUNT);
        double v;
        long base;
        switch (cmp.function()) {
            case "missing_rate" -> {
                v = d.missingRate();
                base = rows;
            }
            case "new_category_rate" -> {
                v = d.newCategoryRate();
                base = d.count();
            }
            case "mean" -> { v = d.mean(); base = 0; }
            case "count" -> { v = d.count(); base = 0; }
            case "psi" -> { v = d.psi(); base = 0; }
            case "jensen_shannon" -> { v = d.jensenShannon(); base = 0; }
            case "hellinger" -> { v = d.hellinger(); base = 0; }
            case "ks_statistic" -> { v = d.ksStatistic(); base = 0; }
            case "wasserstein_norm" -> { v = d.wassersteinNorm(); base = 0; }
            case "l_infinity" -> { v = d.lInfinity(); base = 0; }
            default -> throw new IllegalStateException(cmp.function());
        }
        if (Double.isNaN(v)) {
            return new Value(null, null, cmp.term() + " is not defined in the window" + (d.note() == null ? ""
                    : " (" + d.note() + ")"));
        }
        double[] ci = null;
        if (Check.PROPORTIONS.contains(cmp.function()) && base > 0) ci = io.driftwatch.common.kpi.Intervals.wilson(Math.round(v * base), base, z);
        return new Value(v, ci, null);
    }

    /** The one-sided z of level {@code alpha}. */
    public static double z(double alpha) {
        return -NORMAL.inverseCumulativeProbability(alpha);
    }

    private static CheckResult result(Check c, KpiWindow row, Double value, String status, double[] ci, String note) {
        return new CheckResult(row.model(), row.modelVersion(), row.segment(), row.windowStart(), row.windowEnd(),
                c.name(), c.text(), value, status, ci == null ? null : ci[0], ci == null ? null : ci[1], note,
                c.retrain());
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.4g", v);
    }
}
