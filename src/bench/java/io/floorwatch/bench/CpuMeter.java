package io.floorwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** Cumulative CPU ticks at {@code nanos} ({@link System#nanoTime}). */
    record Sample(long nanos, long job, long kafka, long clickhouse, long machine) {}

    /** CPU seconds over an interval of {@code wallSeconds}; the machine's excludes time stolen by the hypervisor. */
    record Use(double wallSeconds, double job, double kafka, double clickhouse, double machine) {
        /** Everything else: the machine's other processes and the kernel's own work. */
        double rest() {
            return Math.max(0, machine - job - kafka - clickhouse);
        }

        /** The cores the machine kept busy, on average. */
        double coresBusy() {
            return wallSeconds > 0 ? machine / wallSeconds : 0;
        }
    }

    private final long kafkaPid;
    private final long clickhousePid;
    private final List<Sample> samples = new ArrayList<>();

    /** @param kafkaPid the broker's process; {@code clickhousePid} the server's (0: not known, counted as the rest) */
    CpuMeter(long kafkaPid, long clickhousePid) {
        this.kafkaPid = kafkaPid;
        this.clickhousePid = clickhousePid;
    }

    /** Starts a new timed interval: earlier samples are dropped. */
    synchronized void reset() {
        samples.clear();
    }

    /** Takes a sample now. */
    synchronized void sample() {
        samples.add(new Sample(
                System.nanoTime(),
                processTicks(ProcessHandle.current().pid()),
                treeTicks(kafkaPid),
                treeTicks(clickhousePid),
                machineTicks()));
    }

    /**
     * The CPU used from the last sample at or before {@code fromNanos} to the first one at or after {@code toNanos}
     * (the interval covers the busy phase, with a sampling interval's margin at most); null without such samples.
     */
    synchronized Use between(long fromNanos, long toNanos) {
        Sample from = null, to = null;
        for (Sample s : samples) {
            if (s.nanos() <= fromNanos) from = s;
            if (s.nanos() >= toNanos && to == null) to = s;
        }
        if (from == null || to == null) return null;
        return new Use(
                (to.nanos() - from.nanos()) / 1e9,
                (to.job() - from.job()) / TICKS_PER_SECOND,
                (to.kafka() - from.kafka()) / TICKS_PER_SECOND,
                (to.clickhouse() - from.clickhouse()) / TICKS_PER_SECOND,
                (to.machine() - from.machine()) / TICKS_PER_SECOND);
    }

    /** A process's and its live descendants' user and system ticks (0 for pid 0 or a process that is gone). */
    private static long treeTicks(long pid) {
        if (pid <= 0) return 0;
        return ProcessHandle.of(pid)
                .map(h -> Stream.concat(Stream.of(h), h.descendants())
                        .mapToLong(p -> processTicks(p.pid()))
                        .sum())
                .orElse(0L);
    }

    /** utime + stime of {@code /proc/PID/stat} (fields 14 and 15; the command name, field 2, may hold spaces). */
    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // gone meanwhile, or no /proc (not Linux): counted as nothing
        }
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
