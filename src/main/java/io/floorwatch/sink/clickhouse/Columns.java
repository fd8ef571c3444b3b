package io.floorwatch.sink.clickhouse;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The row of one ClickHouse table as a list of columns: each column's name, its type and where its value comes from
 * in the record, in table order. This is the one definition of a table's row: the insert's column list and the
 * RowBinary encoding are both derived from it. Immutable: every method returns a longer copy.
 *
 * <p>The method names are the column types of docker/clickhouse/*.sql ({@code LowCardinality} does not change the
 * encoding). A null in a column that is not {@code Nullable} is stored as the type's default ({@code ''} or
 * 1970-01-01), as ClickHouse stores a JSON null there; a value the type cannot hold throws (see
 * {@link RowBinaryOutput}).
 *
 * @param <T> the record a row is made from
 */
public final class Columns<T> implements Serializable {
    private static final long serialVersionUID = 1L;

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

    private Columns<T> add(String name, Put<T> put) {
        return then(new Columns<>(List.of(name), List.of(put)));
    }

    public Columns<T> string(String name, Get<T, String> get) {
        return add(name, (r, out) -> {
            String v = get.from(r);
            out.string(v == null ? "" : v);
        });
    }

    public Columns<T> nullableString(String name, Get<T, String> get) {
        return add(name, (r, out) -> out.nullableString(get.from(r)));
    }

    /** {@code Decimal(18, 2)} from cents. */
    public Columns<T> decimal(String name, GetLong<T> cents) {
        return add(name, (r, out) -> out.decimal2(cents.from(r)));
    }

    /** {@code Nullable(Decimal(18, 2))} from cents. */
    public Columns<T> nullableDecimal(String name, Get<T, Long> cents) {
        return add(name, (r, out) -> out.nullableDecimal2(cents.from(r)));
    }

    /** {@code Nullable(Decimal(18, 2))} from an exact decimal, digits past the cents cut. */
    public Columns<T> nullableDecimalValue(String name, Get<T, BigDecimal> value) {
        return add(name, (r, out) -> out.nullableDecimal2(value.from(r)));
    }

    /** {@code Date} from {@code YYYY-MM-DD}. */
    public Columns<T> date(String name, Get<T, String> isoDate) {
        return add(name, (r, out) -> {
            String v = isoDate.from(r);
            out.date(v == null ? "1970-01-01" : v);
        });
    }

    /** {@code DateTime('UTC')} from epoch ms, the milliseconds cut. */
    public Columns<T> dateTime(String name, GetLong<T> epochMillis) {
        return add(name, (r, out) -> out.dateTime(epochMillis.from(r)));
    }

    /** {@code DateTime64(3, 'UTC')} from epoch ms. */
    public Columns<T> dateTime64(String name, GetLong<T> epochMillis) {
        return add(name, (r, out) -> out.dateTime64(epochMillis.from(r)));
    }

    public Columns<T> nullableDateTime64(String name, Get<T, Long> epochMillis) {
        return add(name, (r, out) -> out.nullableDateTime64(epochMillis.from(r)));
    }

    public Columns<T> uint8(String name, GetLong<T> get) {
        return add(name, (r, out) -> out.uint8(get.from(r)));
    }

    public Columns<T> int32(String name, GetLong<T> get) {
        return add(name, (r, out) -> out.int32(get.from(r)));
    }

    public Columns<T> nullableInt32(String name, Get<T, Integer> get) {
        return add(name, (r, out) -> out.nullableInt32(get.from(r)));
    }

    public Columns<T> uint32(String name, GetLong<T> get) {
        return add(name, (r, out) -> out.uint32(get.from(r)));
    }

    public Columns<T> int64(String name, GetLong<T> get) {
        return add(name, (r, out) -> out.int64(get.from(r)));
    }

    public Columns<T> uint64(String name, GetLong<T> get) {
        return add(name, (r, out) -> out.uint64(get.from(r)));
    }

    public Columns<T> nullableFloat64(String name, Get<T, Double> get) {
        return add(name, (r, out) -> out.nullableFloat64(get.from(r)));
    }
}
