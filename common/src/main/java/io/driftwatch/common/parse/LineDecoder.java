package io.driftwatch.common.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.databind.ObjectReader;
import io.driftwatch.common.parse.BadRecordException.Reason;
import java.io.IOException;
import java.util.List;

/**
 * Decodes one line of a log into a JSON tree: a JSON Lines object as is, a CSV row as a flat object
 * keyed by the header. CSV cells are typed the way a person reads them: empty → null, a number →
 * number ({@code NaN}/{@code Infinity} included, so validation rejects them with a reason), the rest
 * text.
 */
public final class LineDecoder {
    private static final ObjectMapper JSON = new ObjectMapper(boundedFactory())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectReader CSV_ROW = new CsvMapper()
            .readerFor(String[].class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY);

    private LineDecoder() {}

    /** Jackson with the nesting limit of {@link JsonFieldSelector#MAX_DEPTH}: one limit for every JSON read. */
    static com.fasterxml.jackson.core.JsonFactory boundedFactory() {
        return com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                        .maxNestingDepth(JsonFieldSelector.MAX_DEPTH).build())
                .build();
    }

    /** Decodes a JSON Lines line. */
    public static JsonNode json(String line) throws BadRecordException {
        return json(line, false);
    }

    /** Decodes a JSON Lines line: one object, or an array too when {@code arrays} (a batch of records). */
    public static JsonNode json(String line, boolean arrays) throws BadRecordException {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !(n.isObject() || arrays && n.isArray())) {
                throw new BadRecordException(Reason.NOT_AN_OBJECT, "line is not a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new BadRecordException(Reason.INVALID_JSON, "invalid JSON: " + e.getOriginalMessage().split("\n")[0]);
        }
    }

    /**
     * Splits a CSV record into cells (RFC 4180 quoting; a quoted cell may hold line breaks). A
     * record that is not one CSV row (an unclosed quote, text after a closing quote, a second row)
     * is a bad record whose detail says what is wrong, in words.
     */
    public static String[] csvCells(String line) throws BadRecordException {
        try {
            try (MappingIterator<String[]> rows = CSV_ROW.readValues(line)) {
                String[] cells = rows.hasNext() ? rows.next() : new String[0];
                if (rows.hasNext()) throw new BadRecordException(Reason.INVALID_CSV, "invalid CSV: more than one row");
                return cells;
            }
        } catch (IOException | RuntimeException e) {
            // MappingIterator wraps Jackson's IOException in a RuntimeJsonMappingException: its
            // original message, without the class name or the location suffix
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
            String m = cause instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : String.valueOf(cause.getMessage());
            throw new BadRecordException(Reason.INVALID_CSV, "invalid CSV: " + m.split("\n")[0]);
        }
    }

    /** Decodes a CSV data row given the header's column names. */
    public static JsonNode csv(String line, List<String> header) throws BadRecordException {
        String[] cells = csvCells(line);
        if (cells.length != header.size()) {
            throw new BadRecordException(Reason.INVALID_CSV, "CSV row has " + cells.length + " cells, the header has " + header.size());
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < cells.length; i++) {
            row.set(header.get(i), typed(cells[i]));
        }
        return row;
    }

    /** A CSV cell as the number or text it reads as; empty is null. */
    static JsonNode typed(String cell) {
        if (cell == null || cell.isEmpty()) return JsonNodeFactory.instance.nullNode();
        char c = cell.charAt(0);
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'N' || c == 'I') {
            if (cell.equals("NaN")) return JsonNodeFactory.instance.numberNode(Double.NaN);
            if (cell.equals("Infinity") || cell.equals("+Infinity")) return JsonNodeFactory.instance.numberNode(Double.POSITIVE_INFINITY);
            if (cell.equals("-Infinity")) return JsonNodeFactory.instance.numberNode(Double.NEGATIVE_INFINITY);
            if (looksNumeric(cell)) {
                try {
                    if (cell.indexOf('.') < 0 && cell.indexOf('e') < 0 && cell.indexOf('E') < 0 && cell.length() < 19) {
                        return new CellLong(Long.parseLong(cell), cell);
                    }
                    return new CellDouble(Double.parseDouble(cell), cell);
                } catch (NumberFormatException ignored) {
                    // falls through to text
                }
            }
        }
        return JsonNodeFactory.instance.textNode(cell);
    }

    /**
     * A CSV cell read as a number that still reads as the text written ({@link #asText}), so that a
     * model version {@code 2.0} or {@code 007} stays what the log says where text is wanted.
     */
    static final class CellDouble extends com.fasterxml.jackson.databind.node.DoubleNode {
        private static final long serialVersionUID = 1L;
        private final String text;

        CellDouble(double v, String text) {
            super(v);
            this.text = text;
        }

        @Override
        public String asText() {
            return text;
        }
    }

    /** See {@link CellDouble}. */
    static final class CellLong extends com.fasterxml.jackson.databind.node.LongNode {
        private static final long serialVersionUID = 1L;
        private final String text;

        CellLong(long v, String text) {
            super(v);
            this.text = text;
        }

        @Override
        public String asText() {
            return text;
        }
    }

    private static boolean looksNumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) return false;
        }
        return true;
    }
}
