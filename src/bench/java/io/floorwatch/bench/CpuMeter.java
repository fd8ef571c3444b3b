package io.floorwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time, from {@code /proc}, of what shares the machine during a timed run: this JVM (the job's MiniCluster and
 * the benchmark's own few threads), the Kafka broker and ClickHouse (each with its child processes), and the machine
 * as a whole. On a shared machine, events/s swing with whatever else runs; CPU time per event swings far less, and it
 * says what each process would need at a target rate.
 */
final class CpuMeter {
    /** Linux's USER_HZ, the unit of {@code /proc}'s CPU times: 100 on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100;

    /**
     * Cumulative CPU ticks at {@code nanos} ({@link System#nanoTime}); {@code threads}, every {@link #THREADS_EVERY}th
     * sample, this JVM's by thread id (with its name), or null.
     */
    record Sample(long nanos, long job, long kafka, long clickhouse, long machine, Map<Long, ThreadTicks> threads) {}

    /** A thread of this JVM as {@code /proc} names it (15 characters at most) and its ticks. */
    record ThreadTicks(String name, long ticks) {}

    /** Per-thread ticks every 20th sample (every second at the benchmark's 50 ms): a JVM has hundreds of threads. */
    private static final int THREADS_EVERY = 20;

    /**
     * CPU seconds over an interval of {@code wallSeconds}; the machine's excludes time stolen by the hypervisor.
     * {@code jobThreads}: the job JVM's, by kind of thread ({@link #kind}), over the interval of the per-thread
     * samples around it (its own, slightly longer one), largest first.
     */
    record Use(
            double wallSeconds,
            double job,
            double kafka,
            double clickhouse,
            double machine,
            Map<String, Double> jobThreads) {
        /** Everything else: the machine's other processes and the kernel's own work. */
        double rest() {
            return Math.max(0, machine - job - kafka - clickhouse);
        }

        /** The cores the machine kept busy, on average. */
        double coresBusy() {
            return wallSeconds > 0 ? machine / wallSeconds : 0;
        }
    }

    private static final long SELF = ProcessHandle.current().pid();

    private final long kafkaPid;
    private final long clickhousePid;
    /** Each server's process and its children as at the last {@link #reset}: not looked up per sample (all of /proc). */
    private long[] kafkaTree = {}, clickhouseTree = {};

    private final List<Sample> samples = new ArrayList<>();
    private int sampled;

    /** @param kafkaPid the broker's process; {@code clickhousePid} the server's (0: not known, counted as the rest) */
    CpuMeter(long kafkaPid, long clickhousePid) {
        this.kafkaPid = kafkaPid;
        this.clickhousePid = clickhousePid;
    }

    /** Starts a new timed interval: earlier samples are dropped. */
    synchronized void reset() {
        samples.clear();
        sampled = 0;
        kafkaTree = tree(kafkaPid);
        clickhouseTree = tree(clickhousePid);
    }

    /** Takes a sample now. */
    void sample() {
        sample(false);
    }

    /** Takes a sample now, with this JVM's threads if {@code threads} or if their turn has come. */
    synchronized void sample(boolean threads) {
        samples.add(new Sample(
                System.nanoTime(),
                processTicks(SELF),
                ticks(kafkaTree),
                ticks(clickhouseTree),
                machineTicks(),
                sampled++ % THREADS_EVERY == 0 || threads ? threadTicks() : null));
    }

    /**
     * The CPU used from the last sample at or before {@code fromNanos} to the first one at or after {@code toNanos}
     * (the interval covers the busy phase, with a sampling interval's margin at most); null without such samples.
     */
    synchronized Use between(long fromNanos, long toNanos) {
        Sample from = null, to = null, threadsFrom = null, threadsTo = null;
        for (Sample s : samples) {
            if (s.nanos() <= fromNanos) from = s;
            if (s.nanos() >= toNanos && to == null) to = s;
            if (s.threads() != null && s.nanos() <= fromNanos) threadsFrom = s;
            if (s.threads() != null && s.nanos() >= toNanos && threadsTo == null) threadsTo = s;
        }
        if (from == null || to == null) return null;
        return new Use(
                (to.nanos() - from.nanos()) / 1e9,
                (to.job() - from.job()) / TICKS_PER_SECOND,
                (to.kafka() - from.kafka()) / TICKS_PER_SECOND,
                (to.clickhouse() - from.clickhouse()) / TICKS_PER_SECOND,
                (to.machine() - from.machine()) / TICKS_PER_SECOND,
                threadsFrom == null || threadsTo == null
                        ? Map.of()
                        : byKind(threadsFrom.threads(), threadsTo.threads()));
    }

    /** CPU seconds of each kind of thread between two per-thread samples; a thread started meanwhile counts whole. */
    private static Map<String, Double> byKind(Map<Long, ThreadTicks> from, Map<Long, ThreadTicks> to) {
        Map<String, Double> seconds = new HashMap<>();
        to.forEach((tid, t) -> {
            ThreadTicks before = from.get(tid);
            long ticks = t.ticks() - (before == null ? 0 : before.ticks());
            if (ticks > 0) seconds.merge(kind(t.name()), ticks / TICKS_PER_SECOND, Double::sum);
        });
        Map<String, Double> largestFirst = new LinkedHashMap<>();
        seconds.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> largestFirst.put(e.getKey(), e.getValue()));
        return largestFirst;
    }

    /**
     * A thread's kind: the JVM's own (garbage collection, the JIT compilers) apart, as a Java profiler does not see
     * them; numbers dropped, so that a pool's threads are one kind. Flink names a task's thread after its chain,
     * which {@code /proc} cuts to 15 characters ("Source: source:" is every source's).
     */
    static String kind(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) return "garbage collection (G1)";
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) return "JIT compilers";
        if (name.startsWith("rocksdb:")) return "RocksDB background (flush, compaction)";
        return name.replaceAll("[0-9]+", "N");
    }

    /** This JVM's threads and their ticks, from {@code /proc/self/task}. */
    private static Map<Long, ThreadTicks> threadTicks() {
        Map<Long, ThreadTicks> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(name, ticks(stat)));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            // no /proc: no per-thread figures
        }
        return threads;
    }

    /** A process and its live descendants (none for pid 0 or a process that is gone). */
    private static long[] tree(long pid) {
        if (pid <= 0) return new long[0];
        return ProcessHandle.of(pid)
                .map(h -> Stream.concat(Stream.of(h), h.descendants())
                        .mapToLong(ProcessHandle::pid)
                        .toArray())
                .orElse(new long[0]);
    }

    private static long ticks(long[] pids) {
        long sum = 0;
        for (long pid : pids) sum += processTicks(pid);
        return sum;
    }

    /** utime + stime of {@code /proc/PID/stat} (fields 14 and 15; the command name, field 2, may hold spaces). */
    private static long processTicks(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return 0; // gone meanwhile, or no /proc (not Linux): counted as nothing
        }
    }

    /** utime + stime of a {@code stat} file's text. */
    private static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The machine's busy ticks: user, nice, system, irq and softirq of {@code /proc/stat}'s first line. */
    private static long machineTicks() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
            String[] f = lines.findFirst().orElse("").trim().split("\\s+");
            return Long.parseLong(f[1])
                    + Long.parseLong(f[2])
                    + Long.parseLong(f[3])
                    + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
