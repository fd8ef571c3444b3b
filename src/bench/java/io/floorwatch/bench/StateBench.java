package io.floorwatch.bench;

import io.floorwatch.config.FloorWatchConfig;
import java.io.DataInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * State after a simulated day: the full job (unbounded, so it keeps running and checkpointing) reads a day of the
 * floor pre-loaded into Kafka; once every event is through, the benchmark waits for the next completed checkpoint and
 * measures it (the retained checkpoint: {@code shared/}, {@code taskowned/} and the newest {@code chk-N}), each
 * operator's share of it (from the checkpoint's metadata, by uid: which state grows with what), then the JVM's heap
 * after a full GC and its resident set.
 */
final class StateBench {
    record Result(
            long events,
            double busySeconds,
            long checkpointBytes,
            int checkpointId,
            long heapUsedBytes,
            long rssBytes,
            long maxHeapBytes,
            Map<String, Long> bytesByOperator) {}

    private StateBench() {}

    static Result run(FloorWatchConfig cfg, long expected, Path checkpointDir, int timeoutSeconds) throws Exception {
        Timing timing = Timing.create("day", expected);
        StreamExecutionEnvironment env = BenchJobs.fullJob(cfg, "day", false);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName("bench: a simulated day");
        Map<OperatorID, String> uids = uids(graph.getJobGraph());
        long start = System.nanoTime();
        JobClient job = env.executeAsync(graph);
        try {
            long lastCount = -1, lastChange = System.nanoTime();
            while (true) {
                Thread.sleep(500);
                long n = timing.count.get(), now = System.nanoTime();
                if (n != lastCount) {
                    lastCount = n;
                    lastChange = now;
                }
                if (n >= expected || (n > 0 && now - lastChange > 30_000_000_000L)) break;
                if (job.getJobStatus().get().isGloballyTerminalState())
                    throw new IllegalStateException("the day job ended early");
                if (now - start > timeoutSeconds * 1_000_000_000L)
                    throw new IllegalStateException("the day job did not finish in time");
            }
            Path jobDir = checkpointDir.resolve(job.getJobID().toString());
            int seen = latestCheckpoint(jobDir);
            int completed = seen;
            // the next checkpoint triggered after the last event holds the whole day
            for (int i = 0; i < 1200 && completed <= seen + 1; i++) {
                Thread.sleep(250);
                completed = latestCheckpoint(jobDir);
            }
            long bytes = LocalServers.sizeOf(jobDir.resolve("shared"))
                    + LocalServers.sizeOf(jobDir.resolve("taskowned"))
                    + LocalServers.sizeOf(jobDir.resolve("chk-" + completed));
            System.gc();
            Thread.sleep(500);
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Result(
                    timing.count.get(),
                    timing.busySeconds(),
                    bytes,
                    completed,
                    heap,
                    rss(),
                    Runtime.getRuntime().maxMemory(),
                    bytesByOperator(jobDir.resolve("chk-" + completed), uids));
        } finally {
            BenchJobs.cancel(job);
            Timing.remove("day");
        }
    }

    /** The highest N with a complete chk-N (its _metadata written), or 0. */
    static int latestCheckpoint(Path jobDir) throws Exception {
        if (!Files.isDirectory(jobDir)) return 0;
        int best = 0;
        try (Stream<Path> dirs = Files.list(jobDir)) {
            for (Path d : dirs.toList()) {
                String name = d.getFileName().toString();
                if (name.startsWith("chk-") && Files.exists(d.resolve("_metadata"))) {
                    best = Math.max(best, Integer.parseInt(name.substring(4)));
                }
            }
        }
        return best;
    }

    private static Map<OperatorID, String> uids(JobGraph graph) {
        Map<OperatorID, String> uids = new HashMap<>();
        for (JobVertex v : graph.getVertices()) {
            for (OperatorIDPair id : v.getOperatorIDs()) {
                String uid = id.getUserDefinedOperatorUid();
                uids.put(id.getGeneratedOperatorID(), uid != null ? uid : id.getUserDefinedOperatorName());
            }
        }
        return uids;
    }

    /** Each operator's state in checkpoint {@code chk} (its full size, shared files included), largest first. */
    static Map<String, Long> bytesByOperator(Path chk, Map<OperatorID, String> uids) throws Exception {
        CheckpointMetadata metadata;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(chk.resolve("_metadata")))) {
            metadata = Checkpoints.loadCheckpointMetadata(in, StateBench.class.getClassLoader(), chk.toString());
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        metadata.getOperatorStates().stream()
                .filter(s -> s.getStateSize() > 0)
                .sorted(Comparator.comparingLong(OperatorState::getStateSize).reversed())
                .forEach(s -> sizes.put(
                        uids.getOrDefault(s.getOperatorID(), s.getOperatorID().toString()), s.getStateSize()));
        return sizes;
    }

    /** Resident set of this process (the job, its RocksDB and the benchmark), from /proc. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }
}
