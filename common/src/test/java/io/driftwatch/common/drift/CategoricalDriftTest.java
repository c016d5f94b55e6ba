package io.driftwatch.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class CategoricalDriftTest {

    private static CategoricalProfile profile(Object... categoryAndCount) {
        CategoricalProfile p = new CategoricalProfile();
        for (int i = 0; i < categoryAndCount.length; i += 2) {
            for (int n = 0; n < (Integer) categoryAndCount[i + 1]; n++) p.add((String) categoryAndCount[i]);
        }
        return p;
    }

    @Test
    void matchesScipyOnCategoriesOnlyInOneSide() {
        // the counts of drift_expected.py's categorical case: {50, 30, 15, 5, 0} vs {40, 25, 20, 0, 15}
        CategoricalProfile ref = profile("DE", 50, "FR", 30, "US", 15, "GB", 5);
        CategoricalProfile cur = profile("DE", 40, "FR", 25, "US", 20, "BR", 15);
        CategoricalDrift d = CategoricalDrift.between(ref, cur);
        // chi-square on the table with GB (expected 2.5 < 5) pooled, the pool joined with BR (issue 20):
        // scipy.stats.chi2_contingency([[50,30,15,5],[40,25,20,15]], correction=False).pvalue
        assertThat(d.chiSquarePValue()).isCloseTo(0.06349059967913107, within(1e-12));
        assertThat(d.lInfinity()).isCloseTo(0.15, within(1e-12));
        assertThat(d.jensenShannon()).isCloseTo(0.3290023421051026, within(1e-12));
        assertThat(d.psi()).isCloseTo(1.4521752167298114, within(1e-12));
        assertThat(d.newCategoryRate()).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void referenceCategoriesBeyondTheTopThousandPoolIntoOther() {
        CategoricalProfile ref = new CategoricalProfile();
        CategoricalProfile cur = new CategoricalProfile();
        for (int c = 0; c < 1500; c++) {
            for (int n = 0; n < (c < 1000 ? 3 : 1); n++) ref.add("c" + c);
            cur.add("c" + c);
        }
        CategoricalDrift d = CategoricalDrift.between(ref, cur);
        // 1000 kept bins plus __other__ (500 categories): reference 3000/3500 vs 500/3500 in other;
        // current 1000/1500 kept and 500/1500 other: L-inf = |500/3500 - 500/1500|
        assertThat(d.lInfinity()).isCloseTo(Math.abs(500.0 / 3500 - 500.0 / 1500), within(1e-12));
        assertThat(d.newCategoryRate()).isZero();
        assertThat(ref.top(2)).extracting(e -> e.getKey()).containsExactly("c0", "c1");
    }

    @Test
    void edgesAndMerging() {
        CategoricalProfile empty = new CategoricalProfile();
        CategoricalProfile one = profile("a", 5);
        assertThat(CategoricalDrift.between(empty, one).psi()).isNaN();
        CategoricalDrift same = CategoricalDrift.between(one, one);
        assertThat(same.psi()).isZero();
        assertThat(same.chiSquarePValue()).isEqualTo(1.0);
        CategoricalProfile a = profile("x", 2, "y", 1);
        a.add(null);
        a.merge(profile("y", 4, "z", 1));
        assertThat(a.count()).isEqualTo(8);
        assertThat(a.missing()).isEqualTo(1);
        assertThat(a.countOf("y")).isEqualTo(5);
        assertThat(a.distinct()).isEqualTo(3);
        assertThat(a.truncated()).isFalse();
    }

    /**
     * Issue 20: values of categories the reference never had, against the Good–Turing missing mass,
     * whose own sampling variance (Esty's {@code W}) widens the Poisson into a negative binomial.
     * Expected: scipy {@code nbinom.sf(unseen - 1, r, 1 / (1 + θ))} with {@code μ = n (N1 + 1) / (N + 1)},
     * {@code W = (N1 (1 - N1 / N) + 2 N2) / N²}, {@code θ = n² W / μ}, {@code r = μ / θ}; with {@code W = 0}
     * {@code poisson.sf(unseen - 1, μ)}.
     */
    @Test
    void newCategoriesAreJudgedAgainstTheReferencesMissingMass() {
        // 6 of 300 values unseen, a reference of 30,000 without singletons or doubletons: Poisson, λ = 300 / 30,001
        assertThat(CategoricalDrift.newCategoryPValue(6, 300, 0, 0, 30_000))
                .isCloseTo(1.3767610745366226e-15, withinPercentage(1e-6));
        // three doubletons make the missing mass uncertain: still far below any level
        assertThat(CategoricalDrift.newCategoryPValue(6, 300, 0, 3, 30_000))
                .isCloseTo(1.3676973024402845e-09, withinPercentage(1e-6));
        // a long-tailed reference (35 singletons in 20,000): 3 unseen in 400 is ordinary, p 0.038
        assertThat(CategoricalDrift.newCategoryPValue(3, 400, 35, 0, 20_000))
                .isCloseTo(0.03816186765301442, within(1e-12));
        assertThat(CategoricalDrift.newCategoryPValue(1, 400, 35, 0, 20_000))
                .isCloseTo(0.5098605729569817, within(1e-12));
        assertThat(CategoricalDrift.newCategoryPValue(0, 400, 35, 0, 20_000)).isEqualTo(1.0);
        // many singletons (r ≈ 3,900): a large shape where the tail is still exact
        assertThat(CategoricalDrift.newCategoryPValue(1400, 10_000, 5000, 1000, 40_000))
                .isCloseTo(0.00016119173417831247, withinPercentage(1e-6));
        assertThat(CategoricalDrift.newCategoryPValue(1250, 10_000, 5000, 1000, 40_000))
                .isCloseTo(0.5043809409608526, within(1e-10));
    }

    /**
     * The thin reference of the stationary churn log (bench/stationary_churn_log.py: its first hour, 72
     * values of a 300-category Zipf feature, 33 categories, 20 seen once and 6 twice): a day of 4,300
     * values with 1,580 (36.7 %) unseen. Taken as exact, the estimate 21/73 = 28.8 % gave p 4.9e-21
     * (scipy {@code poisson.sf(1579, 4300 * 21 / 73)}); with its uncertainty, 0.135. 2,000 unseen
     * (46.5 %) is still unusual at 0.015.
     */
    @Test
    void aThinReferenceDoesNotMakeOrdinaryNewValuesAnAlarm() {
        assertThat(CategoricalDrift.newCategoryPValue(1580, 4300, 20, 6, 72))
                .isCloseTo(0.13538980567557782, within(1e-10));
        assertThat(CategoricalDrift.newCategoryPValue(2000, 4300, 20, 6, 72))
                .isCloseTo(0.015012972761916078, within(1e-10));
    }
}
