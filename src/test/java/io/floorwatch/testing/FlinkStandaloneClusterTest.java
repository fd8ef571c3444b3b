package io.floorwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone cluster of jobs/lib/flink-cluster.sh starts with the project's config, loses and regains a TaskManager, and stops. */
@Tag("cluster")
class FlinkStandaloneClusterTest {

    @Test
    void startsWithOneTaskManagerSurvivesItsLossAndStops(@TempDir Path dir) throws Exception {
        long jobManager;
        long secondTaskManager;
        try (FlinkStandaloneCluster cluster = FlinkStandaloneCluster.start(dir)) {
            jobManager = cluster.jobManagerPid();
            assertEquals(1, cluster.registeredTaskManagers());
            assertEquals(
                    2,
                    cluster.slotsTotal(2, Duration.ofSeconds(30)),
                    "taskmanager.numberOfTaskSlots of flink-conf/config.yaml");
            assertEquals("2.2.1", cluster.overview().path("flink-version").asText());
            // the cluster runs the project's configuration: RocksDB, incremental checkpoints
            String config = cluster.get("/jobmanager/config").toString();
            assertTrue(config.contains("\"key\":\"state.backend.type\",\"value\":\"rocksdb\""), config);
            assertTrue(config.contains("\"key\":\"execution.checkpointing.incremental\",\"value\":\"true\""), config);

            long firstTaskManager = cluster.killTaskManager();
            assertTrue(gone(firstTaskManager), "killed TaskManager still runs");
            secondTaskManager = cluster.startTaskManager();
            assertNotEquals(firstTaskManager, secondTaskManager);
            assertTrue(cluster.get("/taskmanagers").toString().contains("taskmanager-2"));
            assertTrue(Files.isDirectory(cluster.logDir()));
        }
        assertTrue(gone(jobManager), "JobManager still runs after close");
        assertTrue(gone(secondTaskManager), "TaskManager still runs after close");
    }

    /** Whether the process has ended (a signal is delivered asynchronously: give it a moment). */
    private static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 100 && alive(pid); i++) Thread.sleep(100);
        return !alive(pid);
    }

    private static boolean alive(long pid) {
        // a stopped process may linger as a zombie until its reaper collects it
        return ProcessHandle.of(pid).map(p -> p.isAlive() && !isZombie(pid)).orElse(false);
    }

    private static boolean isZombie(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/status")).contains("State:\tZ");
        } catch (java.io.IOException gone) {
            return false;
        }
    }
}
