package io.driftwatch.common.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.trend.JudgeTest.Window;
import io.driftwatch.common.window.WindowGrid;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Quality without labels in the judge (issue 24, docs/guide/quality-without-labels.md): calibrated
 * scores under covariate shift — the estimate tracks the realised F1 within its band; a concept change
 * (labels no longer follow the scores) — the labels' disagreement is reported; few labels — the
 * estimate judges and says so.
 */
class CbpeJudgeTest {
    static final long DAY = JudgeTest.DAY, T0 = JudgeTest.T0;

    /**
     * A window of {@code n} binary predictions: scores drawn by {@code score}, labels drawn with
     * probability {@code truth(score)}, the first {@code labeled} labeled.
     */
    static KpiState window(Random r, int n, int labeled, DoubleUnaryOperator score, DoubleUnaryOperator truth) {
        KpiState s = new KpiState();
        for (int i = 0; i < n; i++) {
            double p = Math.min(0.999, Math.max(0.001, score.applyAsDouble(r.nextDouble())));
            double label = i < labeled ? (r.nextDouble() < truth.applyAsDouble(p) ? 1 : 0) : Double.NaN;
            s.add(new Observation("m", "v1", Observation.ALL_SEGMENTS, new String[0], null, T0, Task.BINARY_CLASSIFICATION,
                    p, null, i < labeled, label, null, 20, false, Double.NaN, Double.NaN, Double.NaN), 0.5);
        }
        return s;
    }

    static Map<String, io.driftwatch.common.kpi.KpiValues> reference(Random r) {
        // calibrated: the label is 1 with the score's probability; scores uniform
        return Judge.referenceKpis(List.of(Window.of(T0 - DAY, window(r, 20000, 20000, u -> u, p -> p))));
    }

    static RetrainingSignal judge(Map<String, io.driftwatch.common.kpi.KpiValues> ref, KpiState w) {
        Window win = Window.of(T0, w);
        return new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY).judge(List.of(win), List.of(win), List.of(), ref,
                T0).signals().get(0);
    }

    @Test
    void underCovariateShiftTheEstimateTracksTheRealisedF1WithinItsBand() {
        Random r = new Random(24);
        var ref = reference(r);
        int inside = 0, windows = 200, disagreements = 0;
        double gap = 0;
        for (int i = 0; i < windows; i++) {
            // the population moved towards high scores (√u), labels still calibrated
            KpiState w = window(r, 2000, 2000, u -> Math.sqrt(u), p -> p);
            RetrainingSignal s = judge(ref, w);
            double realised = w.result(DAY).value(io.driftwatch.common.kpi.Kpi.F1);
            if (realised >= s.estimatedF1CiLow() && realised <= s.estimatedF1CiHigh()) inside++;
            gap += Math.abs(realised - s.estimatedF1());
            if (Boolean.TRUE.equals(s.estimateDisagrees())) disagreements++;
        }
        System.out.printf("CBPE under covariate shift: %d of %d windows' realised F1 within the estimate's 95 %% band,"
                + " mean |realised − estimated| %.4f; disagreement flagged in %d%n", inside, windows, gap / windows,
                disagreements);
        // the band is the realised value's sampling spread: about 95 % inside
        assertThat(inside).isBetween(180, 200);
        // two-sided at 95 % on both noises: about 5 % flagged by chance alone
        assertThat(disagreements).isLessThanOrEqualTo(20);
    }

    @Test
    void aConceptChangeIsReportedOnceLabelsArrive() {
        Random r = new Random(25);
        var ref = reference(r);
        // the same scores, but labels now follow 1 − score: the estimate cannot see it; the labels can
        RetrainingSignal s = judge(ref, window(r, 2000, 500, u -> u, p -> 1 - p));
        assertThat(s.estimateDisagrees()).isTrue();
        assertThat(s.reasons()).anyMatch(x -> x.startsWith("labels disagree with the estimate: f1"));
        assertThat(s.anomalies()).contains(Judge.DISAGREEMENT);
        assertThat(s.decision()).isNotEqualTo(Verdict.OK);
        // without labels the estimate sees nothing wrong (scores unchanged), and does not pretend to
        RetrainingSignal blind = judge(ref, window(r, 2000, 0, u -> u, p -> 1 - p));
        assertThat(blind.estimateDisagrees()).isNull();
        assertThat(blind.reasons()).noneMatch(x -> x.startsWith("estimated f1"));
    }

    @Test
    void withFewLabelsAFallingEstimateJudgesAndSaysSo() {
        Random r = new Random(26);
        var ref = reference(r);
        // the population moved to low scores: fewer positives, F1 falls; 40 labels only
        RetrainingSignal s = judge(ref, window(r, 3000, 40, u -> u * u * u, p -> p));
        assertThat(s.withoutLabels()).isTrue();
        assertThat(s.estimatedF1()).isLessThan(s.estimatedF1CiHigh());
        assertThat(s.reasons()).anyMatch(x -> x.startsWith("estimated f1") && x.contains("judged without labels"));
        assertThat(s.decision()).isNotEqualTo(Verdict.OK);
    }
}
