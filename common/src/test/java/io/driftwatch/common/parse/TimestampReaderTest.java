package io.driftwatch.common.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.driftwatch.common.config.InputConfig;
import io.driftwatch.common.config.InputConfig.TimestampUnit;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every timestamp form of contract §2. Expected values from Python's datetime and zoneinfo, e.g.
 * {@code int(datetime(2014,1,3,18,38,22,tzinfo=ZoneInfo("Europe/Berlin")).timestamp()*1000)}; for
 * local times a DST change repeats, {@code fold=0} (the earlier instant); for local times it skips,
 * {@code fold=0} too (the offset before the change, i.e. moved forward by the gap).
 */
class TimestampReaderTest {
    private static final JsonNodeFactory J = JsonNodeFactory.instance;

    /** A reader of the forms alone: any time a long holds (plausibility has a test of its own). */
    private static TimestampReader reader(String zone, TimestampUnit unit, String format) {
        return new TimestampReader(new InputConfig(zone, unit, format, Long.MIN_VALUE, Long.MAX_VALUE,
                InputConfig.DEFAULT_MAX_LINE_BYTES, InputConfig.DEFAULT_MAX_INFLATION_RATIO));
    }

    private static final TimestampReader UTC = TimestampReader.UTC;

    @Test
    void isoFormsWithAndWithoutOffset() throws Exception {
        // datetime(2014,1,3,18,38,22,tzinfo=timezone.utc)
        long t = 1388774302000L;
        for (String s : new String[] {"2014-01-03 18:38:22", "2014-01-03T18:38:22", "2014-01-03T18:38:22Z",
                "2014-01-03 18:38:22Z", "2014-01-03 18:38:22 UTC", "2014-01-03T18:38:22+00:00", "2014-01-03T19:38:22+0100",
                "2014-01-03T19:38:22+01", "2014-01-03T13:38:22-05:00", "2014-01-03 18:38:22.000", "2014-01-03T18:38:22.0000000Z",
                "  2014-01-03 18:38:22  ", "2014-01-03t18:38:22z", "2014-01-03 18:38:22 GMT", "2014-01-03T19:38:22+01:00[Europe/Paris]"}) {
            assertThat(UTC.parse(s, "timestamp")).as(s).isEqualTo(t);
        }
        // datetime(2014,1,3,18,38,22,123456,tzinfo=timezone(timedelta(hours=1))): fractions cut to millis
        assertThat(UTC.parse("2014-01-03T18:38:22.123456+01:00", "t")).isEqualTo(1388770702123L);
        assertThat(UTC.parse("2014-01-03T18:38:22,1239+01:00", "t")).isEqualTo(1388770702123L);
        assertThat(UTC.parse("2014-01-03T17:38:22.123456789012Z", "t")).isEqualTo(1388770702123L);
        // no seconds; a date alone is its midnight
        assertThat(UTC.parse("2014-01-03 18:38", "t")).isEqualTo(1388774280000L);
        assertThat(UTC.parse("2014-01-03", "t")).isEqualTo(1388707200000L);
    }

    @Test
    void localTimesTakeTheConfiguredZone() throws Exception {
        TimestampReader berlin = reader("Europe/Berlin", TimestampUnit.AUTO, null);
        // datetime(2014,1,3,18,38,22,tzinfo=ZoneInfo("Europe/Berlin"))
        assertThat(berlin.parse("2014-01-03 18:38:22", "t")).isEqualTo(1388770702000L);
        assertThat(berlin.parse("2014-01-03", "t")).isEqualTo(1388703600000L);
        // an offset in the text wins over the zone
        assertThat(berlin.parse("2014-01-03 18:38:22Z", "t")).isEqualTo(1388774302000L);
        // Asia/Kolkata (+05:30)
        assertThat(reader("Asia/Kolkata", TimestampUnit.AUTO, null).parse("2014-01-03T18:38:22", "t"))
                .isEqualTo(1388754502000L);
        assertThat(reader("+05:30", TimestampUnit.AUTO, null).parse("2014-01-03T18:38:22", "t")).isEqualTo(1388754502000L);
    }

    @Test
    void daylightSavingEdges() throws Exception {
        TimestampReader berlin = reader("Europe/Berlin", TimestampUnit.AUTO, null);
        TimestampReader newYork = reader("America/New_York", TimestampUnit.AUTO, null);
        // skipped hour: moved forward by the gap (python fold=0)
        assertThat(berlin.parse("2026-03-29 02:30:00", "t")).isEqualTo(1774747800000L);
        assertThat(newYork.parse("2026-03-08 02:30:00", "t")).isEqualTo(1772955000000L);
        // repeated hour: the earlier instant (python fold=0)
        assertThat(berlin.parse("2026-10-25 02:30:00", "t")).isEqualTo(1792888200000L);
        assertThat(newYork.parse("2026-11-01 01:30:00", "t")).isEqualTo(1793511000000L);
        // the same through the formatter path (a pattern without offset)
        TimestampReader pattern = reader("Europe/Berlin", TimestampUnit.AUTO, "dd/MM/yyyy HH:mm:ss");
        assertThat(pattern.parse("25/10/2026 02:30:00", "t")).isEqualTo(1792888200000L);
        assertThat(pattern.parse("29/03/2026 02:30:00", "t")).isEqualTo(1774747800000L);
    }

    @Test
    void epochNumbersByMagnitudeOrUnit() throws Exception {
        long t = 1388774302000L;
        assertThat(UTC.read(J.numberNode(1388774302L), "t")).isEqualTo(t);
        assertThat(UTC.read(J.numberNode(1388774302000L), "t")).isEqualTo(t);
        assertThat(UTC.read(J.numberNode(1388774302000000L), "t")).isEqualTo(t);
        assertThat(UTC.read(J.numberNode(1388774302000000000L), "t")).isEqualTo(t);
        assertThat(UTC.read(J.numberNode(1388774302.123), "t")).isEqualTo(t + 123);
        assertThat(UTC.read(J.textNode("1388774302"), "t")).isEqualTo(t);
        assertThat(UTC.read(J.textNode("1388774302123"), "t")).isEqualTo(t + 123);
        assertThat(UTC.read(J.textNode("1388774302.5"), "t")).isEqualTo(t + 500);
        assertThat(UTC.read(J.textNode("1388774302123456"), "t")).isEqualTo(t + 123);
        // negative and small: seconds before/after 1970
        assertThat(UTC.read(J.numberNode(-86400), "t")).isEqualTo(-86_400_000L);
        // a configured unit is used whatever the magnitude
        assertThat(reader("UTC", TimestampUnit.MILLIS, null).read(J.numberNode(1388774302L), "t")).isEqualTo(1388774302L);
        assertThat(reader("UTC", TimestampUnit.SECONDS, null).read(J.numberNode(1388774302000L), "t"))
                .isEqualTo(1388774302000000L);
        assertThat(reader("UTC", TimestampUnit.MICROS, null).read(J.textNode("1388774302000"), "t")).isEqualTo(1388774302L);
        assertThat(reader("UTC", TimestampUnit.NANOS, null).read(J.numberNode(1388774302123456789L), "t")).isEqualTo(t + 123);
    }

    @Test
    void aConfiguredPatternReadsOtherForms() throws Exception {
        TimestampReader p = reader("UTC", TimestampUnit.AUTO, "dd/MM/yyyy HH:mm:ss");
        assertThat(p.parse("03/01/2014 18:38:22", "t")).isEqualTo(1388774302000L);
        // ISO and epoch still read when the pattern does not match
        assertThat(p.parse("2014-01-03T18:38:22Z", "t")).isEqualTo(1388774302000L);
        // an offset in the pattern wins over the zone
        TimestampReader apache = reader("Europe/Berlin", TimestampUnit.AUTO, "dd/MMM/yyyy:HH:mm:ss Z");
        assertThat(apache.parse("03/Jan/2014:19:38:22 +0100", "t")).isEqualTo(1388774302000L);
        // a pattern of digits is tried before the epoch reading
        assertThat(reader("UTC", TimestampUnit.AUTO, "yyyyMMddHHmmss").parse("20140103183822", "t")).isEqualTo(1388774302000L);
        // a date-only pattern: midnight in the zone
        assertThat(reader("Europe/Berlin", TimestampUnit.AUTO, "dd.MM.yyyy").parse("03.01.2014", "t")).isEqualTo(1388703600000L);
    }

    @Test
    void fastPathAgreesWithTheJdkFormatter() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            long t = r.nextLong(-2_000_000_000_000L, 4_000_000_000_000L);
            int offsetMinutes = r.nextInt(-18 * 60, 18 * 60 + 1);
            OffsetDateTime odt = Instant.ofEpochMilli(t).atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            String text = odt.toString(); // ISO-8601 with offset, JDK's own rendering
            assertThat(UTC.parse(text, "timestamp")).as(text).isEqualTo(t);
            String local = odt.toLocalDateTime().toString().replace('T', ' ');
            assertThat(reader(odt.getOffset().getId(), TimestampUnit.AUTO, null).parse(local, "t")).as(local).isEqualTo(t);
        }
    }

    @Test
    void rejectsWhatNoFormReadsAndSaysWhichKeyFixesIt() {
        for (String bad : new String[] {"2026-02-30T07:00:00Z", "2026-11-29T25:00:00Z", "yesterday", "2026-11-29T07:00:00+2:00",
                "03/01/2014 18:38:22", "2014-01-03 18:38:22 CETX"}) {
            assertThatThrownBy(() -> UTC.parse(bad, "timestamp")).as(bad).isInstanceOf(BadRecordException.class)
                    .hasMessageContaining("is not ISO-8601 or an epoch number; set input.timestamp_format")
                    .extracting(e -> ((BadRecordException) e).reason()).isEqualTo(BadRecordException.Reason.BAD_TIMESTAMP);
        }
        assertThatThrownBy(() -> reader("UTC", TimestampUnit.AUTO, "dd/MM/yyyy").parse("2014/01/03", "timestamp"))
                .hasMessageContaining("nor in input.timestamp_format 'dd/MM/yyyy'");
        assertThatThrownBy(() -> UTC.read(J.booleanNode(true), "timestamp")).hasMessageContaining("not a boolean");
        assertThatThrownBy(() -> reader("UTC", TimestampUnit.SECONDS, null).read(J.numberNode(Long.MAX_VALUE / 10), "timestamp"))
                .hasMessageContaining("out of range");
    }

    @Test
    void suggestsAPatternForCommonForms() {
        assertThat(TimestampFormats.hint("2014/01/03 18:38:22")).isEqualTo("input.timestamp_format: 'yyyy/MM/dd HH:mm:ss' reads '2014/01/03 18:38:22'");
        assertThat(TimestampFormats.hint("25/01/2014 18:38:22")).startsWith("input.timestamp_format: 'dd/MM/yyyy HH:mm:ss'");
        assertThat(TimestampFormats.hint("03/01/2014 18:38:22")).contains("check the day/month order");
        assertThat(TimestampFormats.hint("10/Oct/2000:13:55:36 -0700")).contains("'dd/MMM/yyyy:HH:mm:ss Z'");
        assertThat(TimestampFormats.hint("not a time")).startsWith("set input.timestamp_format to a DateTimeFormatter pattern");
    }

    /** Issue 19: times a long cannot hold are bad timestamps, never an ArithmeticException. */
    @Test
    void yearsBeyondWhatALongHoldsAreBadTimestamps() {
        TimestampReader records = new TimestampReader(InputConfig.DEFAULT);
        for (String bad : new String[] {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+999999999-12-31"}) {
            for (TimestampReader r : new TimestampReader[] {UTC, records, reader("UTC", TimestampUnit.AUTO, "yyyy-MM-dd")}) {
                assertThatThrownBy(() -> r.parse(bad, "timestamp")).as(bad).isInstanceOf(BadRecordException.class)
                        .extracting(e -> ((BadRecordException) e).reason()).isEqualTo(BadRecordException.Reason.BAD_TIMESTAMP);
            }
        }
    }

    /**
     * Issue 19: an epoch 0, a year 1969 or 9999 is a logging bug; outside [2000-01-01, 2100-01-01)
     * by default (946684800000, 4102444800000: Python {@code datetime(2000,1,1,tzinfo=timezone.utc)
     * .timestamp()*1000}) a record's time is an implausible timestamp, a bound's is not.
     */
    @Test
    void timesOutsideThePlausibleRangeAreImplausible() throws Exception {
        TimestampReader records = new TimestampReader(InputConfig.DEFAULT);
        for (Object bad : new Object[] {0L, -1L, "1969-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "0001-01-01", 253402300799L,
                "1999-12-31T23:59:59.999Z", "2100-01-01T00:00:00Z"}) {
            assertThatThrownBy(() -> records.read(bad instanceof Long l ? J.numberNode(l) : J.textNode((String) bad), "timestamp"))
                    .as(bad.toString()).isInstanceOf(BadRecordException.class)
                    .hasMessageContaining("input.earliest_timestamp")
                    .extracting(e -> ((BadRecordException) e).reason()).isEqualTo(BadRecordException.Reason.IMPLAUSIBLE_TIMESTAMP);
        }
        assertThat(records.parse("2000-01-01T00:00:00Z", "t")).isEqualTo(946684800000L);
        assertThat(records.parse("2099-12-31T23:59:59.999Z", "t")).isEqualTo(4102444799999L);
        // the bounds are configurable
        TimestampReader old = new TimestampReader(new InputConfig("UTC", TimestampUnit.AUTO, null, Long.MIN_VALUE,
                InputConfig.DEFAULT_LATEST, InputConfig.DEFAULT_MAX_LINE_BYTES, InputConfig.DEFAULT_MAX_INFLATION_RATIO));
        assertThat(old.read(J.numberNode(0L), "t")).isEqualTo(0L);
        // a command-line bound is not a record: any time goes
        assertThat(UTC.parse("1969-12-31T23:59:59Z", "bound")).isEqualTo(-1000L);
    }
}
