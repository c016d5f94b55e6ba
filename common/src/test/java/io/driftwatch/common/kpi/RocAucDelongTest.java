package io.driftwatch.common.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * DeLong's variance of the AUC (model_versions' test, docs/guide/versions.md) against an independent
 * computation by midranks: common/src/test/python/delong_expected.py (numpy and scipy's rankdata),
 * exact and binned, with ties in both.
 */
class RocAucDelongTest {
    @Test
    void exactScoresWithTies() {
        RocAuc auc = new RocAuc();
        for (int i = 0; i < 40; i++) auc.add(((i * 37) % 101) / 100.0, true);
        for (int j = 0; j < 60; j++) auc.add(((j * 53) % 89) / 100.0, false);
        assertThat(auc.isExact()).isTrue();
        assertThat(auc.value()).isCloseTo(0.55104166666666665, within(1e-15));
        assertThat(auc.delongVariance()).isCloseTo(0.0036720396702520641, within(1e-15));
    }

    @Test
    void binnedScoresTreatABinAsATie() {
        RocAuc auc = new RocAuc();
        for (int i = 0; i < 60000; i++) auc.add(((i * 7919L) % 10007) / 10007.0 * 0.8 + 0.2, true);
        for (int j = 0; j < 50000; j++) auc.add(((j * 104729L) % 10009) / 10009.0 * 0.9, false);
        assertThat(auc.isExact()).isFalse();
        assertThat(auc.value()).isCloseTo(0.6597300505, within(1e-12));
        assertThat(auc.delongVariance()).isCloseTo(2.664978571831723e-06, within(1e-15));
    }

    @Test
    void fewerThanTwoOfALabelHasNoVariance() {
        RocAuc auc = new RocAuc();
        auc.add(0.3, true);
        auc.add(0.2, false);
        auc.add(0.1, false);
        assertThat(auc.delongVariance()).isNull();
    }
}
