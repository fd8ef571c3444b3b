package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.ControlUpdate;
import io.floorwatch.event.FloorEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class HopperFillRuleTest extends RuleTestSupport {

    static KeyedBroadcastOperatorTestHarness<String, FloorEvent, ControlUpdate, Alert> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new HopperFillRule(20), (FloorEvent e) -> e.entityId, Types.STRING, ControlStreams.BROADCAST_STATE);
    }

    /** Keyed state entries of the rule (the broadcast harness has no shortcut for it). */
    static int keyedEntries(KeyedBroadcastOperatorTestHarness<String, FloorEvent, ControlUpdate, Alert> h) {
        var backend = ((org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator())
                .getKeyedStateBackend();
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
    }

    @Test
    void lowFiresOnceAndRefillResolves() throws Exception {
        try (var h = harness()) {
            h.processElement(hopper("h1", "M1", T0, 20.0), T0); // at the threshold: fine
            h.processElement(hopper("h2", "M1", T0 + min(1), 19.5), T0 + min(1)); // below: fires, no watermark needed
            assertEquals(1, h.extractOutputValues().size());
            h.processElement(hopper("h3", "M1", T0 + min(2), 10), T0 + min(2)); // still low: no repeat
            h.processElement(hopper("h4", "M1", T0 + min(3), 20), T0 + min(3)); // at 20 %: resolves
            List<Alert> out = h.extractOutputValues();
            assertEquals(2, out.size());
            Alert firing = out.get(0);
            assertEquals(Rules.HOPPER_FILL, firing.rule);
            assertEquals(Severity.MEDIUM, firing.severity);
            assertEquals(T0 + min(1), firing.eventTime);
            assertEquals(Alert.idOf(Rules.HOPPER_FILL, "M1", "h2"), firing.alertId);
            assertEquals("Hopper at 19.5% on M1 (section B)", firing.summary);
            assertEquals(Alert.RESOLVED, out.get(1).status);
            assertEquals(firing.alertId, out.get(1).alertId);
            assertEquals(T0 + min(3), out.get(1).eventTime);
            assertEquals(0, keyedEntries(h));
            assertEquals(0, h.numEventTimeTimers());
            h.processElement(hopper("h5", "M1", T0 + min(9), 5), T0 + min(9)); // low again: a new alert
            assertEquals(
                    Alert.idOf(Rules.HOPPER_FILL, "M1", "h5"),
                    h.extractOutputValues().get(2).alertId);
        }
    }

    @Test
    void anOlderFullReportArrivingLateDoesNotResolve() throws Exception {
        try (var h = harness()) {
            h.processElement(hopper("low", "M1", T0 + sec(10), 5), T0 + sec(10));
            h.processElement(hopper("old", "M1", T0 + sec(8), 80), T0 + sec(8));
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(1, keyedEntries(h));
        }
    }

    @Test
    void machinesAreIndependent() throws Exception {
        try (var h = harness()) {
            h.processElement(hopper("a", "M1", T0, 5), T0);
            h.processElement(hopper("b", "M2", T0, 50), T0);
            h.processElement(hopper("c", "M2", T0 + 1, 5), T0 + 1);
            assertEquals(
                    List.of("M1", "M2"),
                    h.extractOutputValues().stream().map(a -> a.entityId).toList());
        }
    }
}
