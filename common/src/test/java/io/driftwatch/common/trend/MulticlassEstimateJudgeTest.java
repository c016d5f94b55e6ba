package io.driftwatch.common.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.kpi.Cbpe;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.trend.JudgeTest.Window;
import io.driftwatch.common.window.WindowGrid;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Multiclass quality without labels (docs/guide/quality-without-labels.md "Multiclass"): records carry
 * class probabilities; one-vs-rest CBPE per class, macro-averaged. Calibrated probabilities under a
 * shift of the class mix: the estimate follows the realised macro F1 within its band; labels drawn
 * against the probabilities (concept change): the disagreement is reported.
 */
class MulticlassEstimateJudgeTest {
    static final long DAY = JudgeTest.DAY, T0 = JudgeTest.T0;
    static final String[] CLASSES = {"a", "b", "c"};

    /**
     * {@code n} records: a "true" class drawn with the weights {@code mix}, probabilities peaked on it
     * (softmax of a noisy score), the label drawn from those probabilities (calibrated) or, with
     * {@code shuffled}, from them rotated by one class (concept change); predicted = the most probable.
     */
    static KpiState window(Random r, int n, int labeled, double[] mix, boolean shuffled) {
        KpiState s = new KpiState();
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            int t = u < mix[0] ? 0 : u < mix[0] + mix[1] ? 1 : 2;
            double[] z = new double[3];
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                z[c] = Math.exp((c == t ? 1.5 : 0) + 0.8 * r.nextGaussian());
                sum += z[c];
            }
            int argmax = 0;
            for (int c = 0; c < 3; c++) {
                z[c] /= sum;
                if (z[c] > z[argmax]) argmax = c;
            }
            double v = r.nextDouble();
            int y = v < z[0] ? 0 : v < z[0] + z[1] ? 1 : 2;
            if (shuffled) y = (y + 1) % 3;
            boolean isLabeled = i < labeled;
            s.add(new Observation("m", "v1", Observation.ALL_SEGMENTS, new String[0], null, T0,
                    Task.MULTICLASS_CLASSIFICATION, Double.NaN, CLASSES[argmax], isLabeled, Double.NaN,
                    isLabeled ? CLASSES[y] : null, 20, false, Double.NaN, Double.NaN, Double.NaN, new String[0],
                    new double[0], new String[0], new String[0], CLASSES, z.clone()), 0.5);
        }
        return s;
    }

    static RetrainingSignal judge(Map<String, io.driftwatch.common.kpi.KpiValues> ref, KpiState w) {
        Window win = Window.of(T0, w);
        return new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY).judge(List.of(win), List.of(win), List.of(), ref,
                T0).signals().get(0);
    }

    @Test
    void theMacroEstimateIsTheMeanOfTheClassesEstimates() {
        Random r = new Random(41);
        KpiState ref = window(r, 20000, 20000, new double[] {0.5, 0.3, 0.2}, false);
        KpiState w = window(r, 3000, 0, new double[] {0.2, 0.3, 0.5}, false);
        Cbpe.Estimate macro = Cbpe.estimateMacro(w.ovrCounts(), ref.ovrCounts());
        double f1 = 0, var = 0;
        for (String c : CLASSES) {
            Cbpe.Estimate one = Cbpe.estimate(w.ovrCounts().get(c), ref.ovrCounts().get(c));
            f1 += one.f1().value() / 3;
            var += one.f1().se() * one.f1().se();
        }
        assertThat(macro.f1().value()).isCloseTo(f1, within(1e-15));
        assertThat(macro.f1().se()).isCloseTo(Math.sqrt(var) / 3, within(1e-15));
    }

    @Test
    void underAShiftOfTheClassMixTheEstimateFollowsTheRealisedMacroF1() {
        Random r = new Random(42);
        var ref = Judge.referenceKpis(List.of(Window.of(T0 - DAY, window(r, 30000, 30000, new double[] {0.5, 0.3, 0.2},
                false))));
        int inside = 0, windows = 100, flagged = 0;
        double gap = 0;
        for (int i = 0; i < windows; i++) {
            KpiState w = window(r, 2000, 2000, new double[] {0.2, 0.3, 0.5}, false);
            RetrainingSignal s = judge(ref, w);
            double realised = w.result(DAY).value(Kpi.F1);
            if (realised >= s.estimatedF1CiLow() && realised <= s.estimatedF1CiHigh()) inside++;
            gap += Math.abs(realised - s.estimatedF1());
            if (Boolean.TRUE.equals(s.estimateDisagrees())) flagged++;
        }
        System.out.printf("multiclass CBPE under a class-mix shift: realised macro F1 inside the band in %d of %d windows,"
                + " mean |realised − estimated| %.4f; disagreement flagged in %d%n", inside, windows, gap / windows, flagged);
        assertThat(inside).isBetween(88, 100);
        assertThat(flagged).isLessThanOrEqualTo(10);
    }

    @Test
    void labelsThatNoLongerFollowTheProbabilitiesAreReported() {
        Random r = new Random(43);
        var ref = Judge.referenceKpis(List.of(Window.of(T0 - DAY, window(r, 30000, 30000, new double[] {0.5, 0.3, 0.2},
                false))));
        RetrainingSignal s = judge(ref, window(r, 2000, 400, new double[] {0.5, 0.3, 0.2}, true));
        assertThat(s.estimateDisagrees()).isTrue();
        assertThat(s.reasons()).anyMatch(x -> x.startsWith("labels disagree with the estimate: f1"));
    }
}
