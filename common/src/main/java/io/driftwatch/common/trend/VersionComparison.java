package io.driftwatch.common.trend;

import io.driftwatch.common.kpi.Intervals;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.common.model.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * {@code model_versions} (docs/guide/versions.md), pure: per model and window, each version's traffic
 * share, first and last seen and endpoint; where two or more versions served, each against the
 * window's baseline (the most traffic; ties: seen first, then by name) with a test per KPI:
 * two-proportion z-tests (pooled) for accuracy and error rate, DeLong's test for ROC AUC (each
 * version's DeLong variance from its stored scores; two versions serve disjoint requests, so the
 * samples are independent and the paired covariance is zero; Hanley–McNeil's standard errors where a
 * state is missing) and Welch's for MAE and mean latency (standard errors from the
 * windows' t intervals; normal approximation). The p-values in the table are two-sided; a version is
 * {@code worse} where a difference is in the worse direction with a one-sided p below the quality
 * family's share of the alarm budget split over the window's tests (Bonferroni).
 */
public final class VersionComparison {
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
    /**
     * Fewer than this many on either side (labels for quality, predictions for latency and errors): no
     * test — the normal approximations flagged 1.6 % of 20-prediction canaries alike at a level of 1 %.
     */
    public static final long MIN_COUNT = 30;

    private VersionComparison() {}

    /** The rows of the windows of {@code current} (segment {@code __all__}), in model, window, version order. */
    public static List<ModelVersion> of(List<? extends KpiWindow> current, double alpha) {
        Map<String, List<KpiWindow>> byWindow = new TreeMap<>();
        for (KpiWindow r : current) {
            if (!Observation.ALL_SEGMENTS.equals(r.segment())) continue;
            byWindow.computeIfAbsent(r.model() + '\u0001' + String.format("%20s", Long.toUnsignedString(r.windowStart() ^ Long.MIN_VALUE)),
                    k -> new ArrayList<>()).add(r);
        }
        List<ModelVersion> out = new ArrayList<>();
        for (List<KpiWindow> versions : byWindow.values()) out.addAll(window(versions, alpha));
        return out;
    }

    private record Seen(KpiWindow row, KpiState state, long count) {
        Long first() {
            return state == null ? null : state.firstSeen();
        }
    }

    private static List<ModelVersion> window(List<KpiWindow> rows, double alpha) {
        List<Seen> seen = new ArrayList<>();
        long total = 0;
        for (KpiWindow r : rows) {
            long n = r.kpis().count(Kpi.PREDICTION_COUNT);
            seen.add(new Seen(r, r.state(), n));
            total += n;
        }
        seen.sort(Comparator.comparing((Seen s) -> s.row().modelVersion()));
        Seen baseline = seen.stream().max(Comparator.comparingLong(Seen::count)
                .thenComparing((Seen s) -> s.first() == null ? Long.MAX_VALUE : s.first(), Comparator.reverseOrder())
                .thenComparing(s -> s.row().modelVersion(), Comparator.reverseOrder())).orElseThrow();
        // the window's tests: five per compared version at most, those that apply
        int tests = 0;
        for (Seen s : seen) if (s != baseline) tests += comparisons(s, baseline).size();
        double level = alpha / Math.max(1, tests);
        List<ModelVersion> out = new ArrayList<>();
        for (Seen s : seen) {
            KpiValues k = s.row().kpis();
            double share = total == 0 ? 0 : (double) s.count() / total;
            String endpoint = s.state() == null ? null : s.state().endpoint();
            Long first = s.first(), last = s.state() == null ? null : s.state().lastSeen();
            if (s == baseline || seen.size() == 1) {
                out.add(new ModelVersion(s.row().model(), s.row().modelVersion(), s.row().windowStart(),
                        s.row().windowEnd(), endpoint, s.count(), share, first, last, null, k.count(Kpi.LABELED_COUNT),
                        k.value(Kpi.ACCURACY), null, null, k.value(Kpi.ROC_AUC), null, null, k.value(Kpi.MAE), null, null,
                        k.value(Kpi.LATENCY_MS_MEAN), null, null, k.value(Kpi.ERROR_RATE), null, null, false,
                        seen.size() == 1 ? "the only version in the window" : "baseline: the most traffic in the window"));
                continue;
            }
            Map<Kpi, Test> t = comparisons(s, baseline);
            List<String> worse = new ArrayList<>();
            for (Map.Entry<Kpi, Test> e : t.entrySet()) {
                Test x = e.getValue();
                boolean higherBetter = e.getKey().better() == Kpi.Better.HIGHER;
                boolean worseSide = higherBetter ? x.diff < 0 : x.diff > 0;
                if (worseSide && x.p / 2 < level) {
                    worse.add(String.format(Locale.ROOT, "%s %s vs %s, p = %.2g", e.getKey().column(), signed(e.getKey(),
                            x.diff), baseline.row().modelVersion(), x.p));
                }
            }
            String who = String.format(Locale.ROOT, "%s (%s%.0f %%)", s.row().modelVersion(),
                    endpoint == null ? "" : endpoint + ", ", 100 * share);
            String note = worse.isEmpty()
                    ? (t.isEmpty() ? "too few predictions or labels to compare with " + baseline.row().modelVersion()
                            + " (fewer than " + MIN_COUNT + ")"
                            : "no difference from " + baseline.row().modelVersion() + " beyond sampling noise")
                    : who + " " + String.join("; ", worse);
            out.add(new ModelVersion(s.row().model(), s.row().modelVersion(), s.row().windowStart(), s.row().windowEnd(),
                    endpoint, s.count(), share, first, last, baseline.row().modelVersion(), k.count(Kpi.LABELED_COUNT),
                    k.value(Kpi.ACCURACY), diff(t, Kpi.ACCURACY), p(t, Kpi.ACCURACY), k.value(Kpi.ROC_AUC),
                    diff(t, Kpi.ROC_AUC), p(t, Kpi.ROC_AUC), k.value(Kpi.MAE), diff(t, Kpi.MAE), p(t, Kpi.MAE),
                    k.value(Kpi.LATENCY_MS_MEAN), diff(t, Kpi.LATENCY_MS_MEAN), p(t, Kpi.LATENCY_MS_MEAN),
                    k.value(Kpi.ERROR_RATE), diff(t, Kpi.ERROR_RATE), p(t, Kpi.ERROR_RATE), !worse.isEmpty(), note));
        }
        return out;
    }

    private static String signed(Kpi k, double d) {
        if (k == Kpi.ACCURACY || k == Kpi.ERROR_RATE) return String.format(Locale.ROOT, "%+.1f points", 100 * d);
        if (k == Kpi.LATENCY_MS_MEAN) return String.format(Locale.ROOT, "%+.1f ms", d);
        return String.format(Locale.ROOT, "%+.4f", d);
    }

    private record Test(double diff, double p) {}

    /** The tests that apply between a version and the baseline, by KPI. */
    private static Map<Kpi, Test> comparisons(Seen version, Seen baseline) {
        KpiValues v = version.row().kpis(), b = baseline.row().kpis();
        Map<Kpi, Test> out = new java.util.LinkedHashMap<>();
        boolean labels = Math.min(v.count(Kpi.LABELED_COUNT), b.count(Kpi.LABELED_COUNT)) >= MIN_COUNT;
        boolean predictions = Math.min(v.count(Kpi.PREDICTION_COUNT), b.count(Kpi.PREDICTION_COUNT)) >= MIN_COUNT;
        if (labels) proportions(v, b, Kpi.ACCURACY, Kpi.LABELED_COUNT, out);
        if (predictions) proportions(v, b, Kpi.ERROR_RATE, Kpi.PREDICTION_COUNT, out);
        if (labels && !delong(version, baseline, out)) fromIntervals(v, b, Kpi.ROC_AUC, out);
        if (labels) fromIntervals(v, b, Kpi.MAE, out);
        if (predictions) fromIntervals(v, b, Kpi.LATENCY_MS_MEAN, out);
        return out;
    }

    /** Two-proportion z-test (pooled) of a rate over {@code basis}. */
    private static void proportions(KpiValues v, KpiValues b, Kpi k, Kpi basis, Map<Kpi, Test> out) {
        Double p1 = v.value(k), p0 = b.value(k);
        long n1 = v.count(basis), n0 = b.count(basis);
        if (p1 == null || p0 == null || n1 == 0 || n0 == 0) return;
        double x1 = Math.round(p1 * n1), x0 = Math.round(p0 * n0);
        double pooled = (x1 + x0) / (n1 + n0);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n0));
        double d = x1 / n1 - x0 / n0;
        out.put(k, new Test(d, se == 0 ? (d == 0 ? 1 : 0) : 2 * (1 - NORMAL.cumulativeProbability(Math.abs(d) / se))));
    }

    /**
     * DeLong's test of two independent ROC AUCs: {@code z = (A1 − A0) / sqrt(V1 + V0)} with each
     * version's DeLong variance from its stored scores ({@link KpiState#rocAucVariance}); two versions
     * serve disjoint requests, so the covariance term of the paired test is zero. False where a state
     * or a variance is missing (then the Hanley–McNeil intervals are used).
     */
    private static boolean delong(Seen version, Seen baseline, Map<Kpi, Test> out) {
        if (version.state() == null || baseline.state() == null) return false;
        Double a1 = version.row().kpis().value(Kpi.ROC_AUC), a0 = baseline.row().kpis().value(Kpi.ROC_AUC);
        Double v1 = version.state().rocAucVariance(), v0 = baseline.state().rocAucVariance();
        if (a1 == null || a0 == null || v1 == null || v0 == null) return false;
        double se = Math.sqrt(v1 + v0);
        double d = a1 - a0;
        out.put(Kpi.ROC_AUC, new Test(d, se == 0 ? (d == 0 ? 1 : 0)
                : 2 * (1 - NORMAL.cumulativeProbability(Math.abs(d) / se))));
        return true;
    }

    /** A z-test of a difference from both windows' 95 % intervals (their standard errors). */
    private static void fromIntervals(KpiValues v, KpiValues b, Kpi k, Map<Kpi, Test> out) {
        Double m1 = v.value(k), m0 = b.value(k), l1 = v.ciLow(k), h1 = v.ciHigh(k), l0 = b.ciLow(k), h0 = b.ciHigh(k);
        if (m1 == null || m0 == null || l1 == null || h1 == null || l0 == null || h0 == null) return;
        double se = Math.hypot(Intervals.standardError(l1, h1), Intervals.standardError(l0, h0));
        double d = m1 - m0;
        out.put(k, new Test(d, se == 0 ? (d == 0 ? 1 : 0) : 2 * (1 - NORMAL.cumulativeProbability(Math.abs(d) / se))));
    }

    private static Double diff(Map<Kpi, Test> t, Kpi k) {
        Test x = t.get(k);
        return x == null ? null : x.diff;
    }

    private static Double p(Map<Kpi, Test> t, Kpi k) {
        Test x = t.get(k);
        return x == null ? null : x.p;
    }
}
