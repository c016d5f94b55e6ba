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
    void theLastWindowOfAnInputThatEndsInsideItIsNoTrafficDrop() {
        // nine days of 400 predictions, then a day whose log stops after 150 (at 09:00)
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < 9; i++) windows.add(Window.of(T0 + i * DAY, day(4, 300, 270)));
        KpiState cut = new KpiState();
        for (int i = 0; i < 150; i++) {
            cut.add(new Observation("m", "v1", Observation.ALL_SEGMENTS, new String[0], null, 0L, Task.BINARY_CLASSIFICATION,
                    0.9, null, false, Double.NaN, null, 40 + i % 20, false, Double.NaN, Double.NaN, Double.NaN), 0.5);
        }
        Window last = Window.of(T0 + 9 * DAY, cut);
        windows.add(last);

        // the input's end unknown (a run with --to, or a stream): 37.5 % of the traffic is an anomaly
        Judge.Judged<DriftWindow> open = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY)
                .judge(List.of(last), windows, List.of(), Map.of(), last.windowStart());
        KpiAnomaly drop = open.anomalies().stream().filter(a -> a.kpi().equals("throughput_per_s")).findFirst().orElseThrow();
        assertThat(drop.anomaly()).as(drop.toString()).isTrue();
        assertThat(open.signals().get(0).decision()).isEqualTo(Verdict.INVESTIGATE);

        // the run's input ended inside the window: its volumes are not judged, and it says why
        long end = last.windowStart() + DAY * 9 / 24;
        Judge.Judged<DriftWindow> cutShort = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY).inputSpans(Long.MIN_VALUE, end)
                .judge(List.of(last), windows, List.of(), Map.of(), last.windowStart());
        List<KpiAnomaly> volumes = cutShort.anomalies().stream().filter(a -> java.util.Set.of("throughput_per_s",
                "prediction_count", "error_count", "labeled_count").contains(a.kpi())).toList();
        assertThat(volumes).extracting(KpiAnomaly::kpi).contains("throughput_per_s");
        for (KpiAnomaly row : volumes) {
            String volume = row.kpi();
            assertThat(row.judged()).as(volume).isFalse();
            assertThat(row.anomaly()).as(volume).isFalse();
            assertThat(row.note()).as(volume).isEqualTo("not judged: the input ends inside this window (its last record at "
                    + "2025-11-10T08:59:59.999Z); a run with --from/--to around the window judges its volume");
        }
        assertThat(cutShort.signals().get(0).decision()).isEqualTo(Verdict.OK);
        // so is a check on a volume, while one on a rate is judged
        Map<String, List<io.driftwatch.common.config.Check>> checks = Map.of("m", List.of(
                io.driftwatch.common.config.Check.parse("throughput_per_s > 0.004", null, false, "k"),
                io.driftwatch.common.config.Check.parse("error_rate < 0.5 when prediction_count >= 100", null, false, "k2"),
                io.driftwatch.common.config.Check.parse("error_rate < 0.5", null, false, "k3")));
        List<CheckResult> checked = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY, Map.of(), checks).inputSpans(Long.MIN_VALUE, end)
                .judge(List.of(last), windows, List.of(), Map.of(), last.windowStart()).checks();
        assertThat(checked).extracting(CheckResult::status).containsExactly(CheckResult.NO_DATA, CheckResult.NO_DATA,
                CheckResult.PASS);
        assertThat(checked.get(0).note()).startsWith("not judged: the input ends inside this window");
        assertThat(new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY, Map.of(), checks)
                .judge(List.of(last), windows, List.of(), Map.of(), last.windowStart()).checks())
                .extracting(CheckResult::status).containsExactly(CheckResult.FAIL, CheckResult.PASS, CheckResult.PASS);
        // so with an input that starts inside the window (a log begun at 15:00, appended to the history)
        KpiAnomaly late = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY)
                .inputSpans(last.windowStart() + 15 * DAY / 24, Long.MAX_VALUE)
                .judge(List.of(last), windows, List.of(), Map.of(), last.windowStart()).anomalies().stream()
                .filter(a -> a.kpi().equals("throughput_per_s")).findFirst().orElseThrow();
        assertThat(late.judged()).isFalse();
        assertThat(late.note()).startsWith("not judged: the input starts inside this window (its first record at "
                + "2025-11-10T15:00:00Z)");
        // and a window the input's start cut is no baseline for the volumes after it: of 3 earlier windows
        // (min_baseline_windows 3) one is cut, so the fourth's throughput is not judged
        List<Window> begun = new ArrayList<>();
        begun.add(Window.of(T0, cut));
        for (int i = 1; i < 4; i++) begun.add(Window.of(T0 + i * DAY, day(4, 300, 270)));
        Window fourth = begun.get(3);
        assertThat(new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY)
                .judge(List.of(fourth), begun, List.of(), Map.of(), fourth.windowStart()).anomalies().stream()
                .filter(a -> a.kpi().equals("throughput_per_s")).findFirst().orElseThrow().baselineWindows()).isEqualTo(3);
        KpiAnomaly afterCut = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY).inputSpans(T0 + 15 * DAY / 24, Long.MAX_VALUE)
                .judge(List.of(fourth), begun, List.of(), Map.of(), fourth.windowStart()).anomalies().stream()
                .filter(a -> a.kpi().equals("throughput_per_s")).findFirst().orElseThrow();
        assertThat(afterCut.judged()).isFalse();
        assertThat(afterCut.note()).isEqualTo("not judged: 2 baseline windows, fewer than 3");
        // a log written to a minute before the window's end is whole at 400 records a day (P(no record in
        // a minute) = exp(-400/86340*60) = 0.76): its volumes are judged
        Window full = windows.get(8);
        assertThat(new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY).inputSpans(Long.MIN_VALUE, full.windowEnd() - 60_000)
                .judge(List.of(full), windows.subList(0, 9), List.of(), Map.of(), full.windowStart()).anomalies().stream()
                .filter(a -> a.kpi().equals("throughput_per_s")).findFirst().orElseThrow().judged()).isTrue();
        // an earlier window is whole: judged as before
        Judge.Judged<DriftWindow> earlier = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY).inputSpans(Long.MIN_VALUE, end)
                .judge(List.of(windows.get(8)), windows.subList(0, 9), List.of(), Map.of(), windows.get(8).windowStart());
        assertThat(earlier.anomalies().stream().filter(a -> a.kpi().equals("throughput_per_s")).findFirst().orElseThrow()
                .judged()).isTrue();
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
