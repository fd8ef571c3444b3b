package io.floorwatch.sink.clickhouse;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as ClickHouse prints and parses them in UTC, for the expected rows of the tests. */
final class ClickHouseText {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private ClickHouseText() {}

    /** A {@code DateTime64(3)}: {@code 2026-11-22 20:15:03.120}. */
    static String dateTime64(long epochMillis) {
        return MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    /** A {@code DateTime}, the milliseconds cut: {@code 2026-11-22 20:15:00}. */
    static String dateTime(long epochMillis) {
        return SECONDS.format(Instant.ofEpochMilli(Math.floorDiv(epochMillis, 1000L) * 1000L));
    }
}
