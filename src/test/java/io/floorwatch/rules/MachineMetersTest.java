package io.floorwatch.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Meters;
import io.floorwatch.floor.MachineMeterDelta;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** SPEC 8.5 meters: deltas with rollover and reset, METER_RESET, METER_VARIANCE, in event-time order at the watermark. */
class MachineMetersTest extends RuleTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    static KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, Alert> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MachineMeters()), (FloorEvent e) -> e.entityId, Types.STRING);
        h.open();
        return h;
    }

    static FloorEvent snapshot(
            String id,
            String machine,
            long time,
            long coinIn,
            long coinOut,
            long jackpot,
            long bills,
            long games,
            int digits) {
        FloorEvent e = slot(id, machine, FloorEvent.METERS, time);
        e.meters = new Meters(coinIn, coinOut, jackpot, bills, games, digits);
        return e;
    }

    static FloorEvent snapshot(String id, long time, long coinIn) {
        return snapshot(id, "M1", time, coinIn, 0, 0, 0, 0, 10);
    }

    static FloorEvent wager(String id, long time, long cents) {
        FloorEvent e = slot(id, "M1", "GAME_PLAYED", time);
        e.wagerCents = cents;
        return e;
    }

    static void in(KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, Alert> h, FloorEvent e) throws Exception {
        h.processElement(e, e.eventTime);
    }

    static List<MachineMeterDelta> deltas(KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, Alert> h) {
        List<MachineMeterDelta> out = new ArrayList<>();
        var q = h.getSideOutput(MachineMeters.DELTAS);
        if (q != null) for (StreamRecord<MachineMeterDelta> r : q) out.add(r.getValue());
        return out;
    }

    static List<FloorEvent> late(KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, Alert> h) {
        List<FloorEvent> out = new ArrayList<>();
        var q = h.getSideOutput(LateEvents.TAG);
        if (q != null) for (StreamRecord<FloorEvent> r : q) out.add(r.getValue());
        return out;
    }

    static List<Alert> alerts(KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, Alert> h, String rule) {
        return all(h).stream().filter(a -> a.rule.equals(rule)).toList();
    }

    /** METER_RESET as emitted, then METER_VARIANCE as {@link MeterVariance} judges the comparisons with the defaults. */
    static List<Alert> all(KeyedOneInputStreamOperatorTestHarness<String, FloorEvent, Alert> h) {
        List<Alert> out = new ArrayList<>(h.extractOutputValues());
        var q = h.getSideOutput(MachineMeters.COMPARISONS);
        if (q == null) return out;
        for (StreamRecord<MeterVariance.Comparison> r : q) {
            Alert a = MeterVariance.judge(r.getValue(), 100_00, new BigDecimal("0.02"));
            if (a != null) out.add(a);
        }
        return out;
    }

    @Test
    void baseGivesNothingThenDeltasPerMinuteWhenTheWatermarkPassesIt() throws Exception {
        try (var h = harness()) {
            in(h, snapshot("s1", "M1", T0 + sec(10), 1_000_00, 500_00, 0, 2_000_00, 100, 10));
            in(h, wager("w1", T0 + sec(20), 5_00));
            in(h, snapshot("s2", "M1", T0 + sec(30), 1_005_00, 502_00, 0, 2_000_00, 101, 10));
            in(h, wager("w2", T0 + sec(40), 3_00));
            in(h, snapshot("s3", "M1", T0 + sec(50), 1_008_00, 502_00, 0, 2_020_00, 102, 10));
            h.processWatermark(T0 + sec(50));
            assertEquals(List.of(), deltas(h), "the minute is not over");
            h.processWatermark(T0 + min(1));
            List<MachineMeterDelta> rows = deltas(h);
            assertEquals(1, rows.size(), rows.toString());
            MachineMeterDelta r = rows.get(0);
            assertEquals(T0, r.windowStart);
            assertEquals("M1", r.machineId);
            assertEquals("B", r.floorSection);
            assertEquals(8_00, r.coinInCents);
            assertEquals(2_00, r.coinOutCents);
            assertEquals(0, r.jackpotCents);
            assertEquals(20_00, r.billsInCents);
            assertEquals(2, r.gamesPlayed);
            assertEquals(2, r.snapshots, "the base gives no deltas");
            assertEquals(0, r.rollovers + r.resets);
            assertEquals(List.of(), all(h), "meters match the events");
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(1, h.numKeyedStateEntries(), "only the last snapshot remains");
        }
    }

    @Test
    void rolloverFromExactlyNineTenthsOfTheRangeAndResetJustBelowIt() throws Exception {
        try (var h = harness()) {
            // 8 digits: 10^8 cents; 0.9 x 10^8 = 90,000,000 counts as a rollover, 89,999,999 does not
            in(h, snapshot("a", "M1", T0, 90_000_000, 89_999_999, 0, 0, 99_999_999, 8));
            in(h, snapshot("b", "M1", T0 + sec(5), 5, 7, 0, 0, 3, 8));
            h.processWatermark(T0 + min(1));
            MachineMeterDelta r = deltas(h).get(0);
            assertEquals(10_000_005, r.coinInCents, "5 + 10^8 - 90,000,000");
            assertEquals(0, r.coinOutCents, "a reset counts 0");
            assertEquals(4, r.gamesPlayed, "3 + 10^8 - 99,999,999");
            assertEquals(2, r.rollovers);
            assertEquals(1, r.resets);
            List<Alert> resets = alerts(h, Rules.METER_RESET);
            assertEquals(1, resets.size());
            Alert a = resets.get(0);
            assertEquals(Severity.HIGH, a.severity);
            assertEquals(Rules.MACHINE, a.entityType);
            assertEquals("M1", a.entityId);
            assertEquals(Alert.idOf(Rules.METER_RESET, "M1", "a|b"), a.alertId);
            assertEquals(T0 + sec(5), a.eventTime);
            assertNull(a.amountCents);
            JsonNode d = JSON.readTree(a.details);
            assertEquals(
                    89_999_999,
                    d.path("reset_counters").path("coin_out").path("old").asLong());
            assertEquals(
                    7, d.path("reset_counters").path("coin_out").path("new").asLong());
            assertEquals(1, d.path("reset_counters").size());
            // coin in rolled over (not reset): compared, and $100,000.05 of meter against no events is a variance
            assertEquals(1, alerts(h, Rules.METER_VARIANCE).size());
        }
    }

    @Test
    void aResetTakesTheNewValuesAsBaseAndCoinInResetSkipsTheVariance() throws Exception {
        try (var h = harness()) {
            in(h, snapshot("a", "M1", T0, 5_000_000_00L, 4_000_000_00L, 10_000_00, 300_000_00, 5_000, 10));
            in(h, snapshot("b", "M1", T0 + min(3), 12_00, 0, 0, 0, 6, 10)); // RAM clear: everything restarts
            in(h, wager("w", T0 + min(4), 8_00));
            in(h, snapshot("c", "M1", T0 + min(5), 20_00, 3_00, 0, 5_00, 8, 10));
            h.processWatermark(T0 + min(6));
            List<Alert> resets = alerts(h, Rules.METER_RESET);
            assertEquals(1, resets.size());
            assertEquals(
                    5,
                    JSON.readTree(resets.get(0).details).path("reset_counters").size(),
                    "every counter went down");
            assertEquals(List.of(), alerts(h, Rules.METER_VARIANCE), "coin in reset: no comparison; then 8.00 = 8.00");
            List<MachineMeterDelta> rows = deltas(h);
            assertEquals(2, rows.size());
            assertEquals(T0 + min(3), rows.get(0).windowStart);
            assertEquals(0, rows.get(0).coinInCents + rows.get(0).coinOutCents + rows.get(0).gamesPlayed);
            assertEquals(5, rows.get(0).resets);
            MachineMeterDelta after = rows.get(1);
            assertEquals(T0 + min(5), after.windowStart);
            assertEquals(8_00, after.coinInCents, "from the new base 12.00 to 20.00");
            assertEquals(3_00, after.coinOutCents);
            assertEquals(5_00, after.billsInCents);
            assertEquals(2, after.gamesPlayed);
            assertEquals(0, after.resets);
        }
    }

    @Test
    void outOfOrderSnapshotsAreTakenInEventTimeOrderAndOneOlderThanTheBaseIsIgnored() throws Exception {
        try (var h = harness()) {
            in(h, snapshot("s2", T0 + sec(30), 2_000_00));
            in(h, snapshot("s1", T0 + sec(27), 1_000_00)); // 3 s older, within the bound: it is the base
            in(h, wager("w", T0 + sec(28), 1_000_00));
            h.processWatermark(T0 + sec(40));
            in(h, snapshot("s0", T0 + sec(10), 500_00)); // behind the watermark and older than the base: ignored
            in(h, snapshot("s3", T0 + sec(50), 2_500_00));
            in(h, wager("w3", T0 + sec(45), 500_00));
            h.processWatermark(T0 + min(1));
            assertEquals(List.of(), all(h), "1000 = 1000 and 500 = 500");
            List<MachineMeterDelta> rows = deltas(h);
            assertEquals(1, rows.size());
            assertEquals(1_500_00, rows.get(0).coinInCents);
            assertEquals(2, rows.get(0).snapshots);
            assertEquals(List.of("s0"), late(h).stream().map(e -> e.eventId).toList());
        }
    }

    @Test
    void tiesAreTakenByEventId() throws Exception {
        try (var h = harness()) {
            in(h, snapshot("b", T0 + sec(1), 300_00));
            in(h, snapshot("a", T0 + sec(1), 100_00));
            in(h, snapshot("c", T0 + sec(2), 300_00));
            h.processWatermark(T0 + min(1));
            // a is the base, then b (+200) then c (+0): wagers 0, so b's 200 is a variance, evidence a|b
            List<Alert> v = alerts(h, Rules.METER_VARIANCE);
            assertEquals(1, v.size());
            assertEquals(Alert.idOf(Rules.METER_VARIANCE, "M1", "a|b"), v.get(0).alertId);
        }
    }

    /** Meter delta {@code meter}, event wagers {@code events}: fires? */
    static List<Alert> variance(long meter, long events) throws Exception {
        try (var h = harness()) {
            in(h, snapshot("p", T0, 10_000_000));
            in(h, wager("w", T0 + sec(10), events));
            in(h, snapshot("q", T0 + min(3), 10_000_000 + meter));
            h.processWatermark(T0 + min(4));
            return alerts(h, Rules.METER_VARIANCE);
        }
    }

    @Test
    void varianceJustInsideAndJustOutsideTheMinimumAmount() throws Exception {
        // delta $1,000: 2 % is $20, so the bound is $100
        assertEquals(List.of(), variance(1_000_00, 900_00)); // differ by exactly $100: not more
        assertEquals(List.of(), variance(1_000_00, 1_100_00)); // the other way
        List<Alert> fired = variance(1_000_00, 899_99); // $100.01
        assertEquals(1, fired.size());
        Alert a = fired.get(0);
        assertEquals(Severity.HIGH, a.severity);
        assertEquals(100_01L, a.amountCents);
        assertEquals(T0 + min(3), a.eventTime);
        assertEquals(Alert.idOf(Rules.METER_VARIANCE, "M1", "p|q"), a.alertId);
        assertTrue(a.details.contains("\"meter_delta\":1000.00,\"event_sum\":899.99,\"difference\":100.01"), a.details);
        List<Alert> negative = variance(1_000_00, 1_100_01);
        assertEquals(1, negative.size());
        assertTrue(negative.get(0).details.contains("\"difference\":-100.01"), negative.get(0).details);
    }

    @Test
    void varianceJustInsideAndJustOutsideTheRatio() throws Exception {
        // delta $10,000: 2 % is $200 > $100
        assertEquals(List.of(), variance(10_000_00, 9_800_00));
        assertEquals(List.of(), variance(10_000_00, 10_200_00));
        assertEquals(1, variance(10_000_00, 9_799_99).size());
        assertEquals(1, variance(10_000_00, 10_200_01).size());
        assertEquals(20_001L, variance(10_000_00, 10_200_01).get(0).amountCents);
    }

    @Test
    void lateEventsWithinTheBoundCountAndLaterOnesInTheNextIntervalDoNot() throws Exception {
        try (var h = harness()) {
            in(h, snapshot("p", T0, 0));
            in(h, wager("w1", T0 + sec(20), 400_00));
            in(h, snapshot("q", T0 + sec(60), 1_000_00));
            in(h, wager("after", T0 + sec(63), 50_00)); // after q: the next interval
            in(h, wager("w2", T0 + sec(58), 600_00)); // arrives after q, 2 s older than it: counts for q
            h.processWatermark(T0 + sec(59)); // (at 59 s nothing is due yet)
            in(h, wager("w3", T0 + sec(60), 1)); // at q's time, before the watermark passes it: counts
            h.processWatermark(T0 + sec(61));
            assertEquals(List.of(), all(h), "meter 1000.00 vs events 1000.01 (w1, w2, w3): inside the bound");
            in(h, wager("tooLate", T0 + sec(59), 999_00)); // behind the watermark, q compared already: dropped
            in(h, snapshot("r", T0 + sec(120), 1_050_00));
            h.processWatermark(T0 + min(3));
            assertEquals(List.of(), all(h), "r: 50.00 vs 50.00");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void waitingWagersStayInTimeOrderOnePairPerInstant() {
        MachineMeters.Machine m = new MachineMeters.Machine();
        MachineMeters.addWager(m, 20, 1);
        MachineMeters.addWager(m, 10, 2);
        MachineMeters.addWager(m, 30, 3);
        MachineMeters.addWager(m, 20, 4);
        MachineMeters.addWager(m, 15, 5);
        assertArrayEquals(new long[] {10, 2, 15, 5, 20, 5, 30, 3}, Arrays.copyOf(m.waiting, 2 * m.waitingPairs));
        assertEquals(2 + 5 + 5, MachineMeters.takeWagers(m, 20));
        assertArrayEquals(new long[] {30, 3}, Arrays.copyOf(m.waiting, 2 * m.waitingPairs));
        for (int t = 100; t < 200; t++) MachineMeters.addWager(m, t, 1);
        assertEquals(3 + 100, MachineMeters.takeWagers(m, 1_000));
        assertEquals(0, m.waitingPairs);
        assertTrue(m.waiting.length <= 16, "a machine whose wagers are settled gives its room back");
    }

    @Test
    void waitingWagersWrittenBeforeTheirCountWasKeptAreAllWaiting() {
        MachineMeters.Machine m = new MachineMeters.Machine();
        m.waiting = new long[] {10, 2, 20, 3}; // as restored from state written without waitingPairs
        MachineMeters.addWager(m, 30, 4);
        assertEquals(2 + 3, MachineMeters.takeWagers(m, 25));
        assertEquals(1, m.waitingPairs);
    }

    @Test
    void varianceSumsEverythingTheWatermarkPassedSinceThePreviousSnapshot() throws Exception {
        try (var h = harness()) {
            in(h, snapshot("p", T0, 0));
            for (int i = 1; i <= 30; i++) {
                in(h, wager("w" + i, T0 + min(i) - sec(1), 100_00)); // one $100 wager a minute for 30 minutes
                h.processWatermark(T0 + min(i) - sec(5));
            }
            in(
                    h,
                    wager(
                            "late",
                            T0 + min(10),
                            1_00)); // behind the watermark but after p: the interval is open, it counts
            in(h, snapshot("q", T0 + min(31), 3_000_00 + 1_00 + 500_00));
            h.processWatermark(T0 + min(32));
            List<Alert> v = alerts(h, Rules.METER_VARIANCE);
            assertEquals(1, v.size());
            assertEquals(500_00L, v.get(0).amountCents);
            assertTrue(
                    h.numKeyedStateEntries() <= 2, "the wagers were folded into one sum: " + h.numKeyedStateEntries());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void oneWatermarkPassingSeveralMinutesWritesOneRowPerMinute() throws Exception {
        try (var h = harness()) {
            in(h, snapshot("s0", T0 + sec(10), 0));
            in(h, wager("w1", T0 + sec(20), 1_00));
            in(h, snapshot("s1", T0 + sec(50), 1_00));
            in(h, snapshot("s2", T0 + sec(90), 1_00));
            in(h, wager("w3", T0 + sec(100), 2_00));
            in(h, snapshot("s3", T0 + sec(160), 3_00));
            h.processWatermark(T0 + min(3));
            List<MachineMeterDelta> rows = deltas(h);
            assertEquals(
                    List.of(T0, T0 + min(1), T0 + min(2)),
                    rows.stream().map(r -> r.windowStart).toList());
            assertEquals(
                    List.of(1_00L, 0L, 2_00L),
                    rows.stream().map(r -> r.coinInCents).toList());
            assertEquals(List.of(), all(h));
            assertEquals(0, h.numEventTimeTimers());
        }
    }
}
