package io.floorwatch.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Source;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** machine_minute with a tumbling window's semantics: on time, late updates within the lateness, too late, cleaned up. */
class MachineMinutesTest {
    private static final long T0 = 1_764_000_000_000L; // a minute boundary
    private static final OutputTag<FloorEvent> LATE =
            new OutputTag<>("late", org.apache.flink.api.common.typeinfo.TypeInformation.of(FloorEvent.class));
    private KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, MachineMinute> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new EntityMinutes<>(
                        "machine-open-minutes",
                        MachineMinuteAggregation.Acc.class,
                        new MachineMinuteAggregation.Sum(120_000L),
                        Duration.ofSeconds(90),
                        LATE)),
                e -> e.entityId,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static FloorEvent play(String id, long at, long wagerCents) {
        FloorEvent e = new FloorEvent();
        e.source = Source.SLOT;
        e.eventType = "GAME_PLAYED";
        e.eventId = id;
        e.entityId = e.machineId = "SM-1";
        e.eventTime = at;
        e.wagerCents = wagerCents;
        e.floorSection = "A";
        return e;
    }

    private void push(FloorEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.eventTime));
    }

    private List<String> rows() {
        ConcurrentLinkedQueue<Object> out = harness.getOutput();
        return out.stream()
                .filter(o -> o instanceof StreamRecord<?>)
                .map(o -> (MachineMinute) ((StreamRecord<?>) o).getValue())
                .map(m -> (m.windowStart - T0) / 60_000 + ":" + m.spins + "/" + m.coinInCents + "/v" + m.version)
                .toList();
    }

    @Test
    void aMinuteIsEmittedWhenFloorTimePassesItThenUpdatedByLateEventsWithinTheLateness() throws Exception {
        push(play("a", T0 + 1_000, 100));
        push(play("b", T0 + 59_999, 200));
        push(play("c", T0 + 60_000, 300)); // the next minute
        harness.processWatermark(new Watermark(T0 + 59_998));
        assertEquals(List.of(), rows(), "not before floor time passes the minute's last moment");
        harness.processWatermark(new Watermark(T0 + 59_999));
        assertEquals(List.of("0:2/300/v1"), rows());

        push(play("late", T0 + 30_000, 50)); // within the 90 s lateness: the row again, one version up
        assertEquals(List.of("0:2/300/v1", "0:3/350/v2"), rows());

        harness.processWatermark(new Watermark(T0 + 59_999 + 90_000)); // minute 0 closed for good, minute 1 emitted
        push(play("too-late", T0 + 2_000, 70));
        assertEquals(List.of("0:2/300/v1", "0:3/350/v2", "1:1/300/v1"), rows());
        assertEquals(1, harness.getSideOutput(LATE).size(), "the event after the lateness goes to the late output");
        assertEquals(1, harness.numKeyedStateEntries(), "minute 0 forgotten, minute 1 kept for its own lateness");

        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertEquals(0, harness.numKeyedStateEntries(), "nothing kept after the end of input");
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aLateEventOpeningAMinuteIsEmittedOnceAtOnce() throws Exception {
        harness.processWatermark(new Watermark(T0 + 100_000));
        push(play("x", T0 + 5_000, 100)); // minute 0 ended at T0+59,999, within the lateness
        assertEquals(List.of("0:1/100/v1"), rows());
        harness.processWatermark(new Watermark(T0 + 120_000));
        assertEquals(List.of("0:1/100/v1"), rows(), "its past-due timer does not emit it again");
    }

    @Test
    void theEndOfABoundedInputClosesEveryOpenMinute() throws Exception {
        push(play("a", T0 + 1_000, 100));
        push(play("b", T0 + 125_000, 100));
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertEquals(List.of("0:1/100/v1", "2:1/100/v1"), rows());
        assertEquals(0, harness.numKeyedStateEntries());
    }
    /** table_minute runs on the same function: the table's sums, its row and its versions. */
    @Test
    void aTableMinuteHasTheSameSemantics() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, TableMinute> tables =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EntityMinutes<>(
                                "table-open-minutes",
                                TableMinute.class,
                                new TableMinuteAggregation.Sum(),
                                Duration.ofSeconds(90),
                                LATE)),
                        e -> e.entityId,
                        Types.STRING)) {
            tables.open();
            for (String[] bet : new String[][] {{"BUY_IN", "1000"}, {"BET", "0"}, {"PAYOUT", "300"}}) {
                FloorEvent e = new FloorEvent();
                e.source = Source.TABLE;
                e.eventType = bet[0];
                e.eventId = bet[0];
                e.entityId = e.tableId = "BJ-1";
                e.gameType = "BLACKJACK";
                e.eventTime = T0 + 10_000;
                e.amountCents = Long.parseLong(bet[1]);
                tables.processElement(new StreamRecord<>(e, e.eventTime));
            }
            tables.processWatermark(new Watermark(T0 + 59_999));
            FloorEvent late = new FloorEvent();
            late.source = Source.TABLE;
            late.eventType = "FILL";
            late.eventId = "fill";
            late.entityId = late.tableId = "BJ-1";
            late.eventTime = T0 + 20_000;
            late.amountCents = 5_000L;
            tables.processElement(new StreamRecord<>(late, late.eventTime)); // within the lateness: version 2
            List<String> rows = tables.getOutput().stream()
                    .filter(o -> o instanceof StreamRecord<?>)
                    .map(o -> (TableMinute) ((StreamRecord<?>) o).getValue())
                    .map(t -> t.tableId + " " + t.gameType + " " + t.dropCents + "/" + t.payoutsCents + "/"
                            + t.fillsCents + "/" + t.bets + " v" + t.version)
                    .toList();
            assertEquals(List.of("BJ-1 BLACKJACK 1000/300/0/1 v1", "BJ-1 BLACKJACK 1000/300/5000/1 v2"), rows);
        }
    }
}
