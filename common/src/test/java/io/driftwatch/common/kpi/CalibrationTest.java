package io.driftwatch.common.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Expected calibration error and the reliability diagram of a binary model (docs/guide/checks.md "Calibration"). */
class CalibrationTest {

    /**
     * 200 fixed records: score {@code ((37 i) mod 100)/100 + 0.005}, label 1 where
     * {@code ((53 i) mod 100)/100 < score^1.3} (over-confident at the top). Expected values by numpy
     * over 20 equal-width bins ({@code min(int(20 s), 19)}):
     * {@code sum_b |sum(s_b) - sum(y_b)| / N = 0.1325}, its standard error
     * {@code sqrt(sum_b S_b (1 - S_b / n_b)) / N = 0.02888555002072836}; bin 10: 10 records, mean
     * score 0.525, positive share 0.4.
     */
    @Test
    void eceAndTheReliabilityDiagramMatchNumpy() {
        BinaryClassificationState s = new BinaryClassificationState(0.5);
        BinaryClassificationState half1 = new BinaryClassificationState(0.5), half2 = new BinaryClassificationState(0.5);
        for (int i = 0; i < 200; i++) {
            double score = ((i * 37) % 100) / 100.0 + 0.005;
            double label = ((i * 53) % 100) / 100.0 < Math.pow(score, 1.3) ? 1 : 0;
            s.add(score, label);
            (i % 3 == 0 ? half1 : half2).add(score, label);
            s.add(score, Double.NaN); // an unlabeled record counts for nothing here
        }
        assertThat(s.ece()).isCloseTo(0.1325, within(1e-12));
        KpiValues.Builder k = KpiValues.builder("binary_classification");
        s.putKpis(k);
        KpiValues v = k.build();
        assertThat(v.value(Kpi.ECE)).isCloseTo(0.1325, within(1e-12));
        assertThat(v.ciHigh(Kpi.ECE)).isCloseTo(0.1325 + Intervals.Z * 0.02888555002072836, within(1e-12));
        assertThat(v.ciLow(Kpi.ECE)).isCloseTo(0.1325 - Intervals.Z * 0.02888555002072836, within(1e-12));
        double[][] diagram = s.reliability();
        double[] bin10 = java.util.Arrays.stream(diagram).filter(b -> b[0] == 10).findFirst().orElseThrow();
        assertThat(bin10[1]).isEqualTo(10);
        assertThat(bin10[2]).isCloseTo(0.525, within(1e-12));
        assertThat(bin10[3]).isCloseTo(0.4, within(1e-12));
        // merged from parts in any order: the same number
        half2.merge(half1);
        assertThat(half2.ece()).isEqualTo(s.ece());
    }

    /**
     * The interval is the noise floor the anomaly rule judges ECE against: across windows of a model
     * whose labels follow its scores, ECE must not spread more than its standard error says, or a
     * stationary model would alarm on calibration.
     */
    @Test
    void theStandardErrorCoversTheSpreadOfACalibratedModelsEce() {
        java.util.Random r = new java.util.Random(25);
        double sum = 0, squares = 0, se = 0;
        int trials = 300;
        for (int trial = 0; trial < trials; trial++) {
            BinaryClassificationState s = new BinaryClassificationState(0.5);
            for (int i = 0; i < 2000; i++) {
                double score = r.nextDouble();
                s.add(score, r.nextDouble() < score ? 1 : 0);
            }
            KpiValues.Builder k = KpiValues.builder("binary_classification");
            s.putKpis(k);
            KpiValues v = k.build();
            double e = v.value(Kpi.ECE);
            sum += e;
            squares += e * e;
            se += (v.ciHigh(Kpi.ECE) - e) / Intervals.Z;
        }
        double mean = sum / trials, sd = Math.sqrt(squares / trials - mean * mean);
        assertThat(sd).isLessThan(se / trials);
        // and a miscalibrated model (labels follow score², so the top bins are over-confident) is far beyond it
        BinaryClassificationState bad = new BinaryClassificationState(0.5);
        for (int i = 0; i < 2000; i++) {
            double score = r.nextDouble();
            bad.add(score, r.nextDouble() < score * score ? 1 : 0);
        }
        assertThat(bad.ece() - mean).isGreaterThan(5 * se / trials);
    }

    /**
     * Multiclass top-class calibration: 150 fixed records over classes a, b, c with probabilities
     * {@code w / sum(w)}, {@code w = (1 + 7i mod 10, 1 + 11i mod 10, 1 + 13i mod 10)}, predicted the first
     * argmax, labeled the prediction when {@code i mod 4 = 0}, else class {@code 17i mod 3}. numpy, on the
     * predicted class's probability over 20 bins: ECE = 0.13357059091579215.
     */
    @Test
    void multiclassTopClassEceMatchesNumpy() {
        String[] classes = {"a", "b", "c"};
        KpiState s = new KpiState();
        for (int i = 0; i < 150; i++) {
            double[] w = {1 + (i * 7) % 10, 1 + (i * 11) % 10, 1 + (i * 13) % 10};
            double sum = w[0] + w[1] + w[2];
            double[] p = {w[0] / sum, w[1] / sum, w[2] / sum};
            int argmax = 0;
            for (int c = 1; c < 3; c++) if (p[c] > p[argmax]) argmax = c;
            String predicted = classes[argmax];
            String label = i % 4 != 0 ? classes[(i * 17) % 3] : predicted;
            s.add(new io.driftwatch.common.model.Observation("m", "v1", io.driftwatch.common.model.Observation.ALL_SEGMENTS,
                    new String[0], null, 0L, io.driftwatch.common.model.Task.MULTICLASS_CLASSIFICATION, Double.NaN,
                    predicted, true, Double.NaN, label, 20, false, Double.NaN, Double.NaN, Double.NaN, new String[0],
                    new double[0], new String[0], new String[0], classes, p), 0.5);
        }
        KpiValues v = s.result(86_400_000L);
        assertThat(v.value(Kpi.ECE)).isCloseTo(0.13357059091579215, within(1e-12));
        assertThat(KpiState.fromBytes(s.toBytes()).result(86_400_000L).value(Kpi.ECE)).isEqualTo(v.value(Kpi.ECE));
        assertThat(s.reliability()).isNotEmpty();
    }
}
