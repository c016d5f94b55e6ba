package io.driftwatch.jobs.parquet;

import java.io.Serializable;
import java.util.List;
import java.util.function.Function;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * One column of an output table: its name, Parquet type and how to read its value from a row.
 * Every column is optional (null where the SPEC says a value is not defined).
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

    private Column(String name, Kind kind, Getter<T> getter) {
        this.name = name;
        this.kind = kind;
        this.getter = getter;
    }

    public static <T> Column<T> string(String name, Getter<T> g) { return new Column<>(name, Kind.STRING, g); }
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

    public String name() {
        return name;
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

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object v) {
        return (List<Object>) v;
    }
}
