package io.floorwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built job jar (target/floorwatch-*.jar, hence an IT: it runs after `package`) submitted the way an
 * operator does, `jobs/floorwatch submit`, to a real standalone Flink cluster that has only Flink's own
 * classpath: the shaded jar must bring everything else, and the profile travels as arguments.
 */
@Tag("cluster")
class ClusterSubmissionIT {
    private static final Path ROOT = FlinkStandaloneCluster.projectRoot();

    @Test
    void submittedJarRunsABoundedFloorToTheEnd(@TempDir Path dir) throws Exception {
        Path input = Files.createDirectories(dir.resolve("input"));
        String ts = "2026-11-22T10:00:0%dZ";
        Files.write(
                input.resolve("slot.jsonl"),
                List.of(
                        slot("s1", "GAME_PLAYED", String.format(ts, 1), ",\"wager_amount\":2.50,\"payout_amount\":0"),
                        slot("s2", "GAME_PLAYED", String.format(ts, 2), ",\"wager_amount\":5,\"payout_amount\":1.25"),
                        slot("s3", "JACKPOT", String.format(ts, 3), ",\"payout_amount\":12500.00"),
                        "this is not json"));
        Files.write(
                input.resolve("table.jsonl"),
                List.of(
                        "{\"event_id\":\"t1\",\"event_type\":\"BUY_IN\",\"event_timestamp\":\"2026-11-22T10:00:05Z\",\"table_id\":\"TG-1\","
                                + "\"amount\":500,\"payment_method\":\"CASH\",\"game_type\":\"BLACKJACK\"}"));

        try (FlinkStandaloneCluster cluster = FlinkStandaloneCluster.start(dir.resolve("cluster"))) {
            String jobId = launcher(List.of(
                    "submit",
                    "--jobmanager",
                    "127.0.0.1:" + cluster.restPort(),
                    "--config",
                    ROOT.resolve("jobs/production.example.yaml").toString(),
                    "--sources.mode",
                    "files",
                    "--sources.files.dir",
                    input.toString(),
                    "--sources.bounded",
                    "true",
                    "--clickhouse.url",
                    "",
                    "--output.dir",
                    dir.resolve("out").toString()));
            assertTrue(jobId.matches("[0-9a-f]{32}"), "job id: " + jobId);

            cluster.waitForJobStatusWithoutFailure(jobId, "FINISHED", Duration.ofMinutes(5));
            JsonNode job = cluster.get("/jobs/" + jobId);
            // the profile's job.parallelism (2), not the REST API's fallback of 1
            int parallelism = 0;
            for (JsonNode vertex : job.path("vertices"))
                parallelism = Math.max(parallelism, vertex.path("parallelism").asInt());
            assertEquals(2, parallelism); // (the control reader runs at 1 by design)
            long recordsIntoOperators = 0;
            for (JsonNode vertex : job.path("vertices"))
                recordsIntoOperators +=
                        vertex.path("metrics").path("read-records").asLong();
            assertTrue(recordsIntoOperators > 0, "no record crossed an operator boundary: " + job.path("vertices"));
            assertEquals(
                    0,
                    cluster.get("/jobs/" + jobId + "/exceptions")
                            .path("exceptionHistory")
                            .path("entries")
                            .size());
        }
    }

    @Test
    void jobStoppedWithASavepointResumesFromIt(@TempDir Path dir) throws Exception {
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.write(
                input.resolve("slot.jsonl"),
                List.of(
                        slot("s1", "GAME_PLAYED", "2026-11-22T10:00:01Z", ",\"wager_amount\":2.50,\"payout_amount\":0"),
                        slot("s2", "JACKPOT", "2026-11-22T10:00:02Z", ",\"payout_amount\":1500")));
        List<String> profile = List.of(
                "--config",
                ROOT.resolve("jobs/production.example.yaml").toString(),
                "--sources.mode",
                "files",
                "--sources.files.dir",
                input.toString(),
                "--clickhouse.url",
                "",
                "--output.dir",
                dir.resolve("out").toString());

        try (FlinkStandaloneCluster cluster = FlinkStandaloneCluster.start(dir.resolve("cluster"))) {
            String jobManager = "127.0.0.1:" + cluster.restPort();
            List<String> submit = new ArrayList<>(List.of("submit", "--jobmanager", jobManager));
            submit.addAll(profile);
            String first = launcher(submit);
            cluster.waitForAllTasksRunning(first, Duration.ofMinutes(3));

            String savepoint = launcher(List.of("savepoint", first, "--stop", "--jobmanager", jobManager));
            assertTrue(savepoint.contains("savepoint-"), savepoint);
            cluster.waitForJobStatusWithoutFailure(first, "FINISHED", Duration.ofMinutes(2));

            // every operator's state must find its uid again: allowNonRestoredState stays false
            List<String> resume =
                    new ArrayList<>(List.of("submit", "--jobmanager", jobManager, "--savepoint", savepoint));
            resume.addAll(profile);
            String second = launcher(resume);
            cluster.waitForAllTasksRunning(second, Duration.ofMinutes(3));
            JsonNode restored = cluster.get("/jobs/" + second + "/checkpoints")
                    .path("latest")
                    .path("restored");
            assertTrue(restored.path("is_savepoint").asBoolean(), "not restored from the savepoint: " + restored);
            assertEquals(savepoint, restored.path("external_path").asText());

            launcher(List.of("cancel", second, "--jobmanager", jobManager));
            cluster.waitForJobStatus(second, "CANCELED", Duration.ofMinutes(2));
        }
    }

    private static String slot(String id, String type, String ts, String more) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\"" + ts
                + "\",\"machine_id\":\"SM-0001\"" + more + "}";
    }

    private static String launcher(List<String> args) throws IOException, InterruptedException {
        return Launcher.run(args);
    }
}
