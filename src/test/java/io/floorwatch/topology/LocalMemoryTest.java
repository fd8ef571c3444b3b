package io.floorwatch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.config.FloorWatchConfig;
import java.util.Map;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

/**
 * Local runs give RocksDB the memory a cluster with flink-conf/config.yaml gives it (Flink's local default, 128 MB, made
 * compaction a fifth of the job's CPU), or what {@code state.rocksdb-memory} says.
 */
class LocalMemoryTest {
    @Test
    void localRunsGiveRocksDbTheClustersMemory() {
        assertEquals(
                MemorySize.parse("640mb"),
                FloorWatchJob.localConfiguration(FloorWatchConfig.of(Map.of("sources.mode", "simulator")))
                        .get(TaskManagerOptions.MANAGED_MEMORY_SIZE));
        assertEquals(
                MemorySize.parse("1g"),
                FloorWatchJob.localConfiguration(
                                FloorWatchConfig.of(Map.of("sources.mode", "simulator", "state.rocksdb-memory", "1g")))
                        .get(TaskManagerOptions.MANAGED_MEMORY_SIZE));
    }
}
