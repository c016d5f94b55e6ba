package io.driftwatch.common.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.config.FairnessRule;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@code fairness} rows against independent computations: the literals were printed by
 * {@code common/src/test/python/fairness_expected.py} (numpy 2.4, scipy 1.17: {@code binomtest}'s
 * Wilson intervals, {@code contingency.relative_risk}'s Katz interval, Newcombe's interval from the
 * Wilson bounds, Fairlearn's worst-case spreads) over the same counts; and the false-alarm rate of
 * the breach rule measured by simulation where nothing differs and at the limit itself.
 */
class FairnessEvaluatorTest {
    private static final double EXACT = 1e-9;

    private static Observation obs(String group, boolean predictedPositive, Double label) {
        double score = predictedPositive ? 0.9 : 0.1;
        return new Observation("m", "v1", Observation.ALL_SEGMENTS, new String[0], null, 0L,
                Task.BINARY_CLASSIFICATION, score, null, label != null, label == null ? Double.NaN : label, null, 10,
                false, Double.NaN, Double.NaN, Double.NaN, new String[0], new double[0], new String[0],
                new String[] {"sex=" + group});
    }

    /** A group with these confusion counts and unlabeled predictions (positive, negative). */
    private static void add(KpiState s, String g, int tp, int fp, int fn, int tn, int unlabeledPos, int unlabeledNeg) {
        for (int i = 0; i < tp; i++) s.add(obs(g, true, 1.0), 0.5);
        for (int i = 0; i < fp; i++) s.add(obs(g, true, 0.0), 0.5);
        for (int i = 0; i < fn; i++) s.add(obs(g, false, 1.0), 0.5);
        for (int i = 0; i < tn; i++) s.add(obs(g, false, 0.0), 0.5);
        for (int i = 0; i < unlabeledPos; i++) s.add(obs(g, true, null), 0.5);
        for (int i = 0; i < unlabeledNeg; i++) s.add(obs(g, false, null), 0.5);
    }

    private static void close(double[] ci, double low, double high) {
        assertThat(ci[0]).isCloseTo(low, within(EXACT));
        assertThat(ci[1]).isCloseTo(high, within(EXACT));
    }

    @Test
    void ratesIntervalsAndComparisonsMatchScipy() {
        KpiState s = new KpiState();
        add(s, "A", 120, 40, 30, 160, 30, 20);
        add(s, "B", 50, 10, 60, 130, 5, 45);
        add(s, "C", 3, 1, 4, 10, 0, 0);
        // through the stored bytes, as the judge reads it
        KpiState stored = KpiState.fromBytes(s.toBytes());
        List<GroupFairness> rows = FairnessEvaluator.evaluate(stored.groups(), List.of(FairnessRule.of("sex", "A")),
                Task.BINARY_CLASSIFICATION, 0.001);
        assertThat(rows).extracting(GroupFairness::group).containsExactly("A", "B", "C");
        GroupFairness a = rows.get(0), b = rows.get(1), c = rows.get(2);

        assertThat(a.isReference()).isTrue();
        assertThat(a.count()).isEqualTo(400);
        assertThat(a.positiveCount()).isEqualTo(190);
        assertThat(a.positiveRate()).isCloseTo(0.475, within(EXACT));
        close(a.positiveRateCi(), 0.4265327259812066, 0.5239428887355082);
        close(a.tprCi(), 0.7288586692020037, 0.8561591841771504);
        close(a.fprCi(), 0.15045200926098115, 0.26085518656537876);
        close(a.precisionCi(), 0.6775763046904398, 0.8107005977238076);
        assertThat(a.disparateImpact()).isNull();
        assertThat(a.breach()).isFalse();

        assertThat(b.labeledCount()).isEqualTo(250);
        assertThat(b.positiveRate()).isCloseTo(0.21666666666666667, within(EXACT));
        close(b.positiveRateCi(), 0.1737878350698321, 0.2667098486240773);
        assertThat(b.tpr()).isCloseTo(0.45454545454545453, within(EXACT));
        close(b.tprCi(), 0.3645991214526059, 0.5475594181199545);
        assertThat(b.fpr()).isCloseTo(0.07142857142857142, within(EXACT));
        close(b.fprCi(), 0.03925838437386534, 0.1264897873713458);
        assertThat(b.precision()).isCloseTo(0.8333333333333334, within(EXACT));
        close(b.precisionCi(), 0.7196838683638547, 0.9068682302080855);
        assertThat(b.disparateImpact()).isCloseTo(0.456140350877193, within(EXACT));
        close(b.disparateImpactCi(), 0.3593311361725912, 0.5790314246479131);
        assertThat(b.parityDifference()).isCloseTo(-0.2583333333333333, within(EXACT));
        close(b.parityDifferenceCi(), -0.3234025315525064, -0.18866700925034963);
        assertThat(b.tprDifference()).isCloseTo(-0.3454545454545455, within(EXACT));
        close(b.tprDifferenceCi(), -0.45149320257680814, -0.22835336541118156);
        assertThat(b.fprDifference()).isCloseTo(-0.1285714285714286, within(EXACT));
        close(b.fprDifferenceCi(), -0.19740655526588474, -0.05449889056056567);
        // Fairlearn's spreads over the groups of at least min_group_size (A and B; C has 18)
        for (GroupFairness r : rows) {
            assertThat(r.demographicParityDifference()).isCloseTo(0.2583333333333333, within(EXACT));
            assertThat(r.demographicParityRatio()).isCloseTo(0.456140350877193, within(EXACT));
            assertThat(r.equalOpportunityDifference()).isCloseTo(0.3454545454545455, within(EXACT));
            assertThat(r.equalizedOddsDifference()).isCloseTo(0.3454545454545455, within(EXACT));
        }
        assertThat(b.judged()).isTrue();
        assertThat(b.breachPValue()).isCloseTo(1.9578419982156497e-06, within(1e-12));
        assertThat(b.breach()).isTrue();
        assertThat(b.note()).contains("disparate impact 0.456").contains("limit 0.80");

        // C differs as much, but is below min_group_size: reported, never flagged
        assertThat(c.count()).isEqualTo(18);
        assertThat(c.judged()).isFalse();
        assertThat(c.breach()).isFalse();
        assertThat(c.note()).contains("fewer than min_group_size 50");
    }

    @Test
    void theReferenceIsTheLargestGroupUnlessNamedAndMissingGroupsAreAGroup() {
        KpiState s = new KpiState();
        add(s, "x", 10, 10, 10, 10, 0, 0);
        add(s, "y", 20, 20, 20, 20, 0, 0);
        s.add(new Observation("m", "v1", Observation.ALL_SEGMENTS, new String[0], null, 0L,
                Task.BINARY_CLASSIFICATION, 0.9, null, false, Double.NaN, null, 10, false, Double.NaN, Double.NaN,
                Double.NaN, new String[0], new double[0], new String[0], new String[] {"sex=__missing__"}), 0.5);
        List<GroupFairness> rows = FairnessEvaluator.evaluate(s.groups(), List.of(FairnessRule.of("sex", null)),
                Task.BINARY_CLASSIFICATION, 0.01);
        assertThat(rows).extracting(GroupFairness::referenceGroup).containsOnly("y");
        assertThat(rows).extracting(GroupFairness::group).containsExactly("__missing__", "x", "y");
        // x's rate equals y's: nothing to flag
        assertThat(rows).noneMatch(GroupFairness::breach);
    }

    @Test
    void multiclassIsOneVsRestPerClassOrTheConfiguredOne() {
        KpiState s = new KpiState();
        String[][] data = {{"a", "cat", "cat"}, {"a", "dog", "cat"}, {"b", "dog", "dog"}, {"b", "cat", null}};
        for (String[] d : data) {
            s.add(new Observation("m", "v1", Observation.ALL_SEGMENTS, new String[0], null, 0L,
                    Task.MULTICLASS_CLASSIFICATION, Double.NaN, d[1], d[2] != null, Double.NaN, d[2], 10, false,
                    Double.NaN, Double.NaN, Double.NaN, new String[0], new double[0], new String[0],
                    new String[] {"g=" + d[0]}), 0.5);
        }
        List<GroupFairness> all = FairnessEvaluator.evaluate(s.groups(), List.of(FairnessRule.of("g", "a")),
                Task.MULTICLASS_CLASSIFICATION, 0.01);
        assertThat(all).extracting(r -> r.positiveClass() + "/" + r.group())
                .containsExactly("cat/a", "cat/b", "dog/a", "dog/b");
        GroupFairness catA = all.get(0);
        // a: predicted cat once of 2; labeled 2, both cat: TP 1, FN 1
        assertThat(catA.positiveRate()).isEqualTo(0.5);
        assertThat(catA.tpr()).isEqualTo(0.5);
        assertThat(catA.fpr()).isNull();
        FairnessRule dogOnly = new FairnessRule("g", "a", "dog", 1, 0.8, null, null, null, false);
        assertThat(FairnessEvaluator.evaluate(s.groups(), List.of(dogOnly), Task.MULTICLASS_CLASSIFICATION, 0.01))
                .extracting(GroupFairness::positiveClass).containsOnly("dog");
    }

    /**
     * The false-alarm rate of the breach rule (issue 23: every alarm judged against the window's
     * sampling noise). Two groups of equal size drawn with positive rates {@code p} and {@code DI·p}:
     * with no disparity (DI 1) hardly anything is flagged; at the limit itself (DI 0.8, where any flag is a
     * false alarm) the rate stays at the test's level — for small windows (60 per group) and large
     * ones (2,000 per group). Measured: see the assertions' messages.
     */
    @Test
    void breachesAreRareWhereNothingDiffersAndAtMostTheLevelAtTheLimit() {
        double alpha = 0.01;
        FairnessRule rule = new FairnessRule("sex", "r", null, 50, 0.8, null, null, null, false);
        for (int n : new int[] {60, 2000}) {
            for (double di : new double[] {1.0, 0.8}) {
                Random random = new Random(23L * n + (long) (100 * di));
                int trials = n > 1000 ? 1500 : 6000, flagged = 0;
                for (int t = 0; t < trials; t++) {
                    KpiState s = new KpiState();
                    for (int i = 0; i < n; i++) {
                        s.add(obs("r", random.nextDouble() < 0.4, null), 0.5);
                        s.add(obs("x", random.nextDouble() < 0.4 * di, null), 0.5);
                    }
                    List<GroupFairness> rows = FairnessEvaluator.evaluate(s.groups(), List.of(rule),
                            Task.BINARY_CLASSIFICATION, alpha);
                    assertThat(rows).hasSize(2);
                    if (rows.stream().anyMatch(GroupFairness::breach)) flagged++;
                }
                double rate = (double) flagged / trials;
                String what = String.format("n = %d per group, true DI %.1f: %d of %d windows flagged (%.4f)", n, di,
                        flagged, trials, rate);
                if (di == 1.0) {
                    // a fifth of the level at most: 60 per group flagged 7 of 6,000 windows (0.0012)
                    assertThat(rate).as(what).isLessThanOrEqualTo(alpha / 5);
                } else {
                    // α = 0.01; the binomial noise of the estimate over these trials is well under 2α
                    assertThat(rate).as(what).isLessThan(2 * alpha);
                }
                System.out.println("fairness false alarms: " + what);
            }
        }
    }
}
