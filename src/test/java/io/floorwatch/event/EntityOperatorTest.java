package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.testing.MetricEnvironments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * {@link EntityOperator}: duplicates dropped before anything reads them, each part given only the events it reads,
 * timers that belong to the part that set them, main outputs on each part's side output (stamped like a keyed
 * operator's), side outputs passed through, and state (cached on the heap between checkpoints) and timers restored from
 * a snapshot.
 */
class EntityOperatorTest {
    static final OutputTag<String> SLOT_COUNTS = new OutputTag<>("slot-counts", Types.STRING);
    static final OutputTag<String> TABLE_COUNTS = new OutputTag<>("table-counts", Types.STRING);
    static final OutputTag<String> NOTES = new OutputTag<>("notes", Types.STRING);

    /**
     * Counts its entity's events in state {@code name} and keeps their ids in a map, both cached ({@link StateCache});
     * on each event sets a timer 10 ms on, where it writes the count and the ids. Writes each event id to
     * {@link #NOTES} too.
     */
    static final class Counting extends KeyedProcessFunction<String, FloorEvent, String> {
        private final String name;
        private transient ValueState<Long> count;
        private transient MapState<String, Long> ids;

        Counting(String name) {
            this.name = name;
        }

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            count = StateCache.value(getRuntimeContext().getState(new ValueStateDescriptor<>(name, Types.LONG)));
            ids = StateCache.map(
                    getRuntimeContext().getMapState(new MapStateDescriptor<>(name + "-ids", Types.STRING, Types.LONG)));
        }

        @Override
        public void processElement(FloorEvent e, Context ctx, Collector<String> out) throws Exception {
            count.update(count.value() == null ? 1 : count.value() + 1);
            ids.put(e.eventId, e.eventTime);
            ctx.timerService().registerEventTimeTimer(e.eventTime + 10);
            ctx.output(NOTES, name + " saw " + e.eventId);
        }

        @Override
        public void onTimer(long t, OnTimerContext ctx, Collector<String> out) throws Exception {
            List<String> seen = new ArrayList<>();
            for (var id : ids.entries()) seen.add(id.getKey());
            Collections.sort(seen);
            out.collect(name + " " + ctx.getCurrentKey() + "=" + count.value() + " " + seen + " at " + ctx.timestamp());
        }
    }

    static EntityOperator operator() {
        return new EntityOperator(
                new DeduplicateEvents(Duration.ofHours(1)),
                e -> {
                    e.floorSection = "S1";
                    return e;
                },
                List.of(
                        new EntityOperator.Part<>(
                                "slot-timers", e -> e.source == Source.SLOT, new Counting("slot"), SLOT_COUNTS),
                        new EntityOperator.Part<>(
                                "table-timers", e -> e.source == Source.TABLE, new Counting("table"), TABLE_COUNTS)));
    }

    /** On RocksDB, as the job runs it: there the parts' state is cached ({@link StateCache}). */
    static KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, FloorEvent> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(operator(), EntityKey.INSTANCE, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    static FloorEvent event(Source source, String entity, String id, long time) {
        FloorEvent e = DeduplicateEventsTest.event(source, entity, id);
        e.eventTime = time;
        return e;
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, FloorEvent> h, FloorEvent e)
            throws Exception {
        h.processElement(e, e.eventTime);
    }

    static List<String> side(
            KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, FloorEvent> h, OutputTag<String> tag) {
        List<String> out = new ArrayList<>();
        var queue = h.getSideOutput(tag);
        if (queue != null) for (StreamRecord<String> r : queue) out.add(r.getValue() + " @" + r.getTimestamp());
        return out;
    }

    @Test
    void eachPartReadsItsEventsOnceAndOwnsItsTimers() throws Exception {
        try (var h = harness()) {
            h.open();
            // a machine and a table with the same id: the parts' states and timers stay apart
            send(h, event(Source.SLOT, "X1", "s1", 1_000));
            send(h, event(Source.SLOT, "X1", "s1", 1_000)); // a duplicate: read by nobody
            send(h, event(Source.SLOT, "X1", "s2", 1_005));
            send(h, event(Source.TABLE, "X1", "t1", 1_002));

            assertEquals(
                    List.of("SLOT/X1/s1/S1", "SLOT/X1/s2/S1", "TABLE/X1/t1/S1"),
                    h.extractOutputValues().stream()
                            .map(e -> e.source + "/" + e.entityId + "/" + e.eventId + "/" + e.floorSection)
                            .toList());
            assertEquals(List.of("slot saw s1 @1000", "slot saw s2 @1005", "table saw t1 @1002"), side(h, NOTES));

            h.processWatermark(1_012);
            // the slot part's timers at 1,010 and 1,015 and the table part's at 1,012: each fires in its own part only
            assertEquals(List.of("slot X1=2 [s1, s2] at 1010 @1010"), side(h, SLOT_COUNTS));
            assertEquals(List.of("table X1=1 [t1] at 1012 @1012"), side(h, TABLE_COUNTS));
        }
    }

    @Test
    void stateTimersAndTheDuplicatesMemorySurviveARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            send(h, event(Source.SLOT, "M1", "s1", 1_000));
            send(h, event(Source.TABLE, "T1", "t1", 1_000));
            snapshot = h.snapshot(1, 1_001);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            send(h, event(Source.SLOT, "M1", "s1", 1_000)); // seen before the restore
            send(h, event(Source.SLOT, "M1", "s2", 1_003));
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(
                    List.of("s2"),
                    h.extractOutputValues().stream().map(e -> e.eventId).toList());
            // the counts and ids cached before the snapshot were written back into it
            assertEquals(
                    List.of("slot M1=2 [s1, s2] at 1010 @1010", "slot M1=2 [s1, s2] at 1013 @1013"),
                    side(h, SLOT_COUNTS));
            assertEquals(List.of("table T1=1 [t1] at 1010 @1010"), side(h, TABLE_COUNTS));
        }
    }

    @Test
    void theCacheShowsWhatItHoldsAndItsWriteBacks() throws Exception {
        InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        try (MockEnvironment env = MetricEnvironments.reportingTo(metrics);
                var h = new KeyedOneInputStreamOperatorTestHarness<>(
                        operator(), EntityKey.INSTANCE, Types.STRING, env)) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
            h.open();
            send(h, event(Source.SLOT, "M1", "s1", 1_000));
            send(h, event(Source.SLOT, "M2", "s2", 1_000));
            Gauge<?> entries = (Gauge<?>) metrics.get("stateCacheEntries");
            Counter writeBacks = (Counter) metrics.get("stateCacheWriteBacks");
            assertEquals(6, ((Number) entries.getValue()).intValue()); // per machine: its key, its count and one id
            assertEquals(0, writeBacks.getCount());
            h.snapshot(1, 1_001);
            assertEquals(6, ((Number) entries.getValue()).intValue(), "written back and kept");
            assertEquals(1, writeBacks.getCount());
        }
    }
}
