package io.floorwatch.bench;

import io.floorwatch.config.FloorWatchConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * State after a simulated day: the full job (unbounded, so it keeps running and checkpointing) reads a day of the
 * floor pre-loaded into Kafka; once every event is through, the benchmark waits for the next completed checkpoint and
 * measures it (the retained checkpoint: {@code shared/}, {@code taskowned/} and the newest {@code chk-N}), then the
 * JVM's heap after a full GC and its resident set.
 */
final class StateBench {
    record Result(
            long events,
            double busySeconds,
            long checkpointBytes,
            int checkpointId,
            long heapUsedBytes,
            long rssBytes,
            long maxHeapBytes) {}

    private StateBench() {}

    static Result run(FloorWatchConfig cfg, long expected, Path checkpointDir, int timeoutSeconds) throws Exception {
        Timing timing = Timing.create("day", expected);
        StreamExecutionEnvironment env = BenchJobs.fullJob(cfg, "day", false);
        long start = System.nanoTime();
        JobClient job = env.executeAsync("bench: a simulated day");
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
                    Runtime.getRuntime().maxMemory());
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
