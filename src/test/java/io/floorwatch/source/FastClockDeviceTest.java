package io.floorwatch.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import io.floorwatch.floor.MachineMinute;
import io.floorwatch.testing.CollectingSink;
import io.floorwatch.topology.FloorWatchJob;
import io.floorwatch.topology.FloorWatchTopology;
import io.floorwatch.topology.Outputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a MiniCluster: one slot machine whose clock is 10 minutes fast (valid: within
 * validation.max-future-skew of its ingest time) must not make the other machines' on-time events late.
 *
 * <p>The source plays the records in two phases and holds the second back until the job's watermark has
 * gone past the first phase (seen by a sink), so the fast event has certainly had its say on the watermark
 * before the others arrive, however fast or slow the machine is. With plain bounded out-of-orderness the
 * watermark would then stand 10 minutes ahead and the second phase would be late: minute rows short of
 * their spins, lateEvents above 0. No timing is asserted.
 */
class FastClockDeviceTest {
    static final Instant T0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
    /** Event time, ingest time (Kafka record timestamp), machine; index GATE and later wait for the watermark. */
    static final long[][] TIMES = {
        {10, 10}, {10, 10}, // SM-1, SM-2 on time
        {620, 20}, // SM-FAST: stamped 10 min ahead of its ingest time
        {30, 30}, // SM-1 again: the watermark is now past T0+24s whatever the defence
        {40, 40}, {40, 40}, // phase 2: SM-1, SM-2 on time, in the first minute
    };

    static final String[] MACHINES = {"SM-1", "SM-2", "SM-FAST", "SM-1", "SM-1", "SM-2"};
    static final int GATE = 4;
    static final long GATE_WATERMARK = T0.toEpochMilli() + 24_000;

    static final AtomicLong WATERMARK = new AtomicLong(Long.MIN_VALUE);
    static final AtomicInteger GENERATED = new AtomicInteger();
    static final AtomicBoolean GATE_WAS_OPEN = new AtomicBoolean();

    @TempDir
    Path dir;

    @Test
    void aFastDeviceClockDoesNotMakeTheFloorLate() throws Exception {
        FloorWatchConfig cfg = FloorWatchConfig.of(Map.of(
                "sources.mode",
                "simulator",
                "sources.bounded",
                "true",
                "simulator.max-events",
                "1",
                "job.parallelism",
                "1",
                "state.backend",
                "hashmap",
                "checkpoint.dir",
                dir.resolve("cp").toUri().toString(),
                "watermark.max-out-of-orderness",
                "5s",
                "watermark.max-ingest-skew",
                "5s"));
        InMemoryReporter reporter = InMemoryReporter.createWithRetainedMetrics();
        Configuration conf = FloorWatchJob.localConfiguration(cfg);
        reporter.addToConfiguration(conf);
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(1);

        Outputs outputs = new Outputs();
        CollectingSink<MachineMinute> minutes = new CollectingSink<>();
        outputs.machineMinutes.add(Outputs.named("collect", minutes));
        outputs.rawEvents.add(Outputs.named("watermark-probe", new WatermarkProbe()));
        FloorWatchTopology.build(env, cfg, List.of(InputSource.raw("slot", new GatedSource())), Map.of(), outputs);
        JobExecutionResult result = env.execute("fast-clock-device");

        assertTrue(GATE_WAS_OPEN.get(), "phase 2 came after the watermark had passed phase 1");
        long first = T0.toEpochMilli();
        Map<String, Long> spins = new java.util.TreeMap<>();
        for (MachineMinute m : minutes.results()) {
            if (m.windowStart == first) spins.merge(m.machineId, m.spins, Math::max);
        }
        assertEquals(Map.of("SM-1", 3L, "SM-2", 2L), spins, "every on-time play of the first minute is counted");
        assertTrue(
                minutes.results().stream()
                        .anyMatch(
                                m -> m.machineId.equals("SM-FAST") && m.spins == 1 && m.windowStart == first + 600_000),
                "the fast device's event keeps its own time and is counted there");

        assertEquals(0, sum(reporter, result, "lateEvents"), "no event was late");
        assertEquals(
                1, sum(reporter, result, IngestBoundedWatermarks.CLAMPED_METRIC), "the fast device's event is counted");
    }

    private static long sum(InMemoryReporter reporter, JobExecutionResult result, String name) {
        Map<String, Metric> found = reporter.findMetrics(result.getJobID(), name);
        assertFalse(found.isEmpty(), "metric " + name + " is registered");
        return found.values().stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    static RawRecord record(long index) {
        int i = (int) index;
        long eventTime = T0.toEpochMilli() + TIMES[i][0] * 1000;
        String json = "{\"event_id\":\"e" + i + "\",\"event_type\":\"GAME_PLAYED\",\"event_timestamp\":" + eventTime
                + ",\"machine_id\":\"" + MACHINES[i] + "\",\"floor_section\":\"A\",\"wager_amount\":1.00}";
        return new RawRecord(
                Source.SLOT,
                "slot",
                0,
                index,
                T0.toEpochMilli() + TIMES[i][1] * 1000,
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** Records the job's watermark as it reaches the raw-events sink. */
    static final class WatermarkProbe implements Sink<FloorEvent> {
        @Override
        public SinkWriter<FloorEvent> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(FloorEvent element, Context ctx) {}

                @Override
                public void writeWatermark(Watermark watermark) {
                    WATERMARK.accumulateAndGet(watermark.getTimestamp(), Math::max);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }

    static final class Records implements GeneratorFunction<Long, RawRecord> {
        @Override
        public RawRecord map(Long index) {
            if (index == GATE) GATE_WAS_OPEN.set(WATERMARK.get() >= GATE_WATERMARK);
            GENERATED.incrementAndGet();
            return record(index);
        }
    }

    /**
     * The records in order, one split, bounded; before record GATE it reports "nothing available" (never blocks,
     * so the task keeps emitting periodic watermarks) until the probe has seen the watermark pass phase 1.
     */
    static final class GatedSource
            implements org.apache.flink.api.connector.source.Source<
                            RawRecord, NumberSequenceSplit, Collection<NumberSequenceSplit>>,
                    org.apache.flink.api.java.typeutils.ResultTypeQueryable<RawRecord> {
        private final DataGeneratorSource<RawRecord> delegate =
                new DataGeneratorSource<>(new Records(), TIMES.length, TypeInformation.of(RawRecord.class));

        GatedSource() {
            WATERMARK.set(Long.MIN_VALUE);
            GENERATED.set(0);
            GATE_WAS_OPEN.set(false);
        }

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public SourceReader<RawRecord, NumberSequenceSplit> createReader(SourceReaderContext context) throws Exception {
            SourceReader<RawRecord, NumberSequenceSplit> reader = delegate.createReader(context);
            return new SourceReader<>() {
                private boolean held() {
                    return GENERATED.get() == GATE && WATERMARK.get() < GATE_WATERMARK;
                }

                @Override
                public void start() {
                    reader.start();
                }

                @Override
                public InputStatus pollNext(ReaderOutput<RawRecord> output) throws Exception {
                    return held() ? InputStatus.NOTHING_AVAILABLE : reader.pollNext(output);
                }

                @Override
                public CompletableFuture<Void> isAvailable() {
                    return held()
                            ? CompletableFuture.runAsync(
                                    () -> {}, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS))
                            : reader.isAvailable();
                }

                @Override
                public List<NumberSequenceSplit> snapshotState(long checkpointId) {
                    return reader.snapshotState(checkpointId);
                }

                @Override
                public void addSplits(List<NumberSequenceSplit> splits) {
                    reader.addSplits(splits);
                }

                @Override
                public void notifyNoMoreSplits() {
                    reader.notifyNoMoreSplits();
                }

                @Override
                public void close() throws Exception {
                    reader.close();
                }
            };
        }

        @Override
        public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> createEnumerator(
                SplitEnumeratorContext<NumberSequenceSplit> context) throws Exception {
            return delegate.createEnumerator(context);
        }

        @Override
        public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> restoreEnumerator(
                SplitEnumeratorContext<NumberSequenceSplit> context, Collection<NumberSequenceSplit> checkpoint)
                throws Exception {
            return delegate.restoreEnumerator(context, checkpoint);
        }

        @Override
        public SimpleVersionedSerializer<NumberSequenceSplit> getSplitSerializer() {
            return delegate.getSplitSerializer();
        }

        @Override
        public SimpleVersionedSerializer<Collection<NumberSequenceSplit>> getEnumeratorCheckpointSerializer() {
            return delegate.getEnumeratorCheckpointSerializer();
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }
}
