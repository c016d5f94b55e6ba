package io.driftwatch.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig.DriftConfig;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class DriftEvaluatorTest {
    private static final DriftConfig DEFAULT = DriftConfig.DEFAULT;

    /** A window of {@code n} regression predictions whose features come from {@code features}. */
    private static ProfileSet window(int n, IntFunction<Object[]> features) {
        ProfileSet s = new ProfileSet();
        for (int i = 0; i < n; i++) {
            Object[] nv = features.apply(i); // name, value, name, value, ...
            String[] names = new String[nv.length / 2];
            double[] numbers = new double[names.length];
            String[] texts = new String[names.length];
            int k = 0;
            for (int j = 0; j < nv.length; j += 2) {
                if (nv[j + 1] == null) continue;
                names[k] = (String) nv[j];
                numbers[k] = nv[j + 1] instanceof Double d ? d : Double.NaN;
                texts[k] = nv[j + 1] instanceof String t ? t : null;
                k++;
            }
            s.add(new Observation("m", "v", Observation.ALL_SEGMENTS, new String[0], null, 0, Task.REGRESSION, 1.0,
                    null, false, Double.NaN, null, Double.NaN, false, Double.NaN, Double.NaN, Double.NaN,
                    java.util.Arrays.copyOf(names, k), java.util.Arrays.copyOf(numbers, k),
                    java.util.Arrays.copyOf(texts, k)), Map.of());
        }
        return s;
    }

    private static ColumnDrift row(List<ColumnDrift> rows, String feature) {
        return rows.stream().filter(r -> r.feature().equals(feature)).findFirst().orElseThrow();
    }

    @Test
    void autoMethodsAndDecisionsOnLargeWindows() {
        Random rnd = new Random(1);
        ProfileSet ref = window(5000, i -> new Object[] {"stable", rnd.nextGaussian(), "shifted", rnd.nextGaussian(),
                "country", i % 2 == 0 ? "DE" : "FR"});
        ProfileSet cur = window(5000, i -> new Object[] {"stable", rnd.nextGaussian(), "shifted", rnd.nextGaussian() + 1,
                "country", i % 4 == 0 ? "BR" : i % 2 == 0 ? "DE" : "FR"});
        List<ColumnDrift> rows = DriftEvaluator.evaluate(cur, ref, DEFAULT, Set.of());
        ColumnDrift stable = row(rows, "stable");
        assertThat(stable.method()).isEqualTo("wasserstein_norm");
        assertThat(stable.drifted()).isFalse();
        assertThat(stable.statistic()).isEqualTo(stable.wassersteinNorm());
        ColumnDrift shifted = row(rows, "shifted");
        assertThat(shifted.drifted()).isTrue();
        assertThat(shifted.wassersteinNorm()).isCloseTo(1.0, within(0.1)); // a shift by one standard deviation
        assertThat(shifted.mean() - shifted.referenceMean()).isCloseTo(1.0, within(0.1));
        ColumnDrift country = row(rows, "country");
        assertThat(country.method()).isEqualTo("jensen_shannon");
        assertThat(country.featureType()).isEqualTo("categorical");
        assertThat(country.newCategoryRate()).isEqualTo(0.25); // BR is unseen in the reference
        assertThat(country.drifted()).isTrue();
        assertThat(country.ksStatistic()).isNaN(); // numeric-only statistics are not defined for it
        ColumnDrift prediction = rows.stream().filter(r -> r.kind() == ProfileSet.Kind.PREDICTION).findFirst().orElseThrow();
        assertThat(prediction.note()).isNull();
    }

    @Test
    void smallWindowsUseTestsCorrectedForMultipleTesting() {
        Random rnd = new Random(2);
        ProfileSet ref = window(400, i -> new Object[] {"a", rnd.nextGaussian(), "b", rnd.nextGaussian(),
                "c", rnd.nextGaussian(), "level", (double) (i % 3)});
        ProfileSet cur = window(300, i -> new Object[] {"a", rnd.nextGaussian() + 0.5, "b", rnd.nextGaussian(),
                "c", rnd.nextGaussian() + 0.15, "level", (double) (i % 3)});
        List<ColumnDrift> rows = DriftEvaluator.evaluate(cur, ref, DEFAULT, Set.of());
        assertThat(row(rows, "a").method()).isEqualTo("ks");
        assertThat(row(rows, "level").method()).isEqualTo("chi_square"); // numeric with 3 distinct values
        assertThat(row(rows, "a").drifted()).isTrue();
        // the adjusted p-values are Benjamini-Hochberg's of the window's raw ones
        List<ColumnDrift> tested = rows.stream().filter(r -> !Double.isNaN(r.pValue())).toList();
        double[] raw = tested.stream().mapToDouble(ColumnDrift::pValue).toArray();
        double[] adjusted = DriftStatistics.adjustBenjaminiHochberg(raw);
        for (int i = 0; i < raw.length; i++) {
            assertThat(tested.get(i).pValueAdjusted()).isEqualTo(adjusted[i]);
            assertThat(tested.get(i).drifted()).isEqualTo(adjusted[i] < 0.05);
        }
        // without correction a borderline raw p-value decides alone
        DriftConfig none = new DriftConfig(true, io.driftwatch.common.config.DriftwatchConfig.MethodChoice.AUTO, 10, DEFAULT.thresholds(), io.driftwatch.common.config.DriftwatchConfig.MultipleTesting.NONE, Map.of());
        for (ColumnDrift r : DriftEvaluator.evaluate(cur, ref, none, Set.of())) {
            if (!Double.isNaN(r.pValue())) assertThat(r.drifted()).isEqualTo(r.pValue() < 0.05);
        }
    }

    @Test
    void edgeCases() {
        ProfileSet ref = window(2000, i -> new Object[] {"constant", 5.0, "gone", (double) i, "cat", "c" + (i % 3),
                "kind", (double) i, "only_ref_cats", i % 2 == 0 ? "a" : "b"});
        ProfileSet cur = window(2000, i -> new Object[] {"constant", i % 2 == 0 ? 5.0 : 6.0, "gone", null,
                "cat", "c" + (i % 3), "kind", "t" + i, "only_ref_cats", "a", "new", 1.0});
        List<ColumnDrift> rows = DriftEvaluator.evaluate(cur, ref, DEFAULT, Set.of("declared_but_absent"));

        // constant reference (zero std): one distinct value, so Jensen-Shannon, not wasserstein_norm
        ColumnDrift constant = row(rows, "constant");
        assertThat(constant.method()).isEqualTo("jensen_shannon");
        assertThat(constant.wassersteinNorm()).isNaN();
        assertThat(constant.wasserstein()).isCloseTo(0.5, within(0.01));
        assertThat(constant.drifted()).isTrue();
        // all-missing column in a window with rows: the feature disappeared
        ColumnDrift gone = row(rows, "gone");
        assertThat(gone.count()).isZero();
        assertThat(gone.missingRate()).isEqualTo(1.0);
        assertThat(gone.drifted()).isTrue();
        assertThat(gone.note()).isEqualTo("no values in the window");
        // a type change is reported as drift
        ColumnDrift kind = row(rows, "kind");
        assertThat(kind.drifted()).isTrue();
        assertThat(kind.note()).isEqualTo("type changed from numeric to categorical");
        // a category only in the reference: its whole share moved
        ColumnDrift onlyRef = row(rows, "only_ref_cats");
        assertThat(onlyRef.lInfinity()).isEqualTo(0.5);
        assertThat(onlyRef.newCategoryRate()).isEqualTo(0.0);
        // a feature the reference lacks: reported, not decided
        ColumnDrift fresh = row(rows, "new");
        assertThat(fresh.drifted()).isNull();
        assertThat(fresh.note()).isEqualTo("not in the reference");
        assertThat(row(rows, "declared_but_absent").note()).isEqualTo("not in the reference");
        assertThat(row(rows, "cat").drifted()).isFalse();

        // a configured method that does not apply falls back to auto, with a note
        DriftConfig ks = ConfigLoader.parse("drift: {method: ks}").drift();
        ColumnDrift catKs = row(DriftEvaluator.evaluate(cur, ref, ks, Set.of()), "cat");
        assertThat(catKs.method()).isEqualTo("jensen_shannon");
        assertThat(catKs.note()).contains("does not apply");
        // wasserstein_norm on a constant reference is undefined: no decision
        DriftConfig wn = ConfigLoader.parse("drift: {features: {constant: {method: wasserstein_norm}}}").drift();
        ColumnDrift c2 = row(DriftEvaluator.evaluate(cur, ref, wn, Set.of()), "constant");
        assertThat(c2.drifted()).isNull();
        assertThat(c2.note()).contains("constant");
    }

    @Test
    void singleValueAndEmptyWindows() {
        Random rnd = new Random(3);
        ProfileSet ref = window(500, i -> new Object[] {"x", rnd.nextGaussian()});
        ProfileSet one = window(1, i -> new Object[] {"x", 0.1});
        ColumnDrift x = row(DriftEvaluator.evaluate(one, ref, DEFAULT, Set.of()), "x");
        assertThat(x.method()).isEqualTo("ks");
        assertThat(x.count()).isEqualTo(1);
        assertThat(x.drifted()).isFalse(); // one value cannot show drift
        // no reference at all: rows without decisions
        ColumnDrift noRef = row(DriftEvaluator.evaluate(one, null, DEFAULT, Set.of()), "x");
        assertThat(noRef.drifted()).isNull();
        assertThat(noRef.referenceCount()).isZero();
        // an empty window has no rows and no missing rate
        ColumnDrift empty = row(DriftEvaluator.evaluate(new ProfileSet(), ref, DEFAULT, Set.of()), "x");
        assertThat(empty.missingRate()).isNaN();
        assertThat(empty.drifted()).isNull();
    }

    @Test
    void nanAndInfiniteValuesAreNotProfiled() {
        ProfileSet s = window(4, i -> new Object[] {"x", new Double[] {1.0, Double.NaN, Double.POSITIVE_INFINITY, 2.0}[i]});
        ColumnProfile x = s.column(ProfileSet.Kind.FEATURE, "x");
        assertThat(x.count()).isEqualTo(2);
        assertThat(x.invalid()).isEqualTo(1); // infinity is counted as invalid; NaN as missing
        assertThat(x.numericProfile().mean()).isEqualTo(1.5);
    }

    @Test
    void perFeatureThresholdsAndMethods() {
        Random rnd = new Random(4);
        ProfileSet ref = window(3000, i -> new Object[] {"x", rnd.nextGaussian(), "y", rnd.nextGaussian()});
        ProfileSet cur = window(3000, i -> new Object[] {"x", rnd.nextGaussian() + 0.3, "y", rnd.nextGaussian() + 0.3});
        DriftConfig c = ConfigLoader.parse("""
                drift:
                  thresholds: {psi: 0.5}
                  features:
                    x: {method: psi}
                    y: {threshold: 0.5}
                """).drift();
        List<ColumnDrift> rows = DriftEvaluator.evaluate(cur, ref, c, Set.of());
        assertThat(row(rows, "x").method()).isEqualTo("psi");
        assertThat(row(rows, "x").threshold()).isEqualTo(0.5);
        assertThat(row(rows, "y").method()).isEqualTo("wasserstein_norm");
        assertThat(row(rows, "y").threshold()).isEqualTo(0.5);
        assertThat(row(rows, "y").drifted()).isFalse(); // 0.3 < 0.5
    }

    /** Category counts as a window of a categorical feature {@code cat}. */
    private static ProfileSet categories(int... counts) {
        int n = java.util.Arrays.stream(counts).sum();
        int[] cum = new int[counts.length];
        for (int i = 0, c = 0; i < counts.length; i++) cum[i] = c += counts[i];
        return window(n, i -> {
            int k = 0;
            while (i >= cum[k]) k++;
            return new Object[] {"cat", "c" + k};
        });
    }

    @Test
    void aDistanceMustAlsoBeSignificant() {
        // a 200-category Zipf feature: 2,000 values of a window against 20,000 of the reference, the same
        // distribution; the Jensen-Shannon distance of that noise alone is above the fixed 0.1
        Random rnd = new Random(5);
        double[] cdf = new double[200];
        double total = 0;
        for (int k = 0; k < 200; k++) cdf[k] = total += 1.0 / (k + 1);
        IntFunction<Object[]> zipf = i -> {
            double u = rnd.nextDouble() * cdf[199];
            int k = 0;
            while (cdf[k] < u) k++;
            return new Object[] {"merchant", "m" + k};
        };
        ProfileSet ref = window(20000, zipf);
        ProfileSet cur = window(2000, zipf);
        ColumnDrift m = row(DriftEvaluator.evaluate(cur, ref, DEFAULT, Set.of()), "merchant");
        assertThat(m.method()).isEqualTo("jensen_shannon");
        assertThat(m.statistic()).isGreaterThan(0.1);
        assertThat(m.drifted()).isFalse();
        assertThat(m.pValue()).isGreaterThan(0.05); // the chi-square (pooled) with the new-category test
        assertThat(m.note()).contains("within sampling noise");
        // the rule as it was: the distance alone
        DriftConfig old = ConfigLoader.parse("drift: {require_significance: false}").drift();
        ColumnDrift before = row(DriftEvaluator.evaluate(cur, ref, old, Set.of()), "merchant");
        assertThat(before.drifted()).isTrue();
        assertThat(before.pValue()).isNaN();
    }

    @Test
    void aSignificantChangeMustAlsoBeLargeEnough() {
        // 100,000 values shifted by 0.05 standard deviations: KS is sure of it, but it is too small to matter
        Random rnd = new Random(6);
        ProfileSet ref = window(100_000, i -> new Object[] {"x", rnd.nextGaussian()});
        ProfileSet cur = window(100_000, i -> new Object[] {"x", rnd.nextGaussian() + 0.05});
        DriftConfig ks = ConfigLoader.parse("drift: {method: ks}").drift();
        ColumnDrift x = row(DriftEvaluator.evaluate(cur, ref, ks, Set.of()), "x");
        assertThat(x.pValueAdjusted()).isLessThan(1e-6);
        assertThat(x.jensenShannon()).isLessThan(0.05);
        assertThat(x.drifted()).isFalse();
        assertThat(x.note()).contains("below drift.min_distance 0.05");
        DriftConfig noFloor = ConfigLoader.parse("drift: {method: ks, min_distance: 0}").drift();
        assertThat(row(DriftEvaluator.evaluate(cur, ref, noFloor, Set.of()), "x").drifted()).isTrue();
    }

    @Test
    void distanceThresholdsCalibratedOnTheReferenceWindows() {
        // six reference windows of a 3-category feature whose mix moves from window to window
        int[][] counts = {{500, 300, 200}, {300, 500, 200}, {400, 400, 200}, {200, 500, 300}, {500, 200, 300},
                {400, 300, 300}};
        List<ProfileSet> windows = java.util.Arrays.stream(counts).map(DriftEvaluatorTest::categories).toList();
        ProfileSet ref = categories(2300, 2200, 1500);
        DriftCalibration calibration = DriftCalibration.of(windows, ref, DEFAULT);
        // scipy 1.17: jensenshannon(w/w.sum(), ref/ref.sum(), base=2) of each window; numpy mean and std(ddof=1)
        DriftCalibration.Band band = calibration.band("feature:cat", DriftMethod.JENSEN_SHANNON);
        assertThat(band.windows()).isEqualTo(6);
        assertThat(band.mean()).isCloseTo(0.11051231336502537, within(1e-12));
        assertThat(band.sd()).isCloseTo(0.04904472684188253, within(1e-12));

        // a window as far off as the reference's second one (0.1145): above the fixed 0.1, within the band
        ProfileSet usual = categories(600, 1000, 400);
        ColumnDrift c = row(DriftEvaluator.evaluate(usual, ref, DEFAULT, Set.of(), calibration), "cat");
        assertThat(c.method()).isEqualTo("jensen_shannon");
        assertThat(c.statistic()).isCloseTo(0.11450026729367592, within(1e-12));
        // mean + z(0.95) × sd = 0.1911837101937401 (z = norm.ppf(0.95) = 1.6448536269514722)
        assertThat(c.threshold()).isCloseTo(0.1911837101937401, within(1e-9));
        assertThat(c.drifted()).isFalse();
        assertThat(c.note()).contains("calibrated on 6 reference windows");
        // uncalibrated it is drift: chi-square of the two count rows 111.19, p = 7.16e-25 (scipy chi2_contingency)
        DriftConfig fixed = ConfigLoader.parse("drift: {calibrate: false}").drift();
        ColumnDrift f = row(DriftEvaluator.evaluate(usual, ref, fixed, Set.of(), calibration), "cat");
        assertThat(f.threshold()).isEqualTo(0.1);
        assertThat(f.pValue()).isCloseTo(2 * 7.161654698813184e-25, within(1e-26));
        assertThat(f.drifted()).isTrue();
        // beyond the band: 0.2091
        ColumnDrift off = row(DriftEvaluator.evaluate(categories(1200, 600, 200), ref, DEFAULT, Set.of(), calibration),
                "cat");
        assertThat(off.statistic()).isCloseTo(0.20910075381408683, within(1e-12));
        assertThat(off.drifted()).isTrue();
        // fewer than five windows: no band
        assertThat(DriftCalibration.of(windows.subList(0, 4), ref, DEFAULT).band("feature:cat", DriftMethod.JENSEN_SHANNON))
                .isNull();
    }
}
