package io.floorwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.sink.clickhouse.ClickHouseClientSettings;
import io.floorwatch.sink.webhook.BodyFormat;
import io.floorwatch.sink.webhook.DeliverySettings;
import io.floorwatch.sink.webhook.WebhookRoute;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration keys as the sinks' settings: the only place they are read. */
class SinkSettingsTest {

    private static FloorWatchConfig config(Map<String, String> values) {
        return FloorWatchConfig.fromArgs(
                        new String[] {"--sources.mode", "simulator"},
                        Map.of("FLOORWATCH_CLICKHOUSE_PASSWORD", "s3cret"))
                .with(values);
    }

    private static Alert alert(String rule, Severity severity, String entityType) {
        return Alert.firing(rule, severity, entityType, "E-1", "ev-1", 0L, null, "summary", "action", "{}");
    }

    @Test
    void clickHouseSettingsComeFromTheClickhouseKeys() {
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
        assertTrue(SinkSettings.clickHouseEnabled(cfg));
        ClickHouseClientSettings s = SinkSettings.clickHouse(cfg);
        assertEquals("http://127.0.0.1:8123", s.url());
        assertEquals("floor_test", s.database());
        assertEquals("default", s.connection().user());
        assertEquals("s3cret", s.connection().password());
        assertEquals(500, s.batching().rows());
        assertEquals(Duration.ofMillis(250), s.batching().flushInterval());
        assertEquals(3, s.retry().maxRetries());
        assertEquals(Duration.ofMillis(200), s.retry().firstBackoff());
        assertEquals("`floor_test`.`alerts`", s.qualified("alerts"));
        assertFalse(s.toString().contains("s3cret"), s.toString());
    }

    @Test
    void clickHouseOffWithoutUrlAndOnlyPlainDatabaseNames() {
        assertFalse(SinkSettings.clickHouseEnabled(config(Map.of())));
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> SinkSettings.clickHouse(config(
                        Map.of("clickhouse.url", "http://127.0.0.1:8123", "clickhouse.database", "x; DROP TABLE y"))));
        assertTrue(e.getMessage().startsWith("clickhouse.database: "), e.getMessage());
    }

    @Test
    void aLongestClickHouseBackoffBelowTheFirstIsRaisedToIt() {
        ClickHouseClientSettings s = SinkSettings.clickHouse(config(Map.of(
                "clickhouse.url",
                "http://127.0.0.1:8123",
                "clickhouse.retry-backoff",
                "20s",
                "clickhouse.max-retry-backoff",
                "10s")));
        assertEquals(Duration.ofSeconds(20), s.retry().maxBackoff());
    }

    @Test
    void noWebhookUrlsNoRoutes() {
        assertTrue(SinkSettings.webhookRoutes(config(Map.of())).isEmpty());
    }

    @Test
    void floorAndComplianceRoutesSplitTheRules() {
        List<WebhookRoute> routes = SinkSettings.webhookRoutes(config(Map.of(
                "webhook.url", "http://127.0.0.1:1/floor",
                "webhook.compliance-url", "http://127.0.0.1:1/compliance",
                "webhook.min-severity", "MEDIUM",
                "webhook.secret", "s3cr3t-value")));
        assertEquals(
                List.of("floor", "compliance"),
                routes.stream().map(WebhookRoute::name).toList());
        WebhookRoute floor = routes.get(0);
        WebhookRoute compliance = routes.get(1);
        assertTrue(floor.accepts(alert(Rules.JACKPOT, Severity.HIGH, Rules.MACHINE)));
        assertFalse(floor.accepts(alert(Rules.JACKPOT, Severity.LOW, Rules.MACHINE)), "below min severity");
        assertFalse(floor.accepts(alert(Rules.SAR_STRUCTURING, Severity.HIGH, Rules.PLAYER)));
        assertFalse(floor.accepts(alert(Rules.CTR_REQUIRED, Severity.HIGH, Rules.PLAYER)));
        assertTrue(compliance.accepts(alert(Rules.SAR_STRUCTURING, Severity.HIGH, Rules.PLAYER)));
        assertTrue(compliance.accepts(alert(Rules.CTR_REQUIRED, Severity.HIGH, Rules.PLAYER)));
        assertFalse(compliance.accepts(alert(Rules.JACKPOT, Severity.CRITICAL, Rules.MACHINE)));
        assertFalse(floor.toString().contains("s3cr3t"), floor.toString());
        assertTrue(floor.signed() && compliance.signed());
    }

    @Test
    void pagerDutyAndAlertmanagerRoutes() {
        FloorWatchConfig c = config(Map.of(
                "webhook.pagerduty-routing-key", "rk-secret-1",
                "webhook.pagerduty-url", "http://127.0.0.1:1/pd",
                "webhook.alertmanager-url", "http://127.0.0.1:1/api/v2/alerts"));
        List<WebhookRoute> routes = SinkSettings.webhookRoutes(c);
        assertEquals(
                List.of("pagerduty", "alertmanager"),
                routes.stream().map(WebhookRoute::name).toList());
        WebhookRoute pd = routes.get(0);
        assertEquals(BodyFormat.PAGERDUTY, pd.format());
        assertEquals(Severity.HIGH, pd.minSeverity());
        assertFalse(pd.accepts(alert(Rules.SAR_STRUCTURING, Severity.HIGH, Rules.PLAYER)));
        assertFalse(pd.toString().contains("rk-secret-1"));
        assertFalse(c.toString().contains("rk-secret-1"), "routing key is masked in the config description");
        assertEquals(BodyFormat.ALERTMANAGER, routes.get(1).format());
    }

    /** SPEC §8.4: CTR_APPROACHING (MEDIUM) goes to the compliance route only, never floor, PagerDuty or Alertmanager. */
    @Test
    void ctrApproachingOnlyOnTheComplianceRoute() {
        List<WebhookRoute> routes = SinkSettings.webhookRoutes(config(Map.of(
                "webhook.url",
                "http://127.0.0.1:1/floor",
                "webhook.compliance-url",
                "http://127.0.0.1:1/compliance",
                "webhook.pagerduty-routing-key",
                "rk",
                "webhook.pagerduty-url",
                "http://127.0.0.1:1/pd",
                "webhook.pagerduty-min-severity",
                "INFO",
                "webhook.alertmanager-url",
                "http://127.0.0.1:1/am")));
        Alert approaching = alert(Rules.CTR_APPROACHING, Severity.MEDIUM, Rules.PLAYER);
        assertEquals(
                List.of("compliance"),
                routes.stream()
                        .filter(r -> r.accepts(approaching))
                        .map(WebhookRoute::name)
                        .toList());
    }

    @Test
    void complianceUrlMustDifferFromFloorUrl() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> SinkSettings.webhookRoutes(config(Map.of(
                        "webhook.url", "http://127.0.0.1:1/x", "webhook.compliance-url", "http://127.0.0.1:1/x"))));
        assertTrue(e.getMessage().startsWith("webhook.compliance-url"), e.getMessage());
    }

    @Test
    void deliverySettingsFromTheWebhookKeys() {
        DeliverySettings s = SinkSettings.delivery(config(Map.of(
                "webhook.drain-timeout",
                "30s",
                "webhook.max-in-flight",
                "4",
                "webhook.max-in-flight-per-route",
                "2",
                "webhook.max-retry-after",
                "90s")));
        assertEquals(Duration.ofSeconds(30), s.timeouts().drain());
        assertEquals(4, s.limits().maxInFlight());
        assertEquals(2, s.limits().maxInFlightPerRoute());
        assertEquals(2, s.limits().routeLimit());
        assertEquals(Duration.ofSeconds(90), s.maxRetryAfter());
        assertEquals(Duration.ofMillis(500), s.retry().firstBackoff());

        DeliverySettings d = SinkSettings.delivery(config(Map.of()));
        assertEquals(Duration.ofMinutes(2), d.timeouts().drain());
        assertEquals(8, d.limits().maxInFlightPerRoute());
        assertEquals(Duration.ofMinutes(10), d.maxRetryAfter());
        assertTrue(d.retry().mayRetry(Integer.MAX_VALUE - 1), "a webhook retries for as long as it must");

        Map<String, String> zero = new HashMap<>(Map.of("webhook.max-in-flight-per-route", "0"));
        ConfigException e = assertThrows(ConfigException.class, () -> SinkSettings.delivery(config(zero)));
        assertTrue(e.getMessage().contains("webhook.max-in-flight-per-route"), e.getMessage());
    }
}
