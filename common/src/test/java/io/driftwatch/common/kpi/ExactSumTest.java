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
}
