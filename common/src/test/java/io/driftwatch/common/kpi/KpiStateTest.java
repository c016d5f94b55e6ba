package io.driftwatch.common.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.model.Observation;
import io.driftwatch.common.model.Task;
import io.driftwatch.common.parse.Labels;
import org.junit.jupiter.api.Test;

/**
 * Quality KPIs against known answers. Inputs and expected values were printed by
 * {@code common/src/test/python/kpi_expected.py} (numpy 2.4, scipy 1.17: scipy.stats.mannwhitneyu
 * for AUC, plain numpy for the rest) and pasted here.
 */
class KpiStateTest {
    private static final long DAY = 86_400_000L;

    // kpi_expected.py: "binary scores", "binary labels" (last 10 unlabeled), threshold 0.5
    static final double[] BINARY_SCORES = {0.22, 0.16, 0.27, 0.85, 0.70, 0.61, 0.46, 0.52, 0.75, 0.04, 0.54,
            0.72, 0.14, 0.97, 0.11, 0.75, 0.09, 0.36, 0.73, 0.49, 0.46, 0.14, 0.17, 0.25, 0.19, 0.86, 0.09, 0.59,
            0.90, 0.64, 0.19, 0.80, 0.95, 0.85, 0.77, 0.09, 0.41, 0.57, 0.75, 0.04};
    static final double[] BINARY_LABELS = {1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1,
            1, 0, 1, 0, 1, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN};

    static Observation obs(Task task, double prediction, String predictionText, double label, String labelText) {
        boolean labeled = !Double.isNaN(label) || labelText != null;
        return new Observation("m", "v1", Observation.ALL_SEGMENTS, new String[0], null, 0L, task, prediction,
                predictionText, labeled, label, labelText, Double.NaN, false, Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void binaryClassificationMatchesNumpyAndScipy() {
        KpiState state = new KpiState();
        for (int i = 0; i < BINARY_SCORES.length; i++) {
            state.add(obs(Task.BINARY_CLASSIFICATION, BINARY_SCORES[i], null, BINARY_LABELS[i], null), 0.5);
        }
        KpiValues v = state.result(DAY);
        assertThat(v.count(Kpi.PREDICTION_COUNT)).isEqualTo(40);
        assertThat(v.count(Kpi.LABELED_COUNT)).isEqualTo(30);
        assertThat(v.value(Kpi.LABEL_COVERAGE)).isEqualTo(0.75);
        assertThat(v.value(Kpi.ACCURACY)).isCloseTo(0.36666666666666664, within(1e-12));
        assertThat(v.value(Kpi.PRECISION)).isCloseTo(0.5, within(1e-12));
        assertThat(v.value(Kpi.RECALL)).isCloseTo(0.3684210526315789, within(1e-12));
        assertThat(v.value(Kpi.F1)).isCloseTo(0.42424242424242425, within(1e-12));
        assertThat(v.value(Kpi.ROC_AUC)).isCloseTo(0.3684210526315789, within(1e-12));
        assertThat(v.flag(Kpi.ROC_AUC_EXACT)).isTrue();
        assertThat(v.value(Kpi.LOG_LOSS)).isCloseTo(1.1156840724509405, within(1e-12));
        assertThat(v.value(Kpi.BRIER)).isCloseTo(0.4049166666666667, within(1e-12));
        assertThat(v.value(Kpi.ESTIMATED_ACCURACY)).isCloseTo(0.76125, within(1e-12));
        assertThat(v.value(Kpi.POSITIVE_RATE)).isCloseTo(0.5, within(1e-12));
        assertThat(v.value(Kpi.MEAN_PREDICTION)).isCloseTo(0.47975, within(1e-12));
        assertThat(v.value(Kpi.LABEL_POSITIVE_RATE)).isCloseTo(0.6333333333333333, within(1e-12));
        assertThat(v.value(Kpi.MAE)).isNull();
        assertThat(v.value(Kpi.THROUGHPUT_PER_S)).isCloseTo(40 / 86400.0, within(1e-15));
    }

    @Test
    void binaryMergeOfSplitStatesEqualsOneState() {
        KpiState a = new KpiState();
        KpiState b = new KpiState();
        for (int i = 0; i < BINARY_SCORES.length; i++) {
            (i % 3 == 0 ? a : b).add(obs(Task.BINARY_CLASSIFICATION, BINARY_SCORES[i], null, BINARY_LABELS[i], null), 0.5);
        }
        KpiValues v = a.merge(b).result(DAY);
        assertThat(v.value(Kpi.ROC_AUC)).isCloseTo(0.3684210526315789, within(1e-12));
        assertThat(v.value(Kpi.LOG_LOSS)).isCloseTo(1.1156840724509405, within(1e-12));
        assertThat(v.value(Kpi.F1)).isCloseTo(0.42424242424242425, within(1e-12));
    }

    @Test
    void statesSurviveTheirByteFormat() {
        KpiState a = new KpiState();
        KpiState b = new KpiState();
        for (int i = 0; i < BINARY_SCORES.length; i++) {
            Observation o = obs(Task.BINARY_CLASSIFICATION, BINARY_SCORES[i], null, BINARY_LABELS[i], null);
            o = new Observation(o.model(), o.modelVersion(), o.segment(), o.segments(), null, 0L, o.task(),
                    o.predictionNumber(), null, o.labeled(), o.labelNumber(), null, 10 + i, i % 7 == 0, 40 + i, 1000, Double.NaN);
            (i % 2 == 0 ? a : b).add(o, 0.5);
        }
        KpiState roundTrip = KpiState.fromBytes(a.toBytes()).merge(KpiState.fromBytes(b.toBytes()));
        KpiValues direct = a.merge(b).result(DAY);
        assertThat(roundTrip.result(DAY)).isEqualTo(direct);
        assertThat(direct.value(Kpi.ROC_AUC)).isCloseTo(0.3684210526315789, within(1e-12));
        assertThat(KpiState.fromBytes(new KpiState().toBytes()).result(DAY)).isEqualTo(new KpiState().result(DAY));
        KpiState m = new KpiState();
        m.add(obs(Task.MULTICLASS_CLASSIFICATION, Double.NaN, "cat", Double.NaN, "dog"), 0.5);
        KpiState r = new KpiState();
        r.add(obs(Task.REGRESSION, 2.0, null, 3.0, null), 0.5);
        assertThat(KpiState.fromBytes(m.toBytes()).result(DAY)).isEqualTo(m.result(DAY));
        assertThat(KpiState.fromBytes(r.toBytes()).result(DAY)).isEqualTo(r.result(DAY));
    }

    @Test
    void logLossClipsCertainWrongPredictions() {
        KpiState s = new KpiState();
        s.add(obs(Task.BINARY_CLASSIFICATION, 0.0, null, 1.0, null), 0.5);
        // -ln(1e-15) = 34.538776394910684 (python: -math.log(1e-15))
        assertThat(s.result(DAY).value(Kpi.LOG_LOSS)).isCloseTo(34.538776394910684, within(1e-9));
    }

    @Test
    void undefinedQualityKpisAreNull() {
        KpiState s = new KpiState();
        s.add(obs(Task.BINARY_CLASSIFICATION, 0.2, null, Double.NaN, null), 0.5);
        KpiValues v = s.result(DAY);
        assertThat(v.value(Kpi.ACCURACY)).isNull();
        assertThat(v.value(Kpi.LABEL_COVERAGE)).isEqualTo(0.0);
        assertThat(v.value(Kpi.ROC_AUC)).isNull();
        assertThat(v.value(Kpi.PRECISION)).isNull();
        assertThat(v.value(Kpi.ESTIMATED_ACCURACY)).isCloseTo(0.8, within(1e-12));
        // only negatives labeled: no AUC, recall undefined, precision undefined (nothing predicted positive)
        KpiState negatives = new KpiState();
        negatives.add(obs(Task.BINARY_CLASSIFICATION, 0.2, null, 0.0, null), 0.5);
        negatives.add(obs(Task.BINARY_CLASSIFICATION, 0.3, null, 0.0, null), 0.5);
        KpiValues n = negatives.result(DAY);
        assertThat(n.value(Kpi.ACCURACY)).isEqualTo(1.0);
        assertThat(n.value(Kpi.ROC_AUC)).isNull();
        assertThat(n.value(Kpi.RECALL)).isNull();
        assertThat(n.value(Kpi.PRECISION)).isNull();
        assertThat(n.value(Kpi.F1)).isNull();
        KpiValues empty = new KpiState().result(DAY);
        assertThat(empty.count(Kpi.PREDICTION_COUNT)).isZero();
        assertThat(empty.value(Kpi.ERROR_RATE)).isNull();
        assertThat(empty.value(Kpi.LABEL_COVERAGE)).isNull();
    }

    @Test
    void multiclassMatchesNumpy() {
        // kpi_expected.py: "multiclass labels", "multiclass predictions"; 5 more unlabeled predictions
        String[] labels = {"dog", "dog", "bird", "dog", "cat", "bird", "cat", "dog", "dog", "cat", "cat", "cat",
                "bird", "bird", "bird", "dog", "bird", "cat", "dog", "cat", "dog", "dog", "bird", "cat", "cat"};
        String[] preds = {"dog", "dog", "bird", "dog", "cat", "bird", "cat", "dog", "cat", "cat", "cat", "cat",
                "cat", "cat", "fish", "dog", "bird", "dog", "cat", "bird", "dog", "cat", "bird", "cat", "bird"};
        KpiState s = new KpiState();
        for (int i = 0; i < labels.length; i++) {
            s.add(obs(Task.MULTICLASS_CLASSIFICATION, Double.NaN, preds[i], Double.NaN, labels[i]), 0.5);
        }
        for (int i = 0; i < 5; i++) {
            s.add(obs(Task.MULTICLASS_CLASSIFICATION, Double.NaN, "dog", Double.NaN, null), 0.5);
        }
        KpiValues v = s.result(DAY);
        assertThat(v.count(Kpi.PREDICTION_COUNT)).isEqualTo(30);
        assertThat(v.count(Kpi.LABELED_COUNT)).isEqualTo(25);
        assertThat(v.value(Kpi.ACCURACY)).isCloseTo(0.64, within(1e-12));
        assertThat(v.value(Kpi.PRECISION)).isCloseTo(0.5173160173160173, within(1e-12));
        assertThat(v.value(Kpi.RECALL)).isCloseTo(0.6349206349206349, within(1e-12));
        assertThat(v.value(Kpi.F1)).isCloseTo(0.4913461538461539, within(1e-12));
        assertThat(v.value(Kpi.ROC_AUC)).isNull();
        assertThat(v.value(Kpi.MEAN_PREDICTION)).isNull();
    }

    @Test
    void regressionMatchesNumpy() {
        // kpi_expected.py: "regression labels", "regression predictions", "regression unlabeled predictions"
        double[] labels = {5.677, 8.026, 11.659, 0.000, 12.519, 7.908, 4.578, 15.867, 11.946, 6.028, 16.715, 9.538,
                16.927, 8.508, -0.450, 10.675, 11.285, 0.000, 14.448, 13.657, 15.135, 12.654, 6.103, 10.466, 8.161};
        double[] preds = {6.957, 10.623, 13.265, -2.218, 13.547, 7.877, 3.118, 16.176, 9.780, 3.576, 17.270, 11.636,
                16.062, 3.794, -2.016, 10.375, 9.441, 0.026, 16.081, 13.217, 14.014, 11.459, 6.378, 10.004, 7.428};
        double[] unlabeled = {8.886, 14.710, 8.216, 7.978, 14.179};
        KpiState a = new KpiState();
        KpiState b = new KpiState();
        for (int i = 0; i < labels.length; i++) {
            (i < 9 ? a : b).add(obs(Task.REGRESSION, preds[i], Labels.numberText(preds[i]), labels[i], null), 0.5);
        }
        for (double u : unlabeled) {
            a.add(obs(Task.REGRESSION, u, null, Double.NaN, null), 0.5);
        }
        KpiValues v = a.merge(b).result(DAY);
        assertThat(v.value(Kpi.MAE)).isCloseTo(1.3189599999999997, within(1e-12));
        assertThat(v.value(Kpi.RMSE)).isCloseTo(1.6717007626964817, within(1e-12));
        assertThat(v.value(Kpi.MAPE)).isCloseTo(0.2922569771961622, within(1e-12));
        assertThat(v.value(Kpi.R2)).isCloseTo(0.8846911144408645, within(1e-12));
        assertThat(v.value(Kpi.MEAN_PREDICTION)).isCloseTo(9.394633333333333, within(1e-12));
        assertThat(v.value(Kpi.ACCURACY)).isNull();
    }

    @Test
    void theStoredStateDoesNotDependOnArrivalOrder() {
        KpiState forward = new KpiState();
        KpiState backward = new KpiState();
        KpiState split = new KpiState();
        KpiState other = new KpiState();
        int n = BINARY_SCORES.length;
        for (int i = 0; i < n; i++) {
            forward.add(obs(Task.BINARY_CLASSIFICATION, BINARY_SCORES[i], null, BINARY_LABELS[i], null), 0.5);
            backward.add(obs(Task.BINARY_CLASSIFICATION, BINARY_SCORES[n - 1 - i], null, BINARY_LABELS[n - 1 - i], null), 0.5);
            (i % 2 == 0 ? other : split).add(obs(Task.BINARY_CLASSIFICATION, BINARY_SCORES[i], null, BINARY_LABELS[i], null), 0.5);
        }
        assertThat(backward.toBytes()).isEqualTo(forward.toBytes());
        assertThat(split.merge(other).toBytes()).isEqualTo(forward.toBytes());
        KpiState a = new KpiState();
        KpiState b = new KpiState();
        String[] classes = {"x", "y", "z", "w"};
        for (int i = 0; i < 40; i++) {
            a.add(obs(Task.MULTICLASS_CLASSIFICATION, Double.NaN, classes[i % 4], Double.NaN, classes[(i / 4) % 4]), 0.5);
            b.add(obs(Task.MULTICLASS_CLASSIFICATION, Double.NaN, classes[(39 - i) % 4], Double.NaN, classes[((39 - i) / 4) % 4]), 0.5);
        }
        assertThat(b.toBytes()).isEqualTo(a.toBytes());
    }
}
