package io.floorwatch.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.FlinkStandaloneCluster;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TaskManager process killed in the middle of a stream, on a real standalone cluster running the built jar (hence
 * an IT: it runs after `package`). The job restarts from its last checkpoint once a TaskManager is back; stopped with
 * drain at the end (which closes every window as the end of a bounded input does), ClickHouse and the delivered
 * alerts equal those of a failure-free bounded run over the same input.
 */
@Tag("faults")
class TaskManagerKillIT {
    static final int SLOT_EVENTS = 3000;

    @Test
    void taskManagerKilledMidStreamRestartsFromCheckpointExactly(@TempDir Path dir) throws Exception {
        ClickHouseServer clickhouse = ClickHouseServer.shared();
        KafkaBroker kafka = KafkaBroker.shared();
        FaultFixture input = new FaultFixture(SLOT_EVENTS);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "tmkill-" + run + "-";
        String cleanDb = "tmkill_clean_" + run;
        String db = "tmkill_" + run;
        FaultFixture.createTopics(kafka.bootstrapServers(), 2, Map.of(), FaultFixture.topicsOf(prefix));
        input.sendPart(kafka.bootstrapServers(), prefix, 0, 2);

        try (WebhookReceiver webhook = WebhookReceiver.start();
                FlinkStandaloneCluster cluster = FlinkStandaloneCluster.start(
                        dir.resolve("cluster"), Map.of("execution.checkpointing.interval", "1s"))) {
            Map<String, String> cfg = FaultFixture.config(kafka.bootstrapServers(), prefix, db, webhook, clickhouse);
            cfg.put("sources.bounded", "false"); // stopped with drain below
            io.floorwatch.topology.SinkSettings.createSchemaIfConfigured(io.floorwatch.config.FloorWatchConfig.of(cfg));
            List<String> args = new ArrayList<>();
            cfg.forEach((k, v) -> {
                args.add("--" + k);
                args.add(v);
            });
            String jobId = cluster.runJar(cluster.uploadJar(jobJar()), "io.floorwatch.FloorWatchMain", args, null, 2);
            cluster.waitForAllTasksRunning(jobId, Duration.ofMinutes(3));

            // the first half stored and covered by a checkpoint: then the TaskManager dies, the rest arrives meanwhile
            long firstHalf = SLOT_EVENTS / 2 - 50; // the first half of the records, less its redeliveries and bad ones
            await(
                    "first half stored",
                    Duration.ofMinutes(3),
                    () -> FaultFixture.storedEvents(clickhouse, db) >= firstHalf);
            long checkpoints = cluster.completedCheckpoints(jobId);
            await(
                    "a checkpoint after the first half",
                    Duration.ofMinutes(2),
                    () -> cluster.completedCheckpoints(jobId) >= checkpoints + 2);
            long killed = cluster.killTaskManager();
            input.sendPart(kafka.bootstrapServers(), prefix, 1, 2);
            Thread.sleep(3_000);
            cluster.startTaskManager();

            long total = SLOT_EVENTS + input.records.get("cage").size();
            await(
                    "every event stored after the restart",
                    Duration.ofMinutes(4),
                    () -> FaultFixture.storedEvents(clickhouse, db) == total);
            cluster.waitForAllTasksRunning(jobId, Duration.ofMinutes(2));
            JsonNode restored = cluster.get("/jobs/" + jobId + "/checkpoints")
                    .path("latest")
                    .path("restored");
            assertTrue(restored.has("id"), "the job restored from a checkpoint: " + restored);
            stopWithDrain(cluster, jobId);
            cluster.waitForJobStatus(jobId, "FINISHED", Duration.ofMinutes(3));

            // the failure-free run over the same input, bounded, in this JVM
            FaultFixture.run(
                    FaultFixture.config(kafka.bootstrapServers(), prefix, cleanDb, webhook, clickhouse), List.of(), 0);

            Set<String> cleanAlerts = FaultFixture.deliveredKeys(webhook, cleanDb);
            Set<String> alerts = FaultFixture.deliveredKeys(webhook, db);
            long expected = FaultFixture.storedEvents(clickhouse, cleanDb);
            long stored = FaultFixture.storedEvents(clickhouse, db);
            FaultRegistry.record(new FaultRegistry.Outcome(
                    "taskmanager killed",
                    input.eventsSent(),
                    Math.max(0, expected - stored)
                            + cleanAlerts.stream()
                                    .filter(k -> !alerts.contains(k))
                                    .count(),
                    Math.max(0, stored - expected),
                    FaultFixture.rejected(clickhouse, db),
                    "PID " + killed + ", restored from checkpoint "
                            + restored.path("id").asLong() + "; webhook repeats of an Idempotency-Key "
                            + (FaultFixture.acceptedDeliveries(webhook, db) - alerts.size())));
            FaultFixture.assertSameTables(clickhouse, cleanDb, db);
            assertEquals(cleanAlerts, alerts, "delivered alerts (Idempotency-Keys)");
            System.out.println("[faults] summary so far\n" + FaultRegistry.summary());
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(String what, Duration timeout, Check check) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!check.ok()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("not within " + timeout + ": " + what);
            Thread.sleep(250);
        }
    }

    static void stopWithDrain(FlinkStandaloneCluster cluster, String jobId) throws Exception {
        ObjectNode body = FaultFixture.JSON.createObjectNode();
        body.put("drain", true);
        body.put("formatType", "CANONICAL");
        body.put("targetDirectory", cluster.savepointDir().toUri().toString());
        String request = cluster.post("/jobs/" + jobId + "/stop", body)
                .path("request-id")
                .asText();
        await(
                "stop with drain",
                Duration.ofMinutes(3),
                () -> cluster.get("/jobs/" + jobId + "/savepoints/" + request)
                        .path("status")
                        .path("id")
                        .asText()
                        .equals("COMPLETED"));
    }

    static Path jobJar() throws Exception {
        Path target = KafkaProcess.projectRoot().resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("floorwatch-.*\\.jar")
                            && !p.getFileName().toString().contains("original"))
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError("no packaged jar in target/: run mvn package (this is an IT)"));
        }
    }
}
