package io.driftwatch.common.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.kpi.KpiState;
import io.driftwatch.common.kpi.KpiValues;
import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code model_versions}' comparisons: the accuracy test against scipy (the pooled two-proportion
 * z-test, {@code 2·norm.sf(|d|/se)}: 117/150 against 540/600 gives p = 6.649400634475495e-05), the
 * baseline and shares, and the false-alarm rate of {@code worse} simulated where both versions are
 * alike — small and large windows, a 10 % and a 50 % canary.
 */
class VersionComparisonTest {
    private static final long DAY = 86_400_000L;

    private record Row(String model, String modelVersion, String segment, long windowStart, long windowEnd,
            KpiState state) implements KpiWindow {
        @Override
        public long coverageStart() {
            return windowStart;
        }

        @Override
        public long coverageEnd() {
            return windowEnd;
        }

        @Override
        public KpiValues kpis() {
            return state.result(windowEnd - windowStart);
        }
    }

    private static Observation obs(String version, long t, boolean correct, double latency, String endpoint) {
        double label = t % 2 == 0 ? 1 : 0;
        double score = (label == 1) == correct ? 0.8 : 0.2;
        return new Observation("m", version, Observation.ALL_SEGMENTS, new String[0], null, t,
                Task.BINARY_CLASSIFICATION, score, null, true, label, null, latency, false, Double.NaN, Double.NaN,
                Double.NaN, new String[0], new double[0], new String[0],
                endpoint == null ? new String[0] : new String[] {KpiState.ENDPOINT + endpoint});
    }

    @Test
    void aWorseCanaryIsNamedWithItsShareEndpointAndPValue() {
        KpiState base = new KpiState(), canary = new KpiState();
        for (int i = 0; i < 600; i++) base.add(obs("v2.0", 1000 + i, i % 10 != 0, 20, "default"), 0.5);
        for (int i = 0; i < 150; i++) canary.add(obs("v2.1", 5000 + i, i % 150 >= 33, 20, "canary"), 0.5);
        List<ModelVersion> rows = VersionComparison.of(List.of(new Row("m", "v2.1", "__all__", 0, DAY, canary),
                new Row("m", "v2.0", "__all__", 0, DAY, base)), 0.01);
        assertThat(rows).extracting(ModelVersion::modelVersion).containsExactly("v2.0", "v2.1");
        ModelVersion b = rows.get(0), c = rows.get(1);
        assertThat(b.baselineVersion()).isNull();
        assertThat(b.trafficShare()).isEqualTo(0.8);
        assertThat(b.endpoint()).isEqualTo("default");
        assertThat(c.baselineVersion()).isEqualTo("v2.0");
        assertThat(c.trafficShare()).isCloseTo(0.2, within(1e-12));
        assertThat(c.firstSeen()).isEqualTo(5000L);
        assertThat(c.lastSeen()).isEqualTo(5149L);
        assertThat(c.endpoint()).isEqualTo("canary");
        assertThat(c.accuracyDiff()).isCloseTo(-0.12, within(1e-12));
        assertThat(c.accuracyPValue()).isCloseTo(6.649400634475495e-05, within(1e-15));
        assertThat(c.worse()).isTrue();
        assertThat(c.note()).startsWith("v2.1 (canary, 20 %) accuracy -12.0 points vs v2.0, p = 6.6e-05");
    }

    /**
     * Two versions of the same quality and latency: {@code worse} in at most the level's share of
     * windows (α = 0.01 here, for the window's tests together). Measured: see the messages; before
     * {@link VersionComparison#MIN_COUNT}, 20-prediction canaries were flagged in 1.6 % of windows.
     */
    @Test
    void versionsAlikeAreRarelyFlagged() {
        double alpha = 0.01;
        for (int n : new int[] {200, 400, 5000}) {
            for (double share : new double[] {0.1, 0.5}) {
                Random r = new Random(n * 31L + (long) (share * 10));
                int trials = n > 1000 ? 300 : 1500, flagged = 0;
                for (int t = 0; t < trials; t++) {
                    KpiState a = new KpiState(), b = new KpiState();
                    for (int i = 0; i < n; i++) {
                        boolean canary = r.nextDouble() < share;
                        Observation o = obs(canary ? "v2" : "v1", i, r.nextDouble() < 0.85, 10 + 20 * r.nextDouble(), null);
                        (canary ? b : a).add(o, 0.5);
                    }
                    List<ModelVersion> rows = VersionComparison.of(List.of(new Row("m", "v1", "__all__", 0, DAY, a),
                            new Row("m", "v2", "__all__", 0, DAY, b)), alpha);
                    if (rows.stream().anyMatch(ModelVersion::worse)) flagged++;
                }
                double rate = (double) flagged / trials;
                String what = String.format("%d predictions, canary %.0f %%: %d of %d windows flagged (%.4f)", n,
                        100 * share, flagged, trials, rate);
                System.out.println("version false alarms: " + what);
                assertThat(rate).as(what).isLessThan(2 * alpha);
            }
        }
    }
}
