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

/** A slot DOOR_OPEN needs a security ACCESS_GRANTED for that machine in the 5 min before it (inclusive). */
class UnattendedDoorOpenRuleTest extends RuleTestSupport {
    static final long WINDOW = min(5);

    static KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, Alert> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new UnattendedDoorOpenRule(Duration.ofMillis(WINDOW))),
                UnattendedDoorOpenRule::machineOf,
                Types.STRING);
        h.open();
        return h;
    }

    static FloorEvent door(String id, long time) {
        return slot(id, "M1", "DOOR_OPEN", time);
    }

    static FloorEvent grant(String id, long time) {
        return security(id, "LOC-1", "ACCESS_GRANTED", "M1", time);
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, Alert> h, FloorEvent e)
            throws Exception {
        h.processElement(e, e.eventTime);
    }

    @Test
    void grantExactlyTheWindowBeforeCounts() throws Exception {
        try (var h = harness()) {
            push(h, grant("g", T0 - WINDOW));
            push(h, door("d", T0));
            h.processWatermark(T0 + min(30));
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void grantOneMillisecondTooEarlyDoesNotCount() throws Exception {
        try (var h = harness()) {
            push(h, grant("g", T0 - WINDOW - 1));
            push(h, door("d", T0));
            h.processWatermark(T0 - 1);
            assertEquals(0, h.extractOutputValues().size()); // waits until floor time passes the door
            h.processWatermark(T0);
            List<Alert> out = h.extractOutputValues();
            assertEquals(1, out.size());
            Alert a = out.get(0);
            assertEquals(Rules.UNATTENDED_DOOR_OPEN, a.rule);
            assertEquals(Severity.HIGH, a.severity);
            assertEquals(Rules.MACHINE, a.entityType);
            assertEquals("M1", a.entityId);
            assertEquals(T0, a.eventTime);
            assertEquals(Alert.idOf(Rules.UNATTENDED_DOOR_OPEN, "M1", "d"), a.alertId);
            h.processWatermark(T0 + min(30));
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void grantAtTheSameMillisecondCountsWhicheverArrivesFirst() throws Exception {
        try (var h = harness()) {
            push(h, door("d", T0));
            push(h, grant("g", T0)); // arrives after the door, same event time
            h.processWatermark(T0 + min(30));
            assertEquals(0, h.extractOutputValues().size());
        }
    }

    @Test
    void outOfOrderGrantWithinTheBoundCounts() throws Exception {
        try (var h = harness()) {
            push(h, door("d", T0));
            h.processWatermark(T0 - BOUND);
            push(h, grant("g", T0 - sec(2))); // arrives after the door
            h.processWatermark(T0 + min(30));
            assertEquals(0, h.extractOutputValues().size());
        }
    }

    @Test
    void noGrantOrAGrantAfterTheDoorFires() throws Exception {
        try (var h = harness()) {
            push(h, door("d1", T0));
            push(h, grant("g", T0 + sec(1)));
            push(h, door("d2", T0 + min(2))); // covered by the grant at T0 + 1 s
            push(h, door("d3", T0 + min(6))); // 5 min 59 s after it: not covered
            h.processWatermark(T0 + min(30));
            assertEquals(
                    List.of(
                            Alert.idOf(Rules.UNATTENDED_DOOR_OPEN, "M1", "d1"),
                            Alert.idOf(Rules.UNATTENDED_DOOR_OPEN, "M1", "d3")),
                    h.extractOutputValues().stream().map(a -> a.alertId).toList());
        }
    }

    @Test
    void grantsForOtherMachinesDoNotCount() throws Exception {
        try (var h = harness()) {
            push(h, security("g", "LOC-1", "ACCESS_GRANTED", "M2", T0 - min(1)));
            push(h, door("d", T0));
            h.processWatermark(T0);
            assertEquals(1, h.extractOutputValues().size());
        }
    }

    @Test
    void lateDoorIsCountedNotJudged() throws Exception {
        try (var h = harness()) {
            h.processWatermark(T0 + min(1));
            push(h, door("d", T0));
            assertEquals(1, h.getSideOutput(LateEvents.TAG).size());
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void wiredOnMiniCluster() throws Exception {
        List<FloorEvent> in = list(
                security("g1", "LOC-1", "ACCESS_GRANTED", "M1", T0),
                security("g0", "LOC-2", "ACCESS_GRANTED", null, T0),
                slot("d1", "M1", "DOOR_OPEN", T0 + min(1)),
                slot("d2", "M2", "DOOR_OPEN", T0 + min(1)),
                slot("c1", "M2", "DOOR_CLOSED", T0 + min(2)),
                clock(T0 + min(3)));
        List<Alert> alerts = run(in, (events, late) -> UnattendedDoorOpenRule.build(events, cfg(), late));
        assertEquals(List.of("M2"), alerts.stream().map(a -> a.entityId).toList());
    }
}
