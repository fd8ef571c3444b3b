package io.floorwatch.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * Control updates carry no floor time (SPEC 8.1: they apply in arrival order): they never hold an operator's event time
 * back, and never move it either, in particular not to the end of time when the floor goes quiet.
 */
class NoFloorTimeTest {
    static final class Nothing extends KeyedBroadcastProcessFunction<String, String, ControlUpdate, String> {
        @Override
        public void processElement(String value, ReadOnlyContext ctx, Collector<String> out) {}

        @Override
        public void processBroadcastElement(ControlUpdate u, Context ctx, Collector<String> out) {}
    }

    /** The watermarks an operator emitted, and IDLE / ACTIVE. */
    static List<String> clock(Iterable<Object> output) {
        List<String> out = new ArrayList<>();
        for (Object o : output) {
            if (o instanceof Watermark w) out.add(w.getTimestamp() == Long.MAX_VALUE ? "MAX" : "" + w.getTimestamp());
            else if (o instanceof WatermarkStatus s) out.add(s.isIdle() ? "IDLE" : "ACTIVE");
        }
        return out;
    }

    @Test
    void theControlStreamIsIdleFromTheStart() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<ControlUpdate, ControlUpdate>(
                new ControlStreams.NoFloorTime<>())) {
            h.open();
            h.processWatermark(Long.MAX_VALUE); // (the old strategy's end of time, or a source's end) goes no further
            h.processElement(ControlUpdate.setting("k", "v", 1), 5);
            assertEquals(List.of("IDLE"), clock(h.getOutput()));
            assertEquals(1, h.extractOutputValues().size());
        }
    }

    @Test
    void aKeyedFollowerTakesItsEventTimeFromItsEventsAlone() throws Exception {
        try (var h = new KeyedBroadcastOperatorTestHarness<>(
                new ControlStreams.EventTimeOfTheEvents<>(new Nothing(), List.of(ControlStreams.BROADCAST_STATE)),
                (String s) -> s,
                Types.STRING,
                1,
                1,
                0)) {
            h.setup();
            h.open();
            h.processWatermark(100); // no control watermark yet: not held back
            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.getTwoInputOperator().processWatermarkStatus1(WatermarkStatus.IDLE); // a quiet floor
            h.processWatermark(200);
            assertEquals(
                    List.of("100", "IDLE", "200"),
                    clock(h.getOutput()).stream()
                            .filter(c -> !c.equals("ACTIVE"))
                            .toList(),
                    "never the end of time: a plain broadcast operator emits MAX when its events go idle");
        }
    }
}
