package io.driftwatch.common.trend;

import io.driftwatch.common.config.ConfigLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.trend.RetrainingRules.ColumnVerdict;
import io.driftwatch.common.trend.RetrainingRules.Decision;
import io.driftwatch.common.trend.RetrainingRules.Inputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrainingRulesTest {
    static final RetrainingConfig RULES = RetrainingConfig.DEFAULT; // drop 0.05, 100 labels, share 0.5, 3 windows

    static List<ColumnVerdict> features(int drifted, int stable) {
        List<ColumnVerdict> out = new java.util.ArrayList<>();
        for (int i = 0; i < drifted; i++) out.add(new ColumnVerdict("d" + i, false, true, "wasserstein_norm", 0.5 + i));
        for (int i = 0; i < stable; i++) out.add(new ColumnVerdict("s" + i, false, false, "wasserstein_norm", 0.01));
        return out;
    }

    @Test
    void anAccuracyDropOnEnoughLabelsIsRetrainWithNumbers() {
        Decision d = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.71, 0.90, 4812, 0.8, 0.85,
                features(1, 8), 0, List.of(), Map.of()), RULES);
        assertThat(d.decision()).isEqualTo(Verdict.RETRAIN);
        assertThat(d.reasons().get(0)).isEqualTo("accuracy 0.71 vs reference 0.90 (−0.19) on 4,812 labels (z = 43.9 ≥ 2.58)");
        assertThat(d.reasons().get(1)).isEqualTo("1 of 9 features drifted: d0 (wasserstein_norm 0.50)");
        assertThat(d.qualityDrop()).isCloseTo(0.19, within(1e-12));
        assertThat(d.severity()).isEqualTo(1.0); // 0.19 is more than twice 0.05
        assertThat(d.driftedFeatures()).containsExactly("d0");
    }

    @Test
    void withoutEnoughLabelsTheEstimateDecidesAndSaysSo() {
        Decision d = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.5, 0.9, 12, 0.78, 0.88,
                features(0, 9), 0, List.of(), Map.of()), RULES);
        assertThat(d.decision()).isEqualTo(Verdict.RETRAIN);
        assertThat(d.reasons()).containsExactly(
                "estimated accuracy 0.78 vs reference 0.88 (−0.10) — 12 labels, fewer than 100, so judged without labels");
        assertThat(d.severity()).isCloseTo(0.5 + 0.5 * (0.10 / 0.10), within(1e-9));
        Decision fine = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, null, 0.9, 0, 0.86, 0.88,
                features(0, 9), 0, List.of(), Map.of()), RULES);
        assertThat(fine.decision()).isEqualTo(Verdict.OK);
    }

    @Test
    void driftShareWeightsAndPredictionDriftRuns() {
        // 6 of 9 drifted, no labels yet: at least half → RETRAIN
        Decision many = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, null, 0.9, 0, null, null,
                features(6, 3), 0, List.of(), Map.of()), RULES);
        assertThat(many.decision()).isEqualTo(Verdict.RETRAIN);
        assertThat(many.reasons().get(0)).startsWith("6 of 9 features drifted: d5 (wasserstein_norm 5.50), d4");
        // 2 of 9 drifted, but they carry most of the weight
        Decision heavy = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, null, 0.9, 0, null, null,
                features(2, 7), 0, List.of(), Map.of("d0", 5.0, "d1", 5.0)), RULES);
        assertThat(heavy.decision()).isEqualTo(Verdict.RETRAIN);
        assertThat(heavy.reasons().get(0)).isEqualTo("2 of 9 features drifted (59 % by weight): d1 (wasserstein_norm 1.50), d0 (wasserstein_norm 0.50)");
        // prediction drift: 2 windows in a row investigates (saying what fired and what retrains), 3 retrains
        List<ColumnVerdict> prediction = List.of(new ColumnVerdict("prediction", true, true, "wasserstein_norm", 0.3));
        Decision two = RetrainingRules.decide(new Inputs(Task.REGRESSION, null, 1.0, 0, null, null, prediction, 2, List.of(),
                Map.of()), RULES);
        assertThat(two.decision()).isEqualTo(Verdict.INVESTIGATE);
        assertThat(two.reasons()).containsExactly("the predictions' distribution moved (wasserstein_norm 0.30): 2 window(s)"
                + " in a row, RETRAIN from 3 in a row");
        assertThat(RetrainingRules.decide(new Inputs(Task.REGRESSION, null, 1.0, 0, null, null, prediction, 3, List.of(),
                Map.of()), RULES).reasons()).containsExactly("prediction drifted in 3 window(s) in a row (3 allowed)");
    }

    /**
     * Issue 20: an estimated accuracy over 13 predictions an hour moved by 0.06 and retrained. python:
     * se = sqrt(0.75*0.25/13) = 0.120096; z = 0.06/se = 0.4996 < 2.576; on 2,000 predictions se =
     * 0.009682, z = 6.20.
     */
    @Test
    void anEstimatedAccuracyDropWithinItsNoiseIsNoAlarm() {
        Decision few = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, null, 0.9, 13, 0.69, 0.75,
                features(0, 3), 0, List.of(), Map.of(), null, 13), RULES);
        assertThat(few.decision()).isEqualTo(Verdict.OK);
        assertThat(few.reasons()).containsExactly("estimated accuracy 0.69 vs reference 0.75 (−0.06) — 13 labels, fewer"
                + " than 100, so judged without labels; within the sampling noise of 13 predictions (z = 0.5 < 2.58),"
                + " so no alarm");
        assertThat(RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, null, 0.9, 13, 0.69, 0.75,
                features(0, 3), 0, List.of(), Map.of(), null, 2000), RULES).decision()).isEqualTo(Verdict.RETRAIN);
    }

    /** Issue 20: a regression target's drift was silently OK. */
    @Test
    void aRegressionTargetThatMovedIsAFinding() {
        List<ColumnVerdict> label = List.of(new ColumnVerdict("label", false, true, "ks", 0.21, true));
        Decision d = RetrainingRules.decide(new Inputs(Task.REGRESSION, 10.0, 10.1, 500, null, null, label, 0, List.of(),
                Map.of()), RULES);
        assertThat(d.decision()).isEqualTo(Verdict.INVESTIGATE);
        assertThat(d.reasons()).containsExactly("the label (target) distribution moved (ks 0.21): the model now predicts a"
                + " different population; check its error there");
        // the label is not a feature: it counts in no drift share
        assertThat(d.driftedFeatures()).isEmpty();
        // a classifier's class balance is judged by its quality KPIs, not here
        assertThat(RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.9, 0.9, 500, null, null, label, 0,
                List.of(), Map.of()), RULES).decision()).isEqualTo(Verdict.OK);
    }

    @Test
    void enoughLabelsShowingNoLossOverrideDriftUnlessConfiguredOtherwise() {
        // 6 of 9 drifted and the prediction drifted 3 windows in a row, but 500 labels show accuracy held
        List<ColumnVerdict> columns = new java.util.ArrayList<>(features(6, 3));
        columns.add(new ColumnVerdict("prediction", true, true, "wasserstein_norm", 0.3));
        Inputs held = new Inputs(Task.BINARY_CLASSIFICATION, 0.89, 0.9, 500, null, null, columns, 3, List.of(), Map.of());
        Decision d = RetrainingRules.decide(held, RULES);
        assertThat(d.decision()).isEqualTo(Verdict.INVESTIGATE);
        assertThat(d.reasons().get(0)).endsWith("— accuracy 0.89 vs reference 0.90 on 500 labels holds, so no retraining for drift alone");
        assertThat(d.reasons().get(1)).isEqualTo("prediction drifted in 3 window(s) in a row — accuracy 0.89 vs reference"
                + " 0.90 on 500 labels holds, so no retraining for drift alone");
        RetrainingConfig driftDecides = new RetrainingConfig(0.05, 0.2, 100, 0.5, 3, 7, false, 0.95, Map.of(),
                RetrainingConfig.DEFAULT.anomalies());
        assertThat(RetrainingRules.decide(held, driftDecides).decision()).isEqualTo(Verdict.RETRAIN);
    }

    @Test
    void aDropConcentratedInOneSegmentIsNamed() {
        Decision d = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.78, 0.90, 4812, null, null,
                features(0, 9), 0, List.of(), Map.of(), new RetrainingRules.SegmentDrop("country=DE", 0.31, 0.4)), RULES);
        assertThat(d.reasons()).containsExactly("accuracy 0.78 vs reference 0.90 (−0.12) on 4,812 labels (z = 27.7 ≥ 2.58)",
                "drop concentrated in segment country=DE (−0.31, 40 % of traffic)");
    }

    @Test
    void regressionJudgesRmseRelativelyAndDriftAloneDoesNotRetrain() {
        // features drift (2 of 9) but the error holds: INVESTIGATE, not RETRAIN
        Decision d = RetrainingRules.decide(new Inputs(Task.REGRESSION, 2.02, 2.0, 800, null, null, features(2, 7), 0,
                List.of(), Map.of()), RULES);
        assertThat(d.decision()).isEqualTo(Verdict.INVESTIGATE);
        assertThat(d.qualityDrop()).isCloseTo(0.01, within(1e-12));
        // +10 %: within max_rmse_increase (0.2), a day's noise on a thousand labels
        assertThat(RetrainingRules.decide(new Inputs(Task.REGRESSION, 2.2, 2.0, 800, null, null, features(0, 9), 0,
                List.of(), Map.of()), RULES).decision()).isEqualTo(Verdict.OK);
        Decision worse = RetrainingRules.decide(new Inputs(Task.REGRESSION, 2.6, 2.0, 800, null, null, features(0, 9), 0,
                List.of(), Map.of()), RULES);
        assertThat(worse.decision()).isEqualTo(Verdict.RETRAIN);
        assertThat(worse.reasons()).containsExactly("rmse 2.60 vs reference 2.00 (+30 %) on 800 labels (z = 12.0 ≥ 2.58)");
    }

    @Test
    void anomaliesInvestigateAndQuietWindowsAreOk() {
        Decision d = RetrainingRules.decide(new Inputs(Task.MULTICLASS_CLASSIFICATION, 0.8, 0.81, 300, null, null,
                features(0, 5), 0, List.of("latency_ms_p95", "error_rate"), Map.of()), RULES);
        assertThat(d.decision()).isEqualTo(Verdict.INVESTIGATE);
        assertThat(d.reasons()).containsExactly("anomaly in latency_ms_p95", "anomaly in error_rate");
        assertThat(d.severity()).isEqualTo(0.25);
        Decision ok = RetrainingRules.decide(new Inputs(Task.MULTICLASS_CLASSIFICATION, 0.8, 0.81, 300, null, null,
                features(0, 5), 0, List.of(), Map.of()), RULES);
        assertThat(ok.decision()).isEqualTo(Verdict.OK);
        assertThat(ok.severity()).isZero();
        assertThat(ok.reasons()).isEmpty();
    }

    @Test
    void aDropWithinTheSamplingNoiseOfFewLabelsIsSaidButNoAlarm() {
        // python: se = sqrt(0.83*0.17/125) = 0.033598; z = 0.06/se = 1.786 < 2.576 (scipy.stats.norm.ppf(0.995))
        Decision few = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.77, 0.83, 125, null, null,
                features(0, 3), 0, List.of(), Map.of()), RULES);
        assertThat(few.decision()).isEqualTo(Verdict.OK);
        assertThat(few.severity()).isZero();
        assertThat(few.reasons()).containsExactly("accuracy 0.77 vs reference 0.83 (−0.06) on 125 labels, within the"
                + " sampling noise of that many labels (z = 1.8 < 2.58), so no alarm");
        // retraining.within_noise: investigate — the rule before issue 20
        RetrainingConfig old = ConfigLoader.parse("retraining: {within_noise: investigate}").retraining();
        Decision investigated = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.77, 0.83, 125, null, null,
                features(0, 3), 0, List.of(), Map.of()), old);
        assertThat(investigated.decision()).isEqualTo(Verdict.INVESTIGATE);
        assertThat(investigated.reasons()).containsExactly("accuracy 0.77 vs reference 0.83 (−0.06) on 125 labels, within the"
                + " sampling noise of that many labels (z = 1.8 < 2.58), so not yet a retraining");
        // with another finding, the note follows the alarm's reasons
        Decision withAnomaly = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.77, 0.83, 125, null, null,
                features(0, 3), 0, List.of("latency_ms_p95"), Map.of()), RULES);
        assertThat(withAnomaly.decision()).isEqualTo(Verdict.INVESTIGATE);
        assertThat(withAnomaly.reasons()).hasSize(2).first().isEqualTo("anomaly in latency_ms_p95");
        // the same drop on 1,400 labels: se 0.01004, z 5.98
        assertThat(RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.77, 0.83, 1400, null, null,
                features(0, 3), 0, List.of(), Map.of()), RULES).decision()).isEqualTo(Verdict.RETRAIN);
        assertThat(RetrainingRules.noise(Task.BINARY_CLASSIFICATION, 0.83, 125)).isCloseTo(0.03359761896325393, within(1e-12));
        assertThat(RetrainingRules.criticalZ(0.95)).isCloseTo(1.959963984540054, within(1e-9));
        assertThat(RetrainingRules.criticalZ(0.99)).isCloseTo(2.5758293035489004, within(1e-9));
    }

    /**
     * Issue 20: with the window's interval (as kpi_windows stores it), a drop retrains only where the
     * interval's best end lies beyond the tolerance; beyond the reference only, it is INVESTIGATE; an
     * interval that reaches the reference is noise. Intervals: Wilson 95 % of 0.77 on 1,400 labels
     * ([0.7472, 0.7911], the closed form of interval_expected.py) and of 0.70 on 1,400 ([0.6756, 0.7233]).
     */
    @Test
    void aDropIsJudgedByTheWindowsIntervalAgainstTheTolerance() {
        RetrainingConfig rules = RULES;
        Decision investigate = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.77, 0.83, 1400, null,
                null, List.of(), 0, List.of(), Map.of(), null, 2000, new double[] {0.7472, 0.7911}, null), rules);
        assertThat(investigate.decision()).isEqualTo(Verdict.INVESTIGATE);
        // at 99 % (z 2.576) each side scales by 2.576 / 1.96: 0.77 − 0.0228 × 1.314 = 0.740, 0.77 + 0.0211 × 1.314 = 0.798
        assertThat(investigate.reasons()).containsExactly("accuracy 0.77 vs reference 0.83 (−0.06) on 1,400 labels;"
                + " its 99.00 % interval is [0.740, 0.798]: worse than the reference beyond noise, not surely beyond the"
                + " tolerance 0.780 — watch the next windows");
        Decision retrain = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.70, 0.83, 1400, null, null,
                List.of(), 0, List.of(), Map.of(), null, 2000, new double[] {0.6756, 0.7233}, null), rules);
        assertThat(retrain.decision()).isEqualTo(Verdict.RETRAIN);
        assertThat(retrain.reasons().get(0)).endsWith("beyond the tolerance 0.780");
        // the same drop on 125 labels: Wilson [0.6888, 0.8357] reaches the reference
        Decision noise = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.77, 0.83, 125, null, null,
                List.of(), 0, List.of(), Map.of(), null, 200, new double[] {0.6888, 0.8357}, null), rules);
        assertThat(noise.decision()).isEqualTo(Verdict.OK);
        assertThat(noise.reasons().get(0)).contains("which holds the reference: within the sampling noise, so no alarm");
    }

    /**
     * The reference is a sample too: accuracy 0.7302 on 2,646 labels (Wilson 95 % [0.71292, 0.74673])
     * against a reference of 34 of 43 (0.7907, Wilson [0.64794, 0.88577]; the closed form of
     * interval_expected.py). At 99 % each side scales by 2.5758 / 1.96: the window's best end 0.75194
     * is below the reference taken as exact (INVESTIGATE), but the drop 0.0605 is within
     * hypot(0.02178, 0.18762) = 0.1889 of the two sides — OK, naming the reference's interval
     * [0.603, 0.916] (window [0.707, 0.752]). Against 16,000 of 20,000 (Wilson [0.79440, 0.80549]) the same window stays
     * INVESTIGATE (0.0698 − hypot(0.02178, 0.00736) = 0.0468 > 0) without naming it.
     */
    @Test
    void aThinReferencesOwnNoiseIsJudgedWithTheWindows() {
        Decision thin = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.7302, 0.7907, 2646, null, null,
                List.of(), 0, List.of(), Map.of(), null, 4300, new double[] {0.71292, 0.74673}, null,
                new double[] {0.64794, 0.88577}, null), RULES);
        assertThat(thin.decision()).isEqualTo(Verdict.OK);
        assertThat(thin.reasons()).containsExactly("accuracy 0.73 vs reference 0.79 (−0.06) on 2,646 labels; its 99.00 %"
                + " interval is [0.707, 0.752] and the reference's [0.603, 0.916]: the difference is within the sampling"
                + " noise of both, so no alarm");
        Decision exact = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.7302, 0.7907, 2646, null, null,
                List.of(), 0, List.of(), Map.of(), null, 4300, new double[] {0.71292, 0.74673}, null), RULES);
        assertThat(exact.decision()).isEqualTo(Verdict.INVESTIGATE);
        Decision large = RetrainingRules.decide(new Inputs(Task.BINARY_CLASSIFICATION, 0.7302, 0.8, 2646, null, null,
                List.of(), 0, List.of(), Map.of(), null, 4300, new double[] {0.71292, 0.74673}, null,
                new double[] {0.79440, 0.80549}, null), RULES);
        assertThat(large.decision()).isEqualTo(Verdict.INVESTIGATE);
        assertThat(large.reasons().get(0)).contains("its 99.00 % interval is [0.707, 0.752]: worse than the reference")
                .doesNotContain("the reference's");
    }

    /**
     * RMSE, judged relatively: 1.3 (95 % [1.2, 1.4]) against a reference 1.0 whose own interval is
     * [0.8, 1.2]. At 99 % (× 2.5758 / 1.96 = 1.31419) the window's low end 1.1686 is 16.9 % above the
     * reference (INVESTIGATE taken as exact; the tolerance is 20 %); with the reference's side as a share,
     * 1.3 × (1 − hypot(0.13142 / 1.3, 0.26284)) − 1 = −6.6 %: within both noises. Against [0.99, 1.01]:
     * 1.3 × (1 − hypot(0.10109, 0.01314)) − 1 = +16.7 %, INVESTIGATE as before.
     */
    @Test
    void aRelativeChangeCountsTheReferencesNoiseAsAShare() {
        Decision thin = RetrainingRules.decide(new Inputs(Task.REGRESSION, 1.3, 1.0, 2000, null, null, List.of(), 0,
                List.of(), Map.of(), null, 2000, new double[] {1.2, 1.4}, null, new double[] {0.8, 1.2}, null), RULES);
        assertThat(thin.decision()).isEqualTo(Verdict.OK);
        assertThat(thin.reasons().get(0)).contains("its 99.00 % interval is [1.169, 1.431] and the reference's [0.737,"
                + " 1.263]: the difference is within the sampling noise of both, so no alarm");
        Decision large = RetrainingRules.decide(new Inputs(Task.REGRESSION, 1.3, 1.0, 2000, null, null, List.of(), 0,
                List.of(), Map.of(), null, 2000, new double[] {1.2, 1.4}, null, new double[] {0.99, 1.01}, null), RULES);
        assertThat(large.decision()).isEqualTo(Verdict.INVESTIGATE);
        assertThat(large.reasons().get(0)).doesNotContain("the reference's");
    }
}
