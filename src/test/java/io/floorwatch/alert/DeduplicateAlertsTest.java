package io.floorwatch.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.testing.MetricEnvironments;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link DeduplicateAlerts}: at most one message per alert id and status within the retention. */
class DeduplicateAlertsTest {
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final long T0 = 1_795_375_800_000L;

    private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    private MockEnvironment env;
    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> h;

    @BeforeEach
    void open() throws Exception {
        env = MetricEnvironments.reportingTo(metrics);
        h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeduplicateAlerts(RETENTION)),
                (Alert a) -> a.alertId,
                Types.STRING,
                env);
        h.setStateTtlProcessingTime(0);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
        env.close();
    }

    static Alert firing(String entity, String evidence) {
        return Alert.firing(
                Rules.MACHINE_ERRORS,
                Severity.HIGH,
                Rules.MACHINE,
                entity,
                evidence,
                T0,
                null,
                "6 errors on " + entity,
                "Send a technician",
                null);
    }

    private void send(Alert a) throws Exception {
        h.processElement(a, a.eventTime);
    }

    private List<String> messages() {
        return h.extractOutputValues().stream()
                .map(a -> a.entityId + ":" + a.status)
                .toList();
    }

    private long counter(String name) {
        return ((Counter) metrics.get(name)).getCount();
    }

    @Test
    void oneMessagePerAlertIdAndStatus() throws Exception {
        Alert a = firing("SM-1", "e1");
        send(a);
        send(firing("SM-1", "e1")); // the same evidence derived again
        send(a.resolvedAt(T0 + 60_000, "cleared", null));
        send(a.resolvedAt(T0 + 90_000, "cleared again", null)); // a second resolve of the same incident
        send(firing("SM-1", "e1")); // a late re-derivation after the resolve
        assertEquals(List.of("SM-1:firing", "SM-1:resolved"), messages());
        assertEquals(a.alertId, h.extractOutputValues().get(1).alertId, "the resolve travels with its firing");
        assertEquals(2, counter("alertsRaised"));
        assertEquals(3, counter("alertsRepeatedDropped"));
        assertEquals(1, h.numKeyedStateEntries());
    }

    @Test
    void otherEvidenceIsAnotherIncident() throws Exception {
        send(firing("SM-1", "e1"));
        send(firing("SM-1", "e2")); // new evidence: new alert id
        send(firing("SM-2", "e1")); // another machine: new alert id
        assertEquals(List.of("SM-1:firing", "SM-1:firing", "SM-2:firing"), messages());
        assertEquals(
                3,
                h.extractOutputValues().stream().map(x -> x.alertId).distinct().count());
        assertEquals(0, counter("alertsRepeatedDropped"));
        assertEquals(3, h.numKeyedStateEntries());
    }

    @Test
    void aResolveThatOvertakesItsFiringStillLetsTheFiringThroughOnce() throws Exception {
        Alert a = firing("SM-1", "e1");
        send(a.resolvedAt(T0 + 1, "cleared", null));
        send(a);
        send(a);
        assertEquals(List.of("SM-1:resolved", "SM-1:firing"), messages());
    }

    @Test
    void afterTheRetentionTheIdIsForgottenAndItsStateCleaned() throws Exception {
        send(firing("SM-1", "e1"));
        h.setStateTtlProcessingTime(RETENTION.toMillis() - 1);
        send(firing("SM-1", "e1"));
        assertEquals(1, messages().size());
        send(firing("SM-2", "e1")); // written a millisecond before SM-1 expires
        assertEquals(2, h.numKeyedStateEntries());
        h.setStateTtlProcessingTime(RETENTION.toMillis());
        // no timers: the heap backend's incremental TTL cleanup visits a few entries on every state access
        int repeats = 0;
        Alert sm3 = firing("SM-3", "e1");
        send(sm3);
        assertEquals(3, h.numKeyedStateEntries());
        while (h.numKeyedStateEntries() > 2 && repeats < 1_000) {
            send(sm3);
            repeats++;
        }
        assertEquals(
                2, h.numKeyedStateEntries(), "SM-1's entry (the one expired) is gone after " + repeats + " repeats");
        send(firing("SM-1", "e1")); // forgotten: a replay this late pages again
        assertEquals(List.of("SM-1:firing", "SM-2:firing", "SM-3:firing", "SM-1:firing"), messages());
        assertEquals(1 + repeats, counter("alertsRepeatedDropped"));
        assertEquals(0, h.numEventTimeTimers());
        assertEquals(0, h.numProcessingTimeTimers());
    }
}
