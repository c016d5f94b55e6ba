package io.driftwatch.common.drift;

import io.driftwatch.common.config.DriftwatchConfig.DriftConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides drift for every column of one key and window against the reference (contract §6): all
 * statistics that apply to the column's type, the method (configured per model/feature, or
 * {@code auto} by both counts and the reference's distinct values), its threshold, and for the
 * p-value methods the correction for the window's multiple tests.
 *
 * <p>Special cases, each with a {@code note}: a column without a reference (no decision); a column
 * whose type differs from the reference's (drifted); a feature with no values in a window that has
 * rows (drifted: the feature disappeared); a label column without labels (no decision); a
 * statistic that is not defined, e.g. the normalized Wasserstein distance of a constant reference
 * (no decision).
 *
 * <p>Since issue 20 a decision is "significant and large enough" (docs/reference/alarms.md): a
 * distance method's drift must also be significant by the column's test (KS for a continuous
 * column, else chi-square with the new-category test), whose p-value then fills {@code p_value} and
 * is corrected with the window's other tests; a test's drift must also reach
 * {@code drift.min_distance} in Jensen–Shannon distance; and a distance threshold rises to the
 * reference period's own window-to-window variation ({@link DriftCalibration}) where the reference's
 * windows are known.
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
        return evaluate(window, reference, config, declaredFeatures, DriftCalibration.NONE);
    }

    /**
     * As {@link #evaluate(ProfileSet, ProfileSet, DriftConfig, Collection)}, with distance thresholds
     * calibrated on the reference's windows (used where {@code drift.calibrate} is on).
     */
    public static List<ColumnDrift> evaluate(ProfileSet window, ProfileSet reference, DriftConfig config,
            Collection<String> declaredFeatures, DriftCalibration calibration) {
        List<Builder> out = new ArrayList<>();
        for (ProfileSet.Column c : columns(window, reference, declaredFeatures)) {
            ColumnProfile ref = reference == null ? null : reference.column(c.kind(), c.name());
            out.add(evaluate(c, window.rows(), ref, reference == null ? 0 : reference.rows(), config,
                    config.calibrate() ? calibration : DriftCalibration.NONE));
        }
        return correct(out, config);
    }

    /**
     * The columns' statistics and methods without the decisions of the window's tests: what
     * {@link DriftCalibration} collects from each reference window.
     */
    static List<ColumnDrift> statistics(ProfileSet window, ProfileSet reference, DriftConfig config) {
        List<ColumnDrift> out = new ArrayList<>();
        for (ProfileSet.Column c : columns(window, reference, List.of())) {
            if (PcaReconstruction.FEATURE.equals(c.name())) continue;
            ColumnProfile ref = reference == null ? null : reference.column(c.kind(), c.name());
            out.add(evaluate(c, window.rows(), ref, reference == null ? 0 : reference.rows(), config,
                    DriftCalibration.NONE).build());
        }
        return out;
    }

    private static Collection<ProfileSet.Column> columns(ProfileSet window, ProfileSet reference,
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
        return columns.values();
    }

    static String key(ProfileSet.Column c) {
        return key(c.kind(), c.name());
    }

    static String key(ProfileSet.Kind kind, String name) {
        return kind.configName() + ":" + name;
    }

    private static Builder evaluate(ProfileSet.Column column, long rows, ColumnProfile ref, long refRows,
            DriftConfig config, DriftCalibration calibration) {
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
        if (type == ColumnType.MULTIVARIATE || cur.coMoments() != null || (ref != null && ref.coMoments() != null)) {
            return multivariate(b, cur, ref, config);
        }
        if (ref == null || refCount == 0) {
            return b.note(ref == null ? "not in the reference" : "no values in the reference");
        }
        if (curType != null && curType != refType) {
            return b.drifted(true).note("type changed from " + refType.configName() + " to " + curType.configName());
        }
        if (count == 0) {
            if (column.kind() == ProfileSet.Kind.LABEL) return b.note("no labels in the window");
            return b.drifted(rows > 0 ? Boolean.TRUE : null).note("no values in the window");
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

        // the column's test: KS where the reference is continuous, else chi-square (categorical: with the
        // new-category test, Bonferroni over the two, issue 20)
        boolean continuous = numeric && ref.distinct() > 5;
        double testP = continuous ? b.ksP : b.chiP;
        String testNote = null;
        if (!numeric && !Double.isNaN(b.newCategoryP)) {
            if (2 * b.newCategoryP < b.chiP) {
                testP = Math.min(1.0, 2 * b.newCategoryP);
                testNote = String.format(java.util.Locale.ROOT, "decided by new categories: %.1f %% of the window's"
                        + " values unseen in the reference (p = %.3g, twice the Good–Turing tail)",
                        100 * b.newCategoryRate, testP);
            } else {
                testP = Math.min(1.0, 2 * b.chiP);
            }
        }

        var configured = config.methodOf(name);
        DriftMethod method = configured.method();
        if (method != null && !numeric && (method == DriftMethod.KS || method == DriftMethod.WASSERSTEIN_NORM)) {
            b.note = configured.configName() + " does not apply to a categorical column; auto used";
            method = null;
        }
        if (method == null) method = DriftMethod.auto(Math.min(refCount, count), ref.distinct(), numeric);
        b.method = method.configName();
        b.threshold = config.thresholdOf(name, method.decidesByPValue() ? "p_value" : method.configName());
        b.level = config.pValueLevel();
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
                b.pValue = numeric ? b.chiP : testP;
                if (!numeric) b.note = join(b.note, testNote);
            }
        }
        if (method.decidesByPValue()) {
            b.level = b.threshold;
            b.floor = config.minDistance();
            return b;
        }
        if (Double.isNaN(b.statistic)) {
            b.note = method == DriftMethod.WASSERSTEIN_NORM ? "reference is constant: wasserstein_norm undefined"
                    : method.configName() + " undefined";
            return b;
        }
        DriftCalibration.Band band = calibration.band(key(column), method);
        if (band != null) {
            double z = NORMAL.inverseCumulativeProbability(1 - Math.min(0.5, b.level));
            double calibrated = band.mean() + z * band.sd();
            if (calibrated > b.threshold) {
                b.note = join(b.note, String.format(java.util.Locale.ROOT, "threshold calibrated on %d reference"
                        + " windows: mean %.3g + %.2f × sd %.3g (configured %s)", band.windows(), band.mean(), z,
                        band.sd(), num(b.threshold)));
                b.threshold = calibrated;
            }
        }
        if (config.requireSignificance() && !Double.isNaN(testP)) {
            b.pValue = testP; // decided with the window's other tests in correct()
            b.gated = true;
            if (testNote != null) b.pendingNote = testNote;
        } else {
            b.drifted = b.statistic >= b.threshold;
        }
        return b;
    }

    private static final org.apache.commons.math3.distribution.NormalDistribution NORMAL =
            new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1);

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    /**
     * The {@code __multivariate__} row (docs/guide/drift.md "Multivariate drift"): the window's records
     * with the reference's set of numeric features reconstructed by the reference's PCA, judged
     * against the reference's buckets ({@link PcaReconstruction}); its p-value joins the window's tests.
     */
    private static Builder multivariate(Builder b, ColumnProfile cur, ColumnProfile ref, DriftConfig config) {
        CoMoments.Block reference = ref == null || ref.coMoments() == null ? null : ref.coMoments().main();
        if (reference == null || reference.count() < PcaReconstruction.MIN_RECORDS) {
            return b.note("not judged: the reference has " + (reference == null ? 0 : reference.count())
                    + " records with two numeric features or more, fewer than " + PcaReconstruction.MIN_RECORDS);
        }
        String set = String.join(", ", reference.features());
        CoMoments.Block window = cur.coMoments() == null ? null : cur.coMoments().block(reference.features());
        if (window == null || window.count() < PcaReconstruction.MIN_RECORDS) {
            return b.note("not judged: " + (window == null ? 0 : window.count()) + " records of the window have all of "
                    + set + ", fewer than " + PcaReconstruction.MIN_RECORDS);
        }
        // the reference's fit and band, once per reference (every window of a run is judged against it)
        if (reference.derived == null) reference.derived = new java.util.concurrent.ConcurrentHashMap<>();
        Object[] derived = (Object[]) reference.derived.computeIfAbsent(config.pcaVariance(), v -> new Object[] {
                PcaReconstruction.fit(reference.moments(i -> true), v), PcaReconstruction.band(reference, v)});
        PcaReconstruction.Fit fit = (PcaReconstruction.Fit) derived[0];
        if (fit == null) return b.note("not judged: fewer than two of " + set + " vary in the reference");
        if (fit.components() >= fit.features().length) {
            return b.note(String.format(java.util.Locale.ROOT, "not judged: all %d components are needed to reach"
                    + " drift.pca_variance %.2f of %s's variance, so nothing is left to reconstruct (features that"
                    + " hardly correlate; a lower pca_variance keeps fewer)", fit.components(), config.pcaVariance(), set));
        }
        PcaReconstruction.Band band = (PcaReconstruction.Band) derived[1];
        if (band == null) {
            return b.note("not judged: fewer than three of the reference's buckets hold " + PcaReconstruction.MIN_RECORDS
                    + " records (the reference is too small to know the error's spread)");
        }
        b.method = PcaReconstruction.METHOD;
        b.level = config.pValueLevel();
        PcaReconstruction.Verdict v = PcaReconstruction.judge(fit, band, window.moments(i -> true), b.level);
        b.statistic = v.error();
        b.threshold = v.threshold();
        b.pValue = v.pValue();
        b.mean = v.error();
        b.refMean = v.expected();
        b.note = v.note() + " (features: " + String.join(", ", fit.features()) + ")";
        return b;
    }

    private static String num(double v) {
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    /**
     * Corrects the window's p-values for multiple testing and decides: a test below its level and at
     * least {@code drift.min_distance} in Jensen–Shannon distance; a gated distance at or above its
     * threshold and its test below the level.
     */
    private static List<ColumnDrift> correct(List<Builder> rows, DriftConfig config) {
        List<Builder> tested = new ArrayList<>();
        for (Builder r : rows) {
            if (r.method != null && !Double.isNaN(r.pValue)) tested.add(r);
        }
        double[] p = new double[tested.size()];
        for (int i = 0; i < p.length; i++) p[i] = tested.get(i).pValue;
        double[] adjusted = switch (config.multipleTesting()) {
            case BONFERRONI -> DriftStatistics.adjustBonferroni(p);
            case NONE -> p;
            case BENJAMINI_HOCHBERG -> DriftStatistics.adjustBenjaminiHochberg(p);
        };
        for (int i = 0; i < p.length; i++) {
            Builder r = tested.get(i);
            r.pAdjusted = adjusted[i];
            boolean significant = adjusted[i] < r.level;
            if (r.gated) {
                boolean large = r.statistic >= r.threshold;
                r.drifted = large && significant;
                if (large && !significant) {
                    r.note = join(r.note, String.format(java.util.Locale.ROOT, "%s %s reaches the threshold %s but is"
                            + " within sampling noise: the column's test gives p = %.3g after correction (level %.3g)",
                            r.method, num(r.statistic), num(r.threshold), adjusted[i], r.level));
                } else if (r.drifted) {
                    r.note = join(r.note, r.pendingNote);
                }
            } else if (significant && !Double.isNaN(r.js) && r.js < r.floor) {
                r.drifted = false;
                r.note = join(r.note, String.format(java.util.Locale.ROOT, "significant (p = %.3g after correction) but"
                        + " too small to matter: Jensen–Shannon %s is below drift.min_distance %s", adjusted[i],
                        num(r.js), num(r.floor)));
            } else {
                r.drifted = significant;
            }
        }
        return rows.stream().map(Builder::build).toList();
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
        /** A note said only when the gated decision is drift. */
        String pendingNote;
        Boolean drifted;
        /** A distance decision that also needs its test's p-value below {@code level}. */
        boolean gated;
        double level = Double.NaN, floor = 0, pAdjusted = Double.NaN;
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
                    pValue, Double.isNaN(pAdjusted) ? pValue : pAdjusted, threshold, drifted, psi, js, hellinger, ks, ksP, wasserstein, wassersteinNorm, chiP,
                    lInf, mean, refMean, newCategoryRate, note);
        }
    }
}
