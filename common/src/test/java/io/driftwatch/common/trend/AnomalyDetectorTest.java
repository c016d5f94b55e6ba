package io.driftwatch.common.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * contract §7's detector against numpy: {@code base.mean()}, {@code base.std(ddof=1)},
 * {@code (v - mean) / std}, {@code (v - mean) / abs(mean)}.
 */
class AnomalyDetectorTest {
    static final long DAY = 86_400_000L;

    private static List<KpiPoint> days(double[] values, long count) {
        List<KpiPoint> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) out.add(new KpiPoint(i * DAY, values[i], count));
        return out;
    }

    @Test
    void zScoreAndRelativeChangeAsNumpy() {
        // base = [0.91, 0.92, 0.90, 0.93, 0.91, 0.92, 0.90]
        List<KpiPoint> history = days(new double[] {0.91, 0.92, 0.90, 0.93, 0.91, 0.92, 0.90}, 1000);
        AnomalyRule rule = AnomalyRule.DEFAULT;
        List<KpiPoint> base = Baselines.previous(history, 7 * DAY, rule);
        AnomalyDetector.Verdict drop = AnomalyDetector.judge(new KpiPoint(7 * DAY, 0.84, 1000), base, rule);
        assertThat(drop.baselineMean()).isCloseTo(0.9128571428571429, within(1e-15));
        assertThat(drop.baselineStd()).isCloseTo(0.011126972805283745, within(1e-15));
        assertThat(drop.zScore()).isCloseTo(-6.547795535416971, within(1e-12));
        assertThat(drop.pctChange()).isCloseTo(-0.07981220657277005, within(1e-15));
        // |z| >= 3 but only an 8 % change: not an anomaly under contract §7 (the retraining rules judge accuracy)
        assertThat(drop.anomaly()).isFalse();
        assertThat(drop.direction()).isEqualTo("down");
        AnomalyDetector.Verdict calm = AnomalyDetector.judge(new KpiPoint(7 * DAY, 0.905, 1000), base, rule);
        assertThat(calm.zScore()).isCloseTo(-0.7061348126430093, within(1e-12));
        assertThat(calm.anomaly()).isFalse();
    }

    @Test
    void aLatencySpikeIsAnAnomalyAgainstTheLastSevenWindows() {
        // 8 stored windows, the baseline is the last 7: [50.5, 51.2, 49.8, 50.9, 51.5, 50.1, 49.9]
        List<KpiPoint> history = days(new double[] {52.0, 50.5, 51.2, 49.8, 50.9, 51.5, 50.1, 49.9}, 5000);
        List<KpiPoint> base = Baselines.previous(history, 8 * DAY, AnomalyRule.DEFAULT);
        assertThat(base).hasSize(7).first().extracting(KpiPoint::value).isEqualTo(50.5);
        AnomalyDetector.Verdict v = AnomalyDetector.judge(new KpiPoint(8 * DAY, 80.3, 5000), base, AnomalyRule.DEFAULT);
        assertThat(v.baselineMean()).isCloseTo(50.55714285714286, within(1e-12));
        assertThat(v.baselineStd()).isCloseTo(0.6629659188252521, within(1e-12));
        assertThat(v.zScore()).isCloseTo(44.86332750793621, within(1e-9));
        assertThat(v.pctChange()).isCloseTo(0.588301780163888, within(1e-12));
        assertThat(v.anomaly()).isTrue();
        assertThat(v.direction()).isEqualTo("up");
    }

    @Test
    void smallWindowsAreNotJudgedNorUsedInBaselines() {
        List<KpiPoint> history = days(new double[] {0.01, 0.01, 0.012, 0.011, 0.5, 0.01, 0.009}, 1000);
        history.set(4, new KpiPoint(4 * DAY, 0.5, 12)); // 12 predictions: left out of the baseline
        List<KpiPoint> base = Baselines.previous(history, 7 * DAY, AnomalyRule.DEFAULT);
        assertThat(base).extracting(KpiPoint::value).doesNotContain(0.5).hasSize(6);
        assertThat(AnomalyDetector.judge(new KpiPoint(7 * DAY, 0.9, 12), base, AnomalyRule.DEFAULT))
                .satisfies(v -> {
                    assertThat(v.anomaly()).isFalse();
                    assertThat(v.note()).isEqualTo("not judged: 12 observations, fewer than 100");
                });
        assertThat(AnomalyDetector.judge(new KpiPoint(7 * DAY, 0.9, 1000), base.subList(0, 2), AnomalyRule.DEFAULT).note())
                .isEqualTo("not judged: 2 baseline windows, fewer than 3");
        assertThat(AnomalyDetector.judge(new KpiPoint(7 * DAY, null, 1000), base, AnomalyRule.DEFAULT).note())
                .isEqualTo("no value in the window");
    }

    @Test
    void constantAndZeroBaselines() {
        List<KpiPoint> flat = days(new double[] {0.0, 0.0, 0.0, 0.0}, 1000);
        List<KpiPoint> base = Baselines.previous(flat, 4 * DAY, AnomalyRule.DEFAULT);
        // error rate 0 for four days, then 5 %: z is infinite, pct_change undefined (mean 0): an anomaly
        AnomalyDetector.Verdict burst = AnomalyDetector.judge(new KpiPoint(4 * DAY, 0.05, 1000), base, AnomalyRule.DEFAULT);
        assertThat(burst.anomaly()).isTrue();
        assertThat(burst.zScore()).isNull();
        assertThat(burst.pctChange()).isNull();
        assertThat(burst.note()).isEqualTo("constant baseline");
        assertThat(AnomalyDetector.judge(new KpiPoint(4 * DAY, 0.0, 1000), base, AnomalyRule.DEFAULT).anomaly()).isFalse();
    }

    @Test
    void seasonalBaselinesTakeTheSameHour() {
        long hour = 3_600_000L;
        List<KpiPoint> history = new ArrayList<>();
        for (int h = 0; h < 24 * 9; h++) history.add(new KpiPoint(h * hour, h % 24 == 9 ? 500.0 : 100.0, 1000));
        long now = (24 * 9 + 9) * hour; // 09:00 on day 10
        List<KpiPoint> base = Baselines.seasonal(history, now, Baselines.DAY, AnomalyRule.DEFAULT);
        assertThat(base).hasSize(7).allSatisfy(p -> assertThat(p.value()).isEqualTo(500.0));
        // the daily 09:00 peak is normal against its own hour, an anomaly against the previous hours
        assertThat(AnomalyDetector.judge(new KpiPoint(now, 500.0, 1000), base, AnomalyRule.DEFAULT).anomaly()).isFalse();
        assertThat(AnomalyDetector.judge(new KpiPoint(now, 500.0, 1000),
                Baselines.previous(history, now, AnomalyRule.DEFAULT), AnomalyRule.DEFAULT).anomaly()).isTrue();
    }

    @Test
    void proportionsAreJudgedOverTheirSamplingNoise() {
        // numpy: b = [0.010, 0.0105, 0.0098, 0.0102, 0.0101, 0.0099, 0.0100]; m = b.mean(); s = b.std(ddof=1);
        // p = (m*400 + 1)/402; se = sqrt(p*(1-p)/400); z = (v - m)/max(s, se)
        List<KpiPoint> quiet = new java.util.ArrayList<>();
        double[] b = {0.010, 0.0105, 0.0098, 0.0102, 0.0101, 0.0099, 0.0100};
        for (int i = 0; i < b.length; i++) quiet.add(new KpiPoint(i * DAY, b[i], 400));
        AnomalyRule rule = AnomalyRule.DEFAULT;
        // a noise-sized rise: z 25.9 over the baseline's spread, 1.07 over the binomial floor 0.005557
        AnomalyDetector.Verdict noise = AnomalyDetector.judge(new KpiPoint(7 * DAY, 0.016, 400), quiet, rule, true);
        assertThat(noise.zScore()).isCloseTo(1.0668519825797487, within(1e-9));
        assertThat(noise.baselineStd()).isCloseTo(0.00022886885410853194, within(1e-12));
        assertThat(noise.anomaly()).isFalse();
        assertThat(noise.note()).startsWith("z over the window's sampling standard error 0.005557 of 400 observations");
        assertThat(AnomalyDetector.judge(new KpiPoint(7 * DAY, 0.016, 400), quiet, rule, false).anomaly()).isTrue();
        // an error burst: 3 % is 3.59 standard errors
        AnomalyDetector.Verdict burst = AnomalyDetector.judge(new KpiPoint(7 * DAY, 0.03, 400), quiet, rule, true);
        assertThat(burst.zScore()).isCloseTo(3.5861650980692743, within(1e-9));
        assertThat(burst.anomaly()).isTrue();
        // never failed before: one error in 400 is no alarm, ten are
        List<KpiPoint> clean = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) clean.add(new KpiPoint(i * DAY, 0.0, 400));
        assertThat(AnomalyDetector.judge(new KpiPoint(7 * DAY, 1 / 400.0, 400), clean, rule, true).anomaly()).isFalse();
        assertThat(AnomalyDetector.judge(new KpiPoint(7 * DAY, 10 / 400.0, 400), clean, rule, true).anomaly()).isTrue();
    }

    /**
     * Issue 20: a spread estimated from a few windows is itself noise; the bar is a prediction
     * interval's. scipy 1.17: {@code tail = 2*(1 - norm.cdf(z)); t.ppf(1 - tail/2, n - 1) * sqrt(1 + 1/n)}.
     */
    @Test
    void anEstimatedSpreadIsJudgedByAPredictionInterval() {
        assertThat(AnomalyDetector.predictionBar(3, 3)).isCloseTo(22.17803788154146, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(AnomalyDetector.predictionBar(3, 7)).isCloseTo(5.242665660392441, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(AnomalyDetector.predictionBar(3, 28)).isCloseTo(3.3615147909868353, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(AnomalyDetector.predictionBar(3.77, 7)).isCloseTo(8.897589244520256, org.assertj.core.data.Offset.offset(1e-6));
    }

    /**
     * Issue 20: a KPI whose window carries a sampling interval is judged over that noise, and alarms only
     * where the interval clears the baseline ± min_relative_change. Baseline p95 latencies with mean 100
     * (std 1.29); se of an interval [108, 128] = 20 / 3.92 = 5.102.
     */
    @Test
    void aWindowsIntervalFloorsTheSpreadAndMustClearTheTolerance() {
        List<KpiPoint> quiet = new java.util.ArrayList<>();
        double[] b = {100, 101, 99, 100, 102, 98, 100};
        for (int i = 0; i < b.length; i++) quiet.add(new KpiPoint(i * DAY, b[i], 400, b[i] - 8, b[i] + 8));
        // z = 18 / 5.102 = 3.53 ≥ 3, but 108 is inside 100 + 10 %
        AnomalyDetector.Verdict near = AnomalyDetector.judge(new KpiPoint(7 * DAY, 118.0, 400, 108.0, 128.0), quiet,
                AnomalyRule.DEFAULT, false);
        assertThat(near.zScore()).isCloseTo(18 / (20 / (2 * 1.959963984540054)), within(1e-9));
        assertThat(near.anomaly()).isFalse();
        assertThat(near.note()).contains("reaches the tolerance 100.0 ± 10 %");
        AnomalyDetector.Verdict far = AnomalyDetector.judge(new KpiPoint(7 * DAY, 125.0, 400, 115.0, 135.0), quiet,
                AnomalyRule.DEFAULT, false);
        assertThat(far.anomaly()).isTrue();
        // without intervals, the old rule: the baseline's own spread, with the prediction-interval bar
        assertThat(AnomalyDetector.judge(new KpiPoint(7 * DAY, 118.0, 400), quiet, AnomalyRule.DEFAULT, false).anomaly())
                .isTrue();
    }
}
