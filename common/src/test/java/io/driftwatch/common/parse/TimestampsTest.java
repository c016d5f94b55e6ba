package io.driftwatch.common.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    @Test
    void fastPathAgreesWithTheJdkFormatter() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            long t = r.nextLong(-2_000_000_000_000L, 4_000_000_000_000L);
            int offsetMinutes = r.nextInt(-18 * 60, 18 * 60 + 1);
            OffsetDateTime odt = java.time.Instant.ofEpochMilli(t).atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            String text = odt.toString(); // ISO-8601 with offset, JDK's own rendering
            assertThat(Timestamps.parseText(text, "timestamp")).as(text).isEqualTo(t);
        }
        assertThat(Timestamps.parseText("2026-11-29T07:00:00.5Z", "t")).isEqualTo(1795935600500L);
        assertThat(Timestamps.parseText("2026-11-29T07:00:00.123456789Z", "t")).isEqualTo(1795935600123L);
        assertThat(Timestamps.parseText("2026-11-29T08:00:00+01:00", "t")).isEqualTo(1795935600000L);
    }

    @Test
    void rejectsWhatIsNotATimeWithOffset() {
        for (String bad : new String[] {"2026-11-29T07:00:00", "2026-02-30T07:00:00Z", "2026-11-29T25:00:00Z",
                "2026-11-29 07:00:00Z", "yesterday", "2026-11-29T07:00:00+2:00"}) {
            assertThatThrownBy(() -> Timestamps.parseText(bad, "timestamp")).as(bad)
                    .isInstanceOf(BadRecordException.class).hasMessageContaining("timestamp is not an ISO-8601 time");
        }
    }
}
