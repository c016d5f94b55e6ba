package io.driftwatch.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ColumnProfileTest {

    @Test
    void declaredTypesReadEveryValueAsThatType() {
        ColumnProfile categorical = new ColumnProfile(ColumnType.CATEGORICAL);
        categorical.add(3.0, null);
        categorical.add(Double.NaN, "3");
        categorical.add(Double.NaN, "x");
        assertThat(categorical.type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(categorical.count()).isEqualTo(3);
        assertThat(categorical.categoricalProfile().countOf("3")).isEqualTo(2);

        ColumnProfile numeric = new ColumnProfile(ColumnType.NUMERIC);
        numeric.add(Double.NaN, "2.5"); // text that reads as a number
        numeric.add(1.5, null);
        numeric.add(Double.NaN, "abc"); // cannot be a number: invalid, not dropped
        numeric.add(Double.POSITIVE_INFINITY, null);
        assertThat(numeric.count()).isEqualTo(2);
        assertThat(numeric.invalid()).isEqualTo(2);
        assertThat(numeric.numericProfile().mean()).isEqualTo(2.0);
    }

    @Test
    void inferredTypeIsTheMajorityKindWhateverTheOrder() {
        ColumnProfile a = new ColumnProfile(null);
        ColumnProfile b = new ColumnProfile(null);
        List<Object> values = new ArrayList<>(List.of(1.0, 2.0, 3.0, "x", "y"));
        for (Object v : values) add(a, v);
        Collections.reverse(values);
        for (Object v : values) add(b, v);
        assertThat(a.type()).isEqualTo(ColumnType.NUMERIC).isEqualTo(b.type());
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.invalid()).isEqualTo(2); // the strings: of the minority kind
        assertThat(a.toBytes()).isEqualTo(b.toBytes());
        // booleans and strings are categorical
        ColumnProfile c = new ColumnProfile(null);
        c.add(Double.NaN, "true");
        c.add(Double.NaN, "false");
        assertThat(c.type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(new ColumnProfile(null).type()).isNull();
    }

    private static void add(ColumnProfile p, Object v) {
        if (v instanceof Double d) p.add(d, null);
        else p.add(Double.NaN, (String) v);
    }

    @Test
    void profilesAreIdenticalWhateverTheSplitAndOrder() {
        // what parallelism does to a window: values arrive split over subtasks in any order
        Random rnd = new Random(5);
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) rows.add(new double[] {rnd.nextGaussian() * 3, rnd.nextInt(12_000)});
        ColumnProfile directNumeric = new ColumnProfile(null);
        ColumnProfile directCategorical = new ColumnProfile(null);
        for (double[] r : rows) {
            directNumeric.add(r[0], null);
            directCategorical.add(Double.NaN, "c" + (long) r[1]);
        }
        Collections.shuffle(rows, new Random(9));
        ColumnProfile[] numeric = {new ColumnProfile(null), new ColumnProfile(null), new ColumnProfile(null)};
        ColumnProfile[] categorical = {new ColumnProfile(null), new ColumnProfile(null), new ColumnProfile(null)};
        for (int i = 0; i < rows.size(); i++) {
            numeric[i % 3].add(rows.get(i)[0], null);
            categorical[i % 3].add(Double.NaN, "c" + (long) rows.get(i)[1]);
        }
        ColumnProfile mergedNumeric = new ColumnProfile(null).merge(numeric[2]).merge(numeric[0]).merge(numeric[1]);
        ColumnProfile mergedCategorical = new ColumnProfile(null).merge(categorical[1]).merge(categorical[2])
                .merge(categorical[0]);
        assertThat(mergedNumeric.toBytes()).isEqualTo(directNumeric.toBytes());
        assertThat(mergedNumeric.distinct()).isEqualTo(directNumeric.distinct());
        // more than 10,000 categories: pooled, the distinct count is an HLL estimate (2.3 % RSE)
        assertThat(directCategorical.categoricalProfile().truncated()).isTrue();
        long distinct = rows.stream().mapToLong(r -> (long) r[1]).distinct().count();
        assertThat((double) mergedCategorical.distinct()).isCloseTo(distinct, within(distinct * 0.07));
        assertThat(mergedCategorical.distinct()).isEqualTo(directCategorical.distinct());
        assertThat(mergedCategorical.count()).isEqualTo(directCategorical.count());
        // round trip
        assertThat(ColumnProfile.fromBytes(mergedNumeric.toBytes()).toBytes()).isEqualTo(mergedNumeric.toBytes());
    }

    @Test
    void smallDistinctCountsAreExact() {
        ColumnProfile p = new ColumnProfile(null);
        for (int i = 0; i < 1000; i++) p.add(i % 4, null);
        assertThat(p.distinct()).isEqualTo(4);
        for (int i = 0; i < 1000; i++) p.add(0.5 + i, null);
        assertThat((double) p.distinct()).isCloseTo(1004, within(1004 * 0.07));
    }

    @Test
    void hourlyProfilesRollUpIntoTheDailyProfile() {
        // roll-up: 24 hourly profiles merged equal the profile of the whole day, byte for byte
        Random rnd = new Random(21);
        ColumnProfile day = new ColumnProfile(null);
        ColumnProfile rolled = new ColumnProfile(null);
        for (int h = 0; h < 24; h++) {
            ColumnProfile hour = new ColumnProfile(null);
            for (int i = 0; i < 2_000; i++) {
                double v = Math.exp(rnd.nextGaussian() + h / 24.0);
                hour.add(v, null);
                day.add(v, null);
            }
            rolled.merge(ColumnProfile.fromBytes(hour.toBytes()));
        }
        assertThat(rolled.toBytes()).isEqualTo(day.toBytes());
        assertThat(rolled.numericProfile().quantile(0.5)).isEqualTo(day.numericProfile().quantile(0.5));
    }
}
