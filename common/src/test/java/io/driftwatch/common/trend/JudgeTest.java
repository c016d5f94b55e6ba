package io.driftwatch.common.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.window.WindowGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The judge without a store or a cluster: windows in, anomalies and decisions out. */
class JudgeTest {
    static final long DAY = 86_400_000L;
    static final long T0 = 1_761_955_200_000L; // 2025-11-01T00:00Z

    record Window(String model, String modelVersion, String segment, long windowStart, long windowEnd,
            long coverageStart, long coverageEnd, KpiValues kpis, KpiState state) implements KpiWindow {
        static Window of(long start, KpiState s) {
            return new Window("m", "v1", Observation.ALL_SEGMENTS, start, start + DAY, start, start + DAY, s.result(DAY), s);
        }
    }

    /** A day of 400 binary predictions: {@code errors} failed, the first {@code labeled} labeled, {@code correct} of those right. */
    static KpiState day(int errors, int labeled, int correct) {
        KpiState s = new KpiState();
        for (int i = 0; i < 400; i++) {
            boolean isLabeled = i < labeled;
            double label = isLabeled ? (i < correct ? 1 : 0) : Double.NaN;
            s.add(new Observation("m", "v1", Observation.ALL_SEGMENTS, new String[0], null, 0L, Task.BINARY_CLASSIFICATION,
                    0.9, null, isLabeled, label, null, 40 + i % 20, i < errors, Double.NaN, Double.NaN, Double.NaN), 0.5);
        }
        return s;
    }

    static final int[] ERRORS = {4, 5, 3, 4, 6, 4, 5, 4, 40};

    List<Window> history() {
        List<Window> w = new ArrayList<>();
        for (int i = 0; i < ERRORS.length; i++) w.add(Window.of(T0 + i * DAY, day(ERRORS[i], 300, 270)));
        return w;
    }

    @Test
    void anErrorBurstIsAnAnomalyAgainstThePreviousWindowsAndInvestigated() {
        Judge judge = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY);
        List<Window> windows = history();
        Window last = windows.get(windows.size() - 1);
        Judge.Judged<DriftWindow> j = judge.judge(List.of(last), windows, List.of(), Map.of(), last.windowStart());

        KpiAnomaly errorRate = j.anomalies().stream().filter(a -> a.kpi().equals("error_rate")).findFirst().orElseThrow();
        // baseline: the 7 windows before it (baseline_windows 7, daily windows have no seasonality)
        double mean = (5 + 3 + 4 + 6 + 4 + 5 + 4) / 7.0 / 400;
        assertThat(errorRate.baseline()).isEqualTo("previous");
        assertThat(errorRate.baselineWindows()).isEqualTo(7);
        assertThat(errorRate.baselineMean()).isCloseTo(mean, within(1e-12));
        assertThat(errorRate.value()).isCloseTo(0.1, within(1e-12));
        assertThat(errorRate.anomaly()).isTrue();
        assertThat(errorRate.direction()).isEqualTo("up");
        assertThat(errorRate.worse()).isTrue();

        assertThat(j.signals()).hasSize(1);
        RetrainingSignal s = j.signals().get(0);
        assertThat(s.decision()).isEqualTo(Verdict.INVESTIGATE);
        assertThat(s.anomalies()).contains("error_rate");
        // no reference: quality is not compared, and the reasons say so
        assertThat(s.reasons()).anyMatch(r -> r.startsWith("no reference KPIs"));
    }

    @Test
    void aQualityDropBeyondTheToleranceAndTheNoiseRetrains() {
        Judge judge = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY);
        Window reference = Window.of(T0 - 7 * DAY, day(4, 300, 270)); // accuracy 0.9 on 300 labels
        Window worse = Window.of(T0, day(4, 300, 180)); // 0.6
        Map<String, KpiValues> ref = Judge.referenceKpis(List.of(reference));
        Judge.Judged<DriftWindow> j = judge.judge(List.of(worse), List.of(worse), List.of(), ref, T0);
        RetrainingSignal s = j.signals().get(0);
        assertThat(s.referenceQuality()).isCloseTo(0.9, within(1e-12));
        assertThat(s.quality()).isCloseTo(0.6, within(1e-12));
        assertThat(s.qualityDrop()).isCloseTo(0.3, within(1e-12));
        assertThat(s.decision()).isEqualTo(Verdict.RETRAIN);

        // the same window at the reference's accuracy: OK
        Window same = Window.of(T0, day(4, 300, 270));
        assertThat(judge.judge(List.of(same), List.of(same), List.of(), ref, T0).signals().get(0).decision())
                .isEqualTo(Verdict.OK);
    }

    @Test
    void thePureJudgeGivesTheSameRowsForTheSameInputsAndLeavesAPartialWindowUnjudged() {
        Judge judge = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY);
        List<Window> windows = history();
        Window last = windows.get(windows.size() - 1);
        var first = judge.judge(List.of(last), windows, List.of(), Map.of(), last.windowStart());
        var again = judge.judge(List.of(last), windows, List.of(), Map.of(), last.windowStart());
        assertThat(again).isEqualTo(first);

        Window partial = new Window("m", "v1", Observation.ALL_SEGMENTS, last.windowStart(), last.windowEnd(),
                last.windowStart(), last.windowStart() + DAY / 2, last.kpis(), last.state());
        var j = judge.judge(List.of(partial), windows, List.of(), Map.of(), last.windowStart());
        assertThat(j.anomalies()).allMatch(a -> !a.judged() && !a.anomaly()
                && a.note().startsWith("not judged: partial window"));
        assertThat(j.signals().get(0).reasons()).contains("partial window: the run covered part of it");
    }
}
