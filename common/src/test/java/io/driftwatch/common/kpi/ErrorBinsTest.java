package io.driftwatch.common.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.io.ByteForms;
import org.junit.jupiter.api.Test;

/**
 * The regression estimate without labels against literals from common/src/test/python/error_bins_expected.py
 * (numpy, from the definition; its Monte Carlo: realised minus estimated MAE spreads 0.1197 where the
 * standard error, the reference's noise included, says 0.1202), and its state's independence of order.
 */
class ErrorBinsTest {
    static ErrorBins reference() {
        ErrorBins r = new ErrorBins();
        for (int i = 0; i < 3000; i++) {
            double p = 50 + ((i * 37) % 101);
            double e = (((i * 53) % 41) - 20) * p / 400;
            r.add(p, p - e);
        }
        return r;
    }

    @Test
    void estimatesMatchNumpy() {
        ErrorBins window = new ErrorBins();
        for (int i = 0; i < 500; i++) window.add(100 + ((i * 29) % 61), Double.NaN);
        ErrorBins.Estimate e = ErrorBins.estimate(window, reference());
        assertThat(e.mae()).isCloseTo(3.3093226039801946, within(1e-12));
        assertThat(e.maeSe()).isCloseTo(0.12178759983095809, within(1e-12));
        assertThat(e.rmse()).isCloseTo(3.8592262038425651, within(1e-12));
        assertThat(e.rmseSe()).isCloseTo(0.11573216547000667, within(1e-12));
        // the window's bins past the reference's (150..160) read their nearest reference bins, not the pooled
        assertThat(e.pooledShare()).isZero();
        assertThat(e.predictions()).isEqualTo(500);
    }

    @Test
    void predictionsFarFromTheReferencesReadItsPooledErrors() {
        ErrorBins window = new ErrorBins();
        for (int i = 0; i < 50; i++) window.add(5000 + i, Double.NaN);
        ErrorBins.Estimate e = ErrorBins.estimate(window, reference());
        assertThat(e.mae()).isCloseTo(2.5603800000000003, within(1e-12));
        assertThat(e.maeSe()).isCloseTo(0.24376764022336223, within(1e-12));
        assertThat(e.pooledShare()).isEqualTo(1.0);
    }

    @Test
    void theStateIsTheSameInAnyOrder() {
        ErrorBins a = reference(), b = new ErrorBins(), c = new ErrorBins();
        for (int i = 2999; i >= 0; i--) {
            double p = 50 + ((i * 37) % 101);
            double e = (((i * 53) % 41) - 20) * p / 400;
            (i % 2 == 0 ? b : c).add(p, p - e);
        }
        c.merge(b);
        assertThat(ByteForms.toBytes(c::writeTo)).isEqualTo(ByteForms.toBytes(a::writeTo));
    }
}
