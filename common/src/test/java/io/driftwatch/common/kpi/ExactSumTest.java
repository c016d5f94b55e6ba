package io.driftwatch.common.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumTest {
    @Test
    void isTheCorrectlyRoundedSumWhateverTheOrder() {
        Random r = new Random(9);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            values.add((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(30) - 10));
        }
        values.add(1e100);
        values.add(-1e100);
        BigDecimal exact = BigDecimal.ZERO;
        for (double v : values) exact = exact.add(new BigDecimal(v));
        double expected = exact.round(MathContext.DECIMAL128).doubleValue();
        for (int shuffle = 0; shuffle < 5; shuffle++) {
            Collections.shuffle(values, r);
            ExactSum a = new ExactSum();
            ExactSum b = new ExactSum();
            for (int i = 0; i < values.size(); i++) (i % 3 == 0 ? a : b).add(values.get(i));
            b.add(a);
            assertThat(b.value()).isEqualTo(expected);
        }
    }

    @Test
    void edgeCases() {
        ExactSum s = new ExactSum();
        assertThat(s.value()).isEqualTo(0.0);
        s.add(0.1);
        s.add(0.2);
        assertThat(s.value()).isEqualTo(0.30000000000000004); // python: math.fsum([0.1, 0.2])
        s.add(Double.POSITIVE_INFINITY);
        assertThat(s.value()).isInfinite();
        s.add(Double.NEGATIVE_INFINITY);
        assertThat(s.value()).isNaN();
    }

    /**
     * Sums shipped as bytes and merged (as partial window states are: read back, merged into, shipped
     * again) stay exact and canonical. Sums of squares of 4-decimal values, as a regression's label
     * sums, with random splits: before the read kept the canonical terms' order (largest first), a
     * merge into a read-back sum could return garbage (seed 1, trial 466: -8.0e-15 for 5521.76).
     */
    @Test
    void mergedAfterTheirByteFormTheyStayExactAndCanonical() throws Exception {
        java.util.Random rnd = new java.util.Random(1);
        for (int trial = 0; trial < 600; trial++) {
            int n = 1 + rnd.nextInt(400);
            double[] v = new double[n];
            java.math.BigDecimal exact = java.math.BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                v[i] = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4f", 10 + 2 * rnd.nextGaussian() + rnd.nextGaussian()));
                exact = exact.add(new java.math.BigDecimal(v[i]).multiply(new java.math.BigDecimal(v[i])));
            }
            java.util.Set<String> forms = new java.util.HashSet<>();
            for (int rep = 0; rep < 6; rep++) {
                int k = 1 + rnd.nextInt(5);
                java.util.List<ExactSum> parts = new java.util.ArrayList<>();
                for (int c = 0; c < k; c++) parts.add(new ExactSum());
                for (double x : v) parts.get(rnd.nextInt(k)).addProduct(x, x);
                ExactSum total = shipped(parts.get(0));
                for (int c = 1; c < k; c++) {
                    total.add(shipped(parts.get(c)));
                    total = shipped(total);
                }
                // BigDecimal's doubleValue is the correctly rounded value of the exact sum
                assertThat(total.value()).as("trial %d", trial).isEqualTo(exact.doubleValue());
                forms.add(java.util.HexFormat.of().formatHex(bytes(total)));
            }
            assertThat(forms).as("trial %d", trial).hasSize(1);
        }
    }

    /**
     * The byte form is the greedy expansion of the exact value, read off BigDecimal here (each term the
     * correctly rounded rest): the same bytes whatever holds the sum, so states stored by earlier
     * releases read and merge as they did. Values from subnormals to 1e300, cancelling ones included.
     */
    @Test
    void theByteFormIsTheGreedyExpansionOfTheExactValue() throws Exception {
        Random r = new Random(5);
        for (int trial = 0; trial < 1_000; trial++) {
            ExactSum s = new ExactSum();
            BigDecimal exact = BigDecimal.ZERO;
            for (int i = 0, n = 1 + r.nextInt(50); i < n; i++) {
                double v = switch (r.nextInt(4)) {
                    case 0 -> Math.scalb(r.nextGaussian(), r.nextInt(2000) - 1000);
                    case 1 -> Double.MIN_VALUE * r.nextInt(1_000);
                    case 2 -> Math.round(r.nextGaussian() * 1e6) / 1e4;
                    default -> -exact.doubleValue(); // cancels most of what is there
                };
                if (r.nextBoolean()) {
                    s.add(v);
                    exact = exact.add(new BigDecimal(v));
                } else {
                    s.addProduct(v, 0.1);
                    // the product and its rounding error (exact unless the product underflows)
                    double p = v * 0.1;
                    exact = exact.add(new BigDecimal(p)).add(new BigDecimal(Math.fma(v, 0.1, -p)));
                }
            }
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(expected);
            java.util.List<Double> terms = new ArrayList<>();
            for (BigDecimal rest = exact; rest.signum() != 0 && Double.isFinite(rest.doubleValue()); ) {
                double term = rest.doubleValue();
                if (term == 0.0) break;
                terms.add(term);
                rest = rest.subtract(new BigDecimal(term));
            }
            out.writeDouble(0.0);
            out.writeInt(terms.size());
            for (double t : terms) out.writeDouble(t);
            assertThat(bytes(s)).as("trial %d", trial).isEqualTo(expected.toByteArray());
            assertThat(bytes(shipped(s))).as("trial %d", trial).isEqualTo(expected.toByteArray());
        }
    }

    static byte[] bytes(ExactSum s) throws java.io.IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        s.writeTo(new java.io.DataOutputStream(b));
        return b.toByteArray();
    }

    static ExactSum shipped(ExactSum s) throws java.io.IOException {
        ExactSum back = new ExactSum();
        back.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes(s))));
        return back;
    }
}
