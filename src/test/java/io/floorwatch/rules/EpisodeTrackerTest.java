package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.FloorEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The episode state machine on its own: timers and state are cleaned after each episode. */
class EpisodeTrackerTest extends RuleTestSupport {
    static final long Q = min(15);

    static KeyedTwoInputStreamOperatorTestHarness<String, Alert, FloorEvent, Alert> harness() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new EpisodeTracker(Duration.ofMillis(Q))),
                (Alert a) -> a.entityId,
                (FloorEvent e) -> e.entityId,
                Types.STRING);
        h.open();
        return h;
    }

    static Alert candidate(String evidence, long time) {
        return Alert.firing(
                Rules.MACHINE_ERRORS, Severity.HIGH, Rules.MACHINE, "M1", evidence, time, null, "s", "a", null);
    }

    static void watermark(KeyedTwoInputStreamOperatorTestHarness<?, ?, ?, ?> h, long wm) throws Exception {
        h.processWatermark1(new org.apache.flink.streaming.api.watermark.Watermark(wm));
        h.processWatermark2(new org.apache.flink.streaming.api.watermark.Watermark(wm));
    }

    static FloorEvent error(String id, long time) {
        return slot(id, "M1", "ERROR", time);
    }

    @Test
    void oneFiringPerEpisodeThenResolveAtLastErrorPlusQuiet() throws Exception {
        try (var h = harness()) {
            h.processElement2(error("e1", T0), T0);
            h.processElement2(error("e3", T0 + min(2)), T0 + min(2));
            h.processElement2(error("e4", T0 + min(3)), T0 + min(3));
            h.processElement1(candidate("e1", T0 + min(2)), T0 + min(2));
            h.processElement1(candidate("e3", T0 + min(3)), T0 + min(3)); // same episode: swallowed
            h.processElement2(error("e2", T0 + min(1)), T0 + min(1)); // out of order within the bound
            assertEquals(0, h.extractOutputValues().size()); // candidates wait for floor time
            watermark(h, T0 + min(3));
            assertEquals(1, h.extractOutputValues().size());
            watermark(h, T0 + min(3) + Q - 1);
            assertEquals(1, h.extractOutputValues().size());
            watermark(h, T0 + min(3) + Q);
            List<Alert> out = h.extractOutputValues();
            assertEquals(2, out.size());
            assertEquals(Alert.RESOLVED, out.get(1).status);
            assertEquals(T0 + min(3) + Q, out.get(1).eventTime);
            assertEquals(out.get(0).alertId, out.get(1).alertId);
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void laterErrorsPushTheDeadline() throws Exception {
        try (var h = harness()) {
            h.processElement2(error("e1", T0), T0);
            h.processElement1(candidate("e1", T0), T0);
            h.processElement2(error("e2", T0 + min(10)), T0 + min(10));
            watermark(h, T0);
            assertEquals(1, h.extractOutputValues().size());
            watermark(h, T0 + Q);
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(1, h.numEventTimeTimers()); // only the new deadline
            watermark(h, T0 + min(10) + Q);
            assertEquals(2, h.extractOutputValues().size());
            assertEquals(T0 + min(10) + Q, h.extractOutputValues().get(1).eventTime);
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    /** A replay: the next burst arrives long before the watermark passes the quiet period between them. */
    @Test
    void quietPeriodCountsInEventTimeNotArrivalOrder() throws Exception {
        try (var h = harness()) {
            h.processElement2(error("a", T0), T0);
            h.processElement1(candidate("a", T0), T0);
            h.processElement2(error("b", T0 + min(60)), T0 + min(60));
            h.processElement1(candidate("b", T0 + min(60)), T0 + min(60));
            watermark(h, T0 + min(100));
            List<Alert> out = h.extractOutputValues();
            assertEquals(
                    List.of(Alert.FIRING, Alert.RESOLVED, Alert.FIRING, Alert.RESOLVED),
                    out.stream().map(a -> a.status).toList());
            assertEquals(
                    List.of(T0, T0 + Q, T0 + min(60), T0 + min(60) + Q),
                    out.stream().map(a -> a.eventTime).toList());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void errorsWithoutBurstLeaveNoState() throws Exception {
        try (var h = harness()) {
            h.processElement2(slot("e1", "M1", "ERROR", T0), T0);
            watermark(h, T0 + Q);
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void endOfBoundedInputDoesNotResolve() throws Exception {
        try (var h = harness()) {
            h.processElement2(slot("e1", "M1", "ERROR", T0), T0);
            h.processElement1(candidate("e1", T0), T0);
            watermark(h, T0); // floor time reaches the burst, not its quiet period
            watermark(h, Long.MAX_VALUE);
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }
}
