package io.floorwatch.ecosystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.sink.webhook.WebhookSink;
import io.floorwatch.testing.WebhookReceiver;
import io.floorwatch.topology.SinkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's Alertmanager route ({@code webhook.alertmanager-url}) against a real Alertmanager (Debian's
 * prometheus-alertmanager) on 127.0.0.1: alerts go through the real sink (routes and settings from the configuration, as the topology builds them) in a Flink job,
 * and Alertmanager's own API ({@code GET /api/v2/alerts}) and its own webhook notifications show what it made of them:
 * labels, annotations, firing, and a resolve that closes exactly its alert.
 */
class AlertmanagerRouteTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void alertsFireAndResolveInARealAlertmanager(@TempDir Path dir) throws Exception {
        Path binary = DebianTool.alertmanager();
        try (WebhookReceiver notifications = WebhookReceiver.start()) {
            Path config = dir.resolve("alertmanager.yml");
            // one group per FloorWatch alert, flushed at once, every change notified (resolves included)
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "route:",
                            "  receiver: recorder",
                            "  group_by: ['alert_id']",
                            "  group_wait: 0s",
                            "  group_interval: 1s",
                            "  repeat_interval: 1h",
                            "receivers:",
                            "  - name: recorder",
                            "    webhook_configs:",
                            "      - url: " + notifications.url("/notify"),
                            "        send_resolved: true",
                            ""));
            try (ToolServer am = ToolServer.start(
                    "alertmanager",
                    dir,
                    port -> List.of(
                            binary.toString(),
                            "--config.file=" + config,
                            "--storage.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            // no HA gossip: it would listen on 0.0.0.0:9094
                            "--cluster.listen-address=",
                            "--log.level=warn"))) {
                FloorWatchConfig cfg = FloorWatchConfig.of(Map.of(
                        "sources.mode", "simulator",
                        "webhook.alertmanager-url", am.url("/api/v2/alerts"),
                        "webhook.min-severity", "MEDIUM"));

                long now = System.currentTimeMillis();
                Alert jackpot = alert(
                        Rules.JACKPOT,
                        Severity.HIGH,
                        Rules.MACHINE,
                        "SM-0042",
                        now - 600_000,
                        1_250_000L,
                        "Jackpot $12,500.00 on SM-0042 (section B)",
                        "Dispatch attendant",
                        "{\"floor_section\":\"B\"}");
                Alert handpay = alert(
                        Rules.HANDPAY_WAIT,
                        Severity.HIGH,
                        Rules.MACHINE,
                        "SM-0042",
                        now - 540_000,
                        null,
                        "Handpay waiting on SM-0042",
                        "Send an attendant",
                        "{}");
                Alert belowMinSeverity = alert(
                        Rules.JACKPOT,
                        Severity.LOW,
                        Rules.MACHINE,
                        "SM-0043",
                        now - 500_000,
                        130_000L,
                        "small",
                        "",
                        "{}");
                Alert sar = alert(
                        Rules.SAR_STRUCTURING,
                        Severity.HIGH,
                        Rules.PLAYER,
                        "P-7",
                        now - 480_000,
                        1_700_000L,
                        "Possible structuring by P-7",
                        "File SAR review",
                        "{}");

                runJob(cfg, jackpot, handpay, belowMinSeverity, sar);

                List<JsonNode> firing = awaitAlerts(am, list -> list.size() >= 2);
                assertEquals(2, firing.size(), "only the floor alerts at or above MEDIUM: " + firing);
                JsonNode jp = byAlertId(firing, jackpot.alertId);
                assertEquals(
                        Map.of(
                                "alertname", "JACKPOT",
                                "severity", "high",
                                "entity_type", "machine",
                                "entity_id", "SM-0042",
                                "alert_id", jackpot.alertId,
                                "service", "floorwatch"),
                        JSON.convertValue(jp.path("labels"), Map.class));
                JsonNode annotations = jp.path("annotations");
                assertEquals(
                        "Jackpot $12,500.00 on SM-0042 (section B)",
                        annotations.path("summary").asText());
                assertEquals("Dispatch attendant", annotations.path("action").asText());
                assertEquals("12500.00", annotations.path("amount").asText());
                assertEquals(
                        Instant.ofEpochMilli(jackpot.detectedAt),
                        Instant.parse(annotations.path("detected_at").asText()));
                assertEquals(
                        "B",
                        JSON.readTree(annotations.path("details").asText())
                                .path("floor_section")
                                .asText());
                assertEquals("active", jp.path("status").path("state").asText());
                assertEquals(
                        Instant.ofEpochMilli(jackpot.eventTime),
                        Instant.parse(jp.path("startsAt").asText()));
                // a firing has no endsAt: Alertmanager gives it now + resolve_timeout
                assertTrue(Instant.parse(jp.path("endsAt").asText()).isAfter(Instant.now()), jp.toString());
                JsonNode hp = byAlertId(firing, handpay.alertId);
                assertEquals("HANDPAY_WAIT", hp.path("labels").path("alertname").asText());
                assertFalse(hp.path("annotations").has("amount"), "no money, no amount: " + hp);
                assertEquals("active", hp.path("status").path("state").asText());
                notifications.awaitRequests(notification(handpay.alertId, "firing"), 1, WAIT);

                // the resolve closes the handpay alert and nothing else
                Alert resolved = handpay.resolvedAt(now - 60_000, "Handpay reset on SM-0042", null);
                runJob(cfg, resolved);

                List<JsonNode> after = awaitAlerts(am, list -> list.size() == 1);
                assertEquals(
                        jackpot.alertId,
                        after.get(0).path("labels").path("alert_id").asText());
                JsonNode resolvedNotice = alertIn(
                        notifications
                                .awaitRequests(notification(handpay.alertId, "resolved"), 1, WAIT)
                                .get(0),
                        handpay.alertId);
                assertEquals("resolved", resolvedNotice.path("status").asText());
                assertEquals(
                        Instant.ofEpochMilli(resolved.eventTime),
                        Instant.parse(resolvedNotice.path("endsAt").asText()));
                assertEquals(
                        Instant.ofEpochMilli(handpay.eventTime),
                        Instant.parse(resolvedNotice.path("startsAt").asText()));
                assertEquals(
                        "Handpay reset on SM-0042",
                        resolvedNotice.path("annotations").path("summary").asText());

                // no compliance alert ever reached Alertmanager
                for (WebhookReceiver.Request r : notifications.requests()) {
                    assertFalse(r.body().contains("SAR_STRUCTURING") || r.body().contains("P-7"), r.body());
                }
            }
        }
    }

    private static Alert alert(
            String rule,
            Severity severity,
            String entityType,
            String entity,
            long eventTime,
            Long cents,
            String summary,
            String action,
            String details) {
        return Alert.firing(
                rule,
                severity,
                entityType,
                entity,
                "ev-" + entity + "-" + rule,
                eventTime,
                cents,
                summary,
                action,
                details);
    }

    /** A bounded job through the real sink: it ends once every message is delivered (or failed for good). */
    private static void runJob(FloorWatchConfig cfg, Alert... alerts) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(Alert.class, alerts)
                .sinkTo(new WebhookSink(SinkSettings.webhookRoutes(cfg), SinkSettings.delivery(cfg), null))
                .uid("webhook-sink")
                .name("Alert webhook");
        env.execute("alertmanager-route");
    }

    /** FloorWatch's alerts as Alertmanager lists them (active, silenced, inhibited or unprocessed; not expired). */
    private static List<JsonNode> awaitAlerts(ToolServer am, Predicate<List<JsonNode>> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<JsonNode> alerts = List.of();
        while (System.nanoTime() < deadline) {
            alerts = new ArrayList<>();
            for (JsonNode a : am.get("/api/v2/alerts?filter=" + ToolServer.encode("service=\"floorwatch\""))) {
                alerts.add(a);
            }
            if (done.test(alerts)) return alerts;
            Thread.sleep(200);
        }
        throw new AssertionError("Alertmanager lists " + alerts + "\n" + am.log());
    }

    private static JsonNode byAlertId(List<JsonNode> alerts, String alertId) {
        return alerts.stream()
                .filter(a -> a.path("labels").path("alert_id").asText().equals(alertId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no alert " + alertId + " in " + alerts));
    }

    /** An Alertmanager webhook notification that carries this alert with this status. */
    private static Predicate<WebhookReceiver.Request> notification(String alertId, String status) {
        return r -> {
            JsonNode a = alertIn(r, alertId);
            return a != null && a.path("status").asText().equals(status);
        };
    }

    private static JsonNode alertIn(WebhookReceiver.Request r, String alertId) {
        try {
            for (JsonNode a : JSON.readTree(r.body()).path("alerts")) {
                if (a.path("labels").path("alert_id").asText().equals(alertId)) return a;
            }
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
