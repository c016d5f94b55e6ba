package io.driftwatch.common.trend;

/**
 * One check of one window of one (model, version, segment): a row of {@code check_results}
 * (docs/guide/checks.md).
 *
 * @param check the check's name (its text unless the config names it)
 * @param value the value the check compared, or null ({@code no_data})
 * @param status {@code pass}, {@code fail} or {@code no_data}
 * @param ciLow the low end of the value's interval at the level the check was judged at, or null
 * @param note why the status is what it is, in words, where the value alone does not say
 * @param retrain a failure makes the window RETRAIN ({@code decision: retrain}) rather than INVESTIGATE
 */
public record CheckResult(String model, String modelVersion, String segment, long windowStart, long windowEnd,
        String check, String expression, Double value, String status, Double ciLow, Double ciHigh, String note,
        boolean retrain) {
    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String NO_DATA = "no_data";

    public boolean failed() {
        return FAIL.equals(status);
    }
}
