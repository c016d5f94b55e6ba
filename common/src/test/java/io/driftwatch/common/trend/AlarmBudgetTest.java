package io.driftwatch.common.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftwatch.common.config.ConfigException;
import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the alarm budget's arithmetic (docs/guide/decisions.md, "Alarm budget"). Expected values from scipy 1.17:
 * {@code af = 1/168/3} (hourly, one false alarm a week, three rule families), {@code norm.ppf(1 - af)},
 * {@code norm.ppf(1 - af/24)} (12 KPI series, two-sided); daily {@code ad = 1/7/3}.
 */
class AlarmBudgetTest {
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;

    @Test
    void thresholdsFollowTheWindowsAWeekHolds() {
        AlarmBudget b = AlarmBudget.DEFAULT;
        assertThat(b.perFamily(HOUR)).isCloseTo(0.001984126984126984, within(1e-15));
        assertThat(b.qualityConfidence(HOUR)).isCloseTo(0.996031746031746, within(1e-12));
        assertThat(RetrainingRules.criticalZ(b.qualityConfidence(HOUR))).isCloseTo(2.8806743591110586, within(1e-6));
        assertThat(b.anomalyZ(HOUR, 12)).isCloseTo(3.7668142652781293, within(1e-6));
        assertThat(b.driftLevel(HOUR)).isCloseTo(0.001984126984126984, within(1e-15));
        // daily windows: 24 times the allowance per window
        assertThat(b.perFamily(DAY)).isCloseTo(0.047619047619047616, within(1e-15));
        assertThat(b.anomalyZ(DAY, 12)).isCloseTo(2.8806743591110586, within(1e-6));
        // 2 a month of weekly windows: 2 / (30/7) a week, all of it in one window; capped at one in two
        assertThat(AlarmBudget.parse("2/month").perFamily(7 * DAY)).isCloseTo(2 / (30 / 7.0) / 3, within(1e-12));
        assertThat(AlarmBudget.parse("4/month").perWindow(7 * DAY)).isEqualTo(0.5);
        assertThat(AlarmBudget.parse("100/day").perWindow(DAY)).isEqualTo(0.5);
        assertThat(AlarmBudget.parse("none").enabled()).isFalse();
    }

    @Test
    void aBudgetOnlyTightensAndNoneKeepsTheRulesAsConfigured() {
        DriftwatchConfig hourly = ConfigLoader.parse("window: 1h");
        DriftwatchConfig b = hourly.budgeted();
        assertThat(b.retraining().confidence()).isCloseTo(0.996031746031746, within(1e-12));
        assertThat(b.drift().thresholdOf("x", "p_value")).isCloseTo(0.001984126984126984, within(1e-15));
        assertThat(b.retraining().anomalies().zThreshold()).isGreaterThan(3.0);
        // daily: the configured 0.99 is stricter than the budget's 0.905, so it stays
        DriftwatchConfig daily = ConfigLoader.parse("window: 1d").budgeted();
        assertThat(daily.retraining().confidence()).isEqualTo(0.99);
        assertThat(daily.drift().thresholdOf("x", "p_value")).isCloseTo(0.047619047619047616, within(1e-15));
        // none: as configured
        DriftwatchConfig off = ConfigLoader.parse("window: 1h\nalarms: {budget: none}");
        assertThat(off.budgeted()).isSameAs(off);
        // a model's own drift section and a feature's own threshold
        DriftwatchConfig own = ConfigLoader.parse("""
                window: 1h
                models:
                  m: {drift: {thresholds: {p_value: 0.01}, features: {x: {threshold: 0.2}}}}
                """).budgeted();
        assertThat(own.driftOf("m").thresholdOf("y", "p_value")).isCloseTo(0.001984126984126984, within(1e-15));
        assertThat(own.driftOf("m").thresholdOf("x", "p_value")).isEqualTo(0.2);
    }

    @Test
    void budgetMistakesNameTheKey() {
        for (String bad : new String[] {"1/fortnight", "-1/week", "often", "0/day"}) {
            assertThatThrownBy(() -> ConfigLoader.parse("alarms: {budget: " + bad + "}")).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("alarms.budget: ");
        }
        assertThatThrownBy(() -> ConfigLoader.parse("alarms: {budgt: 1/week}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("alarms.budgt");
    }
}
