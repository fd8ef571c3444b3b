package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.testing.MetricEnvironments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link StateCache}'s map on RocksDB: reads see the backend overlaid with what the interval wrote, and a snapshot holds
 * exactly what was written, removals of entries the backend held included, whether the entity's backend map was empty
 * or not when the interval first read it.
 */
class StateCacheTest {
    /**
     * Commands "key op [k [v]]": put, remove, get (outputs the value or "null"), entries (outputs them sorted), empty
     * (write back and empty the cache), direct-put (to the backend, around the cache). The map is cached and written
     * back when the operator snapshots its state, as in the job's operators.
     */
    static final class MapCommands extends AbstractStreamOperator<String>
            implements OneInputStreamOperator<String, String> {
        private transient StateCache cache;
        private transient MapState<String, String> map;
        private transient MapState<String, String> backend;

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            cache = StateCache.of(this);
            backend = getKeyedStateStore().getMapState(new MapStateDescriptor<>("map", Types.STRING, Types.STRING));
            cache.opening(() -> map = StateCache.map(backend));
        }

        @Override
        public void snapshotState(StateSnapshotContext context) throws Exception {
            cache.writeBack();
            super.snapshotState(context);
        }

        @Override
        public void processElement(StreamRecord<String> record) throws Exception {
            String[] c = record.getValue().split(" ");
            switch (c[1]) {
                case "put" -> map.put(c[2], c[3]);
                case "remove" -> map.remove(c[2]);
                case "empty" -> cache.writeBackAndEmpty();
                // what a broadcast update's applyToKeyedState does: the backend itself
                case "direct-put" -> backend.put(c[2], c[3]);
                case "get" -> output.collect(new StreamRecord<>(c[0] + " " + c[2] + "=" + map.get(c[2])));
                case "entries" -> {
                    Map<String, String> sorted = new TreeMap<>();
                    for (Map.Entry<String, String> e : map.entries()) sorted.put(e.getKey(), e.getValue());
                    output.collect(new StreamRecord<>(c[0] + " " + sorted));
                }
                default -> throw new IllegalArgumentException(record.getValue());
            }
        }
    }

    @Test
    void readsAndSnapshotsSeeWhatWasWritten() throws Exception {
        OperatorSubtaskState first;
        try (var h = harness()) {
            h.open();
            send(h, "P1 put a 1", "P1 put b 2", "P1 put c 3", "P2 put x 9");
            first = h.snapshot(1, 1);
        }
        InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
        try (var h = harness(metrics)) {
            h.initializeState(first);
            h.open();
            // P1's backend held a, b, c: remove one, change one, add one, and add and remove one within the interval
            // P3 is new (its backend map empty): add two, remove one, add and remove one
            List<String> seen = send(
                    h,
                    "P1 remove a",
                    "P1 put b 20",
                    "P1 put d 4",
                    "P1 put e 5",
                    "P1 remove e",
                    "P1 get a",
                    "P1 get c",
                    "P1 entries",
                    "P3 put m 7",
                    "P3 put n 8",
                    "P3 get z",
                    "P3 remove m",
                    "P3 put o 1",
                    "P3 remove o",
                    "P3 entries",
                    "P2 entries");
            assertEquals(
                    List.of("P1 a=null", "P1 c=3", "P1 {b=20, c=3, d=4}", "P3 z=null", "P3 {n=8}", "P2 {x=9}"), seen);
            assertEquals(
                    9,
                    ((Gauge<?>) metrics.get("stateCacheEntries")).getValue(),
                    "cached: the keys P1, P2, P3; P1's b, c, d and a (removed: its listing showed the backend holds"
                            + " it); P2's x (listed); P3's n (its listing showed the backend empty: z, read as absent,"
                            + " and m and o, removed, need no slot and are not written back)");
            OperatorSubtaskState second = h.snapshot(2, 2);
            try (var restored = harness()) {
                restored.initializeState(second);
                restored.open();
                assertEquals(
                        List.of("P1 {b=20, c=3, d=4}", "P2 {x=9}", "P3 {n=8}", "P1 a=null"),
                        send(restored, "P1 entries", "P2 entries", "P3 entries", "P1 get a"),
                        "the snapshot holds what the interval wrote");
            }
            assertEquals(
                    8,
                    ((Gauge<?>) metrics.get("stateCacheEntries")).getValue(),
                    "kept after the write-back: the three keys, P1's b, c, d, P2's x and P3's n, as the backend has"
                            + " them");

            // the next interval reads the kept entries; P3's are all it has, P1's are not
            assertEquals(
                    List.of("P3 {p=5}", "P1 {b=20, c=30, d=4}", "P1 q=null"),
                    send(h, "P3 remove n", "P3 put p 5", "P1 put c 30", "P3 entries", "P1 entries", "P1 get q"));
            OperatorSubtaskState third = h.snapshot(3, 3);
            try (var restored = harness()) {
                restored.initializeState(third);
                restored.open();
                assertEquals(
                        List.of("P1 {b=20, c=30, d=4}", "P2 {x=9}", "P3 {p=5}"),
                        send(restored, "P1 entries", "P2 entries", "P3 entries"),
                        "a removal of an entry written back before is written back too");
            }

            // emptied, the cache reads again what was written around it
            assertEquals(
                    List.of("P3 {p=5, r=6}", "P1 {b=20, c=30, d=4}"),
                    send(h, "P3 put r 6", "P3 empty", "P3 direct-put p 5", "P3 entries", "P1 entries"));
            assertEquals(
                    7,
                    ((Gauge<?>) metrics.get("stateCacheEntries")).getValue(),
                    "emptied; since, the keys P3 and P1 and what their listings found (P3's p, r; P1's b, c, d)");
        }
    }

    @Test
    void aListingMakesTheEntityWhole() throws Exception {
        try (var h = harness()) {
            h.open();
            send(h, "P1 put a 1", "P1 put b 2", "P1 empty"); // in the backend only
            assertEquals(
                    List.of("P1 {a=1, b=2}", "P1 z=null", "P1 {b=2, c=3}", "P1 b=2"),
                    send(
                            h,
                            "P1 entries",
                            "P1 direct-put z 9",
                            "P1 get z",
                            "P1 remove a",
                            "P1 put c 3",
                            "P1 entries",
                            "P1 get b"),
                    "after its first listing the cache knows all the entity's entries: a key not cached is not looked"
                            + " up (z, written around the cache, is not seen)");
        }
    }

    @Test
    void onTheHeapBackendNothingIsCached() throws Exception {
        try (var h = harness(new InterceptingOperatorMetricGroup())) {
            h.setStateBackend(new HashMapStateBackend());
            h.open();
            assertEquals(
                    List.of("P1 a=2"),
                    send(h, "P1 put a 1", "P1 direct-put a 2", "P1 get a"),
                    "the function reads and writes the heap backend itself");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness() throws Exception {
        return harness(new InterceptingOperatorMetricGroup());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
            InterceptingOperatorMetricGroup metrics) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, String, String>(
                new MapCommands(),
                command -> command.split(" ")[0],
                Types.STRING,
                MetricEnvironments.reportingTo(metrics));
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static List<String> send(
            KeyedOneInputStreamOperatorTestHarness<String, String, String> h, String... commands) throws Exception {
        h.getOutput().clear();
        for (String c : commands) h.processElement(new StreamRecord<>(c));
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) out.add(String.valueOf(((StreamRecord<?>) o).getValue()));
        return out;
    }
}
