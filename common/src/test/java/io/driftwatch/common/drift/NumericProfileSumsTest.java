package io.driftwatch.common.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.common.kpi.ExactSum;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A numeric profile adds its values into fixed-point sums first and moves them into its exact sums
 * before any read: the stored bytes must be those of exact sums that took every value directly (the
 * state before the change), whatever the magnitudes, and however reads and merges interleave.
 */
class NumericProfileSumsTest {
    @Test
    void theSumsAreThoseOfExactSumsTakingEachValue() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            NumericProfile a = new NumericProfile();
            NumericProfile b = new NumericProfile();
            ExactSum sum = new ExactSum();
            ExactSum squares = new ExactSum();
            long count = 0;
            int n = 1 + r.nextInt(2_000);
            for (int i = 0; i < n; i++) {
                double v = switch (r.nextInt(6)) {
                    case 0 -> r.nextGaussian();
                    case 1 -> Math.scalb(r.nextDouble() - 0.5, r.nextInt(-1074, 1000)); // subnormal to ~1e300
                    case 2 -> Math.round(r.nextGaussian() * 1e4) / 1e4; // a logged decimal
                    case 3 -> r.nextInt(4) == 0 ? 1e200 : -1e-200; // a square that overflows / underflows
                    case 4 -> Double.MIN_VALUE * r.nextInt(-5, 5);
                    default -> r.nextInt(-1000, 1000);
                };
                (r.nextBoolean() ? a : b).add(v);
                sum.add(v);
                squares.addProduct(v, v);
                count++;
                if (r.nextInt(500) == 0) a.mean(); // a read in between moves what is pending
                if (r.nextInt(700) == 0) a.std();
            }
            a.merge(b);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(expected);
            out.writeLong(count);
            out.writeLong(0);
            sum.writeTo(out);
            squares.writeTo(out);
            ByteArrayOutputStream actual = new ByteArrayOutputStream();
            a.writeTo(new DataOutputStream(actual));
            byte[] want = expected.toByteArray();
            byte[] got = java.util.Arrays.copyOf(actual.toByteArray(), want.length);
            assertThat(got).as("trial %d", trial).isEqualTo(want);
            assertThat(a.mean()).isEqualTo(sum.value() / count);
        }
    }
}
