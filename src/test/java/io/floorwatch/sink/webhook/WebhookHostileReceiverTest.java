package io.floorwatch.sink.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Severity;
import io.floorwatch.testing.HostileReceiver;
import io.floorwatch.testing.HostileReceiver.BodyWrite;
import io.floorwatch.testing.HostileReceiver.HugeBody;
import io.floorwatch.testing.HostileReceiver.Normal;
import io.floorwatch.testing.HostileReceiver.StallMidBody;
import io.floorwatch.testing.WebhookReceiver;
import io.floorwatch.testing.WebhookReceiver.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Receivers that misbehave on purpose (a raw-socket {@link HostileReceiver}) on one route, while the other route
 * goes to a well-behaved real HTTP server and must keep delivering: a receiver that sends its headers and then
 * stalls mid-body, one answering with a 100 MB body, and absurd {@code Retry-After} values. Every alert is delivered
 * in the end (at least once); nothing waits on the stalled receiver for longer than the attempt deadline.
 */
@Timeout(120)
class WebhookHostileReceiverTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    private HostileReceiver hostile;
    private WebhookReceiver good;
    private final Queue<AlertDelivery> deliveries = new ConcurrentLinkedQueue<>();
    private final List<WebhookWriter> writers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        hostile = HostileReceiver.start();
        good = WebhookReceiver.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (WebhookWriter w : writers) w.close();
        hostile.close();
        good.close();
    }

    /** Attempt deadline 2 s, short backoff; generous drain so a loaded machine does not fail the test. */
    private static DeliverySettings settings(int maxInFlight, int perRoute) {
        return TestSettings.delivery()
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(60))
                .withBounds(maxInFlight, 10_000)
                .withRouteLimit(perRoute);
    }

    private WebhookWriter writer(DeliverySettings settings) {
        WebhookRoute floor =
                WebhookRoute.of("floor", hostile.url("/floor"), false, Severity.LOW, BodyFormat.FLOORWATCH, "");
        WebhookRoute compliance =
                WebhookRoute.of("compliance", good.url("/compliance"), true, Severity.LOW, BodyFormat.FLOORWATCH, "");
        WebhookWriter w = new WebhookWriter(
                List.of(floor, compliance),
                settings,
                UnregisteredMetricsGroup.createSinkWriterMetricGroup(),
                deliveries::add,
                List.of());
        writers.add(w);
        return w;
    }

    private static List<Alert> floorAlerts(int n) {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < n; i++) alerts.add(TestAlerts.jackpot("SM-" + i, 130_000L + i, Severity.HIGH));
        return alerts;
    }

    private static List<Alert> complianceAlerts(int n) {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < n; i++) alerts.add(i % 2 == 0 ? TestAlerts.sar("P-" + i) : TestAlerts.ctr("P-" + i));
        return alerts;
    }

    private static Set<String> keys(List<Alert> alerts) {
        return alerts.stream().map(Alert::messageKey).collect(Collectors.toSet());
    }

    private List<AlertDelivery> deliveries(String route) {
        return deliveries.stream().filter(d -> d.route().equals(route)).toList();
    }

    @ParameterizedTest(name = "max-in-flight {0}, per route {1}")
    @CsvSource({"3, 2", "1, 1"})
    void aReceiverThatStallsMidBodyNeverStarvesTheOtherRoute(int maxInFlight, int perRoute) throws Exception {
        // Headers ("200, 1000 bytes follow"), 10 bytes, then nothing. The deadline is long here (60 s), so nothing
        // but the route's own limit can let the compliance alerts through while the floor receiver holds its slots.
        hostile.behave(r -> new StallMidBody(200, 1000, 10));
        WebhookWriter w = writer(settings(maxInFlight, perRoute)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60)));
        List<Alert> floor = floorAlerts(6);
        List<Alert> compliance = complianceAlerts(4);
        for (Alert a : floor) w.write(a, null); // the floor route asks first and would take every shared slot
        for (Alert a : compliance) w.write(a, null);

        List<Request> got = good.awaitRequests(r -> r.status() == 200, compliance.size(), WAIT);
        assertEquals(
                keys(compliance),
                got.stream().map(r -> r.header("Idempotency-Key")).collect(Collectors.toSet()));
        HostileReceiver.await("only the floor alerts left pending", WAIT, () -> w.pending() == floor.size());
        // Meanwhile every floor attempt is still stalled, and there were never more than the route's own slots.
        assertTrue(deliveries("floor").isEmpty(), deliveries("floor").toString());
        HostileReceiver.await(
                "the floor receiver holds the route's " + perRoute + " slots",
                WAIT,
                () -> hostile.holding() == perRoute);
        assertTrue(
                hostile.maxHolding() <= perRoute,
                "floor never had more than its own " + perRoute + " slots, had " + hostile.maxHolding());
        assertEquals(
                keys(floor),
                w.snapshotState(1).stream().map(p -> p.alert().messageKey()).collect(Collectors.toSet()));
    }

    @Test
    void aStalledAttemptEndsAtTheDeadlineBodyIncludedAndIsRetriedUntilDelivered() throws Exception {
        hostile.behave(r -> new StallMidBody(200, 1000, 10));
        WebhookWriter w = writer(settings(4, 2)); // 2 s attempt deadline
        List<Alert> floor = floorAlerts(6);
        for (Alert a : floor) w.write(a, null);
        List<Alert> compliance = complianceAlerts(2);
        for (Alert a : compliance) w.write(a, null);

        // Stalled attempts end at the deadline (body included), are reported as timeouts and retried, and the
        // client closes the stalled connections.
        HostileReceiver.await(
                "a stalled floor attempt reported as timed out",
                WAIT,
                () -> deliveries("floor").stream()
                        .anyMatch(d -> AlertDelivery.RETRY.equals(d.outcome())
                                && d.statusCode() == null
                                && d.error().contains("attempt deadline")));
        HostileReceiver.await("the client closes a stalled connection", WAIT, () -> hostile.stallsAbandoned() >= 1);
        assertTrue(deliveries("floor").stream().noneMatch(d -> AlertDelivery.DELIVERED.equals(d.outcome())));
        HostileReceiver.await("only the floor alerts left pending", WAIT, () -> w.pending() == floor.size());
        assertEquals(
                keys(floor),
                w.snapshotState(1).stream().map(p -> p.alert().messageKey()).collect(Collectors.toSet()));

        // The receiver recovers: every floor alert arrives (at least once) and nothing is left pending.
        hostile.behave(r -> HostileReceiver.ok());
        w.flush(true);
        assertEquals(0, w.pending());
        Set<String> delivered = deliveries("floor").stream()
                .filter(d -> AlertDelivery.DELIVERED.equals(d.outcome()))
                .map(d -> d.alertId() + ":" + d.status())
                .collect(Collectors.toSet());
        assertEquals(keys(floor), delivered);
        assertEquals(
                keys(compliance),
                good.requests("/compliance").stream()
                        .map(r -> r.header("Idempotency-Key"))
                        .collect(Collectors.toSet()));
    }

    @Test
    void hundredMegabyteResponseBodiesAreNotReadWhole() throws Exception {
        // First attempt: 500 with 100 MB of body (retried), second: 200 with 100 MB (delivered).
        hostile.behave(
                r -> hostile.requests().size() <= 1 ? new HugeBody(500, HUNDRED_MB) : new HugeBody(200, HUNDRED_MB));
        WebhookWriter w = writer(settings(4, 2));
        Alert jackpot = TestAlerts.jackpot("SM-9", 5_000_000L, Severity.CRITICAL);
        w.write(jackpot, null);
        for (Alert a : complianceAlerts(3)) w.write(a, null);
        w.flush(true);

        assertEquals(0, w.pending());
        assertEquals(3, good.requests("/compliance").size());
        List<AlertDelivery> floor = deliveries("floor");
        assertEquals(
                List.of(AlertDelivery.RETRY, AlertDelivery.DELIVERED),
                floor.stream().map(d -> d.outcome()).toList(),
                floor.toString());
        assertEquals(500, floor.get(0).statusCode());
        assertTrue(
                floor.get(0).error().startsWith("HTTP 500: xxx")
                        && floor.get(0).error().length() < 400,
                floor.get(0).error());
        assertEquals(200, floor.get(1).statusCode());

        // The receiver could not push its bodies through: the client stopped reading and closed the connection.
        HostileReceiver.await(
                "both large bodies ended", WAIT, () -> hostile.bodyWrites().size() == 2);
        for (BodyWrite b : hostile.bodyWrites()) {
            assertFalse(b.finished(), "the client read a whole 100 MB body: " + b);
            assertTrue(b.written() < 32L * 1024 * 1024, "far less than the body was read: " + b);
        }
    }

    @Test
    void absurdRetryAfterValuesAreClampedAndTheAlertIsStillRetried() throws Exception {
        String[] absurd = {
            "9223372036854775807", // Long.MAX_VALUE seconds: Duration.toMillis() overflows
            "99999999999999999999999999999999", // does not even fit a long
            "Fri, 31 Dec 9999 23:59:59 GMT", // an HTTP date 8,000 years ahead
            "-1", // not a Retry-After at all: plain backoff
        };
        hostile.behave(r -> {
            int n = hostile.requests().size(); // this request included
            return n <= absurd.length ? new Normal(503, Map.of("Retry-After", absurd[n - 1])) : HostileReceiver.ok();
        });
        WebhookWriter w = writer(settings(4, 2).withMaxRetryAfter(Duration.ofSeconds(1)));
        Alert jackpot = TestAlerts.jackpot("SM-7", 2_000_000L, Severity.HIGH);
        w.write(jackpot, null);
        List<Alert> compliance = complianceAlerts(2);
        for (Alert a : compliance) w.write(a, null);
        w.flush(true);

        assertEquals(0, w.pending(), "the floor alert was retried until delivered");
        List<AlertDelivery> floor = deliveries("floor");
        assertEquals(
                List.of(503, 503, 503, 503, 200),
                floor.stream().map(d -> d.statusCode()).toList(),
                floor.toString());
        assertEquals(AlertDelivery.DELIVERED, floor.get(4).outcome());
        // The clamped Retry-After (1 s) was honoured, not ignored: each of the first three waits is at least ~1 s.
        for (int i = 0; i < 3; i++) {
            long gap = floor.get(i + 1).attemptedAt() - floor.get(i).attemptedAt();
            assertTrue(gap >= 900, "retry " + (i + 1) + " after " + gap + " ms: " + floor.get(i));
        }
        assertEquals(
                keys(compliance),
                good.requests("/compliance").stream()
                        .map(r -> r.header("Idempotency-Key"))
                        .collect(Collectors.toSet()));
    }

    @Test
    void retryAfterZeroNeverShortensTheBackoff() throws Exception {
        // "Come back right now", for 3 s: with the backoff (50 ms doubling to 500 ms) that is about ten attempts; a
        // writer taking Retry-After: 0 at its word would send hundreds. Fewer attempts on a slow machine only.
        long until = System.currentTimeMillis() + 3000;
        hostile.behave(r -> System.currentTimeMillis() < until
                ? new Normal(503, Map.of("Retry-After", "0"))
                : HostileReceiver.ok());
        WebhookWriter w = writer(settings(4, 2));
        w.write(TestAlerts.jackpot("SM-3", 1_500_000L, Severity.HIGH), null);
        w.flush(true);
        assertEquals(0, w.pending());
        List<AlertDelivery> floor = deliveries("floor");
        assertEquals(AlertDelivery.DELIVERED, floor.get(floor.size() - 1).outcome());
        assertTrue(floor.size() < 40, floor.size() + " attempts in about 3 s");
    }

    @Test
    void aRouteNeverGetsMoreThanTheTotal() {
        DeliverySettings s = settings(4, 2);
        assertEquals(2, s.limits().routeLimit());
        assertEquals(4, s.withRouteLimit(10).limits().routeLimit(), "a route never gets more than the total");
    }

    @Test
    void retryAfterParsingIsClampedAndOverflowSafe() {
        long now = java.time.Instant.parse("2026-11-22T20:00:00Z").toEpochMilli();
        Duration max = Duration.ofMinutes(10);
        assertEquals(Optional.of(Duration.ofSeconds(7)), Responses.retryAfter(Optional.of("7"), now, max));
        assertEquals(Optional.of(Duration.ofSeconds(7)), Responses.retryAfter(Optional.of("0007"), now, max));
        assertEquals(Optional.of(Duration.ZERO), Responses.retryAfter(Optional.of("0"), now, max));
        assertEquals(Optional.of(max), Responses.retryAfter(Optional.of("601"), now, max));
        assertEquals(Optional.of(max), Responses.retryAfter(Optional.of("9223372036854775807"), now, max));
        assertEquals(Optional.of(max), Responses.retryAfter(Optional.of("9223372036854775808"), now, max));
        assertEquals(Optional.of(max), Responses.retryAfter(Optional.of("9".repeat(1000)), now, max));
        assertEquals(Optional.of(max), Responses.retryAfter(Optional.of("Fri, 31 Dec 9999 23:59:59 GMT"), now, max));
        assertEquals(
                Optional.of(Duration.ZERO),
                Responses.retryAfter(Optional.of("Mon, 01 Jan 0001 00:00:00 GMT"), now, max));
        assertEquals(
                Optional.of(Duration.ofSeconds(30)),
                Responses.retryAfter(Optional.of("Sun, 22 Nov 2026 20:00:30 GMT"), now, max));
        for (String junk : List.of("-1", "1e9", "+5", "soon", "", " ", "7 seconds", "x".repeat(1000))) {
            assertEquals(Optional.empty(), Responses.retryAfter(Optional.of(junk), now, max), junk);
        }
    }
}
