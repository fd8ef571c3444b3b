package io.floorwatch.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.RawRecord;
import io.floorwatch.testing.CollectingSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The simulator as a Flink source in a local MiniCluster. */
class SimulatorSourceTest {
    static final String START = "2026-11-22T20:00:00Z";

    static FloorWatchConfig config(boolean bounded, long maxEvents, int rate) {
        return FloorWatchConfig.of(Map.of(
                "sources.mode",
                "simulator",
                "sources.bounded",
                String.valueOf(bounded),
                "simulator.max-events",
                String.valueOf(maxEvents),
                "simulator.rate",
                String.valueOf(rate),
                "simulator.start-time",
                START,
                "simulator.seed",
                "99"));
    }

    /** Expected payload by (stream, offset) for the first {@code n} records. */
    static Map<String, byte[]> expected(FloorWatchConfig cfg, int n) {
        FloorSimulator sim = new FloorSimulator(cfg);
        Map<String, byte[]> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            RawRecord r = sim.next();
            out.put(r.source() + "/" + r.offset(), r.payload());
        }
        return out;
    }

    @Test
    void aBoundedRunProducesExactlyMaxEventsRecordsInOrder() throws Exception {
        FloorWatchConfig cfg = config(true, 3000, 1_000_000);
        SimulatorSource source = SimulatorSource.create(cfg);
        assertEquals(Boundedness.BOUNDED, source.getBoundedness());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2); // one split: the second reader finishes at once and nothing is produced twice
        List<RawRecord> records = env.fromSource(source, WatermarkStrategy.noWatermarks(), "simulator")
                .uid("simulator")
                .executeAndCollect(10_000);
        assertEquals(3000, records.size());
        FloorSimulator reference = new FloorSimulator(cfg);
        for (RawRecord r : records) {
            RawRecord e = reference.next();
            assertEquals(e.source(), r.source());
            assertEquals(e.offset(), r.offset());
            assertEquals(e.timestamp(), r.timestamp());
            assertArrayEquals(e.payload(), r.payload());
        }
    }

    static final AtomicBoolean failedOnce = new AtomicBoolean();
    static final AtomicLong seen = new AtomicLong();

    /** Fails the job once, in the middle of the stream. */
    static final class FailOnce implements MapFunction<RawRecord, RawRecord> {
        @Override
        public RawRecord map(RawRecord r) {
            if (seen.incrementAndGet() == 1500 && !failedOnce.getAndSet(true))
                throw new IllegalStateException("injected failure");
            return r;
        }
    }

    @Test
    void afterAFailureTheSourceResumesWithTheSameRecordsAndThenStaysOpen() throws Exception {
        FloorWatchConfig cfg = config(false, 3000, 3000);
        SimulatorSource source = SimulatorSource.create(cfg);
        assertEquals(Boundedness.CONTINUOUS_UNBOUNDED, source.getBoundedness());
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2); // subtask 1 finishes at once; checkpoints go on with it finished
        env.enableCheckpointing(100);
        CollectingSink<RawRecord> sink = new CollectingSink<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "simulator")
                .uid("simulator")
                .map(new FailOnce())
                .uid("fail-once")
                .sinkTo(sink)
                .uid("collect");
        Map<String, byte[]> expected = expected(cfg, 3000);
        JobClient job = env.executeAsync("simulator-restore-test");
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (distinct(sink.results()) < 3000 && System.nanoTime() < deadline) Thread.sleep(100);
            List<RawRecord> got = sink.results();
            assertTrue(failedOnce.get(), "the failure happened");
            assertEquals(3000, distinct(got), "every record arrived");
            for (RawRecord r : got) {
                byte[] e = expected.get(r.source() + "/" + r.offset());
                assertNotNull(e, "no record beyond max-events: " + r.source() + "/" + r.offset());
                assertArrayEquals(e, r.payload(), "replayed records are the same records");
            }
            assertEquals(
                    JobStatus.RUNNING, job.getJobStatus().get(), "an unbounded simulator stays open after max-events");
        } finally {
            job.cancel().get();
        }
    }

    static long distinct(List<RawRecord> records) {
        return records.stream()
                .map(r -> r.source() + "/" + r.offset())
                .distinct()
                .count();
    }
}
