package io.floorwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloorWatchConfigTest {
    @TempDir
    Path dir;

    @Test
    void yamlNestedAndDottedKeysAreTheSameAndArgumentsWin() throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, """
                sources:
                  mode: kafka
                kafka:
                  bootstrap-servers: 127.0.0.1:9092
                  group-id: from-file
                kafka.topics.slot: my-slots
                watermark.max-out-of-orderness: 10s
                casino:
                  gaming-day-start: "04:30"
                rules:
                  w2g:
                    thresholds:
                      "1970-01-01": 1200
                      "2027-01-01": 2500.50
                """);
        FloorWatchConfig cfg = FloorWatchConfig.fromArgs(
                new String[] {"--config", file.toString(), "--kafka.group-id", "from-args"}, Map.of());
        assertEquals("from-args", cfg.get(Options.KAFKA_GROUP_ID));
        assertEquals("my-slots", cfg.get(Options.KAFKA_TOPIC_SLOT));
        assertEquals(Duration.ofSeconds(10), cfg.get(Options.WATERMARK_MAX_OUT_OF_ORDERNESS));
        assertEquals(LocalTime.of(4, 30), cfg.get(Options.CASINO_GAMING_DAY_START));
        assertEquals(
                250050L,
                cfg.get(Options.W2G_THRESHOLDS)
                        .floorEntry(LocalDate.of(2027, 5, 1))
                        .getValue());
        assertEquals(Duration.ofMinutes(10), cfg.get(Options.HANDPAY_WAIT_TIMEOUT), "defaults hold");
    }

    @Test
    void defaultsMatchTheSpec() {
        FloorWatchConfig cfg = FloorWatchConfig.of(Map.of("kafka.bootstrap-servers", "k:9092"));
        assertEquals("kafka", cfg.get(Options.SOURCES_MODE));
        assertEquals("floorwatch", cfg.get(Options.KAFKA_GROUP_ID));
        assertEquals("casino_realtime", cfg.get(Options.CLICKHOUSE_DATABASE));
        assertEquals(Duration.ofMinutes(5), cfg.get(Options.VALIDATION_MAX_FUTURE_SKEW));
        assertEquals(1_000_000_000L, cfg.get(Options.VALIDATION_MAX_AMOUNT));
        assertEquals(
                120000L,
                cfg.get(Options.W2G_THRESHOLDS)
                        .floorEntry(LocalDate.of(2025, 12, 31))
                        .getValue());
        assertEquals(
                200000L,
                cfg.get(Options.W2G_THRESHOLDS)
                        .floorEntry(LocalDate.of(2026, 1, 1))
                        .getValue());
        assertEquals(1_000_000L, cfg.get(Options.CTR_THRESHOLD));
        assertEquals(999_999L, cfg.get(Options.SAR_MAX_AMOUNT));
    }

    @Test
    void secretsComeFromTheEnvironmentAndAreNeverPrinted() {
        FloorWatchConfig cfg = FloorWatchConfig.fromArgs(
                new String[] {"--kafka.bootstrap-servers", "k:1"},
                Map.of("FLOORWATCH_WEBHOOK_SECRET", "s3cret", "FLOORWATCH_CLICKHOUSE_PASSWORD", "pw"));
        assertEquals("s3cret", cfg.get(Options.WEBHOOK_SECRET));
        assertEquals("pw", cfg.get(Options.CLICKHOUSE_PASSWORD));
        assertFalse(cfg.toString().contains("s3cret"));
        assertFalse(cfg.toString().contains("pw,"));
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertMessage(
                "kafka.grup-id: unknown configuration key (did you mean kafka.group-id?)",
                Map.of("kafka.grup-id", "x", "kafka.bootstrap-servers", "k:1"));
        assertMessage(
                "watermark.idleness: expected a duration like 500ms, 5s, 10min, 1h or 1d, got 'soon'",
                Map.of("watermark.idleness", "soon", "kafka.bootstrap-servers", "k:1"));
        assertMessage(
                "clickhouse.url: expected an http:// or https:// URL with a host, got 'ftp://x'",
                Map.of("clickhouse.url", "ftp://x", "kafka.bootstrap-servers", "k:1"));
        assertMessage("kafka.bootstrap-servers: required when sources.mode is kafka", Map.of());
        assertMessage(
                "sources.mode: expected one of kafka, simulator, files, got 'tape'", Map.of("sources.mode", "tape"));
        assertMessage(
                "casino.timezone: expected a time zone like America/Los_Angeles, got 'Mars/Olympus'",
                Map.of("casino.timezone", "Mars/Olympus", "sources.mode", "simulator"));
        assertMessage(
                "sources.bounded: expected true or false, got 'yes please'",
                Map.of("sources.bounded", "yes please", "sources.mode", "simulator"));
        assertMessage(
                "state.rocksdb-memory: expected a memory size like 640mb or 1g, got 'lots'",
                Map.of("state.rocksdb-memory", "lots", "sources.mode", "simulator"));
        assertMessage(
                "state.rocksdb-memory: expected at least 64mb, got '1mb'",
                Map.of("state.rocksdb-memory", "1mb", "sources.mode", "simulator"));
        ConfigException e = assertThrows(
                ConfigException.class, () -> FloorWatchConfig.fromArgs(new String[] {"--kafka.group-id"}, Map.of()));
        assertTrue(e.getMessage().startsWith("kafka.group-id"));
    }

    @Test
    void aBadSecretStopsTheJobNamingOnlyTheKey() {
        // a trailing newline (secret file), CR/LF inside, a non-Latin-1 and a Latin-1 character, a control character
        for (String bad : java.util.List.of(
                "hunter2\n", "hun\r\nter2", "hunter\u20ac2", "hunter\u00e92", "hun\u0000ter2", " hunter2")) {
            for (String key :
                    java.util.List.of("clickhouse.password", "webhook.secret", "webhook.pagerduty-routing-key")) {
                ConfigException e = assertThrows(
                        ConfigException.class,
                        () -> FloorWatchConfig.of(Map.of(key, bad, "sources.mode", "simulator")),
                        key + " " + bad);
                assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
                assertFalse(e.getMessage().contains("hunter") || e.getMessage().contains("ter2"), e.getMessage());
            }
        }
        ConfigException fromEnv = assertThrows(
                ConfigException.class,
                () -> FloorWatchConfig.fromArgs(
                        new String[] {"--sources.mode", "simulator"},
                        Map.of("FLOORWATCH_CLICKHOUSE_PASSWORD", "s3cret\n")));
        assertTrue(
                fromEnv.getMessage().startsWith("clickhouse.password: contains a line break at its end"),
                fromEnv.getMessage());
        assertFalse(fromEnv.getMessage().contains("s3cret"));
        ConfigException user = assertThrows(
                ConfigException.class,
                () -> FloorWatchConfig.of(Map.of("clickhouse.user", "b\u00f6b", "sources.mode", "simulator")));
        assertTrue(user.getMessage().startsWith("clickhouse.user: contains a non-ASCII character"), user.getMessage());
        ConfigException store = assertThrows(
                ConfigException.class,
                () -> FloorWatchConfig.of(
                        Map.of("clickhouse.trust-store-password", "changeit\n", "sources.mode", "simulator")));
        assertTrue(
                store.getMessage().startsWith("clickhouse.trust-store-password: contains a line break"),
                store.getMessage());
        assertFalse(store.getMessage().contains("changeit"));
    }

    @Test
    void theJobStopsAtStartWithExitCode2AndNoSecretInItsOutput() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.floorwatch.FloorWatchMain",
                        "--sources.mode",
                        "simulator")
                .redirectErrorStream(true);
        pb.environment().put("FLOORWATCH_CLICKHOUSE_PASSWORD", "hunter2\r\nX-Injected: 1");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES));
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("floorwatch: configuration error: clickhouse.password: contains a line break"), out);
        assertFalse(out.contains("hunter2") || out.contains("Injected"), out);
    }

    @Test
    void printableSecretsAreAccepted() {
        String ascii = "p@ss w0rd!~\"'{}[]|\\/:;";
        FloorWatchConfig cfg = FloorWatchConfig.of(Map.of(
                "clickhouse.password",
                ascii,
                "webhook.secret",
                ascii,
                "clickhouse.trust-store-password",
                "mot de passe \u00e9t\u00e9",
                "sources.mode",
                "simulator"));
        assertEquals(ascii, cfg.get(Options.CLICKHOUSE_PASSWORD));
        assertEquals(ascii, cfg.get(Options.WEBHOOK_SECRET));
        assertEquals("mot de passe \u00e9t\u00e9", cfg.get(Options.Tls.CLICKHOUSE_TRUST_STORE_PASSWORD));
    }

    private static void assertMessage(String expected, Map<String, String> values) {
        ConfigException e = assertThrows(ConfigException.class, () -> FloorWatchConfig.of(values));
        assertEquals(expected, e.getMessage());
    }
}
