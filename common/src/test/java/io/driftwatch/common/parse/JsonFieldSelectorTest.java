package io.driftwatch.common.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.common.config.ConfigLoader;
import io.driftwatch.common.config.DriftwatchConfig;
import io.driftwatch.common.model.Observation;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast decoder must read every record as Jackson's full tree does: same observation, or a bad
 * record in both. Checked on hand-written edge cases and on thousands of randomly damaged lines.
 */
class JsonFieldSelectorTest {
    private static final DriftwatchConfig CONFIG = ConfigLoader.parse("""
            models:
              m: {task: binary_classification, segments: [country, "we\\"ird"]}
              r: {task: regression}
            """);
    // features read (drift on) with every feature kept; and KPIs only, with only segment features kept
    private static final RecordParser PARSER = new RecordParser(CONFIG, Map.of(), true);
    private static final JsonFieldSelector SELECTOR = new JsonFieldSelector(CONFIG, true);
    private static final RecordParser KPI_PARSER = new RecordParser(CONFIG, Map.of(), false);
    private static final JsonFieldSelector KPI_SELECTOR = new JsonFieldSelector(CONFIG, false);

    static final List<String> LINES = List.of(
            "{\"prediction_id\":\"p1\",\"timestamp\":\"2026-11-01T00:00:13.006Z\",\"model\":\"m\",\"model_version\":\"v1\","
                    + "\"features\":{\"country\":\"DE\",\"x1\":-0.5,\"x2\":1e-3,\"tags\":[1,{\"a\":\"}\"}],\"we\\\"ird\":7},"
                    + "\"prediction\":0.7,\"label\":1,\"latency_ms\":12.5,\"status\":\"ok\",\"resources\":{\"cpu_pct\":40,\"memory_mb\":1500}}",
            "  { \"model\" : \"r\" , \"timestamp\" : 1761955200000 , \"prediction\" : -12.5e2 , \"label\" : \"3\" ,"
                    + " \"extra\" : { \"deep\" : [ [ ] , { } ] } }  ",
            "{\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.2,\"features\":{\"country\":null}}",
            "{\"model\":\"m\",\"model\":\"r\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":5}",
            "{\"mo\\u0064el\":\"r\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":5,\"status\":\"\\u00e9chec\"}",
            "{\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.3,\"cpu_pct\":55.5,\"country\":\"FR\"}",
            "{}",
            "{\"model\":\"r\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":12345678901234567890}");

    @Test
    void readsEdgeCasesAsTheFullTreeDoes() throws Exception {
        int[] invalid = {0};
        for (String line : LINES) {
            assertSameOutcome(line, invalid, invalid);
        }
        assertThat(invalid[0]).isZero();
        Observation o = PARSER.parse(SELECTOR.decode(LINES.get(0)));
        assertThat(o.segments()).containsExactly("country=DE", "we\"ird=7");
        assertThat(o.cpuPct()).isEqualTo(40.0);
    }

    @Test
    void numbersAreTheDoublesParseDoubleGives() throws Exception {
        // the decoder reads decimals without Double.parseDouble (FastDoubleParser, from the line): every
        // value must have the same bits, -0.0 included, on both sides of the fast paths' limits
        // (15 and 19 significant digits, powers of ten up to 22, huge exponents)
        SplittableRandom r = new SplittableRandom(5);
        JsonFieldSelector selector = new JsonFieldSelector(CONFIG, true);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            if (r.nextBoolean()) b.append('-');
            int intDigits = r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(20);
            b.append(intDigits == 1 ? (char) ('0' + r.nextInt(10)) : (char) ('1' + r.nextInt(9)));
            for (int i = 1; i < intDigits; i++) b.append((char) ('0' + r.nextInt(10)));
            boolean fraction = r.nextInt(5) != 0;
            if (fraction) {
                b.append('.');
                int zeros = r.nextInt(4) == 0 ? r.nextInt(25) : 0;
                for (int i = 0; i < zeros; i++) b.append('0');
                int digits = 1 + r.nextInt(19);
                for (int i = 0; i < digits; i++) b.append((char) ('0' + r.nextInt(10)));
            }
            if (!fraction || r.nextInt(3) == 0) {
                b.append(r.nextBoolean() ? 'e' : 'E');
                int sign = r.nextInt(3);
                if (sign == 1) b.append('-');
                if (sign == 2) b.append('+');
                b.append(r.nextInt(r.nextBoolean() ? 30 : 400));
            }
            String number = b.toString();
            double expected = Double.parseDouble(number);
            double actual = selector.decode("{\"x\":" + number + "}").get("x").asDouble();
            assertThat(Double.doubleToRawLongBits(actual)).as(number).isEqualTo(Double.doubleToRawLongBits(expected));
        }
        for (String number : new String[] {"-0", "-0.0", "0.0", "-0e5", "123456789012345678", "-123456789012345678",
                "9007199254740993.0", "0.1", "1e22", "1e23", "123456789012345e-22", "1234567890123456e-22",
                "1e400000000000", "-1e-400000000000", "2.2250738585072011e-308", "4.9e-324", "1.7976931348623157e308",
                "0.000000000000000000000000000001234567890123456789012345678901234567890"}) {
            double actual = selector.decode("{\"x\":" + number + "}").get("x").asDouble();
            assertThat(Double.doubleToRawLongBits(actual)).as(number)
                    .isEqualTo(Double.doubleToRawLongBits(LineDecoder.json("{\"x\":" + number + "}").get("x").asDouble()));
        }
    }

    @Test
    void rejectsWhatIsNotOneJsonObject() {
        // structure anywhere; the grammar of values the job reads (here latency_ms)
        for (String bad : new String[] {"", "   ", "[1]", "{\"a\":1} x", "{\"a\":1", "{\"a\" 1}", "{\"latency_ms\":tru}",
                "{\"latency_ms\":01}", "{\"latency_ms\":1.}", "{\"latency_ms\":NaN}", "{\"a\":\"x}", "{\"model\":\"m\",}",
                "{'a':1}", "{\"a\":[1,2}"}) {
            assertThatThrownBy(() -> SELECTOR.decode(bad)).as(bad).isInstanceOf(BadRecordException.class);
        }
    }

    @Test
    void damagedLinesGiveTheSameOutcomeAsTheFullTree() throws Exception {
        SplittableRandom r = new SplittableRandom(17);
        int[] invalidForTree = {0};
        int[] invalidForBoth = {0};
        String alphabet = "{}[]\":,\\ 0123456789.eE-+truefalsnlx";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder(LINES.get(r.nextInt(LINES.size())));
            int edits = 1 + r.nextInt(3);
            for (int e = 0; e < edits && b.length() > 0; e++) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                    default -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            assertSameOutcome(b.toString(), invalidForTree, invalidForBoth);
        }
        // damage in a value the selector only skips (an unread feature or field) is not judged
        // there; everywhere else it is
        assertThat(invalidForTree[0]).isGreaterThan(5_000);
        assertThat((double) invalidForBoth[0] / invalidForTree[0]).isGreaterThan(0.8);
    }

    /**
     * Numbers are read in one pass up to the delimiter after them; a token that goes on past its number, or
     * is no number, reads (or fails) as the full tree reads it, whatever follows it.
     */
    @Test
    void numbersEndAtTheirDelimiterOrAreReadAsBefore() throws Exception {
        String[] tokens = {"0", "-0", "7", "-12", "0.5", "-0.0", "3.14159", "123456789012345.6", "1234567890123456.7",
            "0.0000000000000000000001", "999999999999999999", "1000000000000000000", "12x", "1.5.3", "-", "01", "1.",
            ".5", "-.5", "1-2", "1e5", "2E-3", "00.1", "1.0e", "+1", "0x10", "1..2", "-01.5", "5truefalse"};
        String[] after = {"}", ",\"y\":1}", " }", "\t}", "\r\n}", "]}", "\"}"};
        for (String token : tokens) {
            for (String rest : after) {
                String line = "{\"x\":" + token + rest;
                String expected;
                try {
                    expected = LineDecoder.json(line).get("x").toString();
                } catch (BadRecordException e) {
                    expected = "bad";
                }
                String actual;
                try {
                    actual = new JsonFieldSelector(CONFIG, true).decode(line).get("x").toString();
                } catch (BadRecordException e) {
                    actual = "bad";
                }
                assertThat(actual).as(line).isEqualTo(expected);
            }
        }
    }

    /**
     * A key or text value is first compared with the one read at its place in the last record (without
     * scanning it first): tokens that are a prefix, an extension or an escaped spelling of the remembered
     * one, or cut inside it, read as the full tree reads them.
     */
    @Test
    void tokensNearTheRememberedOnesReadAsTheFullTreeDoes() throws Exception {
        String first = "{\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5,\"status\":\"ok\","
                + "\"features\":{\"country\":\"DE\",\"x1\":1}}";
        List<String> next = List.of(
                "{\"model\":\"mm\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5,\"status\":\"o\"}",
                "{\"mode\":\"m\",\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5}",
                "{\"model\":\"m\\\"\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5}",
                "{\"mo\\u0064el\":\"\\u006d\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5,\"status\":\"ok\"}",
                "{\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5,\"status\":\"ok",
                "{\"model\":\"m",
                "{\"model\":\"\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5}",
                "{\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5,"
                        + "\"features\":{\"countryx\":\"DE\",\"x1\":2,\"country\":\"FR\"}}",
                "{\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5,"
                        + "\"features\":{\"countr\\u0079\":\"D\\u0045\",\"x1\":3}}",
                "{\"model\":\"m\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"prediction\":0.5,\"features\":{\"country\":\"DE");
        int[] invalid = {0, 0};
        for (String line : next) {
            JsonFieldSelector selector = new JsonFieldSelector(CONFIG, true);
            selector.decode(first); // remembers the first record's keys and texts at their places
            String expected;
            try {
                expected = selector.decode(line).toString();
            } catch (BadRecordException e) {
                expected = "bad";
            }
            assertSameOutcome(line, invalid, new int[1]);
            // and the same tree as a selector that remembers nothing yet
            String fresh;
            try {
                fresh = new JsonFieldSelector(CONFIG, true).decode(line).toString();
            } catch (BadRecordException e) {
                fresh = "bad";
            }
            assertThat(expected).as(line).isEqualTo(fresh);
        }
        assertThat(invalid[0]).isEqualTo(3); // the three cut lines
    }

    /**
     * Valid JSON for the full tree: the same observation, or the same bad-record reason, from the
     * selector. Invalid JSON for the full tree: counted, and counted again when the selector also
     * says invalid JSON (it may not where the damage lies in a value it skips).
     */
    private static void assertSameOutcome(String line, int[] invalidForTree, int[] invalidForBoth) throws Exception {
        String expected;
        try {
            expected = describe(PARSER.parse(LineDecoder.json(line)));
        } catch (BadRecordException e) {
            expected = isInvalidJson(e) ? "invalid JSON" : "bad: " + e.getMessage();
        }
        String actual;
        try {
            actual = describe(PARSER.parse(SELECTOR.decode(line)));
        } catch (BadRecordException e) {
            actual = isInvalidJson(e) ? "invalid JSON" : "bad: " + e.getMessage();
        }
        String expectedKpi;
        try {
            expectedKpi = describe(KPI_PARSER.parse(LineDecoder.json(line)));
        } catch (BadRecordException e) {
            expectedKpi = isInvalidJson(e) ? "invalid JSON" : "bad: " + e.getMessage();
        }
        String actualKpi;
        try {
            actualKpi = describe(KPI_PARSER.parse(KPI_SELECTOR.decode(line)));
        } catch (BadRecordException e) {
            actualKpi = isInvalidJson(e) ? "invalid JSON" : "bad: " + e.getMessage();
        }
        if (!expectedKpi.equals("invalid JSON")) assertThat(actualKpi).as("line %s", line).isEqualTo(expectedKpi);
        if (expected.equals("invalid JSON")) {
            invalidForTree[0]++;
            if (actual.equals("invalid JSON")) invalidForBoth[0]++;
            return;
        }
        assertThat(actual).as("line %s", line).isEqualTo(expected);
    }

    private static boolean isInvalidJson(BadRecordException e) {
        String m = e.getMessage();
        return m.startsWith("invalid JSON") || m.contains("not a JSON object") || m.equals("line is empty");
    }

    private static String describe(Observation o) {
        return o.toString()
                .replaceAll("segments=\\[Ljava.lang.String;@[0-9a-f]+", "segments=" + Arrays.toString(o.segments()))
                .replaceAll("featureNames=\\[Ljava.lang.String;@[0-9a-f]+", "featureNames=" + Arrays.toString(o.featureNames()))
                .replaceAll("featureNumbers=\\[D@[0-9a-f]+", "featureNumbers=" + Arrays.toString(o.featureNumbers()))
                .replaceAll("featureTexts=\\[Ljava.lang.String;@[0-9a-f]+", "featureTexts=" + Arrays.toString(o.featureTexts()));
    }

    /**
     * Issue 26: with features.include/exclude only the features they name are built (the rest is
     * scanned); the observation is the full tree's for plain names, globs and excludes alike, on
     * the edge cases and on damaged lines whose full tree is valid JSON.
     */
    @Test
    void aFeatureFilterBuildsOnlyItsFeaturesAndReadsAsTheFullTreeDoes() throws Exception {
        for (String filter : new String[] {"{include: [x1, tags]}", "{include: [\"x*\"]}", "{exclude: [x1]}",
                "{include: [x1, x2, tags], exclude: [x2]}", "{include: [\"we\\\"ird\"]}"}) {
            DriftwatchConfig config = ConfigLoader.parse("features: " + filter + "\n" + """
                    models:
                      m: {task: binary_classification, segments: [country, "we\\"ird"]}
                      r: {task: regression}
                    """);
            RecordParser parser = new RecordParser(config, Map.of(), true);
            JsonFieldSelector selector = new JsonFieldSelector(config, true);
            SplittableRandom r = new SplittableRandom(5);
            String alphabet = "{}[]\":,\\ 0123456789.eE-+truefalsnlx";
            int compared = 0;
            for (int n = 0; n < 5_000; n++) {
                StringBuilder b = new StringBuilder(LINES.get(n % LINES.size()));
                if (n >= LINES.size()) {
                    int at = r.nextInt(Math.max(1, b.length()));
                    if (b.length() > 0) b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
                }
                String line = b.toString();
                String expected;
                try {
                    expected = describe(parser.parse(LineDecoder.json(line)));
                } catch (BadRecordException e) {
                    continue; // invalid for the full tree: judged by the tests above
                }
                String actual;
                try {
                    actual = describe(parser.parse(selector.decode(line)));
                } catch (BadRecordException e) {
                    actual = "bad: " + e.getMessage();
                }
                assertThat(actual).as("features %s, line %s", filter, line).isEqualTo(expected);
                compared++;
            }
            assertThat(compared).isGreaterThan(1_000);
        }
        // only the named features are built into the tree
        DriftwatchConfig config = ConfigLoader.parse("features: {include: [x1]}\nmodels: {m: {task: binary_classification}}");
        assertThat(new JsonFieldSelector(config, true).decode(LINES.get(0)).get("features").toString())
                .isEqualTo("{\"x1\":-0.5}");
    }

    /**
     * Issue 26: a selected features object is read in one pass; a line cut inside it still gives the
     * dead letter the error its extent gives (the message of the release that read the extent first).
     */
    @Test
    void aLineCutInsideSelectedFeaturesKeepsItsError() throws Exception {
        DriftwatchConfig config = ConfigLoader.parse("features: {include: [x1]}\nmodels: {m: {task: binary_classification}}");
        JsonFieldSelector selector = new JsonFieldSelector(config, true);
        String line = "{\"model\":\"m\",\"features\":{\"x1\":1.5,\"x2\":\"a\",\"x3\":{\"b\":[1,2]}}}";
        assertThat(selector.decode(line).get("features").toString()).isEqualTo("{\"x1\":1.5}");
        for (String cut : new String[] {"{\"model\":\"m\",\"features\":{\"x1\":1.5,\"x2\":",
                "{\"model\":\"m\",\"features\":{\"x1\":1.5,\"x3\":{\"b\":[1,2]}", "{\"model\":\"m\",\"features\":{\"x1\":"}) {
            assertThatThrownBy(() -> selector.decode(cut)).as(cut)
                    .hasMessage("invalid JSON: unexpected end of line inside an object or array");
        }
        assertThatThrownBy(() -> selector.decode("{\"model\":\"m\",\"features\":{\"x1\":1.5,\"x2\":\"a"))
                .hasMessage("invalid JSON: unterminated string");
        // and a damaged object within the line: the error of the place it is found
        assertThatThrownBy(() -> selector.decode("{\"model\":\"m\",\"features\":{\"x1\":1.5 \"x2\":1}}"))
                .hasMessage("invalid JSON: expected ',' or '}' in features at character 35"); // the quote of "x2"
    }

    /**
     * Issue 26: a short text that comes again at a place whose last text differed is the string read
     * before (not a copy); a place of ever-new texts stops looking them up, and every text read is
     * still the token's.
     */
    @Test
    void aRepeatedShortTextIsTheSameStringAndNewOnesStayExact() throws Exception {
        DriftwatchConfig config = ConfigLoader.parse("models: {m: {task: binary_classification}}");
        JsonFieldSelector selector = new JsonFieldSelector(config, true);
        java.util.function.IntFunction<String> line = i -> "{\"prediction_id\":\"id-" + i + "\",\"model\":\"m\","
                + "\"features\":{\"city\":\"" + (i % 3 == 0 ? "Zürich" : "c" + i % 7) + "\"}}";
        String first = selector.decode(line.apply(0)).get("features").get("city").textValue();
        String second = selector.decode(line.apply(1)).get("features").get("city").textValue();
        String third = selector.decode(line.apply(3)).get("features").get("city").textValue();
        assertThat(second).isEqualTo("c1");
        assertThat(third).isEqualTo("Zürich").isSameAs(first);
        for (int i = 0; i < 3_000; i++) { // past the 1,024 new ids in a row that stop the lookups at the id's place
            JsonNode n = selector.decode(line.apply(i));
            assertThat(n.get("prediction_id").textValue()).isEqualTo("id-" + i);
            assertThat(n.get("features").get("city").textValue()).isEqualTo(i % 3 == 0 ? "Zürich" : "c" + i % 7);
        }
        assertThat(selector.decode("{\"prediction_id\":\"a\\\"b\",\"model\":\"m\"}").get("prediction_id").textValue())
                .isEqualTo("a\"b");
    }

    /** Issue 19: 5,000 nested objects were a StackOverflowError; now a bad record (also as a list, through Jackson). */
    @Test
    void nestingBeyondJacksonsLimitIsABadRecordNotAStackOverflow() throws Exception {
        String deep = "{\"model\":\"m\",\"features\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + "}";
        for (JsonFieldSelector s : new JsonFieldSelector[] {SELECTOR, KPI_SELECTOR}) {
            if (s == KPI_SELECTOR) {
                // only scanned where the job reads no features: no tree is built
                assertThat(s.decode(deep).get("model").asText()).isEqualTo("m");
                continue;
            }
            assertThatThrownBy(() -> s.decode(deep)).isInstanceOf(BadRecordException.class)
                    .hasMessageContaining("nested deeper than 200 levels")
                    .extracting(e -> ((BadRecordException) e).reason()).isEqualTo(BadRecordException.Reason.TOO_LARGE);
        }
        // 200 levels are read as a full tree reads them
        String ok = "{\"features\":" + "{\"a\":".repeat(199) + "1" + "}".repeat(199) + "}";
        assertThat(SELECTOR.decode(ok).toString()).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(ok).toString());
        String lists = "{\"features\":{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}}";
        assertThatThrownBy(() -> SELECTOR.decode(lists)).isInstanceOf(BadRecordException.class);
        assertThatThrownBy(() -> LineDecoder.json(lists)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("nesting depth");
    }
}
