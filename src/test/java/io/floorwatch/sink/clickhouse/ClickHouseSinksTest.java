package io.floorwatch.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The row definitions without a server (RowBinaryEncodingTest writes every table to a real one). */
class ClickHouseSinksTest {

    @Test
    void payloadIsCutAtACharacterBoundary() {
        String euro = "€".repeat(30_000); // 3 bytes each: 90,000 bytes
        String cut = ClickHouseSinks.cut(euro, 64 * 1024);
        int bytes = cut.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= 64 * 1024 && bytes > 64 * 1024 - 3, "bytes " + bytes);
        assertEquals(bytes / 3, cut.length());
        assertEquals("short", ClickHouseSinks.cut("short", 64 * 1024));
        assertEquals("", ClickHouseSinks.cut(null, 64 * 1024));
    }
}
