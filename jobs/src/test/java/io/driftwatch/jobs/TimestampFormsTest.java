package io.driftwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftwatch.jobs.cli.Driftwatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every timestamp form of contract §2 through the whole {@code analyze}: JSON Lines and CSV with ISO-8601
 * (offset, {@code Z}, local with {@code T} or a space), epoch s/ms/µs/ns as numbers and as text, and an
 * {@code input.timestamp_format} pattern; Parquet written by DuckDB with each of its timestamp types,
 * and {@code INT96} written by parquet-java. Each form is one model with the same three instants
 * (python: {@code int(datetime(2026,11,1,6,59,59,999000,tzinfo=timezone.utc).timestamp()*1000)} =
 * 1793516399999; 07:00:00 = 1793516400000; 2026-11-02 23:30:00.5 = 1793662200500), written in UTC or
 * as Europe/Berlin local time (UTC+1 in November; the third is 00:30:00.5 on 11-03 there), and must
 * land in the same hourly windows: 06:00 and 07:00 on 11-01 — a millisecond off either way moves one —
 * and 23:00 on 11-02.
 */
class TimestampFormsTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.perClass();

    static final long[] EPOCH_MS = {1793516399999L, 1793516400000L, 1793662200500L};
    static final String[] UTC_ISO = {"2026-11-01T06:59:59.999Z", "2026-11-01T07:00:00Z", "2026-11-02T23:30:00.5Z"};
    static final String[] BERLIN_LOCAL = {"2026-11-01 07:59:59.999", "2026-11-01 08:00:00", "2026-11-03 00:30:00.500"};
    static final List<String> WINDOWS = List.of("2026-11-01T06:00:00Z", "2026-11-01T07:00:00Z", "2026-11-02T23:00:00Z");

    /** Text forms by model name: the three instants as that form writes them. */
    static final Map<String, String[]> TEXT_FORMS = new LinkedHashMap<>();

    static {
        TEXT_FORMS.put("iso_z", UTC_ISO);
        TEXT_FORMS.put("iso_offset", new String[] {"2026-11-01T08:59:59.999+02:00", "2026-11-01T02:00:00-0500", "2026-11-03T00:30:00.500+01"});
        TEXT_FORMS.put("local_space", BERLIN_LOCAL);
        TEXT_FORMS.put("local_t", new String[] {"2026-11-01T07:59:59.999", "2026-11-01T08:00", "2026-11-03T00:30:00.500000"});
        TEXT_FORMS.put("utc_word", new String[] {"2026-11-01 06:59:59.999 UTC", "2026-11-01 07:00:00 UTC", "2026-11-02 23:30:00.5 UTC"});
        TEXT_FORMS.put("pattern", new String[] {"01/11/2026 07:59:59.999", "01/11/2026 08:00:00.000", "03/11/2026 00:30:00.500"});
        TEXT_FORMS.put("epoch_s_text", new String[] {"1793516399.999", "1793516400", "1793662200.5"});
        TEXT_FORMS.put("epoch_ms_text", new String[] {"1793516399999", "1793516400000", "1793662200500"});
        TEXT_FORMS.put("epoch_us_text", new String[] {"1793516399999000", "1793516400000000", "1793662200500000"});
        TEXT_FORMS.put("epoch_ns_text", new String[] {"1793516399999000000", "1793516400000000000", "1793662200500000000"});
    }

    /** Number forms (JSON numbers): the same instants in each unit. */
    static final Map<String, String[]> NUMBER_FORMS = Map.of(
            "epoch_s", new String[] {"1793516399.999", "1793516400", "1793662200.5"},
            "epoch_ms", new String[] {"1793516399999", "1793516400000", "1793662200500"},
            "epoch_us", new String[] {"1793516399999000", "1793516400000000", "1793662200500000"},
            "epoch_ns", new String[] {"1793516399999000000", "1793516400000000000", "1793662200500000000"});

    /** Parquet timestamp types DuckDB writes, with the literal each is cast from. */
    static final Map<String, String> DUCKDB_TYPES = Map.of(
            "timestamp", "TIMESTAMP", // TIMESTAMP(MICROS, local): read as input.timezone
            "timestamp_ms", "TIMESTAMP_MS",
            "timestamp_ns", "TIMESTAMP_NS",
            "timestamp_s", "TIMESTAMP_S", // seconds: 06:59:59.999 is written as 06:59:59, same window
            "timestamptz", "TIMESTAMPTZ"); // UTC-adjusted

    @TempDir
    static Path dir;
    static Map<String, List<String>> windowsByModel;
    static long recordsInvalid;

    @BeforeAll
    static void analyzeEveryForm() throws Exception {
        List<String> jsonl = new ArrayList<>();
        StringBuilder csv = new StringBuilder("model,timestamp,prediction\n");
        TEXT_FORMS.forEach((model, times) -> {
            for (String t : times) {
                jsonl.add("{\"model\":\"" + model + "\",\"timestamp\":\"" + t + "\",\"prediction\":0.5}");
                csv.append("csv_").append(model).append(',').append(t).append(",0.5\n");
            }
        });
        NUMBER_FORMS.forEach((model, times) -> {
            for (String t : times) jsonl.add("{\"model\":\"" + model + "\",\"timestamp\":" + t + ",\"prediction\":0.5}");
        });
        Files.write(dir.resolve("forms.jsonl"), jsonl);
        Files.writeString(dir.resolve("forms.csv"), csv);
        List<String> inputs = new ArrayList<>(List.of(dir.resolve("forms.jsonl").toString(), dir.resolve("forms.csv").toString()));
        try (Duck duck = new Duck()) {
            for (Map.Entry<String, String> e : DUCKDB_TYPES.entrySet()) {
                boolean utc = e.getValue().equals("TIMESTAMPTZ");
                String[] times = utc ? UTC_ISO : BERLIN_LOCAL;
                StringBuilder values = new StringBuilder();
                for (String t : times) {
                    if (values.length() > 0) values.append(", ");
                    String literal = utc ? t.replace("Z", "+00:00") : t;
                    // DuckDB rounds a cast to TIMESTAMP_S; truncate first, as a logger writing seconds would
                    String source = e.getValue().equals("TIMESTAMP_S")
                            ? "date_trunc('second', CAST('" + literal + "' AS TIMESTAMP))" : "'" + literal + "'";
                    values.append("('parquet_").append(e.getKey()).append("', CAST(").append(source).append(" AS ")
                            .append(e.getValue()).append("), 0.5)");
                }
                Path file = dir.resolve(e.getKey() + ".parquet");
                duck.execute("SET TimeZone = 'UTC'");
                duck.execute("COPY (SELECT * FROM (VALUES " + values + ") AS t(model, timestamp, prediction)) TO '" + file
                        + "' (FORMAT PARQUET)");
                inputs.add(file.toString());
            }
        }
        inputs.add(writeInt96(dir.resolve("int96.parquet")).toString());
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "input: {timezone: Europe/Berlin, timestamp_format: 'dd/MM/yyyy HH:mm:ss.SSS'}\n"
                + "drift: {enabled: false}\n");
        List<String> args = new ArrayList<>(List.of("analyze", "--config", config.toString(), "--output",
                dir.resolve("out").toString(), "--window", "1h", "--parallelism", "2"));
        for (String i : inputs) args.addAll(List.of("--input", i));
        assertThat(Driftwatch.run(args.toArray(String[]::new))).isEqualTo(0);
        windowsByModel = new LinkedHashMap<>();
        try (Duck duck = new Duck()) {
            Path out = dir.resolve("out");
            for (Map<String, Object> r : duck.rows("select model, window_start, prediction_count from "
                    + Duck.table(out, "kpi_windows") + " order by model, window_start")) {
                assertThat(r.get("prediction_count")).as(r.toString()).isEqualTo(1L);
                windowsByModel.computeIfAbsent((String) r.get("model"), m -> new ArrayList<>())
                        .add(((OffsetDateTime) r.get("window_start")).toInstant().toString());
            }
            recordsInvalid = duck.count("select records_invalid from " + Duck.table(out, "runs"));
        }
    }

    /** INT96: 8 bytes nanoseconds of the day and 4 bytes Julian day, little-endian (Spark, Impala, Hive). */
    private static Path writeInt96(Path file) throws Exception {
        MessageType schema = MessageTypeParser.parseMessageType(
                "message log { required binary model (STRING); required int96 timestamp; required double prediction; }");
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withConf(new PlainParquetConfiguration()).build()) {
            for (long ms : EPOCH_MS) {
                Instant t = Instant.ofEpochMilli(ms);
                long day = Math.floorDiv(t.getEpochSecond(), 86_400L);
                long nanosOfDay = (t.getEpochSecond() - day * 86_400L) * 1_000_000_000L + t.getNano();
                ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
                b.putLong(nanosOfDay).putInt((int) (day + 2_440_588L));
                w.write(new SimpleGroupFactory(schema).newGroup().append("model", "parquet_int96")
                        .append("timestamp", Binary.fromConstantByteArray(b.array())).append("prediction", 0.5));
            }
        }
        return file;
    }

    @Test
    void jsonLinesTextForms() {
        TEXT_FORMS.keySet().forEach(m -> assertThat(windowsByModel.get(m)).as(m).isEqualTo(WINDOWS));
    }

    @Test
    void jsonNumbersInEveryUnit() {
        NUMBER_FORMS.keySet().forEach(m -> assertThat(windowsByModel.get(m)).as(m).isEqualTo(WINDOWS));
    }

    @Test
    void csvTextForms() {
        TEXT_FORMS.keySet().forEach(m -> assertThat(windowsByModel.get("csv_" + m)).as("csv_" + m).isEqualTo(WINDOWS));
    }

    @Test
    void parquetTimestampTypes() {
        DUCKDB_TYPES.keySet().forEach(m -> assertThat(windowsByModel.get("parquet_" + m)).as(m).isEqualTo(WINDOWS));
        assertThat(windowsByModel.get("parquet_int96")).isEqualTo(WINDOWS);
    }

    @Test
    void nothingElse() {
        assertThat(recordsInvalid).isZero();
        assertThat(windowsByModel).hasSize(TEXT_FORMS.size() * 2 + NUMBER_FORMS.size() + DUCKDB_TYPES.size() + 1);
    }
}
