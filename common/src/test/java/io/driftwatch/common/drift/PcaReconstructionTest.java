package io.driftwatch.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.io.ByteForms;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Multivariate drift by data reconstruction against literals from common/src/test/python/pca_expected.py
 * (numpy's SVD on the asinh-compressed records themselves, not the co-moments), and the state's independence of order
 * and grouping.
 */
class PcaReconstructionTest {
    static final String[] NAMES = {"x1", "x2", "x3", "x4"};

    static double[] row(int i, boolean flip) {
        double x1 = ((i * 37) % 101) / 10.0;
        double x2 = (flip ? -0.5 : 0.5) * x1 + ((i * 53) % 89) / 20.0;
        double x3 = ((i * 17) % 43) / 7.0 - x1 * 0.2;
        double x4 = ((i * 29) % 61) / 3.0;
        return new double[] {x1, x2, x3, x4};
    }

    static CoMoments of(int lo, int hi, boolean flip) {
        CoMoments c = new CoMoments();
        for (int i = lo; i < hi; i++) c.add(NAMES, row(i, flip), Map.of(), ("p" + i).hashCode());
        return c;
    }

    @Test
    void errorsMatchNumpyOnTheRecords() {
        PcaReconstruction.Fit fit = PcaReconstruction.fit(of(0, 400, false).main().moments(b -> true), 0.65);
        assertThat(fit.components()).isEqualTo(2);
        assertThat(fit.explained()).isCloseTo(0.70948389544929624, within(1e-12));
        assertThat(PcaReconstruction.error(fit, of(1000, 1200, false).main().moments(b -> true)))
                .isCloseTo(1.2094861431972255, within(1e-10));
        assertThat(PcaReconstruction.error(fit, of(1000, 1200, true).main().moments(b -> true)))
                .isCloseTo(20.536008641325747, within(1e-10));
    }

    @Test
    void theStateIsTheSameWhateverTheOrderAndGrouping() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) ids.add(i);
        byte[] first = null;
        Random r = new Random(3);
        for (int parts : new int[] {1, 2, 4}) {
            Collections.shuffle(ids, r);
            CoMoments[] p = new CoMoments[parts];
            for (int k = 0; k < parts; k++) p[k] = new CoMoments();
            for (int j = 0; j < ids.size(); j++) {
                int i = ids.get(j);
                p[j % parts].add(NAMES, row(i, false), Map.of(), ("p" + i).hashCode());
            }
            CoMoments all = new CoMoments();
            for (CoMoments c : p) all.merge(c);
            byte[] bytes = ByteForms.toBytes(all::writeTo);
            if (first == null) first = bytes;
            assertThat(bytes).isEqualTo(first);
            assertThat(ByteForms.toBytes(ByteForms.fromBytes(bytes, CoMoments::readFrom)::writeTo)).isEqualTo(first);
        }
    }

    @Test
    void aRecordWithAMissingFeatureCountsUnderTheSmallerSet() {
        CoMoments c = of(0, 100, false);
        c.add(NAMES, new double[] {1, Double.NaN, 2, 3}, Map.of(), 7);
        assertThat(c.main().count()).isEqualTo(100);
        assertThat(c.count()).isEqualTo(101);
        assertThat(c.block(new String[] {"x1", "x3", "x4"}).count()).isEqualTo(1);
        // a feature declared categorical is not in the set
        CoMoments d = new CoMoments();
        d.add(NAMES, row(1, false), Map.of("x4", ColumnType.CATEGORICAL), 1);
        assertThat(d.main().features()).containsExactly("x1", "x2", "x3");
    }

    @Test
    void recordsOfOtherFieldOrdersAndGapsCountAsTheirFeatureSetsDo() {
        String[] reversed = {"x4", "x3", "x2", "x1"};
        CoMoments mixed = new CoMoments(), plain = new CoMoments();
        for (int i = 0; i < 300; i++) {
            double[] x = row(i, false);
            boolean gap = i % 7 == 3;
            double[] withGap = {x[0], gap ? Double.NaN : x[1], x[2], x[3]};
            plain.add(NAMES, withGap, Map.of(), i);
            if (i % 2 == 0) {
                mixed.add(reversed, new double[] {withGap[3], withGap[2], withGap[1], withGap[0]}, Map.of(), i);
            } else {
                mixed.add(NAMES, withGap, Map.of(), i);
            }
        }
        assertThat(ByteForms.toBytes(mixed::writeTo)).isEqualTo(ByteForms.toBytes(plain::writeTo));
        assertThat(plain.main().count()).isEqualTo(300 - 43);
    }

    /** Records of a categorical {@code country} (A or B, half each) and a numeric {@code amount} higher for one of them. */
    static CoMoments byCountry(int lo, int hi, boolean swapped, java.util.Random r) {
        CoMoments c = new CoMoments();
        String[] names = {"amount", "country", "tenure"};
        for (int i = lo; i < hi; i++) {
            boolean a = r.nextBoolean();
            double amount = r.nextGaussian() + ((a != swapped) ? 2 : 0);
            c.add(names, new double[] {amount, Double.NaN, r.nextGaussian()}, new String[] {null, a ? "A" : "B", null},
                    Map.of(), ("p" + i).hashCode());
        }
        return c;
    }

    @Test
    void categoricalFeaturesCountAsHashedIndicatorsAndTheirRelationToNumbersIsSeen() {
        java.util.Random r = new java.util.Random(5);
        CoMoments ref = byCountry(0, 4000, false, r);
        // "A" and "B" hash into different buckets of four: two indicator columns carry them
        assertThat(ref.main().features()).containsExactly("amount", "country=#0", "country=#1", "country=#2",
                "country=#3", "tenure");
        PcaReconstruction.Fit fit = PcaReconstruction.fit(ref.main().moments(b -> true), 0.65);
        PcaReconstruction.Band band = PcaReconstruction.band(ref.main(), 0.65);
        // the same marginals (half A, half B; amount a mixture of N(0,1) and N(2,1)), the relation swapped
        PcaReconstruction.Verdict same = PcaReconstruction.judge(fit, band, byCountry(5000, 5500, false, r).main()
                .moments(b -> true), 0.01);
        PcaReconstruction.Verdict swapped = PcaReconstruction.judge(fit, band, byCountry(5000, 5500, true, r).main()
                .moments(b -> true), 0.01);
        assertThat(same.pValue()).isGreaterThan(0.01);
        assertThat(swapped.pValue()).isLessThan(1e-4);
    }

    @Test
    void aChangeInCorrelationIsFoundAndTheSameDistributionIsNot() {
        CoMoments ref = of(0, 4000, false);
        PcaReconstruction.Fit fit = PcaReconstruction.fit(ref.main().moments(b -> true), 0.65);
        PcaReconstruction.Band band = PcaReconstruction.band(ref.main(), 0.65);
        assertThat(band.buckets()).isEqualTo(8);
        PcaReconstruction.Verdict same = PcaReconstruction.judge(fit, band, of(5000, 5300, false).main().moments(b -> true), 0.01);
        PcaReconstruction.Verdict flipped = PcaReconstruction.judge(fit, band, of(5000, 5300, true).main().moments(b -> true), 0.01);
        assertThat(same.pValue()).isGreaterThan(0.01);
        assertThat(flipped.pValue()).isLessThan(1e-6);
        assertThat(flipped.error()).isGreaterThan(flipped.threshold());
    }

    /**
     * A block's sums are every value's and every product's, exactly, also where zeros are skipped: indicator
     * columns (mostly 0), -0.0, and a record with an infinite value (0 · ∞ is NaN, so nothing is skipped there).
     */
    @Test
    void skippedZerosLeaveEverySumAsAddingEveryProduct() throws java.io.IOException {
        int d = 6;
        CoMoments.Block block = new CoMoments.Block(new String[] {"a", "b", "c", "d", "e", "f"});
        FixedSum[][] naive = new FixedSum[CoMoments.BUCKETS][block.width()];
        for (FixedSum[] sums : naive) for (int k = 0; k < sums.length; k++) sums[k] = new FixedSum();
        Random r = new Random(11);
        for (int i = 0; i < 3000; i++) {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                int kind = r.nextInt(4);
                x[j] = kind == 0 ? r.nextGaussian() * 3 : kind == 1 ? 1 : kind == 2 ? 0 : -0.0;
            }
            if (i == 1700) x[r.nextInt(d)] = r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            int b = r.nextInt(CoMoments.BUCKETS);
            block.add(x, b);
            int k = d;
            for (int j = 0; j < d; j++) {
                naive[b][j].add(x[j]);
                for (int l = j; l < d; l++) naive[b][k++].add(x[j] * x[l]);
            }
        }
        boolean nonFinite = false;
        for (int b = 0; b < CoMoments.BUCKETS; b++) {
            FixedSum[] sums = block.sums(b);
            for (int k = 0; k < sums.length; k++) {
                assertThat(bytes(sums[k])).as("bucket %d, sum %d", b, k).isEqualTo(bytes(naive[b][k]));
                nonFinite |= !naive[b][k].finite() && Double.isNaN(naive[b][k].value());
            }
        }
        assertThat(nonFinite).as("the infinite record made some sum NaN").isTrue();
    }

    private static byte[] bytes(FixedSum s) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        s.writeTo(new java.io.DataOutputStream(out));
        return out.toByteArray();
    }
}
