package io.driftwatch.common.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.common.io.ByteForms;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FixedSum}: the correctly rounded exact sum, whatever the order and grouping of additions. */
class FixedSumTest {
    @Test
    void theSumIsTheExactSumCorrectlyRoundedInAnyOrder() {
        Random r = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            List<Double> values = new ArrayList<>();
            int n = 1 + r.nextInt(300);
            for (int i = 0; i < n; i++) {
                double v = switch (r.nextInt(5)) {
                    case 0 -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
                    case 1 -> -values.stream().findAny().orElse(1.0); // cancellation
                    case 2 -> Double.MIN_VALUE * r.nextInt(1000);     // subnormals
                    case 3 -> r.nextGaussian() * 1e300;
                    default -> Math.round(r.nextGaussian() * 1e6) / 100.0;
                };
                values.add(v);
            }
            BigDecimal exact = BigDecimal.ZERO;
            for (double v : values) exact = exact.add(new BigDecimal(v));
            FixedSum a = new FixedSum();
            values.forEach(a::add);
            Collections.shuffle(values, r);
            // the same values, shuffled, in three parts merged
            FixedSum b = new FixedSum(), c = new FixedSum(), d = new FixedSum();
            for (int i = 0; i < values.size(); i++) (i % 3 == 0 ? b : i % 3 == 1 ? c : d).add(values.get(i));
            c.add(d);
            b.add(c);
            assertThat(a.value()).isEqualTo(exact.doubleValue());
            assertThat(b.value()).isEqualTo(a.value());
            assertThat(ByteForms.toBytes(b::writeTo)).isEqualTo(ByteForms.toBytes(a::writeTo));
            // a part taken out again leaves the rest exactly
            FixedSum rest = a.copy();
            rest.subtract(d);
            FixedSum direct = b.copy();
            direct.subtract(d);
            assertThat(ByteForms.toBytes(rest::writeTo)).isEqualTo(ByteForms.toBytes(direct::writeTo));
            assertThat(ByteForms.fromBytes(ByteForms.toBytes(a::writeTo), FixedSum::readFrom).value()).isEqualTo(a.value());
        }
    }

    @Test
    void flatSumsAddTheSameAsFixedSumsWhateverTheExponents() {
        Random r = new Random(7);
        int n = 5;
        FlatSums flat = new FlatSums(n);
        FixedSum[] direct = new FixedSum[n], viaFlat = new FixedSum[n];
        for (int k = 0; k < n; k++) {
            direct[k] = new FixedSum();
            viaFlat[k] = new FixedSum();
        }
        for (int i = 0; i < 20000; i++) {
            int k = r.nextInt(n);
            // mostly near the first value's exponent, sometimes far below or above it (the overflow path)
            double v = r.nextGaussian() * Math.pow(2, r.nextInt(10) == 0 ? r.nextInt(400) - 200 : r.nextInt(20));
            flat.add(k, v);
            direct[k].add(v);
            if (i % 5000 == 4999) flat.flushInto(viaFlat);
        }
        flat.flushInto(viaFlat);
        for (int k = 0; k < n; k++) {
            assertThat(ByteForms.toBytes(viaFlat[k]::writeTo)).isEqualTo(ByteForms.toBytes(direct[k]::writeTo));
        }
    }

    @Test
    void zeroAndCancellationReadAsZero() {
        FixedSum s = new FixedSum();
        s.add(0.1);
        s.add(-0.1);
        assertThat(s.value()).isEqualTo(0.0);
        s.add(1e-300);
        s.add(1e300);
        s.add(-1e300);
        assertThat(s.value()).isEqualTo(1e-300);
    }

    /**
     * The rounding reads every bit below the kept 53: 2¹⁰⁰⁰ plus half its ulp is a tie (to even: 2¹⁰⁰⁰),
     * and 2⁻¹⁰⁰⁰ more, two thousand bits below, makes it round up. (Before, a sum wider than 1,000
     * bits was shifted right before rounding, dropping that sticky bit: 2¹⁰⁰⁰.)
     */
    @Test
    void aBitFarBelowTheKeptOnesDecidesATie() {
        FixedSum s = new FixedSum();
        s.add(Math.scalb(1.0, 1000));
        s.add(Math.scalb(1.0, 947));
        assertThat(s.value()).isEqualTo(Math.scalb(1.0, 1000));
        s.add(Math.scalb(1.0, -1000));
        assertThat(s.value()).isEqualTo(Math.nextUp(Math.scalb(1.0, 1000)));
        s.add(-Math.scalb(1.0, -1000));
        s.add(-Math.scalb(1.0, -1000));
        assertThat(s.value()).isEqualTo(Math.scalb(1.0, 1000));
        // an odd significand's tie rounds up, and a negative sum rounds as its magnitude
        FixedSum odd = new FixedSum();
        odd.add(-Math.nextUp(Math.scalb(1.0, 1000)));
        odd.add(-Math.scalb(1.0, 947));
        assertThat(odd.value()).isEqualTo(-Math.nextUp(Math.nextUp(Math.scalb(1.0, 1000))));
        // past the largest double: infinity, as addition would give
        FixedSum big = new FixedSum();
        big.add(Double.MAX_VALUE);
        big.add(Double.MAX_VALUE);
        assertThat(big.value()).isEqualTo(Double.POSITIVE_INFINITY);
        big.add(-Double.MAX_VALUE);
        assertThat(big.value()).isEqualTo(Double.MAX_VALUE);
    }

    /** Sums of the full range of exponents, read against BigDecimal's correctly rounded value. */
    @Test
    void sumsSpanningTheWholeRangeRoundCorrectly() {
        Random r = new Random(11);
        for (int trial = 0; trial < 2000; trial++) {
            FixedSum s = new FixedSum();
            BigDecimal exact = BigDecimal.ZERO;
            for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
                double v = Math.scalb(r.nextDouble() + 0.5, r.nextInt(2098) - 1074) * (r.nextBoolean() ? 1 : -1);
                if (r.nextInt(4) == 0) v = Math.scalb(Math.rint(Math.scalb(v, -Math.getExponent(v))), Math.getExponent(v) - 53);
                s.add(v);
                exact = exact.add(new BigDecimal(v));
            }
            double expected = exact.doubleValue();
            assertThat(s.value()).as("trial %d", trial).isEqualTo(expected);
        }
    }
}
