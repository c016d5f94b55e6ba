package io.driftwatch.common.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.config.Check;
import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig.RetrainingConfig;
import io.driftwatch.common.drift.ColumnDrift;
import io.driftwatch.common.drift.ProfileSet;
import io.driftwatch.common.kpi.Kpi;
import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.window.WindowGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

/** Checks as code (docs/guide/checks.md): the language, its errors, evaluation against noise; silence's false alarms. */
class ChecksTest {
    static final long DAY = 86_400_000L;
    static final long T0 = 1_761_955_200_000L; // 2025-11-01T00:00Z

    record Window(String model, String modelVersion, String segment, long windowStart, long windowEnd,
            long coverageStart, long coverageEnd, KpiValues kpis, KpiState state) implements KpiWindow {
        static Window of(String model, long start, long predictions) {
            KpiValues k = KpiValues.builder("binary_classification").put(Kpi.PREDICTION_COUNT, predictions)
                    .put(Kpi.LABELED_COUNT, 0L).build();
            return new Window(model, "v1", Observation.ALL_SEGMENTS, start, start + DAY, start, start + DAY, k, null);
        }
    }

    record Column(String model, String modelVersion, String segment, long windowStart, ColumnDrift d)
            implements DriftWindow {}

    static Column missing(String feature, long count, double missingRate) {
        double nan = Double.NaN;
        return new Column("m", "v1", Observation.ALL_SEGMENTS, T0, new ColumnDrift(ProfileSet.Kind.FEATURE, feature,
                "numeric", count, 1000, missingRate, 0.01, "psi", 0.01, nan, nan, 0.2, false, 0.01, nan, nan, nan, nan,
                nan, nan, nan, nan, 10, 10, nan, null));
    }

    @Test
    void theLanguageReadsKpisFunctionsConditionsAndNames() {
        Check c = Check.parse("accuracy >= 0.8 when labeled_count >= 200 and error_rate < 0.1", null, false, "k");
        assertThat(c.name()).isEqualTo("accuracy >= 0.8 when labeled_count >= 200 and error_rate < 0.1");
        assertThat(c.condition().toString()).isEqualTo("accuracy >= 0.8");
        assertThat(c.when()).extracting(Check.Comparison::toString).containsExactly("labeled_count >= 200", "error_rate < 0.1");
        Check f = Check.parse("missing_rate(\"card amount\") < 5e-2", "amount present", true, "k");
        assertThat(f.condition().function()).isEqualTo("missing_rate");
        assertThat(f.condition().column()).isEqualTo("card amount");
        assertThat(f.condition().bound()).isEqualTo(0.05);
        assertThat(f.name()).isEqualTo("amount present");
        assertThat(f.retrain()).isTrue();
        assertThat(Check.parse("new_category_rate(country)==0", null, false, "k").condition().toString())
                .isEqualTo("new_category_rate(country) == 0");
    }

    @Test
    void mistakesNameTheKeyTheCheckAndTheClosestName() {
        assertThatThrownBy(() -> Check.parse("latncy_ms_p99 < 150", null, false, "models.m.checks[1]"))
                .isInstanceOf(ConfigException.class).hasMessage("models.m.checks[1]: 'latncy_ms_p99 < 150': unknown KPI"
                        + " 'latncy_ms_p99'; did you mean latency_ms_p99?");
        assertThatThrownBy(() -> Check.parse("missing_rat(amount) < 0.05", null, false, "k"))
                .hasMessageStartingWith("k: 'missing_rat(amount) < 0.05': unknown function 'missing_rat'; did you mean"
                        + " missing_rate?");
        assertThatThrownBy(() -> Check.parse("missing_rate < 0.05", null, false, "k"))
                .hasMessageContaining("missing_rate is a function: missing_rate(column)");
        assertThatThrownBy(() -> Check.parse("error_rate <<= 0.01", null, false, "k"))
                .hasMessageContaining("cannot read 'error_rate <<= 0.01' (expected <kpi or function(column)> <op> <number>");
        assertThatThrownBy(() -> Check.parse("error_rate < 0.1 when a > 1 when b > 2", null, false, "k"))
                .hasMessageContaining("'when' given twice");
        assertThatThrownBy(() -> ConfigLoader.parse("models: {m: {checks: [{check: 'error_rate < 0.1', decision: page}]}}"))
                .hasMessage("models.m.checks[0].decision: 'page' is not one of investigate, retrain");
        assertThatThrownBy(() -> ConfigLoader.parse("models: {m: {checks: ['error_rate < 0.1', 'error_rate < 0.1']}}"))
                .hasMessage("models.m.checks[1]: the check 'error_rate < 0.1' is listed twice");
        assertThat(ConfigLoader.parse("models: {m: {checks: ['error_rate < 0.1', {check: 'accuracy > 0.5', name: q,"
                + " decision: retrain}]}}").checks().get("m")).extracting(Check::name).containsExactly("error_rate < 0.1", "q");
    }

    @Test
    void aBreachWithinTheWindowsNoisePassesAndOneBeyondItFails() {
        // one-sided level 0.01: z = 2.3263478740408408 (scipy.stats.norm.isf(0.01));
        // Wilson at that z, by hand in numpy: 30 of 500 -> [0.03968902328782843, 0.08973391897333256],
        // 12 of 1000 -> [0.0062173853845305365, 0.023036191775204613]
        double z = Checks.z(0.01);
        assertThat(z).isCloseTo(2.3263478740408408, within(1e-12));
        Check check = Check.parse("missing_rate(amount) < 0.05", null, false, "k");
        Window w500 = Window.of("m", T0, 500);
        CheckResult noise = Checks.evaluate(List.of(check), w500, List.of(missing("amount", 470, 0.06)), z).get(0);
        assertThat(noise.status()).isEqualTo("pass");
        assertThat(noise.value()).isEqualTo(0.06);
        assertThat(noise.ciLow()).isCloseTo(0.03968902328782843, within(1e-12));
        assertThat(noise.ciHigh()).isCloseTo(0.08973391897333256, within(1e-12));
        assertThat(noise.note()).isEqualTo("missing_rate(amount) = 0.06000 breaks < 0.05 only within its sampling noise"
                + " (interval [0.03969, 0.08973])");
        CheckResult beyond = Checks.evaluate(List.of(check), w500, List.of(missing("amount", 440, 0.12)), z).get(0);
        assertThat(beyond.status()).isEqualTo("fail");
        assertThat(beyond.failed()).isTrue();
        Check strict = Check.parse("missing_rate(amount) < 0.01", null, false, "k");
        CheckResult small = Checks.evaluate(List.of(strict), Window.of("m", T0, 1000), List.of(missing("amount", 988, 0.012)),
                z).get(0);
        assertThat(small.status()).isEqualTo("pass");
        assertThat(small.ciLow()).isCloseTo(0.0062173853845305365, within(1e-12));
        assertThat(small.ciHigh()).isCloseTo(0.023036191775204613, within(1e-12));
        // a count has no interval: compared as it is
        CheckResult volume = Checks.evaluate(List.of(Check.parse("prediction_count >= 600", null, false, "k")), w500,
                List.of(), z).get(0);
        assertThat(volume.status()).isEqualTo("fail");
        assertThat(volume.ciLow()).isNull();
    }

    @Test
    void aCheckWithoutItsDataSaysWhy() {
        double z = Checks.z(0.01);
        Window w = Window.of("m", T0, 500);
        assertThat(Checks.evaluate(List.of(Check.parse("accuracy >= 0.8 when labeled_count >= 200", null, false, "k")), w,
                List.of(), z).get(0)).satisfies(r -> {
                    assertThat(r.status()).isEqualTo("no_data");
                    assertThat(r.note()).isEqualTo("when labeled_count >= 200: not met (labeled_count = 0)");
                });
        assertThat(Checks.evaluate(List.of(Check.parse("accuracy >= 0.8", null, false, "k")), w, List.of(), z).get(0)
                .note()).isEqualTo("accuracy has no labels in the window");
        assertThat(Checks.evaluate(List.of(Check.parse("missing_rate(amout) < 0.1", null, false, "k")), w,
                List.of(missing("amount", 500, 0)), z).get(0).note())
                .isEqualTo("no column 'amout' in the window's feature_drift; did you mean amount?");
        Window partial = new Window("m", "v1", Observation.ALL_SEGMENTS, T0, T0 + DAY, T0 + DAY / 2, T0 + DAY,
                w.kpis(), null);
        assertThat(Checks.evaluate(List.of(Check.parse("prediction_count > 1", null, false, "k")), partial, List.of(), z)
                .get(0).status()).isEqualTo("no_data");
    }

    @Test
    void aModelThatStopsIsSilentAndAQuietOneIsNot() {
        Judge judge = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY);
        List<Window> stored = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            stored.add(Window.of("busy", T0 + d * DAY, 300));
            stored.add(Window.of("rare", T0 + d * DAY, d % 2 == 0 ? 3 : 2));
        }
        List<KpiAnomaly> s = judge.silences(stored, List.of(T0 + 7 * DAY), T0 + 7 * DAY);
        assertThat(s).extracting(a -> a.model() + " " + a.anomaly()).containsExactly("busy true", "rare false");
        // judged for 2 × baseline_windows (14) windows after its last records, then taken as retired
        assertThat(judge.silences(stored, List.of(T0 + 20 * DAY), T0 + 7 * DAY)).extracting(a -> a.model() + " " + a.anomaly())
                .containsExactly("busy true", "rare false");
        assertThat(judge.silences(stored, List.of(T0 + 21 * DAY), T0 + 7 * DAY)).isEmpty();
        assertThat(s.get(1).note()).endsWith("expected 2.6 in the window (mean of the 7 windows up to its last records), P(none) = 0.076 — within the noise of a quiet key");
    }

    /**
     * The false alarms of the silence rule where nothing changes: Poisson traffic at a constant rate λ,
     * 7 windows of history, the 8th judged when it happens to be empty. Measured rate per window
     * against the anomaly rule's level (α = 1 − Φ(3) = 0.00135 by default): the rule alarms only when
     * e^{−λ̂} < α, so a key whose true rate makes an empty window likely is almost never flagged.
     */
    @Test
    void silenceFalseAlarmsStayBelowTheLevelAtEveryRate() {
        Judge judge = new Judge(RetrainingConfig.DEFAULT, WindowGrid.DAILY);
        double alpha = 0.0013498980316301; // 1 - Φ(3), scipy.stats.norm.sf(3)
        Random seeds = new Random(2511);
        StringBuilder measured = new StringBuilder();
        for (double lambda : new double[] {1, 3, 5, 6.6, 7.5, 9, 12, 20}) {
            PoissonDistribution p = new PoissonDistribution(new MersenneTwister(seeds.nextInt()), lambda,
                    PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS);
            int trials = 400_000;
            int alarms = 0;
            for (int t = 0; t < trials; t++) {
                if (p.sample() != 0) continue; // the judged window has records: nothing to judge
                List<Window> stored = new ArrayList<>();
                for (int d = 0; d < 7; d++) {
                    int n = p.sample();
                    if (n > 0) stored.add(Window.of("m", T0 + d * DAY, n));
                }
                if (stored.isEmpty()) continue;
                for (KpiAnomaly a : judge.silences(stored, List.of(T0 + 7 * DAY), T0 + 7 * DAY)) {
                    if (a.anomaly()) alarms++;
                }
            }
            double rate = (double) alarms / trials;
            measured.append(String.format(java.util.Locale.ROOT, "λ %.1f: %.2e; ", lambda, rate));
            assertThat(rate).as("λ = %s", lambda).isLessThan(alpha);
        }
        System.out.println("silence false alarms per window: " + measured);
    }
}
