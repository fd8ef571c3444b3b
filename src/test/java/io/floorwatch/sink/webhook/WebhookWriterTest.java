package io.floorwatch.sink.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.testing.WebhookReceiver;
import io.floorwatch.testing.WebhookReceiver.Request;
import io.floorwatch.testing.WebhookReceiver.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The writer against a real HTTP server: what goes on the wire, retries, ordering, backpressure, restore. */
class WebhookWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "test-secret-\u00e9";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private WebhookReceiver receiver;
    private final Queue<AlertDelivery> deliveries = new ConcurrentLinkedQueue<>();
    private final List<WebhookWriter> writers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (WebhookWriter w : writers) w.close();
        receiver.close();
    }

    private static DeliverySettings fast() {
        return TestSettings.delivery()
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private WebhookRoute floor(String secret) {
        return WebhookRoute.of("floor", receiver.url("/floor"), false, Severity.LOW, BodyFormat.FLOORWATCH, secret);
    }

    private WebhookRoute compliance() {
        return WebhookRoute.of(
                "compliance", receiver.url("/compliance"), true, Severity.LOW, BodyFormat.FLOORWATCH, SECRET);
    }

    private WebhookWriter writer(
            List<WebhookRoute> routes, DeliverySettings settings, Collection<PendingDelivery> restored) {
        WebhookWriter w = new WebhookWriter(
                routes, settings, UnregisteredMetricsGroup.createSinkWriterMetricGroup(), deliveries::add, restored);
        writers.add(w);
        return w;
    }

    private WebhookWriter writer(WebhookRoute... routes) {
        return writer(List.of(routes), fast(), List.of());
    }

    @Test
    void sendsTheSpecBodyWithIdempotencyKeyAndAValidSignature() throws Exception {
        WebhookWriter w = writer(floor(SECRET));
        Alert a = TestAlerts.jackpot("SM-0042", 1_250_000L, Severity.HIGH);
        long before = Instant.now().getEpochSecond();
        w.write(a, null);
        w.flush(true);

        Request r = receiver.awaitRequests(1, WAIT).get(0);
        assertEquals("POST", r.method());
        assertEquals("/floor", r.path());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals(a.alertId + ":firing", r.header("Idempotency-Key"));
        long ts = Long.parseLong(r.header("X-FloorWatch-Timestamp"));
        assertTrue(ts >= before && ts <= Instant.now().getEpochSecond(), "timestamp of this attempt");
        assertTrue(WebhookReceiver.verifySignature(SECRET, r), "signature verifies independently");
        assertFalse(WebhookReceiver.verifySignature("other-secret", r));
        assertEquals(new String(AlertBodies.floorWatch(a), StandardCharsets.UTF_8), r.body());
        JsonNode body = MAPPER.readTree(r.body());
        assertEquals("2026-11-22T20:15:03.120Z", body.get("event_time").asText());
        assertTrue(r.body().contains("\"amount\":12500.00,"));

        AlertDelivery d = deliveries.peek();
        assertNotNull(d);
        assertEquals(AlertDelivery.DELIVERED, d.outcome());
        assertEquals(200, d.statusCode());
        assertEquals(1, d.attempt());
        assertEquals("floor", d.route());
        assertEquals(0, w.pending());
    }

    @Test
    void unsignedWhenNoSecret() throws Exception {
        WebhookWriter w = writer(floor(""));
        w.write(TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW), null);
        w.flush(true);
        Request r = receiver.awaitRequests(1, WAIT).get(0);
        assertNull(r.header("X-FloorWatch-Signature"));
        assertNull(r.header("X-FloorWatch-Timestamp"));
    }

    @Test
    void neverRetriesOtherClientErrors() throws Exception {
        receiver.respondAlways(Response.of(400).withBody("{\"error\":\"bad alert\"}"));
        WebhookWriter w = writer(floor(""));
        Alert a = TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW);
        w.write(a, null);
        w.flush(true); // returns once the message is done: failed for good
        assertEquals(1, receiver.requests().size());
        assertEquals(0, w.pending());
        AlertDelivery d = deliveries.poll();
        assertEquals(AlertDelivery.FAILED, d.outcome());
        assertEquals(400, d.statusCode());
        assertTrue(d.error().contains("bad alert"), d.error());
        assertNull(deliveries.poll());
    }

    @Test
    void retriesServerErrorsWithTheSameMessage() throws Exception {
        receiver.script(Response.of(503), Response.of(500), Response.of(200));
        WebhookWriter w = writer(floor(SECRET));
        Alert a = TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW);
        w.write(a, null);
        w.flush(true);
        List<Request> got = receiver.requests();
        assertEquals(List.of(503, 500, 200), got.stream().map(Request::status).toList());
        assertEquals(1, got.stream().map(Request::body).distinct().count(), "same body every attempt");
        assertEquals(
                1, got.stream().map(r -> r.header("Idempotency-Key")).distinct().count());
        assertTrue(got.stream().allMatch(r -> WebhookReceiver.verifySignature(SECRET, r)), "each attempt signed");
        assertEquals(
                List.of(AlertDelivery.RETRY, AlertDelivery.RETRY, AlertDelivery.DELIVERED),
                deliveries.stream().map(d -> d.outcome()).toList());
        assertEquals(List.of(1, 2, 3), deliveries.stream().map(d -> d.attempt()).toList());
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        receiver.script(Response.of(429).withHeader("Retry-After", "1"));
        WebhookWriter w = writer(floor(""));
        w.write(TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW), null);
        w.flush(true);
        List<Request> got = receiver.requests();
        assertEquals(List.of(429, 200), got.stream().map(Request::status).toList());
        // The backoff alone would retry after at most 20 ms; the receiver asked for a second.
        Duration gap = Duration.between(got.get(0).receivedAt(), got.get(1).receivedAt());
        assertTrue(gap.toMillis() >= 900, "retried after " + gap);
    }

    @Test
    void retriesTimeouts() throws Exception {
        receiver.script(Response.of(200).after(Duration.ofMillis(1500)));
        WebhookWriter w = writer(
                List.of(floor("")),
                fast().withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(30)),
                List.of());
        w.write(TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW), null);
        w.flush(true);
        List<AlertDelivery> ds = List.copyOf(deliveries);
        assertEquals(AlertDelivery.RETRY, ds.get(0).outcome());
        assertNull(ds.get(0).statusCode());
        assertTrue(ds.get(0).error().contains("Timeout"), ds.get(0).error());
        assertEquals(AlertDelivery.DELIVERED, ds.get(ds.size() - 1).outcome());
    }

    @Test
    void complianceAlertsOnlyReachTheComplianceRoute() throws Exception {
        // Even a floor route that names the compliance rules and takes every severity never gets them.
        WebhookRoute greedyFloor = new WebhookRoute(
                "floor",
                receiver.url("/floor"),
                false,
                Set.of(Rules.SAR_STRUCTURING, Rules.CTR_REQUIRED, Rules.JACKPOT, Rules.HOPPER_FILL),
                Set.of(),
                Severity.INFO,
                BodyFormat.FLOORWATCH,
                "",
                "");
        WebhookRoute mediumCompliance = new WebhookRoute(
                "compliance",
                receiver.url("/compliance"),
                true,
                Set.of(),
                Set.of(),
                Severity.MEDIUM,
                BodyFormat.FLOORWATCH,
                "",
                "");
        WebhookWriter w = writer(List.of(greedyFloor, mediumCompliance), fast(), List.of());
        Alert sar = TestAlerts.sar("P-1");
        Alert ctr = TestAlerts.ctr("P-2");
        Alert lowCtr = TestAlerts.ctr("P-3");
        lowCtr.severity = Severity.LOW;
        Alert jackpot = TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW);
        Alert hopper = TestAlerts.of(Rules.HOPPER_FILL, Severity.MEDIUM, Rules.MACHINE, "SM-2", "h");
        for (Alert a : List.of(sar, ctr, lowCtr, jackpot, hopper)) w.write(a, null);
        w.flush(true);

        Set<String> floorIds = ids(receiver.requests("/floor"));
        Set<String> complianceIds = ids(receiver.requests("/compliance"));
        assertEquals(Set.of(jackpot.alertId, hopper.alertId), floorIds);
        assertEquals(Set.of(sar.alertId, ctr.alertId), complianceIds, "LOW below the compliance route's minimum");
        assertTrue(receiver.requests("/floor").stream()
                .noneMatch(r -> r.body().contains("SAR_STRUCTURING") || r.body().contains("CTR_REQUIRED")));
    }

    @Test
    void severityFilter() throws Exception {
        WebhookWriter w = writer(
                List.of(WebhookRoute.of(
                        "floor", receiver.url("/floor"), false, Severity.HIGH, BodyFormat.FLOORWATCH, "")),
                fast(),
                List.of());
        Alert low = TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW);
        Alert high = TestAlerts.jackpot("SM-2", 1_250_000L, Severity.HIGH);
        Alert critical = TestAlerts.of(Rules.SECURITY_ALARM, Severity.CRITICAL, Rules.LOCATION, "L-1", "alarm");
        Alert info = TestAlerts.of(Rules.HOT_MACHINE, Severity.INFO, Rules.MACHINE, "SM-3", "hot");
        for (Alert a : List.of(low, high, critical, info)) w.write(a, null);
        w.flush(true);
        assertEquals(Set.of(high.alertId, critical.alertId), ids(receiver.requests()));
    }

    @Test
    void aResolveNeverOvertakesItsFiring() throws Exception {
        receiver.script(Response.of(503), Response.of(503));
        WebhookWriter w = writer(floor(""));
        Alert firing = TestAlerts.of(Rules.HANDPAY_WAIT, Severity.HIGH, Rules.MACHINE, "SM-1", "jp-1");
        Alert resolved = firing.resolvedAt(TestAlerts.EVENT_TIME + 60_000, "Handpay reset", null);
        w.write(firing, null);
        w.write(resolved, null);
        w.flush(true);
        List<String> delivered = receiver.requests().stream()
                .filter(r -> r.status() == 200)
                .map(r -> r.header("Idempotency-Key"))
                .toList();
        assertEquals(List.of(firing.alertId + ":firing", firing.alertId + ":resolved"), delivered);
        // Nothing about the resolve was sent before the firing got through.
        int firstResolve = indexOf(receiver.requests(), firing.alertId + ":resolved");
        int firingDelivered =
                receiver.requests().stream().map(Request::status).toList().indexOf(200);
        assertTrue(firstResolve > firingDelivered);
    }

    @Test
    void theSameMessageWrittenTwiceWhilePendingIsSentOnce() throws Exception {
        receiver.script(Response.of(503));
        WebhookWriter w = writer(floor(""));
        Alert a = TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW);
        w.write(a, null);
        w.write(a, null);
        w.flush(true);
        assertEquals(
                1, receiver.requests().stream().filter(r -> r.status() == 200).count());
    }

    @Test
    void writeNeverWaitsForASlowEndpointWhileThereIsRoom() throws Exception {
        CountDownLatch endpointStuck = new CountDownLatch(1);
        receiver.respond(r -> {
            try {
                endpointStuck.await(); // no answer at all until the test lets go
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.of(200);
        });
        WebhookWriter w = writer(List.of(floor("")), fast().withBounds(4, 1000), List.of());
        for (int i = 0; i < 50; i++) w.write(TestAlerts.jackpot("SM-" + i, 130_000L + i, Severity.LOW), null);
        w.flush(false); // and a checkpoint does not wait either
        assertEquals(50, w.pending(), "all written, none answered yet");
        assertEquals(50, w.snapshotState(1).size());
        endpointStuck.countDown();
        w.flush(true);
        assertEquals(
                50, receiver.requests().stream().filter(r -> r.status() == 200).count());
        assertEquals(0, w.pending());
    }

    @Test
    void fullQueueBlocksWriteUntilDeliveriesMakeRoom() throws Exception {
        receiver.respondAlways(Response.of(503));
        WebhookWriter w = writer(List.of(floor("")), fast().withBounds(4, 2), List.of());
        w.write(TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW), null);
        w.write(TestAlerts.jackpot("SM-2", 130_000L, Severity.LOW), null); // room for two: returns at once
        Thread third = new Thread(() -> {
            try {
                w.write(TestAlerts.jackpot("SM-3", 130_000L, Severity.LOW), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        third.start();
        receiver.awaitRequests(3, WAIT); // several failed attempts later ...
        assertTrue(third.isAlive(), "write blocks while max-pending messages are undelivered");
        assertEquals(2, w.pending());
        receiver.respondAlways(Response.of(200));
        third.join(WAIT.toMillis());
        assertFalse(third.isAlive());
        w.flush(true);
        assertEquals(
                Set.of("SM-1", "SM-2", "SM-3"),
                receiver.requests().stream()
                        .filter(r -> r.status() == 200)
                        .map(r -> entity(r))
                        .collect(Collectors.toSet()));
    }

    @Test
    void checkpointDoesNotWaitAndARestoredWriterDeliversWhatWasPending() throws Exception {
        receiver.respondAlways(Response.of(503));
        WebhookWriter first = writer(List.of(floor(SECRET), compliance()), fast(), List.of());
        List<Alert> alerts = List.of(
                TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW),
                TestAlerts.jackpot("SM-2", 600_000L, Severity.MEDIUM),
                TestAlerts.sar("P-1"),
                TestAlerts.of(Rules.MACHINE_ERRORS, Severity.HIGH, Rules.MACHINE, "SM-3", "e"));
        for (Alert a : alerts) first.write(a, null);
        first.flush(false); // a checkpoint: returns although nothing is delivered
        receiver.awaitRequests(2, WAIT);
        List<PendingDelivery> state = first.snapshotState(1);
        assertEquals(4, state.size());

        // Through the real state serializer, as Flink would store it.
        PendingDeliverySerializer serializer = new PendingDeliverySerializer();
        List<PendingDelivery> restored = new ArrayList<>();
        for (PendingDelivery p : state)
            restored.add(serializer.deserialize(serializer.getVersion(), serializer.serialize(p)));
        first.close();
        // 2 requests were refused before the snapshot, and a delivery counts its attempt before it sends
        assertTrue(
                state.stream().mapToInt(PendingDelivery::attempts).sum() >= 2,
                "failed attempts in the state: " + state);
        assertEquals(
                state.stream().map(PendingDelivery::attempts).toList(),
                restored.stream().map(PendingDelivery::attempts).toList(),
                "the state serializer keeps the attempt counts");

        receiver.respondAlways(Response.of(200));
        WebhookWriter second = writer(List.of(floor(SECRET), compliance()), fast(), restored);
        second.flush(true);
        List<Request> ok =
                receiver.requests().stream().filter(r -> r.status() == 200).toList();
        assertEquals(alerts.stream().map(a -> a.alertId).collect(Collectors.toSet()), ids(ok));
        assertEquals(Set.of(alerts.get(2).alertId), ids(receiver.requests("/compliance")));
        assertTrue(ok.stream().allMatch(r -> WebhookReceiver.verifySignature(SECRET, r)));
        assertEquals(0, second.pending());
        // The attempt count continues across the restart.
        AlertDelivery lastOfSar = deliveries.stream()
                .filter(d ->
                        d.alertId().equals(alerts.get(2).alertId) && d.outcome().equals(AlertDelivery.DELIVERED))
                .findFirst()
                .orElseThrow();
        assertTrue(lastOfSar.attempt() >= 2, "attempt " + lastOfSar.attempt());
    }

    @Test
    void restoredMessagesForARemovedRouteAreDroppedLoudlyNotRerouted() throws Exception {
        PendingDelivery orphan = new PendingDelivery("compliance", TestAlerts.sar("P-9"), 2);
        WebhookWriter w = writer(List.of(floor("")), fast(), List.of(orphan));
        w.flush(true);
        assertTrue(receiver.requests().isEmpty(), "a SAR is never re-routed to the floor");
        AlertDelivery d = deliveries.poll();
        assertEquals(AlertDelivery.FAILED, d.outcome());
        assertTrue(d.error().contains("no longer configured"));
    }

    @Test
    @Timeout(60) // a guard: without the drain timeout flush(true) would wait forever on a dead endpoint
    void drainGivesUpAfterTheDrainTimeout() throws Exception {
        receiver.respondAlways(Response.of(503));
        WebhookWriter w = writer(
                List.of(floor("")),
                fast().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500)),
                List.of());
        w.write(TestAlerts.jackpot("SM-1", 130_000L, Severity.LOW), null);
        w.flush(true);
        assertEquals(1, w.pending(), "still pending (and in the next snapshot)");
        assertEquals(1, w.snapshotState(2).size());
    }

    private static Set<String> ids(List<Request> requests) {
        return requests.stream()
                .map(r -> {
                    try {
                        return MAPPER.readTree(r.body()).get("alert_id").asText();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .collect(Collectors.toSet());
    }

    private static String entity(Request r) {
        try {
            return MAPPER.readTree(r.body()).get("entity_id").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int indexOf(List<Request> requests, String idempotencyKey) {
        for (int i = 0; i < requests.size(); i++)
            if (idempotencyKey.equals(requests.get(i).header("Idempotency-Key"))) return i;
        return -1;
    }
}
