package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.FloorEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** STALE_SOURCE in processing time (the harness's clock): 60 s of silence after data flowed. */
class StaleSourceRuleTest extends RuleTestSupport {
    static final long TIMEOUT = sec(60);

    static KeyedOneInputStreamOperatorTestHarness<String, String, Alert> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new StaleSourceRule(Duration.ofMillis(TIMEOUT))),
                (String s) -> s,
                Types.STRING);
        h.open();
        return h;
    }

    @Test
    void silenceAfterFlowFiresOnceAndFlowResolves() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(T0);
            h.processElement("slot", 0);
            h.setProcessingTime(T0 + sec(30));
            h.processElement("slot", 0);
            h.setProcessingTime(T0 + sec(60)); // the first timer: re-armed for 30 s + 60 s
            assertEquals(0, h.extractOutputValues().size());
            h.setProcessingTime(T0 + sec(89));
            assertEquals(0, h.extractOutputValues().size());
            h.setProcessingTime(T0 + sec(90));
            List<Alert> out = h.extractOutputValues();
            assertEquals(1, out.size());
            Alert a = out.get(0);
            assertEquals(Rules.STALE_SOURCE, a.rule);
            assertEquals(Severity.HIGH, a.severity);
            assertEquals(Rules.SOURCE, a.entityType);
            assertEquals("slot", a.entityId);
            assertEquals(T0 + sec(90), a.eventTime);
            assertEquals(0, h.numProcessingTimeTimers());
            h.setProcessingTime(T0 + sec(600)); // still stale: no repeat
            assertEquals(1, h.extractOutputValues().size());
            h.processElement("slot", 0);
            out = h.extractOutputValues();
            assertEquals(2, out.size());
            assertEquals(Alert.RESOLVED, out.get(1).status);
            assertEquals(a.alertId, out.get(1).alertId);
            assertEquals(T0 + sec(600), out.get(1).eventTime);
            assertEquals(1, h.numProcessingTimeTimers());
        }
    }

    @Test
    void sourcesAreIndependentAndUnseenSourcesAreNotStale() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(T0);
            h.processElement("table", 0);
            for (int s = 10; s <= 120; s += 10) {
                h.setProcessingTime(T0 + sec(s));
                h.processElement("slot", 0);
            }
            assertEquals(
                    List.of("table"),
                    h.extractOutputValues().stream().map(x -> x.entityId).toList());
        }
    }

    @Test
    void heartbeatsForwardAtMostOnePerSourcePerSecond() throws Exception {
        long[] clock = {T0};
        StaleSourceRule.Heartbeats beats = new StaleSourceRule.Heartbeats(1000) {
            @Override
            long now() {
                return clock[0];
            }
        };
        beats.open((OpenContext) null);
        List<String> out = new ArrayList<>();
        Collector<String> c = new Collector<>() {
            @Override
            public void collect(String s) {
                out.add(s);
            }

            @Override
            public void close() {}
        };
        FloorEvent slotEvent = slot("a", "M1", "GAME_PLAYED", T0);
        FloorEvent cageEvent = new FloorEvent();
        cageEvent.source = io.floorwatch.event.Source.CAGE;
        for (int i = 0; i < 100; i++) beats.flatMap(slotEvent, c);
        beats.flatMap(cageEvent, c);
        clock[0] += 999;
        beats.flatMap(slotEvent, c);
        clock[0] += 1;
        beats.flatMap(slotEvent, c);
        assertEquals(List.of("slot", "cage", "slot"), out);
    }
}
