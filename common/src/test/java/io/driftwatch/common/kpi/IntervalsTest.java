package io.driftwatch.common.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import org.junit.jupiter.api.Test;

/**
 * The {@code kpi_windows} intervals (issue 20) against independent computations: the expected
 * values were printed by {@code common/src/test/python/interval_expected.py} (numpy 2.4, scipy 1.17:
 * {@code t.interval}, {@code chi2.ppf}, {@code mannwhitneyu}, numerical gradients for the delta
 * method) over the same deterministic data, and pasted here.
 */
class IntervalsTest {
    private static final int N = 600;
    private static final long HOUR = 3_600_000L;
    /** Closed forms: to the last bits; the delta method against central differences: 1e-6. */
    private static final double EXACT = 1e-9, NUMERIC = 1e-6;

    private static Observation obs(Task task, double prediction, String text, double label, String labelText,
            double latency, boolean error, double cpu) {
        boolean labeled = !Double.isNaN(label) || labelText != null;
        return new Observation("m", "v1", Observation.ALL_SEGMENTS, new String[0], null, 0L, task, prediction, text,
                labeled, label, labelText, latency, error, cpu, Double.NaN, Double.NaN);
    }

    private static void check(KpiValues v, Kpi k, double low, double high, double tolerance) {
        assertThat(v.ciLow(k)).as(k.ciLowColumn()).isCloseTo(low, within(tolerance));
        assertThat(v.ciHigh(k)).as(k.ciHighColumn()).isCloseTo(high, within(tolerance));
    }

    @Test
    void binaryAndOperationalIntervalsMatchScipy() {
        KpiState state = new KpiState();
        for (int i = 0; i < N; i++) {
            double score = ((i * 37) % 101) / 100.0;
            double label = ((i * 53) % 97) < 40 + (score > 0.5 ? 30 : 0) ? 1 : 0;
            state.add(obs(Task.BINARY_CLASSIFICATION, score, null, i % 4 != 3 ? label : Double.NaN, null,
                    5 + ((i * 7919) % 1000) / 10.0, i % 50 == 0, 20.0 + (i * 31) % 60), 0.5);
        }
        KpiValues v = state.result(HOUR);
        check(v, Kpi.ACCURACY, 0.5991653420378158, 0.6872782991795483, EXACT);
        check(v, Kpi.PRECISION, 0.6502132850015974, 0.7674659295864563, EXACT);
        check(v, Kpi.RECALL, 0.5682303286253407, 0.6857707083898643, EXACT);
        check(v, Kpi.ERROR_RATE, 0.011477178627043526, 0.03463005434610916, EXACT);
        check(v, Kpi.LABEL_COVERAGE, 0.7138357639563884, 0.7829833855367614, EXACT);
        check(v, Kpi.POSITIVE_RATE, 0.46343287218454526, 0.54319138314203, EXACT);
        check(v, Kpi.F1, 0.619531059050373, 0.7165685260118678, NUMERIC);
        check(v, Kpi.ROC_AUC, 0.5919888358530813, 0.6930264669819702, EXACT);
        check(v, Kpi.LOG_LOSS, 0.8245757017601472, 1.5007539445874034, EXACT);
        check(v, Kpi.BRIER, 0.2375453992291344, 0.2910457118819767, EXACT);
        check(v, Kpi.ESTIMATED_ACCURACY, 0.7408513733457638, 0.7642819599875694, EXACT);
        check(v, Kpi.MEAN_PREDICTION, 0.4760240046991976, 0.522842661967469, EXACT);
        check(v, Kpi.LATENCY_MS_MEAN, 52.73322934847115, 57.366770651528846, EXACT);
        check(v, Kpi.CPU_PCT_MEAN, 48.11032453292058, 50.88967546707942, EXACT);
        check(v, Kpi.LATENCY_MS_P50, 51.1, 59.4, EXACT);
        check(v, Kpi.LATENCY_MS_P95, 98.0, 101.5, EXACT);
        check(v, Kpi.LATENCY_MS_P99, 103.0, 104.6, EXACT);
        check(v, Kpi.THROUGHPUT_PER_S, 0.15359581682723028, 0.1805525375377594, EXACT);
        // the interval holds its KPI
        for (Kpi k : Kpi.values()) {
            if (v.ciLow(k) == null) continue;
            assertThat(v.value(k)).as(k.column()).isBetween(v.ciLow(k), v.ciHigh(k));
        }
        // and survives the stored state: the KPIs of the state read back are the same, intervals too
        assertThat(KpiState.fromBytes(state.toBytes()).result(HOUR)).isEqualTo(v);
    }

    @Test
    void regressionIntervalsMatchScipy() {
        KpiState state = new KpiState();
        for (int i = 0; i < N; i++) {
            double p = ((i * 29) % 113) / 10.0;
            double y = p + (((i * 17) % 41) - 20) / 10.0;
            state.add(obs(Task.REGRESSION, p, null, i % 5 != 4 ? y : Double.NaN, null, Double.NaN, false, Double.NaN),
                    0.5);
        }
        KpiValues v = state.result(HOUR);
        check(v, Kpi.MAE, 0.9665847371672558, 1.0734152628327442, EXACT);
        check(v, Kpi.RMSE, 1.1321138845706609, 1.227627041231305, EXACT);
        check(v, Kpi.MEAN_PREDICTION, 5.326138294497382, 5.849528372169286, EXACT);
        check(v, Kpi.MAPE, 0.39122819189582336, 0.6517682916449183, EXACT);
        assertThat(v.ciLow(Kpi.R2)).isNull();
    }

    @Test
    void multiclassMacroIntervalsByTheDeltaMethodMatchNumericalGradients() {
        KpiState state = new KpiState();
        String cls = "abc";
        for (int i = 0; i < N; i++) {
            String p = String.valueOf(cls.charAt((i * 7) % 3));
            String y = (i * 11) % 10 < 7 ? p : String.valueOf(cls.charAt((i * 5) % 3));
            state.add(obs(Task.MULTICLASS_CLASSIFICATION, Double.NaN, p, Double.NaN, i % 6 != 5 ? y : null, Double.NaN,
                    false, Double.NaN), 0.5);
        }
        KpiValues v = state.result(HOUR);
        check(v, Kpi.ACCURACY, 0.8052918208363085, 0.8695236276498359, EXACT);
        check(v, Kpi.F1, 0.7803581489081305, 0.8492714807214993, NUMERIC);
        check(v, Kpi.PRECISION, 0.7997015595289564, 0.8669651071377104, NUMERIC);
        check(v, Kpi.RECALL, 0.7832517168924358, 0.8477006640599449, NUMERIC);
    }

    @Test
    void aStateStoredInFormat2ReadsWithItsIntervalsButNoMeanIntervals() throws Exception {
        // format 2, written by hand: 40 predictions, 2 errors, latencies 10 and 30 (no squares kept), no task
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte(2);
        out.writeByte(-1);
        out.writeLong(40);
        out.writeLong(2);
        ExactSum latencySum = new ExactSum();
        latencySum.add(40);
        out.writeLong(2);
        latencySum.writeTo(out);
        out.writeDouble(30);
        out.writeDouble(10);
        for (int m = 0; m < 3; m++) {
            out.writeLong(0);
            new ExactSum().writeTo(out);
            out.writeDouble(Double.NEGATIVE_INFINITY);
        }
        out.writeInt(-1);
        out.writeInt(-1);
        KpiValues v = KpiState.fromBytes(bytes.toByteArray()).result(HOUR);
        assertThat(v.value(Kpi.LATENCY_MS_MEAN)).isEqualTo(20.0);
        assertThat(v.ciLow(Kpi.LATENCY_MS_MEAN)).isNull();
        // wilson(2, 40) by the closed form in interval_expected.py
        check(v, Kpi.ERROR_RATE, 0.013820667386148344, 0.16503877369140962, EXACT);
    }

    @Test
    void wilsonStaysInsideZeroAndOneAndPoissonCoversZero() {
        assertThat(Intervals.wilson(0, 10)[0]).isEqualTo(0.0);
        assertThat(Intervals.wilson(10, 10)[1]).isEqualTo(1.0);
        // scipy: chi2.ppf(0.975, 2) / 2 = 3.6888794541139363
        assertThat(Intervals.poisson(0)).containsExactly(new double[] {0.0, 3.6888794541139363}, within(EXACT));
    }

    @Test
    void aMeansIntervalIsNoNarrowerThanTheReferencesSpreadAtItsSize() {
        // ten confidences 0.52, 0.55, 0.51, 0.58, 0.53, 0.60, 0.54, 0.56, 0.52, 0.57 (sum 5.48, squares 3.0108);
        // a reference of 3,000 with mean 0.641, sd 0.088. scipy 1.17: t.ppf(0.975, 9) * s / sqrt(10) for the
        // window; the reference's interval 0.641 ± t.ppf(0.975, 2999) * 0.088 / sqrt(3000); the floor
        // 0.548 ± t.ppf(0.975, 9) * 0.088 / sqrt(10)
        double[] window = Intervals.mean(10, 5.48, 3.0108);
        assertThat(window[0]).isCloseTo(0.5269945311283557, within(EXACT));
        assertThat(window[1]).isCloseTo(0.5690054688716444, within(EXACT));
        double[] reference = {0.6378497469069742, 0.6441502530930259};
        double[] floored = Intervals.meanAtLeastReferenceSpread(window, 0.548, 10, reference, 3000);
        assertThat(floored[0]).isCloseTo(0.4850485922745816, within(1e-7));
        assertThat(floored[1]).isCloseTo(0.6109514077254186, within(1e-7));
        // a window as spread as the reference keeps its own interval; without a reference, the window's
        assertThat(Intervals.meanAtLeastReferenceSpread(new double[] {0.40, 0.70}, 0.548, 10, reference, 3000))
                .containsExactly(0.40, 0.70);
        assertThat(Intervals.meanAtLeastReferenceSpread(window, 0.548, 10, null, 0)).isSameAs(window);
    }
}
