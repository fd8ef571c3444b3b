package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MachineOfflineRuleTest extends RuleTestSupport {
    static final long TIMEOUT = min(10);

    static KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, Alert> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MachineOfflineRule(Duration.ofMillis(TIMEOUT))),
                (FloorEvent e) -> e.entityId,
                Types.STRING);
        h.open();
        return h;
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, Alert> h, String type, long time)
            throws Exception {
        h.processElement(slot("M1@" + time, "M1", type, time), time);
    }

    static List<String> statusTimes(List<Alert> alerts) {
        return alerts.stream()
                .map(a -> a.status + "@" + (a.eventTime - T0) / 1000)
                .toList();
    }

    @Test
    void firesAtTheDeadlineAndResolvesOnTheNextEvent() throws Exception {
        try (var h = harness()) {
            h.processWatermark(T0 - 1);
            push(h, "GAME_PLAYED", T0);
            h.processWatermark(T0 + TIMEOUT - 1);
            assertEquals(0, h.extractOutputValues().size());
            h.processWatermark(T0 + TIMEOUT);
            List<Alert> out = h.extractOutputValues();
            assertEquals(1, out.size());
            Alert a = out.get(0);
            assertEquals(Rules.MACHINE_OFFLINE, a.rule);
            assertEquals(Severity.MEDIUM, a.severity);
            assertEquals(T0 + TIMEOUT, a.eventTime);
            assertEquals(Alert.idOf(Rules.MACHINE_OFFLINE, "M1", Long.toString(T0)), a.alertId);
            assertEquals(0, h.numEventTimeTimers());
            push(h, "HEARTBEAT", T0 + min(12)); // resolves at once, without waiting for the watermark
            out = h.extractOutputValues();
            assertEquals(List.of("firing@600", "resolved@720"), statusTimes(out));
            assertEquals(a.alertId, out.get(1).alertId);
            assertEquals(1, h.numEventTimeTimers()); // watching again
        }
    }

    @Test
    void anyEventKeepsTheMachineOnline() throws Exception {
        try (var h = harness()) {
            push(h, "GAME_PLAYED", T0);
            for (int m = 5; m <= 30; m += 5) {
                push(h, "HEARTBEAT", T0 + min(m));
                h.processWatermark(T0 + min(m) - BOUND - 1);
            }
            h.processWatermark(T0 + min(30) + TIMEOUT - 1);
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(1, h.numEventTimeTimers());
        }
    }

    @Test
    void aMachineThatNeverPlayedIsNotWatched() throws Exception {
        try (var h = harness()) {
            push(h, "HEARTBEAT", T0);
            h.processWatermark(T0 + min(60));
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    /** A replay: all events arrive before the watermark moves; silences are still found in event time. */
    @Test
    void silencesAreJudgedInEventTimeNotArrivalOrder() throws Exception {
        try (var h = harness()) {
            push(h, "GAME_PLAYED", T0);
            push(h, "GAME_PLAYED", T0 + min(5));
            push(h, "HEARTBEAT", T0 + min(39));
            push(h, "GAME_PLAYED", T0 + min(60));
            h.processWatermark(T0 + min(100));
            List<Alert> out = h.extractOutputValues();
            assertEquals(
                    List.of("firing@900", "resolved@2340", "firing@2940", "resolved@3600", "firing@4200"),
                    statusTimes(out));
            assertEquals(Alert.idOf(Rules.MACHINE_OFFLINE, "M1", Long.toString(T0 + min(5))), out.get(0).alertId);
            assertEquals(out.get(0).alertId, out.get(1).alertId);
        }
    }

    @Test
    void outOfOrderWithinTheBoundFillsTheGap() throws Exception {
        try (var h = harness()) {
            push(h, "GAME_PLAYED", T0);
            h.processWatermark(T0);
            push(h, "HEARTBEAT", T0 + TIMEOUT + sec(2));
            h.processWatermark(T0 + TIMEOUT + sec(2) - BOUND - 1);
            push(h, "HEARTBEAT", T0 + TIMEOUT - sec(1)); // 3 s behind the newest: within the bound
            h.processWatermark(T0 + min(15));
            assertEquals(0, h.extractOutputValues().size());
        }
    }

    @Test
    void lateEventIsCountedAndStillProvesLife() throws Exception {
        try (var h = harness()) {
            push(h, "GAME_PLAYED", T0);
            h.processWatermark(T0 + min(9));
            push(h, "HEARTBEAT", T0 + min(8)); // behind the watermark
            assertEquals(1, h.getSideOutput(LateEvents.TAG).size());
            h.processWatermark(T0 + min(17));
            assertEquals(0, h.extractOutputValues().size());
            h.processWatermark(T0 + min(18));
            assertEquals(List.of("firing@1080"), statusTimes(h.extractOutputValues()));
        }
    }

    @Test
    void pendingEventsAreKeptAsRunsSplitOnlyAtPossibleSilences() {
        long[] runs = {};
        for (long t : new long[] {0, 5, 3, 39, 60, 50, 61}) runs = MachineOfflineRule.insert(runs, min(t), TIMEOUT);
        // 0..5, then 39 (34 min later), then 50..61 (gaps 11, 10, 1: 50 and 60 are 10 min apart: a possible silence)
        assertEquals(
                List.of(0L, min(5), min(39), min(39), min(50), min(50), min(60), min(61)),
                java.util.Arrays.stream(runs).boxed().toList());
        runs = MachineOfflineRule.insert(runs, min(55), TIMEOUT); // fills the gap: 50..61 becomes one run
        assertEquals(
                List.of(0L, min(5), min(39), min(39), min(50), min(61)),
                java.util.Arrays.stream(runs).boxed().toList());
    }

    @Test
    void endOfBoundedInputInventsNoSilence() throws Exception {
        try (var h = harness()) {
            push(h, "GAME_PLAYED", T0);
            h.processWatermark(T0 + min(5)); // the floor clock: the latest event time
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }
}
