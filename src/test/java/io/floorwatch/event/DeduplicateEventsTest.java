package io.floorwatch.event;

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

/**
 * {@link DeduplicateEvents}: keyed by entity id, one map entry per event id whose value is the set of streams that
 * sent it, each remembered for {@code dedup.ttl} of processing time (state TTL).
 */
class DeduplicateEventsTest {
    private static final Duration TTL = Duration.ofMinutes(30);
    private static final long MIN = 60_000;

    private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    private MockEnvironment env;
    private KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, FloorEvent> h;

    @BeforeEach
    void open() throws Exception {
        env = MetricEnvironments.reportingTo(metrics);
        h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeduplicateEvents(TTL)), EntityKey.INSTANCE, Types.STRING, env);
        h.setStateTtlProcessingTime(0);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
        env.close();
    }

    static FloorEvent event(Source source, String entity, String eventId) {
        FloorEvent e = new FloorEvent();
        e.source = source;
        e.eventId = eventId;
        e.eventType = "HEARTBEAT";
        e.entityId = entity;
        e.eventTime = 1_795_375_800_000L;
        return e;
    }

    private void send(FloorEvent e) throws Exception {
        h.processElement(e, e.eventTime);
    }

    private List<String> passed() {
        return h.extractOutputValues().stream()
                .map(e -> e.source.code() + "/" + e.entityId + "/" + e.eventId)
                .toList();
    }

    private long duplicates() {
        return ((Counter) metrics.get("duplicateEvents")).getCount();
    }

    private long readsSkipped() {
        return ((Counter) metrics.get("dedupStateReadsSkipped")).getCount();
    }

    @Test
    void aRepeatedEventIdOfOneStreamCountsOnce() throws Exception {
        send(event(Source.SLOT, "SM-1", "e1"));
        send(event(Source.SLOT, "SM-1", "e1"));
        send(event(Source.SLOT, "SM-1", "e2"));
        send(event(Source.SLOT, "SM-1", "e1"));
        send(event(Source.CAGE, "P-9", "c1"));
        send(event(Source.CAGE, "P-9", "c1"));
        assertEquals(List.of("slot/SM-1/e1", "slot/SM-1/e2", "cage/P-9/c1"), passed());
        assertEquals(3, duplicates());
        assertEquals(2, h.numKeyedStateEntries(), "one map per entity");
        assertEquals(3, readsSkipped(), "each new id was known new without a state read; each duplicate was read");
    }

    @Test
    void afterARestoreTheIdsWrittenBeforeItAreStillDuplicates() throws Exception {
        send(event(Source.SLOT, "SM-1", "e1"));
        var snapshot = h.snapshot(1, 1);
        h.close();
        // the restored function has no fingerprints of those ids: it reads the state for every id for dedup.ttl
        h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeduplicateEvents(TTL)), EntityKey.INSTANCE, Types.STRING, env);
        h.setStateTtlProcessingTime(0);
        h.initializeState(snapshot);
        h.open();
        send(event(Source.SLOT, "SM-1", "e1"));
        send(event(Source.SLOT, "SM-1", "e2"));
        send(event(Source.SLOT, "SM-1", "e2"));
        assertEquals(List.of("slot/SM-1/e2"), passed());
        assertEquals(2, duplicates());
        assertEquals(0, readsSkipped(), "the restored function's counter: no read skipped");
    }

    @Test
    void theSameIdFromTwoStreamsWithTheSameEntityIdBothPass() throws Exception {
        // a machine and a table both called X-1 share the key; each stream's id is judged on its own bit
        send(event(Source.SLOT, "X-1", "same"));
        send(event(Source.TABLE, "X-1", "same"));
        send(event(Source.SECURITY, "X-1", "same"));
        send(event(Source.CAGE, "X-1", "same"));
        send(event(Source.TABLE, "X-1", "same"));
        send(event(Source.SLOT, "X-1", "same"));
        send(event(Source.CAGE, "X-1", "same"));
        assertEquals(List.of("slot/X-1/same", "table/X-1/same", "security/X-1/same", "cage/X-1/same"), passed());
        assertEquals(3, duplicates());
        assertEquals(1, h.numKeyedStateEntries());
    }

    @Test
    void anIdIsRememberedForTheTtlOfProcessingTimeAndDuplicatesDoNotExtendIt() throws Exception {
        send(event(Source.SLOT, "SM-1", "e1"));
        h.setStateTtlProcessingTime(29 * MIN);
        send(event(Source.SLOT, "SM-1", "e1")); // within the TTL: a duplicate (and not a write)
        h.setStateTtlProcessingTime(TTL.toMillis() - 1);
        send(event(Source.SLOT, "SM-1", "e1")); // still one
        assertEquals(List.of("slot/SM-1/e1"), passed());
        h.setStateTtlProcessingTime(TTL.toMillis()); // 30 min after it was written: forgotten
        send(event(Source.SLOT, "SM-1", "e1"));
        assertEquals(List.of("slot/SM-1/e1", "slot/SM-1/e1"), passed());
        assertEquals(2, duplicates());
        h.setStateTtlProcessingTime(TTL.toMillis() + 29 * MIN); // remembered again from its second pass
        send(event(Source.SLOT, "SM-1", "e1"));
        assertEquals(2, passed().size());
        assertEquals(0, h.numEventTimeTimers(), "no timers: the TTL cleans the state");
        assertEquals(0, h.numProcessingTimeTimers());
    }

    @Test
    void expiredEntitiesLeaveTheStateAsTheOperatorKeepsWorking() throws Exception {
        for (int m = 0; m < 4; m++) send(event(Source.SLOT, "SM-" + m, "e" + m));
        h.setStateTtlProcessingTime(TTL.toMillis() - 1);
        for (int i = 0; i < 200; i++) send(event(Source.SLOT, "SM-9", "a" + i));
        assertEquals(5, h.numKeyedStateEntries(), "nothing expires early");
        // no timers: the heap backend's incremental TTL cleanup visits a few entries on every state access
        h.setStateTtlProcessingTime(TTL.toMillis());
        int accesses = 0;
        while (h.numKeyedStateEntries() > 1 && accesses < 1_000) send(event(Source.SLOT, "SM-9", "b" + accesses++));
        assertEquals(1, h.numKeyedStateEntries(), "only SM-9 is left after " + accesses + " events");
        assertEquals(0, h.numEventTimeTimers());
        assertEquals(0, h.numProcessingTimeTimers());
        // an expired id of an entity that comes back is forgotten, not a duplicate
        send(event(Source.SLOT, "SM-0", "e0"));
        assertEquals(4 + 200 + accesses + 1, passed().size());
        assertEquals(0, duplicates());
    }
}
