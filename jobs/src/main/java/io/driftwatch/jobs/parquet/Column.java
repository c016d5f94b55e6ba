package io.driftwatch.jobs.parquet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import java.util.function.Function;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * One column of an output table: its name, Parquet type and how to read its value from a row.
 * Every column is optional (null where the contract says a value is not defined).
 */
public final class Column<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Value kinds the output tables use. */
    public enum Kind { STRING, LONG, DOUBLE, BOOLEAN, TIMESTAMP, BINARY, STRING_LIST, DOUBLE_LIST, VALUE_COUNTS }

    /** A serializable getter (operators ship table definitions to the cluster). */
    public interface Getter<T> extends Function<T, Object>, Serializable {}

    final String name;
    final Kind kind;
    final Getter<T> getter;
    /** A text column whose values are (nearly) all different: no dictionary ({@link ParquetTables#open}). */
    final boolean unique;

    private Column(String name, Kind kind, Getter<T> getter) {
        this(name, kind, getter, false);
    }

    private Column(String name, Kind kind, Getter<T> getter, boolean unique) {
        this.name = name;
        this.kind = kind;
        this.getter = getter;
        this.unique = unique;
    }

    public static <T> Column<T> string(String name, Getter<T> g) { return new Column<>(name, Kind.STRING, g); }
    /** Text that differs from row to row (ids): written without a dictionary, which would be built and dropped. */
    public static <T> Column<T> uniqueString(String name, Getter<T> g) { return new Column<>(name, Kind.STRING, g, true); }
    public static <T> Column<T> int64(String name, Getter<T> g) { return new Column<>(name, Kind.LONG, g); }
    public static <T> Column<T> float64(String name, Getter<T> g) { return new Column<>(name, Kind.DOUBLE, g); }
    public static <T> Column<T> bool(String name, Getter<T> g) { return new Column<>(name, Kind.BOOLEAN, g); }
    /** Epoch milliseconds as Parquet {@code TIMESTAMP(MILLIS, UTC)}. */
    public static <T> Column<T> timestamp(String name, Getter<T> g) { return new Column<>(name, Kind.TIMESTAMP, g); }
    public static <T> Column<T> binary(String name, Getter<T> g) { return new Column<>(name, Kind.BINARY, g); }
    /** A {@code List<String>} as a standard three-level Parquet LIST. */
    public static <T> Column<T> stringList(String name, Getter<T> g) { return new Column<>(name, Kind.STRING_LIST, g); }
    public static <T> Column<T> doubleList(String name, Getter<T> g) { return new Column<>(name, Kind.DOUBLE_LIST, g); }
    /** A {@code List<ValueCount>} as a LIST of {@code struct<value: string, count: int64>}. */
    public static <T> Column<T> valueCounts(String name, Getter<T> g) { return new Column<>(name, Kind.VALUE_COUNTS, g); }

    /** One element of a {@link Kind#VALUE_COUNTS} column. */
    public record ValueCount(String value, long count) implements Serializable {}

    public Kind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    /** The column's value in {@code row}, as the writer gets it. */
    public Object valueOf(T row) {
        return getter.apply(row);
    }

    Type parquetType() {
        switch (kind) {
            case STRING:
                return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
            case LONG:
                return Types.optional(PrimitiveTypeName.INT64).named(name);
            case DOUBLE:
                return Types.optional(PrimitiveTypeName.DOUBLE).named(name);
            case BOOLEAN:
                return Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
            case TIMESTAMP:
                return Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                        .named(name);
            case BINARY:
                return Types.optional(PrimitiveTypeName.BINARY).named(name);
            case STRING_LIST:
                return Types.optionalList()
                        .optionalElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(name);
            case DOUBLE_LIST:
                return Types.optionalList().optionalElement(PrimitiveTypeName.DOUBLE).named(name);
            case VALUE_COUNTS:
                return Types.optionalList()
                        .optionalGroupElement()
                        .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("value")
                        .optional(PrimitiveTypeName.INT64).named("count")
                        .named(name);
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /**
     * The column's value in a stored row, as the getter gives it when writing: {@code String},
     * {@code Long} (also timestamps, epoch millis), {@code Double}, {@code Boolean}, {@code byte[]},
     * {@code List<String>}, {@code List<Double>}, {@code List<ValueCount>}; null where the row has no
     * value or the file no such column (written before the column existed).
     */
    Object read(Group g) {
        GroupType type = g.getType();
        if (!type.containsField(name)) return null;
        int i = type.getFieldIndex(name);
        if (g.getFieldRepetitionCount(i) == 0) return null;
        switch (kind) {
            case STRING:
                return g.getString(i, 0);
            case LONG:
                return g.getLong(i, 0);
            case TIMESTAMP:
                return timestampMillis(g, type.getType(i), i);
            case DOUBLE:
                return g.getDouble(i, 0);
            case BOOLEAN:
                return g.getBoolean(i, 0);
            case BINARY:
                return g.getBinary(i, 0).getBytes();
            case STRING_LIST:
            case DOUBLE_LIST:
            case VALUE_COUNTS: {
                Group list = g.getGroup(i, 0);
                List<Object> out = new ArrayList<>();
                int n = list.getType().containsField("list") ? list.getFieldRepetitionCount("list") : 0;
                for (int j = 0; j < n; j++) {
                    Group element = list.getGroup("list", j);
                    if (element.getFieldRepetitionCount("element") == 0) {
                        out.add(null);
                    } else if (kind == Kind.STRING_LIST) {
                        out.add(element.getString("element", 0));
                    } else if (kind == Kind.DOUBLE_LIST) {
                        out.add(element.getDouble("element", 0));
                    } else {
                        Group vc = element.getGroup("element", 0);
                        out.add(new ValueCount(vc.getFieldRepetitionCount("value") == 0 ? null : vc.getString("value", 0),
                                vc.getLong("count", 0)));
                    }
                }
                return out;
            }
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** Epoch millis of a TIMESTAMP column in the unit the file declares (other writers may use micros). */
    private static long timestampMillis(Group g, Type type, int i) {
        long v = g.getLong(i, 0);
        if (type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t) {
            return switch (t.getUnit()) {
                case MILLIS -> v;
                case MICROS -> Math.floorDiv(v, 1_000L);
                case NANOS -> Math.floorDiv(v, 1_000_000L);
            };
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object v) {
        return (List<Object>) v;
    }
}
