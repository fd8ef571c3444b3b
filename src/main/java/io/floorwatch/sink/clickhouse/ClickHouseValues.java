package io.floorwatch.sink.clickhouse;

import com.fasterxml.jackson.core.JsonGenerator;
import io.floorwatch.event.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How FloorWatch values are written into JSONEachRow for ClickHouse: times as UTC text (what
 * {@code DateTime} / {@code DateTime64(3)} parse with the default {@code date_time_input_format}),
 * money as exact decimal strings in dollars (ClickHouse parses {@code Decimal} from a JSON string
 * without going through binary floating point).
 */
public final class ClickHouseValues {
    private ClickHouseValues() {}

    /** Epoch ms as {@code DateTime64(3)} text in UTC: {@code 2026-11-22 20:15:03.120}. */
    public static String dateTime64(long epochMillis) {
        char[] c = new char[23];
        long seconds = Math.floorDiv(epochMillis, 1000L);
        writeDateTime(c, seconds);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        c[19] = '.';
        c[20] = (char) ('0' + millis / 100);
        c[21] = (char) ('0' + millis / 10 % 10);
        c[22] = (char) ('0' + millis % 10);
        return new String(c);
    }

    /** Epoch ms as {@code DateTime} text in UTC, the milliseconds cut: {@code 2026-11-22 20:15:00}. */
    public static String dateTime(long epochMillis) {
        char[] c = new char[19];
        writeDateTime(c, Math.floorDiv(epochMillis, 1000L));
        return new String(c);
    }

    /** Civil date from days since the epoch (H. Hinnant's algorithm): no java.time on the hot path. */
    private static void writeDateTime(char[] c, long epochSeconds) {
        long days = Math.floorDiv(epochSeconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(epochSeconds, 86_400L);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long year = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        if (month <= 2) year++;
        if (year < 0 || year > 9999) throw new IllegalArgumentException("year out of range: " + year);
        int y = (int) year;
        c[0] = (char) ('0' + y / 1000);
        c[1] = (char) ('0' + y / 100 % 10);
        c[2] = (char) ('0' + y / 10 % 10);
        c[3] = (char) ('0' + y % 10);
        c[4] = '-';
        two(c, 5, month);
        c[7] = '-';
        two(c, 8, day);
        c[10] = ' ';
        two(c, 11, secondOfDay / 3600);
        c[13] = ':';
        two(c, 14, secondOfDay / 60 % 60);
        c[16] = ':';
        two(c, 17, secondOfDay % 60);
    }

    private static void two(char[] c, int at, int v) {
        c[at] = (char) ('0' + v / 10);
        c[at + 1] = (char) ('0' + v % 10);
    }

    /** A money column: cents as a decimal string in dollars, or null. */
    public static void money(JsonGenerator json, String field, Long cents) throws IOException {
        if (cents == null) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, Money.toDecimalString(cents));
        }
    }

    public static void money(JsonGenerator json, String field, long cents) throws IOException {
        json.writeStringField(field, Money.toDecimalString(cents));
    }

    /** A {@code Decimal(18, 2)} from an exact decimal (e.g. a denomination), digits past the cents cut, or null. */
    public static void decimal(JsonGenerator json, String field, BigDecimal value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, value.setScale(2, RoundingMode.DOWN).toPlainString());
        }
    }

    /** A nullable string column. */
    public static void string(JsonGenerator json, String field, String value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, value);
        }
    }
}
