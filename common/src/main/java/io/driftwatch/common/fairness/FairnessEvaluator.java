package io.driftwatch.common.fairness;

import io.driftwatch.common.config.FairnessRule;
import io.driftwatch.common.kpi.GroupCounts;
import io.driftwatch.common.kpi.Intervals;
import io.driftwatch.common.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The {@code fairness} rows of one window of a model (docs/guide/fairness.md), pure: per configured
 * sensitive attribute and positive class, each group's rates with their intervals, its comparison
 * with the reference group, the attribute's spread across groups as Fairlearn defines it, and whether
 * a limit is crossed beyond sampling noise.
 *
 * <p>Definitions, so a user can recompute every column:
 * <ul>
 *   <li>rates ({@code positive_rate}, {@code tpr}, {@code fpr}, {@code precision}): proportions with
 *       Wilson intervals ({@link Intervals#wilson}); the positive rate counts all predictions (labeled
 *       or not), the others the labeled ones;
 *   <li>{@code disparate_impact} (AIF360's, the four-fifths rule's ratio): the group's positive rate
 *       over the reference group's; its interval is Katz's on the log scale,
 *       {@code exp(ln DI ± z·sqrt(1/x₁ − 1/n₁ + 1/x₀ − 1/n₀))} (scipy
 *       {@code relative_risk(...).confidence_interval()}), with 0.5 added to both counts when either is 0;
 *   <li>differences with the reference ({@code parity_difference}, {@code tpr_difference},
 *       {@code fpr_difference}): Newcombe's hybrid score interval from the two Wilson intervals;
 *   <li>across groups (Fairlearn's {@code demographic_parity_difference}, {@code demographic_parity_ratio},
 *       {@code equal_opportunity_difference}, {@code equalized_odds_difference} with
 *       {@code agg="worst_case"}): max − min (or min / max) over the groups that reach
 *       {@code min_group_size};
 *   <li>a breach: a one-sided test that the limit is crossed — disparate impact below
 *       {@code disparate_impact_min} ({@code z = (ln DI − ln limit)/se}), a difference's magnitude above
 *       its limit ({@code z = (|d| − limit)/se}, Wald's se) — at level {@code α} split over the window's
 *       comparisons (Bonferroni), where {@code α} is the quality family's share of the alarm budget.
 *       Groups below {@code min_group_size}, or compared with a reference below it, are never flagged.
 * </ul>
 */
public final class FairnessEvaluator {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private FairnessEvaluator() {}

    /**
     * The window's allowance for its fairness tests: the quality family's share of the alarm budget,
     * {@code (1 − retraining.confidence) / 2} (one-sided; {@link io.driftwatch.common.trend.AlarmBudget}).
     */
    public static double alpha(io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig rules) {
        return (1 - rules.confidence()) / 2;
    }

    /**
     * The rows of a window.
     *
     * @param counts the window's group counts (null: no rows)
     * @param rules the model's fairness attributes
     * @param task the model's task (regression: no rows)
     * @param alpha the false-alarm allowance of the window's fairness tests together
     */
    public static List<GroupFairness> evaluate(GroupCounts counts, List<FairnessRule> rules, Task task, double alpha) {
        List<GroupFairness> out = new ArrayList<>();
        if (counts == null || rules.isEmpty() || task == null || task == Task.REGRESSION) return out;
        List<Slice> slices = new ArrayList<>();
        for (FairnessRule rule : rules) {
            Map<String, GroupCounts.Group> groups = counts.of(rule.attribute());
            if (groups.isEmpty()) continue;
            for (String positive : positiveClasses(rule, task, groups)) slices.add(new Slice(rule, positive, groups));
        }
        int comparisons = 0;
        for (Slice s : slices) comparisons += s.comparisons();
        double level = alpha / Math.max(1, comparisons);
        for (Slice s : slices) s.rows(level, out);
        return out;
    }

    private static List<String> positiveClasses(FairnessRule rule, Task task, Map<String, GroupCounts.Group> groups) {
        if (task == Task.BINARY_CLASSIFICATION) return List.of("1");
        if (rule.positiveClass() != null) return List.of(rule.positiveClass());
        TreeSet<String> classes = new TreeSet<>();
        groups.values().forEach(g -> classes.addAll(g.classes()));
        return List.copyOf(classes);
    }

    /** One attribute, one positive class. */
    private record Slice(FairnessRule rule, String positive, Map<String, GroupCounts.Group> groups) {
        String reference() {
            if (rule.referenceGroup() != null) return rule.referenceGroup();
            // the largest group; ties to the first by value (the map is sorted)
            String best = null;
            long most = -1;
            for (Map.Entry<String, GroupCounts.Group> e : groups.entrySet()) {
                if (e.getValue().predictions() > most) {
                    most = e.getValue().predictions();
                    best = e.getKey();
                }
            }
            return best;
        }

        boolean judged(String group) {
            GroupCounts.Group g = groups.get(group), r = groups.get(reference());
            return !group.equals(reference()) && g.predictions() >= rule.minGroupSize() && r != null
                    && r.predictions() >= rule.minGroupSize();
        }

        int limits() {
            return 1 + (rule.maxParityDifference() != null ? 1 : 0) + (rule.maxEqualOpportunityDifference() != null ? 1 : 0)
                    + (rule.maxEqualizedOddsDifference() != null ? 2 : 0);
        }

        int comparisons() {
            int n = 0;
            for (String g : groups.keySet()) if (judged(g)) n += limits();
            return n;
        }

        void rows(double level, List<GroupFairness> out) {
            String ref = reference();
            GroupCounts.Group r = groups.get(ref);
            Rates rr = r == null ? null : Rates.of(r, positive);
            // Fairlearn's spreads over the groups large enough to be judged
            List<Rates> big = new ArrayList<>();
            for (GroupCounts.Group g : groups.values()) if (g.predictions() >= rule.minGroupSize()) big.add(Rates.of(g, positive));
            Double dpd = spread(big, Rates::rate, false), dpr = spread(big, Rates::rate, true);
            Double eod = spread(big, Rates::tpr, false);
            Double fprRange = spread(big, Rates::fpr, false);
            Double odds = eod == null || fprRange == null ? null : Math.max(eod, fprRange);
            for (Map.Entry<String, GroupCounts.Group> e : groups.entrySet()) {
                String name = e.getKey();
                GroupCounts.Group g = e.getValue();
                Rates gr = Rates.of(g, positive);
                boolean isRef = name.equals(ref);
                Double di = null, pd = null, td = null, fd = null;
                double[] diCi = null, pdCi = null, tdCi = null, fdCi = null;
                if (!isRef && rr != null) {
                    if (rr.rate() != null && rr.rate() > 0 && gr.rate() != null) {
                        di = gr.rate() / rr.rate();
                        double se = katzSe(gr.pos, gr.n, rr.pos, rr.n);
                        double center = Math.log(Math.max(di, 0) == 0 ? corrected(gr.pos, gr.n, rr.pos, rr.n) : di);
                        diCi = new double[] {gr.pos == 0 ? 0 : Math.exp(center - Intervals.Z * se),
                                Math.exp(center + Intervals.Z * se)};
                    }
                    pd = difference(gr.rate(), rr.rate());
                    pdCi = newcombe(gr.pos, gr.n, rr.pos, rr.n);
                    td = difference(gr.tpr(), rr.tpr());
                    tdCi = newcombe(gr.tp, gr.tp + gr.fn, rr.tp, rr.tp + rr.fn);
                    fd = difference(gr.fpr(), rr.fpr());
                    fdCi = newcombe(gr.fp, gr.fp + gr.tn, rr.fp, rr.fp + rr.tn);
                }
                boolean judged = judged(name);
                boolean breach = false;
                Double p = null;
                String note;
                if (isRef) {
                    note = "reference group";
                } else if (!judged) {
                    note = String.format(Locale.ROOT, "not judged: %s has %,d predictions, fewer than min_group_size %,d",
                            g.predictions() < rule.minGroupSize() ? "the group" : "the reference group " + ref,
                            g.predictions() < rule.minGroupSize() ? g.predictions() : r == null ? 0 : r.predictions(),
                            rule.minGroupSize());
                } else {
                    List<Test> tests = new ArrayList<>();
                    tests.add(diTest(gr, rr, rule.disparateImpactMin()));
                    if (rule.maxParityDifference() != null) {
                        tests.add(differenceTest("positive rate", gr.pos, gr.n, rr.pos, rr.n, rule.maxParityDifference()));
                    }
                    if (rule.maxEqualOpportunityDifference() != null) {
                        tests.add(differenceTest("TPR", gr.tp, gr.tp + gr.fn, rr.tp, rr.tp + rr.fn,
                                rule.maxEqualOpportunityDifference()));
                    }
                    if (rule.maxEqualizedOddsDifference() != null) {
                        tests.add(differenceTest("TPR", gr.tp, gr.tp + gr.fn, rr.tp, rr.tp + rr.fn,
                                rule.maxEqualizedOddsDifference()));
                        tests.add(differenceTest("FPR", gr.fp, gr.fp + gr.tn, rr.fp, rr.fp + rr.tn,
                                rule.maxEqualizedOddsDifference()));
                    }
                    Test worst = null;
                    for (Test t : tests) if (t != null && (worst == null || t.p < worst.p)) worst = t;
                    p = worst == null ? null : worst.p;
                    breach = worst != null && worst.p < level;
                    note = worst == null ? "no rate to compare (no positives in the reference group)"
                            : breach ? worst.what + String.format(Locale.ROOT, " (p = %.3g < %.3g)", worst.p, level)
                                    : "within limits or within sampling noise (" + worst.what + String.format(Locale.ROOT,
                                            ": p = %.3g ≥ %.3g)", worst.p, level);
                }
                out.add(new GroupFairness(rule.attribute(), name, positive, ref, g.predictions(), g.labeled(), gr.pos,
                        gr.rate(), Intervals.wilson(gr.pos, gr.n), gr.tpr(), Intervals.wilson(gr.tp, gr.tp + gr.fn),
                        gr.fpr(), Intervals.wilson(gr.fp, gr.fp + gr.tn), gr.precision(),
                        Intervals.wilson(gr.tp, gr.tp + gr.fp), di, diCi, pd, pdCi, td, tdCi, fd, fdCi, dpd, dpr, eod,
                        odds, judged, breach, p, note));
            }
        }
    }

    /** A limit's one-sided test: its p-value and, in words, what it says. */
    private record Test(double p, String what) {}

    /** A group's counts for one positive class. */
    private record Rates(long n, long pos, long tp, long fp, long fn, long tn) {
        static Rates of(GroupCounts.Group g, String positive) {
            long[] c = g.confusion(positive);
            return new Rates(g.predictions(), g.predicted(positive), c[0], c[1], c[2], c[3]);
        }

        Double rate() {
            return ratio(pos, n);
        }

        Double tpr() {
            return ratio(tp, tp + fn);
        }

        Double fpr() {
            return ratio(fp, fp + tn);
        }

        Double precision() {
            return ratio(tp, tp + fp);
        }
    }

    private static Test diTest(Rates g, Rates r, double limit) {
        if (r.rate() == null || r.pos == 0 || g.n == 0) return null;
        double di = (double) g.pos / g.n / ((double) r.pos / r.n);
        double lnDi = g.pos == 0 ? Math.log(corrected(g.pos, g.n, r.pos, r.n)) : Math.log(di);
        double z = (lnDi - Math.log(limit)) / katzSe(g.pos, g.n, r.pos, r.n);
        return new Test(NORMAL.cumulativeProbability(z), String.format(Locale.ROOT,
                "disparate impact %.3f vs the reference group (positive rate %.3f vs %.3f), limit %.2f", di, g.rate(),
                r.rate(), limit));
    }

    private static Test differenceTest(String what, long x1, long n1, long x0, long n0, double limit) {
        if (n1 == 0 || n0 == 0) return null;
        double p1 = (double) x1 / n1, p0 = (double) x0 / n0;
        double d = p1 - p0;
        double se = Math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0);
        double p = se == 0 ? (Math.abs(d) > limit ? 0 : 1) : 1 - NORMAL.cumulativeProbability((Math.abs(d) - limit) / se);
        return new Test(p, String.format(Locale.ROOT, "%s difference %+.3f vs the reference group (%.3f vs %.3f), limit %.2f",
                what, d, p1, p0, limit));
    }

    /** Katz's standard error of ln(x₁/n₁ ÷ x₀/n₀), with 0.5 added to both counts when either is 0. */
    private static double katzSe(long x1, long n1, long x0, long n0) {
        double a = x1, b = x0, m = n1, k = n0;
        if (x1 == 0 || x0 == 0) {
            a += 0.5;
            b += 0.5;
            m += 0.5;
            k += 0.5;
        }
        return Math.sqrt(Math.max(0, 1 / a - 1 / m + 1 / b - 1 / k));
    }

    /** The ratio with the zero-count correction of {@link #katzSe}. */
    private static double corrected(long x1, long n1, long x0, long n0) {
        return ((x1 + 0.5) / (n1 + 0.5)) / ((x0 + 0.5) / (n0 + 0.5));
    }

    /** Newcombe's hybrid score interval (his method 10) of {@code x₁/n₁ − x₀/n₀}; null when either is empty. */
    static double[] newcombe(long x1, long n1, long x0, long n0) {
        double[] w1 = Intervals.wilson(x1, n1), w0 = Intervals.wilson(x0, n0);
        if (w1 == null || w0 == null) return null;
        double p1 = (double) x1 / n1, p0 = (double) x0 / n0, d = p1 - p0;
        double lo = d - Math.sqrt(sq(p1 - w1[0]) + sq(w0[1] - p0));
        double hi = d + Math.sqrt(sq(w1[1] - p1) + sq(p0 - w0[0]));
        return new double[] {lo, hi};
    }

    private static double sq(double v) {
        return v * v;
    }

    private static Double ratio(long k, long n) {
        return n == 0 ? null : (double) k / n;
    }

    private static Double difference(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }

    private static Double spread(List<Rates> groups, java.util.function.Function<Rates, Double> f, boolean ratio) {
        Double min = null, max = null;
        for (Rates r : groups) {
            Double v = f.apply(r);
            if (v == null) continue;
            min = min == null ? v : Math.min(min, v);
            max = max == null ? v : Math.max(max, v);
        }
        if (min == null || groups.size() < 2) return null;
        if (ratio) return max == 0 ? null : min / max;
        return max - min;
    }
}
