package io.floorwatch.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClickHouseValuesTest {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Test
    void formatsUtcTimesLikeJavaTime() {
        long[] fixed = {
            0L,
            951_782_400_000L /* 2000-02-29 */,
            1_798_761_599_999L /* 2026-12-31 23:59:59.999 */,
            4_102_444_800_000L /* 2100-01-01 */,
            1_709_164_800_123L /* 2024-02-29 */
        };
        for (long t : fixed) check(t);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) check(random.nextLong(0, 7_258_118_400_000L)); // up to 2200
    }

    private static void check(long t) {
        assertEquals(MILLIS.format(Instant.ofEpochMilli(t)), ClickHouseValues.dateTime64(t), "at " + t);
        assertEquals(SECONDS.format(Instant.ofEpochMilli(t)), ClickHouseValues.dateTime(t), "at " + t);
    }

    @Test
    void payloadIsCutAtACharacterBoundary() {
        String euro = "€".repeat(30_000); // 3 bytes each: 90,000 bytes
        String cut = RowEncoders.RejectedEventEncoder.cut(euro, 64 * 1024);
        int bytes = cut.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= 64 * 1024 && bytes > 64 * 1024 - 3, "bytes " + bytes);
        assertEquals(bytes / 3, cut.length());
        assertEquals("short", RowEncoders.RejectedEventEncoder.cut("short", 64 * 1024));
    }
}
