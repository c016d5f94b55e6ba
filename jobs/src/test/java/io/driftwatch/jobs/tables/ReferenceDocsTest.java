package io.driftwatch.jobs.tables;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.GeneratedDoc;
import org.junit.jupiter.api.Test;

/** docs/reference/output-tables.md is what the code writes: regenerate it rather than edit it. */
class ReferenceDocsTest {

    @Test
    void theGeneratedReferenceMatchesTheCode() throws Exception {
        String generated = ReferenceDocs.outputTables();
        GeneratedDoc.assertCurrent("output-tables.md", generated, ReferenceDocsTest.class);
        assertThat(generated).contains("| `accuracy_ci_low` | DOUBLE |", "| `cusum_threshold` | DOUBLE |");
    }

    @Test
    void theAlarmThresholdsAreTheCodes() throws Exception {
        String generated = ReferenceDocs.alarmThresholds();
        GeneratedDoc.assertCurrent("alarm-thresholds.md", generated, ReferenceDocsTest.class);
        // the worked example of docs/guide/decisions.md: hourly α_f = 1/504, quality z 2.88, anomalies over the
        // 13 watched series (ece joined them): scipy.stats.norm.isf((1/504) / (2*13)) = 3.7868, KPI CUSUM h 7.62
        assertThat(generated).contains("| 1h | 168 | 0.005952 | 0.001984 | 0.9960 (2.88) | 0.001984 | 3.79 | 7.62 |");
    }
}
