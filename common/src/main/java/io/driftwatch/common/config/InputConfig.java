package io.driftwatch.common.config;

import java.io.Serializable;
import java.util.Locale;

/**
 * How the log's timestamps are read (contract §2, config {@code input:}).
 *
 * @param timezone the zone of date-times written without an offset ({@code input.timezone}: {@code UTC},
 *     {@code Europe/Berlin}, {@code +02:00}); validated by {@link ConfigLoader}
 * @param timestampUnit the unit of epoch numbers ({@code input.timestamp_unit}); {@code AUTO} infers it
 *     from the magnitude (see {@link TimestampUnit#AUTO})
 * @param timestampFormat a {@link java.time.format.DateTimeFormatter} pattern tried before the built-in
 *     forms ({@code input.timestamp_format}), or null
 * @param earliestTimestamp epoch millis: an event time before it is an {@code implausible_timestamp}
 *     dead letter ({@code input.earliest_timestamp}, default 2000-01-01)
 * @param latestTimestamp epoch millis: an event time at or after it is an {@code implausible_timestamp}
 *     dead letter ({@code input.latest_timestamp}, default 2100-01-01)
 * @param maxLineBytes the longest line (JSON Lines, CSV record) or message read; a longer one is one
 *     {@code too_large} dead letter and is never held in memory whole ({@code input.max_line_bytes},
 *     default 64 MiB)
 * @param maxInflationRatio a compressed file that inflates to more than this many times its size
 *     (and more than 64 MiB) is read up to there, the rest is one {@code unreadable} dead letter
 *     ({@code input.max_inflation_ratio}, default 200: logs compress 5-20 times, a zip bomb 1,000)
 * @param format the shape of the records ({@code input.format}): Driftwatch's own fields, or a
 *     platform's that is read as it is ({@link Format})
 * @param model the model name of records that carry none ({@code input.model}), or null: such a
 *     record is a {@code missing_field} dead letter
 * @param payloadColumns the names, in order, of the values of a platform's CSV or array payload
 *     ({@code input.payload_columns}; SageMaker Data Capture); empty when not given
 * @param pairingWaitMillis how long (event time) a request or response of a format that logs them
 *     apart waits for the other ({@code input.pairing_wait}, default 5 minutes); then it is an
 *     {@code unpaired} dead letter
 */
public record InputConfig(String timezone, TimestampUnit timestampUnit, String timestampFormat,
        long earliestTimestamp, long latestTimestamp, long maxLineBytes, double maxInflationRatio, Format format,
        String model, java.util.List<String> payloadColumns, long pairingWaitMillis) implements Serializable {

    /** The default of {@code input.pairing_wait}. */
    public static final long DEFAULT_PAIRING_WAIT_MILLIS = 5 * 60_000L;

    /** The shapes of records read as they are. */
    public enum Format {
        /** Driftwatch's own fields (contract §2), renamed by {@code columns:} where a log names them otherwise. */
        CANONICAL,
        /**
         * OpenInference tabular columns ({@code :id:}, {@code :timestamp.iso_8601:},
         * {@code :feature.float:age}, {@code :prediction.float.score:}, {@code :actual.str.label:},
         * {@code :tag.str:region}, {@code :version:}); see {@code OpenInferenceRecords}.
         */
        OPENINFERENCE,
        /**
         * SageMaker Model Monitor Data Capture records ({@code captureData}, {@code eventMetadata}) and,
         * with {@code --labels}, its ground-truth records ({@code groundTruthData}); see {@code SageMakerCapture}.
         */
        SAGEMAKER,
        /**
         * KServe's inference logger: CloudEvents of requests and responses (binary mode with Kafka
         * headers, structured JSON, or the blob-store sink's records), paired by id; see {@code InferenceEvents}.
         */
        KSERVE,
        /** Seldon Core's request logger: as {@link #KSERVE}, paired by {@code requestid}; feedback events are labels. */
        SELDON;

        /** Whether a Kafka message's headers and time are read too (a platform keeps attributes there). */
        public boolean readsMessageAttributes() {
            return this == SAGEMAKER || this == KSERVE || this == SELDON;
        }

        /** Whether a request and its response are logged as two events, paired by id before parsing. */
        public boolean pairsEvents() {
            return this == KSERVE || this == SELDON;
        }
    }

    /** How times are read, with the given bounds, of records in Driftwatch's own shape. */
    public InputConfig(String timezone, TimestampUnit timestampUnit, String timestampFormat, long earliestTimestamp,
            long latestTimestamp, long maxLineBytes, double maxInflationRatio) {
        this(timezone, timestampUnit, timestampFormat, earliestTimestamp, latestTimestamp, maxLineBytes,
                maxInflationRatio, Format.CANONICAL, null, java.util.List.of(), DEFAULT_PAIRING_WAIT_MILLIS);
    }

    /** 2000-01-01T00:00:00Z. */
    public static final long DEFAULT_EARLIEST = 946_684_800_000L;
    /** 2100-01-01T00:00:00Z. */
    public static final long DEFAULT_LATEST = 4_102_444_800_000L;
    public static final long DEFAULT_MAX_LINE_BYTES = 64L << 20;
    public static final double DEFAULT_MAX_INFLATION_RATIO = 200;

    public static final InputConfig DEFAULT = new InputConfig("UTC", TimestampUnit.AUTO, null);

    /** Any time a long holds is plausible: for bounds a person types ({@code --from}), not for records. */
    public static final InputConfig UNBOUNDED = new InputConfig("UTC", TimestampUnit.AUTO, null, Long.MIN_VALUE,
            Long.MAX_VALUE, DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_INFLATION_RATIO);

    /** How times are read, with the default bounds. */
    public InputConfig(String timezone, TimestampUnit timestampUnit, String timestampFormat) {
        this(timezone, timestampUnit, timestampFormat, DEFAULT_EARLIEST, DEFAULT_LATEST, DEFAULT_MAX_LINE_BYTES,
                DEFAULT_MAX_INFLATION_RATIO);
    }

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
