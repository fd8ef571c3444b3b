package io.floorwatch.sink.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookRouteTest {

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

    /** SPEC §8.4: no rule set can put CTR_APPROACHING on a route that is not the compliance route. */
    @Test
    void ctrApproachingNeverOnANonComplianceRoute() {
        Alert approaching =
                TestAlerts.of(Rules.CTR_APPROACHING, Severity.MEDIUM, Rules.PLAYER, "P-1", "2026-11-22/CASH_IN");
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
        assertTrue(WebhookRoute.of("compliance", "http://127.0.0.1:1/c", true, Severity.LOW, BodyFormat.FLOORWATCH, "")
                .accepts(approaching));
    }

    @Test
    void aRouteNeverPrintsItsSecretOrTheUrlPath() {
        WebhookRoute r = WebhookRoute.of(
                "floor",
                "https://hooks.example.com/T000/B000/tok3n",
                false,
                Severity.LOW,
                BodyFormat.FLOORWATCH,
                "s3cr3t");
        assertFalse(r.toString().contains("s3cr3t") || r.toString().contains("tok3n"), r.toString());
        assertTrue(r.toString().contains("https://hooks.example.com"), r.toString());
        assertTrue(r.signed());
    }
}
