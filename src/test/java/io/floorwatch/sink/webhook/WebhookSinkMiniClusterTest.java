package io.floorwatch.sink.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.testing.WebhookReceiver;
import io.floorwatch.testing.WebhookReceiver.Request;
import io.floorwatch.testing.WebhookReceiver.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sink in a real Flink job (MiniCluster) against a real HTTP server. */
class WebhookSinkMiniClusterTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "it-secret";

    // Shared with the operators, which run in this JVM.
    static final AtomicInteger CHECKPOINTS_COMPLETED = new AtomicInteger();
    static final AtomicInteger ALERTS_EMITTED = new AtomicInteger();
    static final AtomicInteger FAILURES_INJECTED = new AtomicInteger();
    /** Alerts emitted before the latest completed checkpoint's barrier. */
    static final AtomicInteger EMITTED_IN_COMPLETED_CHECKPOINT = new AtomicInteger();

    static final Map<Long, Integer> EMITTED_AT_SNAPSHOT = new java.util.concurrent.ConcurrentHashMap<>();

    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = WebhookReceiver.start();
        CHECKPOINTS_COMPLETED.set(0);
        ALERTS_EMITTED.set(0);
        FAILURES_INJECTED.set(0);
        EMITTED_IN_COMPLETED_CHECKPOINT.set(0);
        EMITTED_AT_SNAPSHOT.clear();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private DeliverySettings settings() {
        return TestSettings.delivery()
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(60));
    }

    @Test
    void boundedJobDeliversEveryAlertToItsRoutesBeforeFinishing() throws Exception {
        List<WebhookRoute> routes = List.of(
                WebhookRoute.of("floor", receiver.url("/floor"), false, Severity.MEDIUM, BodyFormat.FLOORWATCH, SECRET),
                WebhookRoute.of(
                        "compliance", receiver.url("/compliance"), true, Severity.LOW, BodyFormat.FLOORWATCH, SECRET),
                new WebhookRoute(
                        "pagerduty",
                        receiver.url("/pd"),
                        false,
                        null,
                        null,
                        Severity.HIGH,
                        BodyFormat.PAGERDUTY,
                        "",
                        "rk-1"),
                WebhookRoute.of("alertmanager", receiver.url("/am"), false, Severity.LOW, BodyFormat.ALERTMANAGER, ""));
        Alert jackpotHigh = TestAlerts.jackpot("SM-0042", 1_250_000L, Severity.HIGH);
        Alert jackpotLow = TestAlerts.jackpot("SM-0043", 130_000L, Severity.LOW);
        Alert handpay = TestAlerts.of(Rules.HANDPAY_WAIT, Severity.HIGH, Rules.MACHINE, "SM-0042", "jp");
        Alert handpayResolved = handpay.resolvedAt(TestAlerts.EVENT_TIME + 300_000, "Handpay reset", null);
        Alert sar = TestAlerts.sar("P-7");
        Alert ctr = TestAlerts.ctr("P-8");
        receiver.script(Response.of(503)); // one hiccup on the way

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(Alert.class, jackpotHigh, jackpotLow, handpay, handpayResolved, sar, ctr)
                .sinkTo(new WebhookSink(routes, settings(), null))
                .uid("webhook-sink")
                .name("Alert webhook");
        env.execute("webhook-bounded");

        // floor: MEDIUM and up, no compliance
        assertEquals(
                Set.of(jackpotHigh.messageKey(), handpay.messageKey(), handpayResolved.messageKey()),
                deliveredKeys("/floor"));
        assertTrue(receiver.requests("/floor").stream().allMatch(r -> WebhookReceiver.verifySignature(SECRET, r)));
        // compliance: only CTR and SAR
        assertEquals(Set.of(sar.messageKey(), ctr.messageKey()), deliveredKeys("/compliance"));
        // PagerDuty: HIGH and up, trigger then resolve with the same dedup key
        List<JsonNode> pd = bodies("/pd");
        assertEquals(
                Set.of(jackpotHigh.alertId, handpay.alertId),
                pd.stream().map(n -> n.get("dedup_key").asText()).collect(Collectors.toSet()));
        assertEquals(
                List.of("trigger", "resolve"),
                pd.stream()
                        .filter(n -> n.get("dedup_key").asText().equals(handpay.alertId))
                        .map(n -> n.get("event_action").asText())
                        .toList());
        // Alertmanager: everything but compliance
        Set<String> amRules = bodies("/am").stream()
                .map(n -> n.at("/0/labels/alertname").asText())
                .collect(Collectors.toSet());
        assertEquals(Set.of(Rules.JACKPOT, Rules.HANDPAY_WAIT), amRules);
        // No compliance alert on any non-compliance path.
        for (String path : List.of("/floor", "/pd", "/am")) {
            assertTrue(
                    receiver.requests(path).stream()
                            .noneMatch(r -> r.body().contains(Rules.SAR_STRUCTURING)
                                    || r.body().contains(Rules.CTR_REQUIRED)
                                    || r.body().contains("P-7")),
                    path);
        }
    }

    @Test
    void anEndpointDownForTenSecondsDelaysAlertsButNeverStallsTheJobOrLosesOne() throws Exception {
        AtomicReference<Instant> firstRequest = new AtomicReference<>();
        AtomicInteger checkpointsAtRecovery = new AtomicInteger(-1);
        AtomicInteger emittedAtRecovery = new AtomicInteger(-1);
        receiver.respond(r -> {
            firstRequest.compareAndSet(null, Instant.now());
            if (Instant.now().isBefore(firstRequest.get().plusSeconds(10))) return Response.of(503);
            checkpointsAtRecovery.compareAndSet(-1, CHECKPOINTS_COMPLETED.get());
            emittedAtRecovery.compareAndSet(-1, ALERTS_EMITTED.get());
            return Response.of(200);
        });
        int n = 24;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        env.fromSequence(1, n)
                .map(new SlowAlerts(500, -1))
                .uid("alerts")
                .name("Alerts")
                .sinkTo(new WebhookSink(
                        List.of(WebhookRoute.of(
                                "floor", receiver.url("/floor"), false, Severity.LOW, BodyFormat.FLOORWATCH, "")),
                        settings(),
                        null))
                .uid("webhook-sink")
                .name("Alert webhook");
        env.execute("webhook-outage");

        Set<String> expected = LongStream.rangeClosed(1, n)
                .mapToObj(i -> SlowAlerts.alert(i).messageKey())
                .collect(Collectors.toSet());
        assertEquals(expected, deliveredKeys("/floor"), "every alert delivered once the endpoint recovered");
        assertOneAlertPerId(receiver.requests("/floor"));
        // While the endpoint was down the job kept going: alerts flowed and checkpoints completed.
        assertTrue(emittedAtRecovery.get() >= 5, "alerts emitted during the outage: " + emittedAtRecovery.get());
        assertTrue(
                checkpointsAtRecovery.get() >= 2,
                "checkpoints completed during the outage: " + checkpointsAtRecovery.get());
    }

    @Test
    void afterAFailureTheRestoredSinkDeliversAlertsThatWereOnlyInItsState() throws Exception {
        // The endpoint is down until the job has failed once; alerts written before the last checkpoint exist only
        // in the sink's state (the source will not replay them), so they arrive only if the state is restored.
        receiver.respond(r -> FAILURES_INJECTED.get() == 0 ? Response.of(503) : Response.of(200));
        int n = 16;
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(300);
        env.fromSequence(1, n)
                .map(new SlowAlerts(150, 3))
                .uid("alerts")
                .name("Alerts")
                .sinkTo(new WebhookSink(
                        List.of(WebhookRoute.of(
                                "floor", receiver.url("/floor"), false, Severity.LOW, BodyFormat.FLOORWATCH, "")),
                        settings(),
                        null))
                .uid("webhook-sink")
                .name("Alert webhook");
        env.execute("webhook-failover");

        assertEquals(1, FAILURES_INJECTED.get());
        Set<String> expected = LongStream.rangeClosed(1, n)
                .mapToObj(i -> SlowAlerts.alert(i).messageKey())
                .collect(Collectors.toSet());
        assertEquals(expected, deliveredKeys("/floor"));
        assertOneAlertPerId(receiver.requests("/floor"));
        // Alerts 1..3 (at least) were written before a completed checkpoint and never replayed by the source.
        assertTrue(EMITTED_IN_COMPLETED_CHECKPOINT.get() >= 3);
    }

    /**
     * Emits one alert per element, slowly. With {@code failAfterCheckpointed} > 0 it fails once, as soon as a completed
     * checkpoint holds at least that many alerts (which the sink has not delivered).
     */
    static final class SlowAlerts extends RichMapFunction<Long, Alert>
            implements CheckpointListener, CheckpointedFunction {
        private final long sleepMillis;
        private final long failAt;

        SlowAlerts(long sleepMillis, long failAt) {
            this.sleepMillis = sleepMillis;
            this.failAt = failAt;
        }

        static Alert alert(long i) {
            Alert a = Alert.firing(
                    Rules.MACHINE_ERRORS,
                    Severity.HIGH,
                    Rules.MACHINE,
                    "SM-" + i,
                    "burst-" + i,
                    TestAlerts.EVENT_TIME + i * 1000,
                    null,
                    "Errors on SM-" + i,
                    "Send technician",
                    "{\"errors\":" + i + "}");
            a.detectedAt = TestAlerts.DETECTED_AT;
            return a;
        }

        @Override
        public void open(OpenContext openContext) {}

        @Override
        public Alert map(Long i) throws Exception {
            Thread.sleep(sleepMillis);
            if (failAt > 0 && FAILURES_INJECTED.get() == 0 && EMITTED_IN_COMPLETED_CHECKPOINT.get() >= failAt) {
                FAILURES_INJECTED.incrementAndGet();
                throw new RuntimeException("injected failure");
            }
            ALERTS_EMITTED.incrementAndGet();
            return alert(i);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS_COMPLETED.incrementAndGet();
            Integer emitted = EMITTED_AT_SNAPSHOT.get(checkpointId);
            if (emitted != null) EMITTED_IN_COMPLETED_CHECKPOINT.accumulateAndGet(emitted, Math::max);
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            EMITTED_AT_SNAPSHOT.put(context.getCheckpointId(), ALERTS_EMITTED.get());
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}
    }

    private Set<String> deliveredKeys(String path) {
        return receiver.requests(path).stream()
                .filter(r -> r.status() == 200)
                .map(r -> r.header("Idempotency-Key"))
                .collect(Collectors.toSet());
    }

    private List<JsonNode> bodies(String path) {
        return receiver.requests(path).stream()
                .filter(r -> r.status() == 200)
                .map(r -> {
                    try {
                        return MAPPER.readTree(r.body());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }

    /** Resends are allowed (same Idempotency-Key) but an alert id always describes the same alert. */
    private static void assertOneAlertPerId(List<Request> requests) {
        Map<String, Set<String>> bodiesById = new HashMap<>();
        for (Request r : requests) {
            bodiesById
                    .computeIfAbsent(r.header("Idempotency-Key"), k -> new HashSet<>())
                    .add(r.body());
        }
        bodiesById.forEach(
                (key, bodies) -> assertEquals(1, bodies.size(), key + " sent as different alerts: " + bodies));
    }
}
