package io.driftwatch.common.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CUSUM evidence of issue 20 against hand recursion and scipy. */
class CusumTest {
    @Test
    void thresholdMatchesSiegmundsApproximationSolvedByScipy() {
        // scipy.optimize.brentq on (exp(h+1.166) − (h+1.166) − 1)/0.5 − 2/(2·norm.sf(z)), k = 0.5
        assertThat(Cusum.threshold(3.0)).isCloseTo(4.76712403557897, within(1e-9));
        assertThat(Cusum.threshold(3.7726)).isCloseTo(7.566234848212018, within(1e-6));
    }

    @Test
    void aPersistentSmallChangeAddsUpAndABlipDoesNot() {
        // by hand (and a five-line numpy loop): residuals clipped at ±3, S⁺ = max(0, S⁺ + r − 0.5)
        List<Double> persistent = Arrays.asList(0.2, 1.5, 1.8, -0.3, 2.5, 9.0, 1.2);
        Cusum.Evidence e = Cusum.run(persistent, Collections.nCopies(7, 0.2));
        assertThat(e.statistic()).isCloseTo(6.7, within(1e-12));
        assertThat(e.windows()).isEqualTo(6);
        assertThat(e.meanPctChange()).isCloseTo(0.2, within(1e-12));
        assertThat(e.statistic()).isGreaterThan(Cusum.threshold(3.0));
        // one window 9 standard errors out, the rest quiet: 2.5, under any threshold
        Cusum.Evidence blip = Cusum.run(Arrays.asList(0.0, 0.1, 9.0, -0.2, 0.0), Collections.nCopies(5, 0.3));
        assertThat(blip.statistic()).isLessThan(Cusum.threshold(3.0));
        // downward, with a window not judged in between
        Cusum.Evidence down = Cusum.run(Arrays.asList(-1.5, null, -1.5, -1.5), Arrays.asList(-0.3, null, -0.3, -0.3));
        assertThat(down.statistic()).isCloseTo(-3.0, within(1e-12));
        assertThat(down.windows()).isEqualTo(3);
    }
}
