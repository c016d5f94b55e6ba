package io.driftwatch.common.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.kpi.Kpi;
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
 * A regression model's MAE and RMSE estimated without labels (docs/guide/quality-without-labels.md
 * "Regression"): errors whose spread grows with the prediction; under covariate shift (larger
 * predictions) the estimate follows the realised values within its band; when the errors themselves
 * grow (concept change) the labels' disagreement is reported.
 */
class RegressionEstimateJudgeTest {
    static final long DAY = JudgeTest.DAY, T0 = JudgeTest.T0;

    /** {@code n} predictions drawn by {@code prediction}, errors N(0, (scale · p / 10)²), the first {@code labeled} labeled. */
    static KpiState window(Random r, int n, int labeled, DoubleUnaryOperator prediction, double scale) {
        KpiState s = new KpiState();
        for (int i = 0; i < n; i++) {
            double p = prediction.applyAsDouble(r.nextDouble());
            double y = p - scale * p / 10 * r.nextGaussian();
            s.add(new Observation("m", "v1", Observation.ALL_SEGMENTS, new String[0], null, T0, Task.REGRESSION, p, null,
                    i < labeled, i < labeled ? y : Double.NaN, null, 20, false, Double.NaN, Double.NaN, Double.NaN), 0.5);
        }
        return s;
    }

    static RetrainingSignal judge(Map<String, io.driftwatch.common.kpi.KpiValues> ref, KpiState w) {
        Window win = Window.of(T0, w);
        return new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY).judge(List.of(win), List.of(win), List.of(), ref,
                T0).signals().get(0);
    }

    static Map<String, io.driftwatch.common.kpi.KpiValues> reference(Random r) {
        return Judge.referenceKpis(List.of(Window.of(T0 - DAY, window(r, 30000, 30000, u -> 10 + 90 * u, 1))));
    }

    @Test
    void underCovariateShiftTheEstimateFollowsTheRealisedErrors() {
        Random r = new Random(31);
        var ref = reference(r);
        int maeInside = 0, rmseInside = 0, windows = 200, flagged = 0;
        for (int i = 0; i < windows; i++) {
            // predictions moved up (more of the large, noisier ones); errors given a prediction as before
            KpiState w = window(r, 1000, 1000, u -> 10 + 90 * Math.sqrt(u), 1);
            RetrainingSignal s = judge(ref, w);
            double mae = w.result(DAY).value(Kpi.MAE), rmse = w.result(DAY).value(Kpi.RMSE);
            if (mae >= s.estimatedMaeCiLow() && mae <= s.estimatedMaeCiHigh()) maeInside++;
            if (rmse >= s.estimatedRmseCiLow() && rmse <= s.estimatedRmseCiHigh()) rmseInside++;
            if (Boolean.TRUE.equals(s.estimateDisagrees())) flagged++;
        }
        System.out.printf("regression estimate under covariate shift: realised MAE inside the band in %d of %d windows,"
                + " RMSE in %d; disagreement flagged in %d%n", maeInside, windows, rmseInside, flagged);
        assertThat(maeInside).isBetween(180, 200);
        assertThat(rmseInside).isBetween(180, 200);
        assertThat(flagged).isLessThanOrEqualTo(20);
    }

    @Test
    void errorsThatGrowAreReportedOnceLabelsArrive() {
        Random r = new Random(32);
        var ref = reference(r);
        RetrainingSignal s = judge(ref, window(r, 1000, 300, u -> 10 + 90 * u, 2));
        assertThat(s.estimateDisagrees()).isTrue();
        assertThat(s.reasons()).anyMatch(x -> x.startsWith("labels disagree with the estimate: mae"));
        assertThat(s.anomalies()).contains(Judge.MAE_DISAGREEMENT);
        // the same window without labels: the estimate sees the same predictions and claims nothing
        RetrainingSignal blind = judge(ref, window(r, 1000, 0, u -> 10 + 90 * u, 2));
        assertThat(blind.estimateDisagrees()).isNull();
        assertThat(blind.decision()).isEqualTo(Verdict.OK);
    }

    @Test
    void withFewLabelsAnEstimateBeyondTheToleranceJudgesAndSaysSo() {
        Random r = new Random(33);
        var ref = reference(r);
        // predictions far up (90..100: errors ~1.7× the reference's RMSE), 30 labels only
        RetrainingSignal s = judge(ref, window(r, 2000, 30, u -> 90 + 10 * u, 1));
        assertThat(s.withoutLabels()).isTrue();
        assertThat(s.reasons()).anyMatch(x -> x.startsWith("estimated rmse") && x.contains("judged without labels"));
        assertThat(s.decision()).isNotEqualTo(Verdict.OK);
    }
}
