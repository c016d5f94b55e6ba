package io.driftwatch.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.common.drift.ColumnDrift;
import io.driftwatch.common.drift.ProfileSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportDataTest {
    static ColumnDrift drift(String method, double statistic, double p, double threshold) {
        return new ColumnDrift(ProfileSet.Kind.FEATURE, "x", "numeric", 100, 100, 0, 0, method, statistic, p, p,
                threshold, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
    }

    @Test
    void theColorScaleIsOneAtTheDriftLineForEveryMethod() {
        // distances: statistic / threshold
        assertThat(ReportData.score(drift("wasserstein_norm", 0.15, Double.NaN, 0.1))).isCloseTo(1.5, within());
        // tests: log p / log threshold; 0.05^2 = 0.0025, so p = 0.0025 is twice as far as the line
        assertThat(ReportData.score(drift("ks", 0.2, 0.0025, 0.05))).isCloseTo(2.0, within());
        assertThat(ReportData.score(drift("chi_square", 3.1, 0.05, 0.05))).isCloseTo(1.0, within());
        assertThat(ReportData.score(drift("ks", 0.01, 0.9, 0.05))).isLessThan(0.1);
    }

    @Test
    void numberedColumnsSortByTheirNumber() {
        List<String> names = new ArrayList<>(List.of("x10", "x2", "amount", "x1", "x100", "country"));
        names.sort(ReportData::naturally);
        assertThat(names).containsExactly("amount", "country", "x1", "x2", "x10", "x100");
    }

    static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }
}
