package io.floorwatch.sink.clickhouse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * ClickHouse's RowBinary encoding of the column types FloorWatch uses: integers, Float64, Decimal, Date, DateTime and
 * DateTime64 as little-endian numbers, strings with a LEB128 length, {@code Nullable} with a leading null flag
 * ({@code LowCardinality} is invisible in RowBinary). About 60 % of the server CPU of JSONEachRow (PERFORMANCE.md),
 * and cheaper to produce. A value the column cannot hold throws {@link IllegalArgumentException} (or
 * {@link ArithmeticException}) instead of being stored wrong: the writer keeps such a record in
 * {@code rejected_events}.
 */
public final class RowBinaryOutput {
    /** The largest unscaled value of a {@code Decimal(18, 2)}. */
    private static final long MAX_DECIMAL18 = 999_999_999_999_999_999L;
    /** The last day a {@code Date} (UInt16 days) holds: 2149-06-06. */
    private static final long MAX_DATE_DAY = 65_535;

    private final BatchBuffer out;

    RowBinaryOutput(BatchBuffer out) {
        this.out = out;
    }

    public void string(String s) {
        if (s.length() < 0x80) { // ASCII, as ids mostly are: its length is its one-byte varint, no byte[] in between
            int mark = out.size();
            out.write(s.length());
            if (out.writeAscii(s)) return;
            out.truncate(mark);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(b.length);
        out.write(b, 0, b.length);
    }

    public void nullableString(String s) {
        if (nullFlag(s == null)) string(s);
    }

    public void uint8(long v) {
        out.write((int) inRange(v, 0, 0xFF, "UInt8"));
    }

    public void int32(long v) {
        out.writeIntLe((int) inRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "Int32"));
    }

    public void nullableInt32(Integer v) {
        if (nullFlag(v == null)) int32(v);
    }

    public void uint32(long v) {
        int32((int) inRange(v, 0, 0xFFFF_FFFFL, "UInt32"));
    }

    public void int64(long v) {
        out.writeLongLe(v);
    }

    /** UInt64 from a non-negative long. */
    public void uint64(long v) {
        int64(inRange(v, 0, Long.MAX_VALUE, "UInt64"));
    }

    public void float64(double v) {
        int64(Double.doubleToRawLongBits(v));
    }

    public void nullableFloat64(Double v) {
        if (nullFlag(v == null)) float64(v);
    }

    /** {@code Decimal(18, 2)} from cents. */
    public void decimal2(long cents) {
        int64(inRange(cents, -MAX_DECIMAL18, MAX_DECIMAL18, "Decimal(18, 2)"));
    }

    public void nullableDecimal2(Long cents) {
        if (nullFlag(cents == null)) decimal2(cents);
    }

    /** {@code Nullable(Decimal(18, 2))} from a decimal; digits beyond the cents are cut, as ClickHouse does with text. */
    public void nullableDecimal2(BigDecimal v) {
        if (nullFlag(v == null))
            decimal2(v.setScale(2, RoundingMode.DOWN).unscaledValue().longValueExact());
    }

    /** {@code DateTime64(3)} from epoch ms. */
    public void dateTime64(long epochMillis) {
        int64(epochMillis);
    }

    public void nullableDateTime64(Long epochMillis) {
        if (nullFlag(epochMillis == null)) dateTime64(epochMillis);
    }

    /** {@code DateTime} (UInt32 seconds) from epoch ms, the milliseconds cut. */
    public void dateTime(long epochMillis) {
        uint32(Math.floorDiv(epochMillis, 1000L));
    }

    /** {@code Date} (UInt16 days) from {@code YYYY-MM-DD}. */
    public void date(String isoDate) {
        long day = inRange(LocalDate.parse(isoDate).toEpochDay(), 0, MAX_DATE_DAY, "Date");
        out.write((int) day);
        out.write((int) (day >>> 8));
    }

    /** Writes the null flag; true when a value must follow. */
    private boolean nullFlag(boolean isNull) {
        out.write(isNull ? 1 : 0);
        return !isNull;
    }

    private static long inRange(long v, long min, long max, String type) {
        if (v < min || v > max) throw new IllegalArgumentException(v + " does not fit " + type);
        return v;
    }

    private void varint(int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
