package io.floorwatch.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The SAR_STRUCTURING gate on its own: once per group, state cleaned by floor time. */
class SarGateTest extends ComplianceTestSupport {
    private static final long HOUR = 3_600_000;
    private static final long T0 = DAY_START.toEpochMilli();

    private static SarMatch match(String player, long... times) {
        SarMatch m = new SarMatch();
        m.playerId = player;
        int n = times.length;
        m.eventIds = new String[n];
        m.sources = new String[n];
        m.directions = new String[n];
        m.amountsCents = new long[n];
        m.eventTimes = times.clone();
        for (int i = 0; i < n; i++) {
            m.eventIds[i] = player + "-" + times[i];
            m.sources[i] = "cage";
            m.directions[i] = "CASH_IN";
            m.amountsCents[i] = cents("9000.00");
        }
        return m;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SarMatch, Alert> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SarStructuring.SarGate(Duration.ofHours(24), cents("8000"), cents("9999.99")),
                m -> m.playerId,
                Types.STRING);
    }

    private static void push(KeyedOneInputStreamOperatorTestHarness<String, SarMatch, Alert> h, SarMatch m)
            throws Exception {
        h.processElement(new StreamRecord<>(m, m.completingTime()));
    }

    @Test
    @DisplayName("31 CFR 1021.320: matches completing within 24 h of the fired group's first are suppressed")
    void suppressesWithinGroup() throws Exception {
        try (var h = harness()) {
            push(h, match("P-1", T0, T0 + HOUR));
            push(h, match("P-1", T0 + HOUR, T0 + 20 * HOUR));
            push(h, match("P-1", T0 + 20 * HOUR, T0 + 24 * HOUR - 1));
            push(h, match("P-1", T0 + 20 * HOUR, T0 + 24 * HOUR)); // at 24:00:00 after the first: a new group
            push(h, match("P-1", T0 + 30 * HOUR, T0 + 31 * HOUR)); // within 24 h of the new group's first (20 h)
            List<Alert> out = h.extractOutputValues();
            assertEquals(
                    List.of(T0 + HOUR, T0 + 24 * HOUR),
                    out.stream().map(a -> a.eventTime).toList());
            assertEquals(cents("18000.00"), out.get(0).amountCents);
        }
    }

    @Test
    @DisplayName("31 CFR 1021.320: the gate forgets a group once floor time passes its first + 24 h")
    void stateCleaned() throws Exception {
        try (var h = harness()) {
            push(h, match("P-1", T0, T0 + HOUR));
            push(h, match("P-2", T0 + 2 * HOUR, T0 + 3 * HOUR));
            assertEquals(2, h.numKeyedStateEntries());
            assertEquals(2, h.numEventTimeTimers());
            h.processWatermark(new Watermark(T0 + 24 * HOUR));
            assertEquals(1, h.numKeyedStateEntries());
            h.processWatermark(new Watermark(Long.MAX_VALUE)); // end of a bounded run: cleanup only
            assertEquals(0, h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(2, h.extractOutputValues().size());
        }
    }
}
