package io.driftwatch.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DatedFilesTest {
    @Test
    void readsTheDateAPathNames() {
        assertThat(DatedFiles.dateOf("/logs/model=a/date=2026-11-28/part-0.jsonl")).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(DatedFiles.dateOf("s3://bucket/preds/dt=2026-11-28/hour=07/x.parquet")).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(DatedFiles.dateOf("/logs/2026/11/28/server-1.log.gz")).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(DatedFiles.dateOf("/logs/predictions-2026-11-28.jsonl")).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(DatedFiles.dateOf("/logs/predictions_20261128_01.csv")).isEqualTo(LocalDate.parse("2026-11-28"));
        // the file name is the most specific; the deepest folder otherwise
        assertThat(DatedFiles.dateOf("/archive/2026/01/01/predictions-2026-11-28.jsonl")).isEqualTo(LocalDate.parse("2026-11-28"));
        assertThat(DatedFiles.dateOf("/date=2026-01-01/date=2026-11-28/a.jsonl")).isEqualTo(LocalDate.parse("2026-11-28"));
        // no date, or numbers that are not one: read always
        assertThat(DatedFiles.dateOf("/logs/predictions.jsonl")).isNull();
        assertThat(DatedFiles.dateOf("/logs/batch-12345678.jsonl")).isNull();
        assertThat(DatedFiles.dateOf("/logs/v2/20261399.jsonl")).isNull();
    }

    @Test
    void rangesOfFileDates() {
        long from = Instant.parse("2026-11-09T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2026-11-14T00:00:00Z").toEpochMilli();
        // predictions: the range's days and the day after (records written past midnight)
        assertThat(DatedFiles.forRange(from, to, 0)).isEqualTo(new DatedFiles.Days(LocalDate.parse("2026-11-09"),
                LocalDate.parse("2026-11-14")));
        // labels: as far again as they may arrive late
        assertThat(DatedFiles.forRange(from, to, 4).last()).isEqualTo(LocalDate.parse("2026-11-18"));
        assertThat(DatedFiles.forRange(Long.MIN_VALUE, Long.MAX_VALUE, 0).first()).isEqualTo(LocalDate.MIN);
    }
}
