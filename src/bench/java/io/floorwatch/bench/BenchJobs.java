package io.floorwatch.bench;

import static io.floorwatch.topology.Outputs.named;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.ParsedRecord;
import io.floorwatch.source.IngestBoundedWatermarks;
import io.floorwatch.source.InputSource;
import io.floorwatch.source.InputSources;
import io.floorwatch.topology.ConfiguredOutputs;
import io.floorwatch.topology.FloorLayouts;
import io.floorwatch.topology.FloorWatchJob;
import io.floorwatch.topology.FloorWatchTopology;
import io.floorwatch.topology.Outputs;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The two jobs the benchmark compares (the full FloorWatch job and the parse-only baseline), run and timed. */
final class BenchJobs {
    /**
     * How a timed run went: records seen by the timing sink, busy seconds, warm second half seconds, and the CPU the
     * machine's processes used over the busy phase (null when not measured).
     */
    record Timed(long records, double busySeconds, double secondHalfSeconds, double wallSeconds, CpuMeter.Use cpu) {
        double rate() {
            return busySeconds > 0 ? records / busySeconds : 0;
        }

        double warmRate() {
            return secondHalfSeconds > 0 ? (records - records / 2) / secondHalfSeconds : 0;
        }

        /** Microseconds of CPU per record, of {@code seconds} of the busy phase's CPU. */
        double microsPerRecord(double seconds) {
            return records > 0 ? seconds * 1e6 / records : 0;
        }
    }

    private BenchJobs() {}

    /**
     * The full job: every rule and aggregation, the configured state backend and exactly-once checkpoints, the
     * ClickHouse sinks (all tables, delivery audit included) and the webhook sink, as {@code jobs/floorwatch run}
     * wires them; plus a counting sink on the deduplicated event stream that times the busy phase.
     */
    static StreamExecutionEnvironment fullJob(FloorWatchConfig cfg, String timingName, boolean sinks) {
        StreamExecutionEnvironment env = FloorWatchJob.environment(cfg);
        Outputs outputs = sinks ? ConfiguredOutputs.create(cfg) : new Outputs();
        outputs.rawEvents.add(named("bench-timing", new Timing.CountingSink<>(timingName)));
        FloorWatchTopology.build(env, cfg, InputSources.fromConfig(cfg), FloorLayouts.locations(cfg), outputs);
        return env;
    }

    /** The ceiling: the same Kafka sources with the same parsing, validation and watermarks, into a discarding sink. */
    static StreamExecutionEnvironment parseOnlyJob(FloorWatchConfig cfg, String timingName) {
        StreamExecutionEnvironment env = FloorWatchJob.environment(cfg);
        WatermarkStrategy<ParsedRecord> watermarks = IngestBoundedWatermarks.strategy(
                cfg.get(Options.WATERMARK_MAX_OUT_OF_ORDERNESS),
                cfg.get(Options.WATERMARK_MAX_INGEST_SKEW),
                cfg.get(Options.WATERMARK_IDLENESS));
        for (InputSource input : InputSources.fromConfig(cfg)) {
            env.fromSource(input.parsed(), watermarks, "source: " + input.name())
                    .uid("source-" + input.name())
                    .sinkTo(new Timing.CountingSink<>(timingName))
                    .uid("discard-" + input.name())
                    .name("discard: " + input.name());
        }
        return env;
    }

    /**
     * Runs a job until its timing sink has seen {@code expected} records (or saw nothing new for
     * {@code quietSeconds}, or the job ended), then cancels it: a bounded job with checkpoints lingers for
     * its final checkpoints, which is not the busy phase (PERFORMANCE.md). {@code cpu} (or null) is sampled
     * throughout, every 50 ms.
     */
    static Timed runUntilCounted(
            StreamExecutionEnvironment env,
            String jobName,
            Timing timing,
            long expected,
            int quietSeconds,
            int timeoutSeconds,
            CpuMeter cpu)
            throws Exception {
        long start = System.nanoTime();
        if (cpu != null) {
            cpu.reset();
            cpu.sample();
        }
        JobClient job = env.executeAsync(jobName);
        long lastCount = -1, lastChange = System.nanoTime();
        try {
            while (true) {
                Thread.sleep(50);
                if (cpu != null) cpu.sample();
                long n = timing.count.get();
                long now = System.nanoTime();
                if (n != lastCount) {
                    lastCount = n;
                    lastChange = now;
                }
                if (n >= expected) break;
                if (job.getJobStatus().get().isGloballyTerminalState()) break;
                if (n > 0 && now - lastChange > quietSeconds * 1_000_000_000L) break;
                if (now - start > timeoutSeconds * 1_000_000_000L) {
                    throw new IllegalStateException(
                            jobName + ": only " + n + " of " + expected + " records after " + timeoutSeconds + " s");
                }
            }
        } finally {
            if (cpu != null) cpu.sample(true); // after the last record, before the cancel's work
            cancel(job);
        }
        return new Timed(
                timing.count.get(),
                timing.busySeconds(),
                timing.secondHalfSeconds(),
                (System.nanoTime() - start) / 1e9,
                cpu == null ? null : cpu.between(timing.firstNanos.get(), timing.lastNanos.get()));
    }

    static void cancel(JobClient job) {
        try {
            if (!job.getJobStatus().get().isGloballyTerminalState())
                job.cancel().get(60, TimeUnit.SECONDS);
            for (int i = 0; i < 600 && !job.getJobStatus().get().isGloballyTerminalState(); i++) Thread.sleep(100);
        } catch (Exception e) {
            // the per-job MiniCluster may already be gone once the job has ended
        }
    }
}
