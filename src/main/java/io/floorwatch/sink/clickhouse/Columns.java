package io.floorwatch.sink.clickhouse;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The row of one ClickHouse table as a list of columns: each column's name, its type and where its value comes from
 * in the record, in table order, written like the table's DDL ({@code column("spins", UINT64, m -> m.spins)}). This is
 * the one definition of a table's row: the insert's column list and the RowBinary encoding are both derived from it.
 * Immutable: every method returns a longer copy.
 *
 * <p>The types are those of docker/clickhouse/*.sql ({@code LowCardinality} does not change the encoding). A null in
 * a column that is not {@code Nullable} is stored as the type's default ({@code ''} or 1970-01-01), as ClickHouse
 * stores a JSON null there; a value the type cannot hold throws (see {@link RowBinaryOutput}).
 *
 * @param <T> the record a row is made from
 */
public final class Columns<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A column type whose values are objects (null for {@code Nullable} types). */
    @FunctionalInterface
    public interface Type<V> extends Serializable {
        void write(RowBinaryOutput out, V value);
    }

    /** A column type whose values are primitives (integers, times in epoch ms, money in cents). */
    @FunctionalInterface
    public interface LongType extends Serializable {
        void write(RowBinaryOutput out, long value);
    }

    public static final Type<String> STRING = (out, v) -> out.string(v == null ? "" : v);
    public static final Type<String> NULLABLE_STRING = RowBinaryOutput::nullableString;
    /** {@code Decimal(18, 2)} from cents. */
    public static final LongType DECIMAL = RowBinaryOutput::decimal2;
    /** {@code Nullable(Decimal(18, 2))} from cents. */
    public static final Type<Long> NULLABLE_DECIMAL = RowBinaryOutput::nullableDecimal2;
    /** {@code Nullable(Decimal(18, 2))} from an exact decimal, digits past the cents cut. */
    public static final Type<BigDecimal> NULLABLE_DECIMAL_VALUE = RowBinaryOutput::nullableDecimal2;
    /** {@code Date} from {@code YYYY-MM-DD}. */
    public static final Type<String> DATE = (out, v) -> out.date(v == null ? "1970-01-01" : v);
    /** {@code DateTime('UTC')} from epoch ms, the milliseconds cut. */
    public static final LongType DATE_TIME = RowBinaryOutput::dateTime;
    /** {@code DateTime64(3, 'UTC')} from epoch ms. */
    public static final LongType DATE_TIME64 = RowBinaryOutput::dateTime64;

    public static final Type<Long> NULLABLE_DATE_TIME64 = RowBinaryOutput::nullableDateTime64;
    public static final LongType UINT8 = RowBinaryOutput::uint8;
    public static final LongType INT32 = RowBinaryOutput::int32;
    public static final Type<Integer> NULLABLE_INT32 = RowBinaryOutput::nullableInt32;
    public static final LongType UINT32 = RowBinaryOutput::uint32;
    public static final LongType INT64 = RowBinaryOutput::int64;
    public static final LongType UINT64 = RowBinaryOutput::uint64;
    public static final Type<Double> NULLABLE_FLOAT64 = RowBinaryOutput::nullableFloat64;

    /** A column's value in a record. */
    @FunctionalInterface
    public interface Get<T, V> extends Serializable {
        V from(T record);
    }

    /** A column's value in a record, as a primitive. */
    @FunctionalInterface
    public interface GetLong<T> extends Serializable {
        long from(T record);
    }

    @FunctionalInterface
    private interface Put<T> extends Serializable {
        void write(T record, RowBinaryOutput out);
    }

    private final List<String> names;
    private final List<Put<T>> puts;

    private Columns(List<String> names, List<Put<T>> puts) {
        this.names = List.copyOf(names);
        this.puts = List.copyOf(puts);
    }

    /** No columns yet, for records of {@code type}. */
    public static <T> Columns<T> of(Class<T> type) {
        return new Columns<>(List.of(), List.of());
    }

    /** The column names, in order. */
    public List<String> names() {
        return names;
    }

    /** Writes one row. */
    public void write(T record, RowBinaryOutput out) {
        for (Put<T> put : puts) put.write(record, out);
    }

    /** These columns, then {@code more}'s. */
    public Columns<T> then(Columns<T> more) {
        List<String> n = new ArrayList<>(names);
        n.addAll(more.names);
        List<Put<T>> p = new ArrayList<>(puts);
        p.addAll(more.puts);
        return new Columns<>(n, p);
    }

    /** These columns and one more. */
    public <V> Columns<T> column(String name, Type<V> type, Get<T, V> value) {
        return then(new Columns<>(List.of(name), List.of((r, out) -> type.write(out, value.from(r)))));
    }

    /** These columns and one more, of a primitive type. */
    public Columns<T> column(String name, LongType type, GetLong<T> value) {
        return then(new Columns<>(List.of(name), List.of((r, out) -> type.write(out, value.from(r)))));
    }
}
