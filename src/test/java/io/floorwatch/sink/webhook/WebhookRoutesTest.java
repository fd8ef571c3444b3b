package io.floorwatch.sink.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.ConfigException;
import io.floorwatch.config.FloorWatchConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookRoutesTest {

    private static FloorWatchConfig config(Map<String, String> values) {
        java.util.Map<String, String> all = new java.util.HashMap<>(values);
        all.put("sources.mode", "simulator");
        return FloorWatchConfig.of(all);
    }

    @Test
    void noUrlsNoRoutes() {
        assertTrue(WebhookRoutes.fromConfig(config(Map.of())).isEmpty());
    }

    @Test
    void floorAndComplianceRoutesSplitTheRules() {
        List<WebhookRoute> routes = WebhookRoutes.fromConfig(config(Map.of(
                "webhook.url", "http://127.0.0.1:1/floor",
                "webhook.compliance-url", "http://127.0.0.1:1/compliance",
                "webhook.min-severity", "MEDIUM",
                "webhook.secret", "s3cr3t-value")));
        assertEquals(
                List.of("floor", "compliance"),
                routes.stream().map(WebhookRoute::name).toList());
        WebhookRoute floor = routes.get(0);
        WebhookRoute compliance = routes.get(1);
        assertTrue(floor.accepts(TestAlerts.jackpot("SM-1", 1_250_000L, Severity.HIGH)));
        assertFalse(floor.accepts(TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW)), "below min severity");
        assertFalse(floor.accepts(TestAlerts.sar("P-1")));
        assertFalse(floor.accepts(TestAlerts.ctr("P-1")));
        assertTrue(compliance.accepts(TestAlerts.sar("P-1")));
        assertTrue(compliance.accepts(TestAlerts.ctr("P-1")));
        assertFalse(compliance.accepts(TestAlerts.jackpot("SM-1", 1_250_000L, Severity.CRITICAL)));
        assertFalse(floor.toString().contains("s3cr3t"), floor.toString());
        assertTrue(floor.signed());
    }

    @Test
    void aNonComplianceRouteNeverTakesComplianceAlertsWhateverItsRuleSet() {
        WebhookRoute greedy = new WebhookRoute(
                "ops",
                "http://127.0.0.1:1/ops",
                false,
                Set.of(Rules.SAR_STRUCTURING, Rules.CTR_REQUIRED, Rules.JACKPOT),
                Set.of(),
                Severity.INFO,
                BodyFormat.FLOORWATCH,
                "",
                "");
        assertFalse(greedy.accepts(TestAlerts.sar("P-1")));
        assertFalse(greedy.accepts(TestAlerts.ctr("P-1")));
        assertTrue(greedy.accepts(TestAlerts.jackpot("SM-1", 200_000L, Severity.LOW)));
        WebhookRoute excluding = new WebhookRoute(
                "ops",
                "http://127.0.0.1:1/ops",
                false,
                Set.of(),
                Set.of(Rules.JACKPOT),
                Severity.INFO,
                BodyFormat.FLOORWATCH,
                "",
                "");
        assertFalse(excluding.accepts(TestAlerts.jackpot("SM-1", 200_000L, Severity.LOW)));
        assertTrue(excluding.accepts(TestAlerts.of(Rules.HOPPER_FILL, Severity.MEDIUM, Rules.MACHINE, "SM-1", "h")));
    }

    /** SPEC §8.4: CTR_APPROACHING (MEDIUM) goes to the compliance route only, never floor, PagerDuty or Alertmanager. */
    @Test
    void ctrApproachingOnlyOnTheComplianceRoute() {
        List<WebhookRoute> routes = WebhookRoutes.fromConfig(config(Map.of(
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
        Alert approaching =
                TestAlerts.of(Rules.CTR_APPROACHING, Severity.MEDIUM, Rules.PLAYER, "P-1", "2026-11-22/CASH_IN");
        assertEquals(
                List.of("compliance"),
                routes.stream()
                        .filter(r -> r.accepts(approaching))
                        .map(WebhookRoute::name)
                        .toList());
        WebhookRoute greedy = new WebhookRoute(
                "ops",
                "http://127.0.0.1:1/ops",
                false,
                Set.of(Rules.CTR_APPROACHING),
                Set.of(),
                Severity.INFO,
                BodyFormat.FLOORWATCH,
                "",
                "");
        assertFalse(greedy.accepts(approaching), "no rule set can put it on a floor route");
    }

    @Test
    void severityFilterAppliesToResolvesToo() {
        WebhookRoute floor =
                WebhookRoute.of("floor", "http://127.0.0.1:1/f", false, Severity.HIGH, BodyFormat.FLOORWATCH, "");
        Alert medium = TestAlerts.of(Rules.HOPPER_FILL, Severity.MEDIUM, Rules.MACHINE, "SM-1", "h");
        Alert critical = TestAlerts.of(Rules.MACHINE_CRITICAL, Severity.CRITICAL, Rules.MACHINE, "SM-1", "c");
        assertFalse(floor.accepts(medium));
        assertFalse(floor.accepts(medium.resolvedAt(1, "ok", null)));
        assertTrue(floor.accepts(critical));
        assertTrue(floor.accepts(critical.resolvedAt(1, "ok", null)));
    }

    @Test
    void pagerDutyAndAlertmanagerRoutes() {
        FloorWatchConfig c = config(Map.of(
                "webhook.pagerduty-routing-key", "rk-secret-1",
                "webhook.pagerduty-url", "http://127.0.0.1:1/pd",
                "webhook.alertmanager-url", "http://127.0.0.1:1/api/v2/alerts"));
        List<WebhookRoute> routes = WebhookRoutes.fromConfig(c);
        assertEquals(
                List.of("pagerduty", "alertmanager"),
                routes.stream().map(WebhookRoute::name).toList());
        WebhookRoute pd = routes.get(0);
        assertEquals(BodyFormat.PAGERDUTY, pd.format());
        assertEquals(Severity.HIGH, pd.minSeverity());
        assertFalse(pd.accepts(TestAlerts.sar("P-1")));
        assertFalse(pd.toString().contains("rk-secret-1"));
        assertFalse(c.toString().contains("rk-secret-1"), "routing key is masked in the config description");
        assertEquals(BodyFormat.ALERTMANAGER, routes.get(1).format());
    }

    @Test
    void complianceUrlMustDifferFromFloorUrl() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> WebhookRoutes.fromConfig(config(Map.of(
                        "webhook.url", "http://127.0.0.1:1/x", "webhook.compliance-url", "http://127.0.0.1:1/x"))));
        assertTrue(e.getMessage().startsWith("webhook.compliance-url"), e.getMessage());
    }

    @Test
    void settingsFromConfig() {
        DeliverySettings s = DeliverySettings.fromConfig(
                config(Map.of("webhook.drain-timeout", "30s", "webhook.max-in-flight", "4")));
        assertEquals(java.time.Duration.ofSeconds(30), s.drainTimeout());
        assertEquals(4, s.maxInFlight());
        assertEquals(
                java.time.Duration.ofMinutes(2), DeliverySettings.defaults().drainTimeout());
    }
}
