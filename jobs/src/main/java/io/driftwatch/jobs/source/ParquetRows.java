package io.driftwatch.jobs.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.driftwatch.jobs.parquet.ParquetGroups;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The rows of a Parquet log file as JSON objects (in {@link RawRecord#text()}), read through
 * Flink's file systems and without Hadoop. Timestamps ({@code TIMESTAMP} in millis, micros or nanos,
 * and the legacy {@code INT96}) become ISO-8601 text: with {@code Z} when UTC-adjusted (and INT96,
 * which Spark and Impala write in UTC), without an offset when local, so that {@code input.timezone}
 * applies (contract §2); {@code DATE} becomes a date. Nested groups
 * (e.g. a {@code features} struct) become nested objects; MAP groups become objects; LIST groups
 * become arrays. Source of a row: {@code file:row<N>} (1-based).
 */
final class ParquetRows implements Iterator<RawRecord>, AutoCloseable {
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
    private final String file;
    private final ParquetGroups groups;
    private long row;

    /** The file's modification time ({@link RawRecord#sourceTime}). */
    private final long modified;

    private ParquetRows(Path path, long modified) throws IOException {
        this.file = path.toString();
        this.groups = ParquetGroups.open(path);
        this.modified = modified;
    }

    /** @param modified the file's modification time, epoch millis */
    static ParquetRows read(Path path, long modified) throws IOException {
        return new ParquetRows(path, modified);
    }

    @Override
    public boolean hasNext() {
        return groups.hasNext();
    }

    @Override
    public RawRecord next() {
        Group g = groups.next();
        row++;
        return RawRecord.line(file + ":row" + row, toJson(g).toString(), null, modified);
    }

    @Override
    public void close() throws IOException {
        groups.close();
    }

    static ObjectNode toJson(Group g) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        GroupType type = g.getType();
        for (int f = 0; f < type.getFieldCount(); f++) {
            Type ft = type.getType(f);
            int reps = g.getFieldRepetitionCount(f);
            if (reps == 0) {
                o.putNull(ft.getName());
            } else if (ft.isRepetition(Type.Repetition.REPEATED)) {
                ArrayNode a = o.putArray(ft.getName());
                for (int i = 0; i < reps; i++) a.add(value(g, f, i, ft));
            } else {
                o.set(ft.getName(), value(g, f, 0, ft));
            }
        }
        return o;
    }

    private static JsonNode value(Group g, int field, int index, Type t) {
        JsonNodeFactory j = JsonNodeFactory.instance;
        if (!t.isPrimitive()) {
            Group child = g.getGroup(field, index);
            LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
            if (logical instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
                ArrayNode a = j.arrayNode();
                int n = child.getFieldRepetitionCount(0);
                for (int i = 0; i < n; i++) {
                    Group element = child.getGroup(0, i);
                    a.add(element.getFieldRepetitionCount(0) == 0 ? j.nullNode()
                            : value(element, 0, 0, element.getType().getType(0)));
                }
                return a;
            }
            if (logical instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
                ObjectNode m = j.objectNode();
                int n = child.getFieldRepetitionCount(0);
                for (int i = 0; i < n; i++) {
                    Group kv = child.getGroup(0, i);
                    String key = kv.getValueToString(0, 0);
                    m.set(key, kv.getFieldRepetitionCount(1) == 0 ? j.nullNode() : value(kv, 1, 0, kv.getType().getType(1)));
                }
                return m;
            }
            return toJson(child);
        }
        PrimitiveType p = t.asPrimitiveType();
        LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
        switch (p.getPrimitiveTypeName()) {
            case INT64: {
                long v = g.getLong(field, index);
                if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts) {
                    Instant instant = switch (ts.getUnit()) {
                        case MILLIS -> Instant.ofEpochMilli(v);
                        case MICROS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000L);
                        case NANOS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
                    };
                    return j.textNode(ts.isAdjustedToUTC() ? instant.toString()
                            : LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString());
                }
                return j.numberNode(v);
            }
            case INT96: {
                // 8 bytes nanoseconds of the day, then 4 bytes Julian day, both little-endian
                ByteBuffer b = g.getInt96(field, index).toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                long nanosOfDay = b.getLong();
                long epochDay = b.getInt() - JULIAN_DAY_OF_EPOCH;
                return j.textNode(Instant.ofEpochSecond(epochDay * 86_400L, 0).plusNanos(nanosOfDay).toString());
            }
            case INT32:
                if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return j.textNode(LocalDate.ofEpochDay(g.getInteger(field, index)).toString());
                }
                return j.numberNode(g.getInteger(field, index));
            case DOUBLE:
                return j.numberNode(g.getDouble(field, index));
            case FLOAT:
                return j.numberNode(g.getFloat(field, index));
            case BOOLEAN:
                return j.booleanNode(g.getBoolean(field, index));
            default:
                return j.textNode(g.getValueToString(field, index));
        }
    }
}
