package io.floorwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.FlinkStandaloneCluster;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.testing.Launcher;
import io.floorwatch.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade the way platform engineers do it: the shaded jar submitted to a real standalone cluster, reading real
 * Kafka, writing real ClickHouse and webhooks; stopped with a savepoint and resubmitted from it. A player's running
 * CTR total and a pending HANDPAY_WAIT (a CEP partial match) survive the upgrade, and no alert is sent twice.
 */
@Tag("cluster")
class SavepointUpgradeIT {
    static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    static final ObjectMapper JSON = new ObjectMapper();

    static String at(int seconds) {
        return T0.plusSeconds(seconds).toString();
    }

    @Test
    void runningTotalsAndPendingTimeoutsSurviveAnUpgrade(@TempDir Path dir) throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        ClickHouseServer clickhouse = ClickHouseServer.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String p = "upgrade-" + run + "-";
        kafka.createTopics(1, p + "slot", p + "table", p + "security", p + "cage");
        kafka.send(p + "cage", List.of(cash("c1", 0, "6000.00")));
        kafka.send(
                p + "slot",
                List.of(
                        slot("j1", "JACKPOT", 60, "SM-1", ",\"payout_amount\":2500"),
                        slot("h1", "HEARTBEAT", 120, "SM-2", "")));

        try (WebhookReceiver webhook = WebhookReceiver.start();
                FlinkStandaloneCluster cluster = FlinkStandaloneCluster.start(dir.resolve("cluster"))) {
            String jobManager = "127.0.0.1:" + cluster.restPort();
            List<String> profile = new ArrayList<>(List.of(
                    "--config",
                    FlinkStandaloneCluster.projectRoot()
                            .resolve("jobs/production.example.yaml")
                            .toString(),
                    "--kafka.bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--kafka.group-id",
                    "upgrade-" + run,
                    "--kafka.starting-offsets",
                    "earliest",
                    "--kafka.topics.slot",
                    p + "slot",
                    "--kafka.topics.table",
                    p + "table",
                    "--kafka.topics.security",
                    p + "security",
                    "--kafka.topics.cage",
                    p + "cage",
                    "--clickhouse.url",
                    clickhouse.httpUrl(),
                    "--clickhouse.database",
                    "upgrade_" + run,
                    "--clickhouse.create-schema",
                    "true",
                    "--clickhouse.user",
                    clickhouse.user(),
                    "--webhook.url",
                    webhook.url("/floor"),
                    "--webhook.compliance-url",
                    webhook.url("/compliance"),
                    "--watermark.idleness",
                    "2s",
                    "--casino.timezone",
                    "UTC",
                    "--casino.gaming-day-start",
                    gamingDayStart(),
                    "--job.parallelism",
                    "1"));

            List<String> submit = new ArrayList<>(List.of("submit", "--jobmanager", jobManager));
            submit.addAll(profile);
            long started = System.nanoTime();
            String first = Launcher.run(submit);
            webhook.awaitRequests(r -> r.body().contains("\"rule\":\"JACKPOT\""), 1, Duration.ofMinutes(3));
            String savepoint = Launcher.run(List.of("savepoint", first, "--stop", "--jobmanager", jobManager));
            cluster.waitForJobStatusWithoutFailure(first, "FINISHED", Duration.ofMinutes(2));
            assertEquals(
                    0,
                    webhook.requests().stream()
                            .filter(r -> r.body().contains("HANDPAY_WAIT")
                                    || r.body().contains("CTR_REQUIRED"))
                            .count(),
                    "nothing else fired before the upgrade");

            // after the upgrade: $5,000 more cash in (only the running total from before makes it a CTR), and floor
            // time
            // passing the jackpot's 10-minute deadline (only the CEP state from before knows the jackpot is pending)
            kafka.send(p + "cage", List.of(cash("c2", 180, "5000.00")));
            kafka.send(p + "slot", List.of(slot("h2", "HEARTBEAT", 720, "SM-2", "")));
            List<String> resume =
                    new ArrayList<>(List.of("submit", "--jobmanager", jobManager, "--savepoint", savepoint));
            resume.addAll(profile);
            String second = Launcher.run(resume);

            webhook.awaitRequests(r -> r.body().contains("\"rule\":\"CTR_REQUIRED\""), 1, Duration.ofMinutes(3));
            webhook.awaitRequests(r -> r.body().contains("\"rule\":\"HANDPAY_WAIT\""), 1, Duration.ofMinutes(3));
            Launcher.run(List.of("cancel", second, "--jobmanager", jobManager));
            System.out.printf("upgrade scenario took %d s%n", (System.nanoTime() - started) / 1_000_000_000L);

            assertTrue(
                    webhook.requests("/compliance").stream()
                            .anyMatch(r -> r.body().contains("\"amount\":11000.00")),
                    "the day's running total carried over the upgrade");
            Set<String> keys = new HashSet<>();
            for (WebhookReceiver.Request r : webhook.requests()) {
                assertTrue(keys.add(r.header("Idempotency-Key")), "sent twice: " + r.body());
            }
            // STALE_SOURCE may join in: a quiet topic in an unbounded run is one (processing time)
            assertEquals(
                    Set.of("JACKPOT", "W2G_REQUIRED", "HANDPAY_WAIT", "CTR_REQUIRED"),
                    webhook.requests().stream()
                            .map(r -> read(r.body()))
                            .filter(rule -> !rule.equals("STALE_SOURCE"))
                            .collect(java.util.stream.Collectors.toSet()));
        }
    }

    static String read(String body) {
        try {
            return JSON.readTree(body).get("rule").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String gamingDayStart() {
        return String.format(
                "%02d:00", Math.floorMod(T0.atZone(java.time.ZoneOffset.UTC).getHour() - 6, 24));
    }

    static String slot(String id, String type, int sec, String machine, String more) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\"" + at(sec)
                + "\",\"machine_id\":\"" + machine + "\"" + more + "}";
    }

    static String cash(String id, int sec, String amount) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"CHIP_PURCHASE\",\"event_timestamp\":\"" + at(sec)
                + "\",\"player_id\":\"P-1\",\"amount\":\"" + amount
                + "\",\"direction\":\"CASH_IN\",\"payment_method\":\"CASH\"}";
    }
}
