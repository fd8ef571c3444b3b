package io.floorwatch.sink.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertBodiesTest {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Test
    void floorWatchBodyIsExactlyTheSpecShape() {
        Alert a = Alert.firing(
                Rules.JACKPOT,
                Severity.HIGH,
                Rules.MACHINE,
                "SM-0042",
                "evt-1",
                TestAlerts.EVENT_TIME,
                1_250_000L,
                "Jackpot $12,500.00 on SM-0042 (section B)",
                "Dispatch attendant",
                "{\"floor_section\":\"B\",\"n\":[1,2]}");
        a.detectedAt = TestAlerts.DETECTED_AT;
        String body = new String(AlertBodies.floorWatch(a), StandardCharsets.UTF_8);
        assertEquals(
                "{\"alert_id\":\"" + a.alertId + "\",\"rule\":\"JACKPOT\",\"severity\":\"HIGH\",\"status\":\"firing\","
                        + "\"entity_type\":\"machine\",\"entity_id\":\"SM-0042\",\"event_time\":\"2026-11-22T20:15:03.120Z\","
                        + "\"detected_at\":\"2026-11-22T20:15:03.180Z\",\"amount\":12500.00,"
                        + "\"summary\":\"Jackpot $12,500.00 on SM-0042 (section B)\",\"action\":\"Dispatch attendant\","
                        + "\"details\":{\"floor_section\":\"B\",\"n\":[1,2]}}",
                body);
    }

    @Test
    void amountIsExactWithTwoDecimalsOrNull() throws Exception {
        assertEquals("0.01", amountText(1L));
        assertEquals("1200.00", amountText(120_000L));
        assertEquals("92233720368547758.07", amountText(Long.MAX_VALUE));
        Alert none = TestAlerts.of(Rules.MACHINE_OFFLINE, Severity.MEDIUM, Rules.MACHINE, "SM-1", "x");
        JsonNode n = MAPPER.readTree(AlertBodies.floorWatch(none));
        assertTrue(n.get("amount").isNull());
    }

    private static String amountText(long cents) {
        String body = new String(
                AlertBodies.floorWatch(TestAlerts.jackpot("SM-1", cents, Severity.LOW)), StandardCharsets.UTF_8);
        int i = body.indexOf("\"amount\":") + 9;
        return body.substring(i, body.indexOf(',', i));
    }

    @Test
    void timesAreUtcWithMillisAndZ() {
        assertEquals("1970-01-01T00:00:00.000Z", AlertBodies.time(0));
        assertEquals(
                "2026-01-01T08:00:00.005Z",
                AlertBodies.time(
                        java.time.Instant.parse("2026-01-01T08:00:00.005Z").toEpochMilli()));
    }

    @Test
    void detailsThatAreNotAnObjectAreKeptAsText() throws Exception {
        Alert a = TestAlerts.jackpot("SM-1", 100L, Severity.LOW);
        a.details = "not json";
        assertEquals(
                "not json",
                MAPPER.readTree(AlertBodies.floorWatch(a))
                        .get("details")
                        .get("text")
                        .asText());
        a.details = null;
        assertTrue(MAPPER.readTree(AlertBodies.floorWatch(a)).get("details").isEmpty());
    }

    @Test
    void pagerDutyTriggerAndResolve() throws Exception {
        Alert firing = TestAlerts.jackpot("SM-7", 1_250_000L, Severity.CRITICAL);
        JsonNode t = MAPPER.readTree(AlertBodies.pagerDuty(firing, "rk-123"));
        assertEquals("rk-123", t.get("routing_key").asText());
        assertEquals("trigger", t.get("event_action").asText());
        assertEquals(firing.alertId, t.get("dedup_key").asText());
        assertEquals("critical", t.at("/payload/severity").asText());
        assertEquals("machine:SM-7", t.at("/payload/source").asText());
        assertEquals("2026-11-22T20:15:03.120Z", t.at("/payload/timestamp").asText());
        assertTrue(new String(AlertBodies.pagerDuty(firing, "rk-123"), StandardCharsets.UTF_8)
                .contains("\"amount\":12500.00,"));
        assertEquals("B", t.at("/payload/custom_details/details/floor_section").asText());

        JsonNode r = MAPPER.readTree(
                AlertBodies.pagerDuty(firing.resolvedAt(TestAlerts.EVENT_TIME + 1000, "cleared", null), "rk-123"));
        assertEquals("resolve", r.get("event_action").asText());
        assertEquals(firing.alertId, r.get("dedup_key").asText());
        assertFalse(r.has("payload"));
        assertEquals("error", AlertBodies.pagerDutySeverity(Severity.HIGH));
        assertEquals("warning", AlertBodies.pagerDutySeverity(Severity.MEDIUM));
        assertEquals("info", AlertBodies.pagerDutySeverity(Severity.INFO));
    }

    @Test
    void alertmanagerFiringAndResolved() throws Exception {
        Alert firing = TestAlerts.jackpot("SM-7", 1_250_000L, Severity.HIGH);
        JsonNode f = MAPPER.readTree(AlertBodies.alertmanager(firing));
        assertTrue(f.isArray());
        assertEquals(1, f.size());
        assertEquals("JACKPOT", f.at("/0/labels/alertname").asText());
        assertEquals("high", f.at("/0/labels/severity").asText());
        assertEquals(firing.alertId, f.at("/0/labels/alert_id").asText());
        assertEquals("SM-7", f.at("/0/labels/entity_id").asText());
        assertEquals("12500.00", f.at("/0/annotations/amount").asText());
        assertEquals("2026-11-22T20:15:03.120Z", f.at("/0/startsAt").asText());
        assertFalse(f.get(0).has("endsAt"));
        JsonNode r = MAPPER.readTree(
                AlertBodies.alertmanager(firing.resolvedAt(TestAlerts.EVENT_TIME + 60_000, "ok", null)));
        assertEquals("2026-11-22T20:16:03.120Z", r.at("/0/endsAt").asText());
        assertEquals(f.at("/0/labels"), r.at("/0/labels")); // same labels: Alertmanager resolves the same alert
    }

    @Test
    void deliveryRecordIsAFlinkPojo() {
        org.apache.flink.types.PojoTestUtils.assertSerializedAsPojoWithoutKryo(AlertDelivery.class);
    }

    @Test
    void writerStateRoundTrips() throws Exception {
        PendingDeliverySerializer serializer = new PendingDeliverySerializer();
        Alert a = TestAlerts.jackpot("SM-9", 123_456L, Severity.MEDIUM);
        a.summary = "Jackpot \u00e9\u4e2d";
        a.triggerIngestTime = 42;
        PendingDelivery back = serializer.deserialize(
                serializer.getVersion(), serializer.serialize(new PendingDelivery("floor", a, 3)));
        assertEquals("floor", back.route());
        assertEquals(3, back.attempts());
        assertEquals(a, back.alert());
        assertEquals(42, back.alert().triggerIngestTime);
        assertEquals(a.detectedAt, back.alert().detectedAt);
        Alert noMoney = TestAlerts.of(Rules.HOPPER_FILL, Severity.MEDIUM, Rules.MACHINE, "SM-1", "h");
        noMoney.details = null;
        assertEquals(
                noMoney,
                serializer
                        .deserialize(1, serializer.serialize(new PendingDelivery("x", noMoney, 0)))
                        .alert());
    }

    @Test
    void signatureMatchesAKnownAnswerFromOpenssl() {
        // printf '1700000000.' | cat - body | openssl dgst -sha256 -hmac s3cr3t   (body = {"a":1}), as in
        // docs/webhook.md
        assertEquals(
                "sha256=8dbbbbf4523b10bbb793e74d854144c45acccc2d233667b1c06b805b6ded8a84",
                Signatures.sign("s3cr3t", 1_700_000_000L, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void retryAfterInSecondsOrHttpDateAndWhichStatusesAreRetried() {
        long now = java.time.Instant.parse("2026-11-22T20:00:00Z").toEpochMilli();
        Duration max = Duration.ofMinutes(10);
        assertEquals(Optional.of(Duration.ofSeconds(7)), Responses.retryAfter(Optional.of(" 7 "), now, max));
        assertEquals(
                Optional.of(Duration.ofSeconds(30)),
                Responses.retryAfter(Optional.of("Sun, 22 Nov 2026 20:00:30 GMT"), now, max));
        assertEquals(Optional.empty(), Responses.retryAfter(Optional.of("soon"), now, max));
        assertEquals(Optional.empty(), Responses.retryAfter(Optional.empty(), now, max));
        assertTrue(Responses.retryable(429) && Responses.retryable(503) && Responses.retryable(500));
        assertFalse(Responses.retryable(400) || Responses.retryable(404) || Responses.retryable(410));
    }
}
