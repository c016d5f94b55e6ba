package io.driftwatch.common.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * Window edges against literals from Python:
 * {@code int(datetime(2026,11,23,tzinfo=timezone.utc).timestamp()*1000)} and so on; 2026-11-23 and
 * 1969-12-29 are Mondays ({@code isoweekday() == 1}).
 */
class WindowGridTest {
    static final long SUN_2026_11_29_0700 = 1795935600000L;
    static final long MON_2026_11_23 = 1795392000000L;
    static final long MON_2026_11_30 = 1795996800000L;

    @Test
    void weeksStartOnMonday() {
        WindowGrid w = WindowGrid.parse("1w", null, "window");
        assertThat(w.start(SUN_2026_11_29_0700)).isEqualTo(MON_2026_11_23);
        assertThat(w.end(MON_2026_11_23)).isEqualTo(MON_2026_11_30);
        assertThat(w.start(MON_2026_11_30)).isEqualTo(MON_2026_11_30);
        assertThat(w.start(MON_2026_11_30 - 1)).isEqualTo(MON_2026_11_23);
        assertThat(w.start(-3600000L)).isEqualTo(-259200000L); // 1969-12-31T23:00 → Monday 1969-12-29
        assertThat(WindowGrid.parse("week", null, "w")).isEqualTo(w);
        assertThat(WindowGrid.parse("7d", null, "w")).isEqualTo(w);
        assertThat(w.spec()).isEqualTo("1w");
    }

    @Test
    void calendarMonthsAndQuarters() {
        WindowGrid m = WindowGrid.parse("1mo", null, "window");
        assertThat(m.start(1771156800000L)).isEqualTo(1769904000000L); // 2026-02-15T12:00 → 2026-02-01
        assertThat(m.end(1769904000000L)).isEqualTo(1772323200000L); // → 2026-03-01
        assertThat(m.start(1709251199000L)).isEqualTo(1706745600000L); // 2024-02-29T23:59:59 → 2024-02-01
        assertThat(m.end(1706745600000L)).isEqualTo(1709251200000L); // leap February ends 2024-03-01
        assertThat(m.start(1709251200000L)).isEqualTo(1709251200000L);
        WindowGrid q = WindowGrid.parse("3mo", null, "window");
        assertThat(q.start(SUN_2026_11_29_0700)).isEqualTo(1790812800000L); // → 2026-10-01
        assertThat(q.end(1790812800000L)).isEqualTo(1798761600000L); // → 2027-01-01
        assertThat(q.spec()).isEqualTo("3mo");
        assertThat(m.isFixed()).isFalse();
    }

    @Test
    void fixedLengthsAndOffsets() {
        WindowGrid d = WindowGrid.parse("1d", null, "window");
        assertThat(d.start(-3600000L)).isEqualTo(-86400000L); // 1969-12-31T23:00 → 1969-12-31
        assertThat(d.start(1793512800000L)).isEqualTo(1793491200000L); // 2026-11-01T06:00 → 2026-11-01
        assertThat(d.ceil(1793512800000L)).isEqualTo(1793577600000L); // → 2026-11-02
        assertThat(d.ceil(1793491200000L)).isEqualTo(1793491200000L); // an edge is its own ceiling
        WindowGrid six = WindowGrid.parse("1d", "6h", "window");
        assertThat(six.start(1795928400000L)).isEqualTo(1795845600000L); // 2026-11-29T05:00 → 2026-11-28T06:00
        assertThat(six.start(1795932000000L)).isEqualTo(1795932000000L); // 2026-11-29T06:00 starts one
        assertThat(six.spec()).isEqualTo("1d+6h");
        // --window keeps a configured offset
        assertThat(six.withSpec("12h", "--window").start(1795928400000L)).isEqualTo(1795845600000L + 12 * 3600_000L);
        // ISO weeks stay on Mondays, moved by the offset: Monday 06:00 (epochs from Python's datetime)
        WindowGrid weeks = six.withSpec("1w", "--window");
        assertThat(weeks.start(1795928400000L)).isEqualTo(1795413600000L); // Sun 2026-11-29T05:00 → Mon 11-23T06:00
        assertThat(weeks.start(1796014800000L)).isEqualTo(1795413600000L); // Mon 11-30T05:00 → still 11-23T06:00
        assertThat(weeks.start(1796018400000L)).isEqualTo(1796018400000L); // Mon 11-30T06:00 starts one
        assertThat(WindowGrid.parse("1w", "6h", "window").start(1795928400000L)).isEqualTo(1795413600000L);
        // a single window over a period
        WindowGrid p = WindowGrid.single(1793512800000L, 1795928400000L);
        assertThat(p.start(1795928400000L - 1)).isEqualTo(1793512800000L);
        assertThat(p.end(1793512800000L)).isEqualTo(1795928400000L);
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> WindowGrid.parse("5mo", null, "window")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("window: '5mo': months per window must divide 12");
        // more digits than an int holds (found by the config fuzzer): the same config error, not a NumberFormatException
        assertThatThrownBy(() -> WindowGrid.parse("22222222222222222222months", null, "window")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("window: '22222222222222222222months': months per window must divide 12");
        assertThat(WindowGrid.parse("012mo", null, "window").end(1767225600000L)).isEqualTo(1798761600000L);
        assertThatThrownBy(() -> WindowGrid.parse("1mo", "6h", "window")).hasMessage("window_offset: calendar months take no offset");
        assertThatThrownBy(() -> WindowGrid.parse("1x", null, "--window")).hasMessageStartingWith("--window: '1x' is not a duration");
        assertThatThrownBy(() -> WindowGrid.parse("1d", "soon", "window")).hasMessageStartingWith("window_offset: 'soon'");
    }
}
