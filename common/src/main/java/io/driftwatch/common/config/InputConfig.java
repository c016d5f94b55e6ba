package io.driftwatch.common.config;

import java.io.Serializable;
import java.util.Locale;

/**
 * How the log's timestamps are read (SPEC §2, config {@code input:}).
 *
 * @param timezone the zone of date-times written without an offset ({@code input.timezone}: {@code UTC},
 *     {@code Europe/Berlin}, {@code +02:00}); validated by {@link ConfigLoader}
 * @param timestampUnit the unit of epoch numbers ({@code input.timestamp_unit}); {@code AUTO} infers it
 *     from the magnitude (see {@link TimestampUnit#AUTO})
 * @param timestampFormat a {@link java.time.format.DateTimeFormatter} pattern tried before the built-in
 *     forms ({@code input.timestamp_format}), or null
 */
public record InputConfig(String timezone, TimestampUnit timestampUnit, String timestampFormat)
        implements Serializable {

    public static final InputConfig DEFAULT = new InputConfig("UTC", TimestampUnit.AUTO, null);

    /** The unit of a timestamp written as an epoch number. */
    public enum TimestampUnit {
        /**
         * By magnitude: below 1e11 seconds (until the year 5138), below 1e14 milliseconds (from
         * March 1973), below 1e17 microseconds, else nanoseconds. Milliseconds before March 1973
         * read as seconds: set the unit for such data.
         */
        AUTO("auto"),
        SECONDS("s"),
        MILLIS("ms"),
        MICROS("us"),
        NANOS("ns");

        private final String configName;

        TimestampUnit(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        /** The unit named in the config, or null. */
        public static TimestampUnit fromConfigName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            for (TimestampUnit u : values()) if (u.configName.equals(n)) return u;
            return switch (n) {
                case "seconds", "second", "sec" -> SECONDS;
                case "millis", "milliseconds", "millisecond" -> MILLIS;
                case "µs", "micros", "microseconds", "microsecond" -> MICROS;
                case "nanos", "nanoseconds", "nanosecond" -> NANOS;
                default -> null;
            };
        }
    }
}
