package io.floorwatch.e2e;

import static io.floorwatch.e2e.SavepointUpgradeIT.cash;
import static io.floorwatch.e2e.SavepointUpgradeIT.slot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.FlinkStandaloneCluster;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.testing.Launcher;
import io.floorwatch.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale out and back on a real standalone cluster: stopped with a savepoint at parallelism 1, resumed at 2, stopped
 * again and resumed at 1 (the job's maximum parallelism is fixed, so key groups move between subtasks). A running CTR
 * total built across all three runs, and HANDPAY_WAIT partial matches started in the first two, end exactly as one
 * run without rescaling would end them: each alert once, in ClickHouse and at the webhook.
 */
@Tag("cluster")
class RescaleIT {
    @Test
    void stateMovesFromOneSubtaskToTwoAndBack(@TempDir Path dir) throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        ClickHouseServer clickhouse = ClickHouseServer.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String p = "rescale-" + run + "-";
        String db = "rescale_" + run;
        kafka.createTopics(1, p + "slot", p + "table", p + "security", p + "cage");

        try (WebhookReceiver webhook = WebhookReceiver.start();
                FlinkStandaloneCluster cluster = FlinkStandaloneCluster.start(dir.resolve("cluster"))) {
            String jobManager = "127.0.0.1:" + cluster.restPort();
            List<String> profile = List.of(
                    "--config",
                    FlinkStandaloneCluster.projectRoot()
                            .resolve("jobs/production.example.yaml")
                            .toString(),
                    "--kafka.bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--kafka.group-id",
                    "rescale-" + run,
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
                    db,
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
                    SavepointUpgradeIT.gamingDayStart());

            // run 1, parallelism 1: $6,000 cash in, a jackpot on SM-1 waiting for its hand pay
            kafka.send(p + "cage", List.of(cash("c1", 0, "6000.00")));
            kafka.send(
                    p + "slot",
                    List.of(
                            slot("j1", "JACKPOT", 60, "SM-1", ",\"payout_amount\":2500"),
                            slot("h1", "HEARTBEAT", 120, "SM-2", "")));
            String first = submit(jobManager, profile, null, 1);
            webhook.awaitRequests(
                    r -> r.body().contains("\"entity_id\":\"SM-1\"") && r.body().contains("\"rule\":\"JACKPOT\""),
                    1,
                    Duration.ofMinutes(3));
            String savepoint = stop(cluster, jobManager, first);

            // run 2, parallelism 2: $3,000 more (no CTR yet), a second pending jackpot on SM-4
            kafka.send(p + "cage", List.of(cash("c2", 180, "3000.00")));
            kafka.send(
                    p + "slot",
                    List.of(
                            slot("j2", "JACKPOT", 240, "SM-4", ",\"payout_amount\":2600"),
                            slot("h2", "HEARTBEAT", 300, "SM-2", "")));
            String second = submit(jobManager, profile, savepoint, 2);
            webhook.awaitRequests(
                    r -> r.body().contains("\"entity_id\":\"SM-4\"") && r.body().contains("\"rule\":\"JACKPOT\""),
                    1,
                    Duration.ofMinutes(3));
            savepoint = stop(cluster, jobManager, second);

            // run 3, back to parallelism 1: $2,000 more makes the day's $11,000 a CTR; floor time passes both deadlines
            kafka.send(p + "cage", List.of(cash("c3", 400, "2000.00")));
            kafka.send(p + "slot", List.of(slot("h3", "HEARTBEAT", 900, "SM-2", "")));
            String third = submit(jobManager, profile, savepoint, 1);
            webhook.awaitRequests(r -> r.body().contains("\"rule\":\"CTR_REQUIRED\""), 1, Duration.ofMinutes(3));
            webhook.awaitRequests(r -> r.body().contains("\"rule\":\"HANDPAY_WAIT\""), 2, Duration.ofMinutes(3));
            // the ClickHouse sink sends within clickhouse.flush-interval: wait for the rows before cancelling
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (clickhouse.count("SELECT count() FROM " + db + ".alerts FINAL WHERE rule != 'STALE_SOURCE'") < 8
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            Launcher.run(List.of("cancel", third, "--jobmanager", jobManager));

            Set<String> keys = new HashSet<>();
            for (WebhookReceiver.Request r : webhook.requests())
                assertTrue(keys.add(r.header("Idempotency-Key")), "sent twice: " + r.body());
            Map<String, Long> byRule = webhook.requests().stream()
                    .map(r -> SavepointUpgradeIT.read(r.body()))
                    .filter(rule -> !rule.equals("STALE_SOURCE")) // processing time: a quiet topic in an unbounded run
                    .collect(Collectors.groupingBy(rule -> rule, TreeMap::new, Collectors.counting()));
            // $9,000 after run 2 crossed the $8,000 warning (CTR_APPROACHING), $11,000 after run 3 the threshold
            assertEquals(
                    Map.of(
                            "CTR_APPROACHING",
                            1L,
                            "CTR_REQUIRED",
                            1L,
                            "HANDPAY_WAIT",
                            2L,
                            "JACKPOT",
                            2L,
                            "W2G_REQUIRED",
                            2L),
                    byRule);
            assertTrue(
                    webhook.requests("/compliance").stream()
                            .anyMatch(r -> r.body().contains("\"amount\":11000.00")),
                    "the running total carried over both rescales");
            assertEquals(
                    "CTR_APPROACHING\t1\nCTR_REQUIRED\t1\nHANDPAY_WAIT\t2\nJACKPOT\t2\nW2G_REQUIRED\t2",
                    clickhouse.query("SELECT rule, count() FROM " + db
                            + ".alerts FINAL WHERE rule != 'STALE_SOURCE' GROUP BY rule ORDER BY rule"));
            assertEquals(
                    8,
                    clickhouse.count("SELECT count() FROM " + db + ".slot_events_live FINAL")
                            + clickhouse.count("SELECT count() FROM " + db + ".cage_transactions_live FINAL"),
                    "each event stored once");
        }
    }

    private static String submit(String jobManager, List<String> profile, String savepoint, int parallelism)
            throws Exception {
        List<String> args = new ArrayList<>(
                List.of("submit", "--jobmanager", jobManager, "--parallelism", Integer.toString(parallelism)));
        if (savepoint != null) args.addAll(List.of("--savepoint", savepoint));
        args.addAll(profile);
        return Launcher.run(args);
    }

    private static String stop(FlinkStandaloneCluster cluster, String jobManager, String job) throws Exception {
        String savepoint = Launcher.run(List.of("savepoint", job, "--stop", "--jobmanager", jobManager));
        cluster.waitForJobStatusWithoutFailure(job, "FINISHED", Duration.ofMinutes(2));
        return savepoint;
    }
}
