package io.floorwatch.sink.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickHouseSinksTest {

    private static FloorWatchConfig config(Map<String, String> more) {
        return FloorWatchConfig.fromArgs(
                        new String[] {"--sources.mode", "simulator"},
                        Map.of("FLOORWATCH_CLICKHOUSE_PASSWORD", "s3cret"))
                .with(more);
    }

    @Test
    void settingsComeFromTheClickhouseKeys() {
        FloorWatchConfig cfg = config(Map.of(
                "clickhouse.url",
                "http://127.0.0.1:8123/",
                "clickhouse.database",
                "floor_test",
                "clickhouse.batch-rows",
                "500",
                "clickhouse.flush-interval",
                "250ms",
                "clickhouse.max-retries",
                "3"));
        assertTrue(ClickHouseSinks.enabled(cfg));
        ClickHouseSink<?> sink = ClickHouseSinks.create(cfg, ClickHouseSinks.ALERTS);
        ClickHouseClientSettings s = sink.settings();
        assertEquals("http://127.0.0.1:8123", s.url());
        assertEquals("floor_test", s.database());
        assertEquals("default", s.user());
        assertEquals("s3cret", s.password());
        assertEquals(500, s.batchRows());
        assertEquals(Duration.ofMillis(250), s.flushInterval());
        assertEquals(3, s.maxRetries());
        assertEquals("`floor_test`.`alerts`", s.qualified("alerts"));
        assertFalse(s.toString().contains("s3cret"), s.toString());
    }

    @Test
    void offWithoutUrlAndOnlyPlainDatabaseNames() {
        assertFalse(ClickHouseSinks.enabled(config(Map.of())));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ClickHouseSinks.settings(config(
                        Map.of("clickhouse.url", "http://127.0.0.1:8123", "clickhouse.database", "x; DROP TABLE y"))));
        assertTrue(e.getMessage().startsWith("clickhouse.database"), e.getMessage());
    }
}
