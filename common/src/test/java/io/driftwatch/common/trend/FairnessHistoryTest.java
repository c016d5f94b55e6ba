package io.driftwatch.common.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.config.FairnessRule;
import io.driftwatch.common.fairness.FairnessEvaluator;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.trend.JudgeTest.Window;
import io.driftwatch.common.window.WindowGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fairness judged over history (issue 23, docs/guide/fairness.md "Over history"): a group's disparate
 * impact that moves away from its own past, while staying above the four-fifths limit, is a change the
 * window-by-window breach test does not see; the judge finds it as it finds a KPI's, and no more often
 * than its allowance where nothing changes.
 */
class FairnessHistoryTest {
    static final long DAY = JudgeTest.DAY;
    static final long T0 = JudgeTest.T0;
    static final Map<String, List<FairnessRule>> FAIRNESS = Map.of("m", List.of(new FairnessRule("sex", "M", null,
            FairnessRule.DEFAULT_MIN_GROUP_SIZE, 0.8, null, null, null, false)));

    static Observation obs(String sex, boolean positive, int label) {
        return new Observation("m", "v1", Observation.ALL_SEGMENTS, new String[0], null, 0L, Task.BINARY_CLASSIFICATION,
                positive ? 0.9 : 0.1, null, true, label, null, 40, false, Double.NaN, Double.NaN, Double.NaN,
                new String[0], new double[0], new String[0], new String[] {"sex=" + sex});
    }

    /** A day of {@code n} predictions per group, {@code positives} of them positive, half of each kind labeled 1. */
    static KpiState day(int n, int malePositives, int femalePositives) {
        KpiState s = new KpiState();
        for (int i = 0; i < n; i++) {
            s.add(obs("M", i < malePositives, i % 2), 0.5);
            s.add(obs("F", i < femalePositives, i % 2), 0.5);
        }
        return s;
    }

    @Test
    void aDisparityThatGrowsAboveTheLimitIsAChangeOverHistoryNotABreach() {
        // ten days at parity, then F's positive rate 41.5 % against M's 50 % (disparate impact 0.83, above 0.8)
        List<Window> windows = new ArrayList<>();
        for (int d = 0; d < 12; d++) windows.add(Window.of(T0 + d * DAY, day(2000, 1000, d < 10 ? 1000 : 830)));
        Judge judge = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY, FAIRNESS);

        Window parity = windows.get(9), planted = windows.get(10);
        Judge.Judged<DriftWindow> quiet = judge.judge(List.of(parity), windows.subList(0, 10), List.of(), Map.of(),
                parity.windowStart());
        assertThat(quiet.anomalies()).filteredOn(a -> a.kpi().equals("disparate_impact")).singleElement()
                .satisfies(a -> {
                    assertThat(a.segment()).isEqualTo("sex=F");
                    assertThat(a.judged()).isTrue();
                    assertThat(a.anomaly()).isFalse();
                });
        assertThat(quiet.signals().get(0).reasons()).noneMatch(r -> r.startsWith("fairness"));

        Judge.Judged<DriftWindow> j = judge.judge(List.of(planted), windows.subList(0, 11), List.of(), Map.of(),
                planted.windowStart());
        KpiAnomaly di = j.anomalies().stream().filter(a -> a.kpi().equals("disparate_impact")).findFirst().orElseThrow();
        assertThat(di.value()).isEqualTo(0.83);
        assertThat(di.baselineMean()).isEqualTo(1.0);
        assertThat(di.baselineWindows()).isEqualTo(7);
        // z over the window's noise (Katz: se of ln DI = sqrt((1 − .415)/830 + (1 − .5)/1000), the interval
        // 0.83·exp(±1.96 se) read back as a standard error): python3 math gives −5.8962
        assertThat(di.zScore()).isCloseTo(-5.8962, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(di.anomaly()).as(di.toString()).isTrue();
        assertThat(di.direction()).isEqualTo("down");
        assertThat(di.worse()).isTrue();
        assertThat(di.note()).startsWith("vs sex=M");
        RetrainingSignal s = j.signals().get(0);
        assertThat(s.decision()).isEqualTo(Verdict.INVESTIGATE);
        assertThat(s.reasons()).anyMatch(r -> r.startsWith("fairness drift: disparate_impact of sex=F vs sex=M: 0.830"
                + " vs baseline 1.000"));
        // 0.83 is above the four-fifths limit: the window's own test finds no breach
        assertThat(s.reasons()).noneMatch(r -> r.startsWith("fairness: "));
        assertThat(s.anomalies()).contains("disparate_impact[sex=F]");
        // labels here are independent of the prediction, so each group's TPR is its positive rate: equal
        // opportunity moved with it (TPR 0.415 against 0.5)
        assertThat(j.anomalies()).filteredOn(a -> a.kpi().equals("tpr_difference")).singleElement()
                .satisfies(a -> {
                    assertThat(a.value()).isCloseTo(-0.085, org.assertj.core.api.Assertions.within(1e-12));
                    assertThat(a.anomaly()).isTrue();
                });
    }

    /**
     * Where nothing changes, how often a window gets a fairness-drift reason: measured on seeded
     * binomial logs, small groups (60 per group and window) and large (2,000), at parity and at the
     * four-fifths limit itself. The allowance is the fairness tests' share of the daily budget,
     * {@code α = 0.0476} per window for both measures together; the rate stays below it.
     */
    @Test
    void whereNothingChangesFairnessDriftStaysWithinItsAllowance() {
        double alpha = FairnessEvaluator.alpha(RetrainingConfig.DEFAULT);
        for (int n : new int[] {60, 2000}) {
            for (double ratio : new double[] {1.0, 0.8}) {
                Random r = new Random(n * 31 + (long) (ratio * 10));
                int windows = 0, flagged = 0;
                for (int rep = 0; rep < (n > 100 ? 40 : 100); rep++) {
                    List<Window> history = new ArrayList<>();
                    for (int d = 0; d < 30; d++) history.add(Window.of(T0 + d * DAY, randomDay(r, n, 0.5, 0.5 * ratio)));
                    Judge judge = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY, FAIRNESS);
                    // the first ten days are history; each later day judged as its own daily run would
                    for (int d = 10; d < 30; d++) {
                        Judge.Judged<DriftWindow> j = judge.judge(List.of(history.get(d)), history.subList(0, d + 1),
                                List.of(), Map.of(), history.get(d).windowStart());
                        windows++;
                        if (j.signals().get(0).reasons().stream().anyMatch(x -> x.startsWith("fairness drift"))) flagged++;
                    }
                }
                double rate = (double) flagged / windows;
                System.out.printf("fairness drift, nothing changes: %d per group, disparate impact %.1f: %d of %d windows"
                        + " (%.2f %%), allowance %.2f %%%n", n, ratio, flagged, windows, 100 * rate, 100 * alpha);
                assertThat(rate).as("n=%d ratio=%s", n, ratio).isLessThanOrEqualTo(alpha);
            }
        }
    }

    static KpiState randomDay(Random r, int n, double male, double female) {
        KpiState s = new KpiState();
        for (int i = 0; i < n; i++) {
            boolean m = r.nextDouble() < male, f = r.nextDouble() < female;
            s.add(obs("M", m, r.nextDouble() < (m ? 0.7 : 0.3) ? 1 : 0), 0.5);
            s.add(obs("F", f, r.nextDouble() < (f ? 0.7 : 0.3) ? 1 : 0), 0.5);
        }
        return s;
    }
}
