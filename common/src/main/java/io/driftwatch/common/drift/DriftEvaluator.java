package io.driftwatch.common.drift;

import io.driftwatch.common.config.DriftwatchConfig.DriftConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides drift for every column of one key and window against the reference (SPEC §6): all
 * statistics that apply to the column's type, the method (configured per model/feature, or
 * {@code auto} by both counts and the reference's distinct values), its threshold, and for the
 * p-value methods the correction for the window's multiple tests.
 *
 * <p>Special cases, each with a {@code note}: a column without a reference (no decision); a column
 * whose type differs from the reference's (drifted); a feature with no values in a window that has
 * rows (drifted: the feature disappeared); a label column without labels (no decision); a
 * statistic that is not defined, e.g. the normalized Wasserstein distance of a constant reference
 * (no decision).
 */
public final class DriftEvaluator {
    private DriftEvaluator() {}

    /**
     * @param window the window's profiles
     * @param reference the reference profiles of the key (versions merged), or null when none
     * @param declaredFeatures features the config declares (reported even when absent)
     */
    public static List<ColumnDrift> evaluate(ProfileSet window, ProfileSet reference, DriftConfig config,
            Collection<String> declaredFeatures) {
        Map<String, ProfileSet.Column> columns = new LinkedHashMap<>();
        for (ProfileSet.Column c : window.columns()) columns.put(key(c), c);
        if (reference != null) {
            for (ProfileSet.Column c : reference.columns()) {
                columns.putIfAbsent(key(c), new ProfileSet.Column(c.kind(), c.name(), new ColumnProfile(c.profile().declared())));
            }
        }
        for (String f : declaredFeatures) {
            columns.putIfAbsent("feature:" + f, new ProfileSet.Column(ProfileSet.Kind.FEATURE, f, new ColumnProfile(null)));
        }
        List<ColumnDrift> out = new ArrayList<>();
        for (ProfileSet.Column c : columns.values()) {
            ColumnProfile ref = reference == null ? null : reference.column(c.kind(), c.name());
            out.add(evaluate(c, window.rows(), ref, reference == null ? 0 : reference.rows(), config));
        }
        return correct(out, config.multipleTesting());
    }

    private static String key(ProfileSet.Column c) {
        return c.kind().configName() + ":" + c.name();
    }

    private static ColumnDrift evaluate(ProfileSet.Column column, long rows, ColumnProfile ref, long refRows,
            DriftConfig config) {
        ColumnProfile cur = column.profile();
        String name = column.name();
        double nan = Double.NaN;
        long count = cur.count();
        long refCount = ref == null ? 0 : ref.count();
        double missingRate = rows == 0 ? nan : (double) (rows - count) / rows;
        double refMissingRate = refRows == 0 || ref == null ? nan : (double) (refRows - refCount) / refRows;
        ColumnType curType = cur.type();
        ColumnType refType = ref == null ? null : ref.type();
        ColumnType type = curType != null ? curType : refType;
        String typeName = type == null ? null : type.configName();

        Builder b = new Builder(column.kind(), name, typeName, count, refCount, missingRate, refMissingRate);
        if (ref == null || refCount == 0) {
            return b.note(ref == null ? "not in the reference" : "no values in the reference").build();
        }
        if (curType != null && curType != refType) {
            return b.drifted(true).note("type changed from " + refType.configName() + " to " + curType.configName())
                    .build();
        }
        if (count == 0) {
            if (column.kind() == ProfileSet.Kind.LABEL) return b.note("no labels in the window").build();
            return b.drifted(rows > 0 ? Boolean.TRUE : null).note("no values in the window").build();
        }

        boolean numeric = type == ColumnType.NUMERIC;
        double statKs = nan, statChi = nan;
        if (numeric) {
            NumericProfile p = ref.numericProfile();
            NumericProfile q = cur.numericProfile();
            ProfileDrift d = ProfileDrift.between(p, q, config.bins());
            b.psi = d.psi();
            b.js = d.jensenShannon();
            b.hellinger = d.hellinger();
            b.ks = d.ksStatistic();
            b.ksP = d.ksPValue();
            b.wasserstein = d.wasserstein();
            b.wassersteinNorm = d.wassersteinNorm();
            b.chiP = d.chiSquarePValue();
            b.lInf = d.lInfinity();
            b.mean = q.mean();
            b.refMean = p.mean();
            statKs = d.ksStatistic();
            statChi = d.chiSquareStatistic();
        } else {
            CategoricalDrift d = CategoricalDrift.between(ref.categoricalProfile(), cur.categoricalProfile());
            b.psi = d.psi();
            b.js = d.jensenShannon();
            b.hellinger = d.hellinger();
            b.chiP = d.chiSquarePValue();
            b.lInf = d.lInfinity();
            b.newCategoryRate = d.newCategoryRate();
            b.newCategoryP = d.newCategoryPValue();
            statChi = d.chiSquareStatistic();
        }

        String configured = config.methodOf(name);
        DriftMethod method = DriftMethod.fromConfigName(configured);
        if (method != null && !numeric && (method == DriftMethod.KS || method == DriftMethod.WASSERSTEIN_NORM)) {
            b.note = configured + " does not apply to a categorical column; auto used";
            method = null;
        }
        if (method == null) method = DriftMethod.auto(Math.min(refCount, count), ref.distinct(), numeric);
        b.method = method.configName();
        b.threshold = config.thresholdOf(name, method.decidesByPValue() ? "p_value" : method.configName());
        switch (method) {
            case PSI -> b.statistic = b.psi;
            case JENSEN_SHANNON -> b.statistic = b.js;
            case HELLINGER -> b.statistic = b.hellinger;
            case WASSERSTEIN_NORM -> b.statistic = b.wassersteinNorm;
            case L_INFINITY -> b.statistic = b.lInf;
            case KS -> {
                b.statistic = statKs;
                b.pValue = b.ksP;
            }
            case CHI_SQUARE -> {
                b.statistic = statChi;
                b.pValue = b.chiP;
                // categorical: the chi-square and the new-category test, Bonferroni over the two (issue 20)
                if (!Double.isNaN(b.newCategoryP) && 2 * b.newCategoryP < b.chiP) {
                    b.pValue = Math.min(1.0, 2 * b.newCategoryP);
                    b.note = String.format(java.util.Locale.ROOT, "decided by new categories: %.1f %% of the window's"
                            + " values unseen in the reference (p = %.3g, twice the Good–Turing Poisson tail)",
                            100 * b.newCategoryRate, b.pValue);
                } else if (!Double.isNaN(b.newCategoryP)) {
                    b.pValue = Math.min(1.0, 2 * b.chiP);
                }
            }
        }
        if (!method.decidesByPValue()) {
            if (Double.isNaN(b.statistic)) {
                b.note = method == DriftMethod.WASSERSTEIN_NORM ? "reference is constant: wasserstein_norm undefined"
                        : method.configName() + " undefined";
            } else {
                b.drifted = b.statistic >= b.threshold;
            }
        }
        return b.build();
    }

    /** Corrects the p-value decisions of one window for multiple testing and decides them. */
    private static List<ColumnDrift> correct(List<ColumnDrift> rows, String multipleTesting) {
        List<Integer> tested = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ColumnDrift r = rows.get(i);
            if (r.method() != null && !Double.isNaN(r.pValue())) tested.add(i);
        }
        double[] p = new double[tested.size()];
        for (int i = 0; i < p.length; i++) p[i] = rows.get(tested.get(i)).pValue();
        double[] adjusted = switch (multipleTesting) {
            case "bonferroni" -> DriftStatistics.adjustBonferroni(p);
            case "none" -> p;
            default -> DriftStatistics.adjustBenjaminiHochberg(p);
        };
        List<ColumnDrift> out = new ArrayList<>(rows);
        for (int i = 0; i < p.length; i++) {
            ColumnDrift r = rows.get(tested.get(i));
            out.set(tested.get(i), r.decided(adjusted[i], adjusted[i] < r.threshold()));
        }
        return out;
    }

    private static final class Builder {
        final ProfileSet.Kind kind;
        final String name;
        final String type;
        final long count;
        final long refCount;
        final double missingRate;
        final double refMissingRate;
        String method;
        String note;
        Boolean drifted;
        double statistic = Double.NaN, pValue = Double.NaN, threshold = Double.NaN, psi = Double.NaN,
                js = Double.NaN, hellinger = Double.NaN, ks = Double.NaN, ksP = Double.NaN, wasserstein = Double.NaN,
                wassersteinNorm = Double.NaN, chiP = Double.NaN, lInf = Double.NaN, mean = Double.NaN,
                refMean = Double.NaN, newCategoryRate = Double.NaN, newCategoryP = Double.NaN;

        Builder(ProfileSet.Kind kind, String name, String type, long count, long refCount, double missingRate,
                double refMissingRate) {
            this.kind = kind;
            this.name = name;
            this.type = type;
            this.count = count;
            this.refCount = refCount;
            this.missingRate = missingRate;
            this.refMissingRate = refMissingRate;
        }

        Builder note(String n) {
            note = n;
            return this;
        }

        Builder drifted(Boolean d) {
            drifted = d;
            return this;
        }

        ColumnDrift build() {
            return new ColumnDrift(kind, name, type, count, refCount, missingRate, refMissingRate, method, statistic,
                    pValue, pValue, threshold, drifted, psi, js, hellinger, ks, ksP, wasserstein, wassersteinNorm, chiP,
                    lInf, mean, refMean, newCategoryRate, note);
        }
    }
}
