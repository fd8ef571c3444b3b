package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class FloorTimeGateTest {

    private static Alert alert(String evidence, long eventTime) {
        return Alert.firing(
                Rules.HANDPAY_WAIT, Severity.HIGH, Rules.MACHINE, "SM-1", evidence, eventTime, null, "s", "a", null);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new FloorTimeGate()), a -> a.alertId, Types.STRING);
        h.open();
        return h;
    }

    @Test
    void holdsUntilFloorTimeReachesTheAlertThenReleases() throws Exception {
        try (var h = harness()) {
            h.processWatermark(50);
            h.processElement(alert("a", 100), 100);
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(1, h.numEventTimeTimers());
            h.processWatermark(99);
            assertEquals(0, h.extractOutputValues().size());
            h.processWatermark(100); // exactly at the deadline: reached
            assertEquals(List.of("a"), evidenceOf(h.extractOutputValues()));
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void alertAlreadyReachedGoesOutAtOnce() throws Exception {
        try (var h = harness()) {
            h.processWatermark(200);
            h.processElement(alert("b", 150), 150);
            assertEquals(1, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void endOfBoundedInputDropsWhatFloorTimeNeverReached() throws Exception {
        try (var h = harness()) {
            h.processWatermark(10);
            h.processElement(alert("c", 100), 100);
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(0, h.extractOutputValues().size());
            h.processElement(alert("d", 500), 500); // timed out by the jump to MAX itself
            assertEquals(0, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    @Test
    void firingLeavesBeforeItsResolveAtTheSameTime() throws Exception {
        try (var h = harness()) {
            Alert firing = alert("e", 100);
            Alert resolve = firing.resolvedAt(100, "ok", null);
            h.processElement(resolve, 100);
            h.processElement(firing, 100);
            h.processWatermark(100);
            List<Alert> out = h.extractOutputValues();
            assertEquals(
                    List.of(Alert.FIRING, Alert.RESOLVED),
                    out.stream().map(a -> a.status).toList());
        }
    }

    private static List<String> evidenceOf(List<Alert> alerts) {
        return alerts.stream()
                .map(a -> a.alertId.equals(Alert.idOf(Rules.HANDPAY_WAIT, "SM-1", "a")) ? "a" : a.alertId)
                .toList();
    }
}
