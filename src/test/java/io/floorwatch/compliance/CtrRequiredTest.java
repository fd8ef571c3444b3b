package io.floorwatch.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlUpdate;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.GamingDay;
import io.floorwatch.event.LateEvents;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CTR_REQUIRED operator tests: 31 CFR 1021.311 (reportable cash over $10,000), 1021.313 (aggregation). */
class CtrRequiredTest extends ComplianceTestSupport {
    private static final GamingDay LA_DAY = new GamingDay(ZoneId.of("America/Los_Angeles"), LocalTime.of(6, 0));
    private KeyedBroadcastOperatorTestHarness<String, FloorEvent, ControlUpdate, Alert> h;

    @BeforeEach
    void open() throws Exception {
        h = ledger(null);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    /** Floor time as the harness last saw it (the watermark only moves forward). */
    private long watermark = Long.MIN_VALUE;

    /** The events in the given order, then the watermark up to the latest of them (CTR counts at the watermark). */
    private void push(FloorEvent... events) throws Exception {
        long max = Long.MIN_VALUE;
        for (FloorEvent e : events) {
            h.processElement(new StreamRecord<>(e, e.eventTime));
            max = Math.max(max, e.eventTime);
        }
        advance(max);
    }

    private void advance(long to) throws Exception {
        if (to <= watermark) return;
        watermark = to;
        h.watermark(to);
    }

    /** The CTR_REQUIRED alerts (CTR_APPROACHING, from the same function, is Title31LedgerTest's). */
    private List<Alert> out() {
        return h.extractOutputValues().stream()
                .filter(a -> a.rule.equals(Rules.CTR_REQUIRED))
                .toList();
    }

    private static long min(int minutes) {
        return plus(DAY_START, Duration.ofMinutes(minutes));
    }

    @Test
    @DisplayName("31 CFR 1021.311: cash in totalling $9,999.99 in a gaming day does not fire")
    void belowThreshold() throws Exception {
        push(cashIn("P-1", "5000.00", min(10)), cashIn("P-1", "4999.99", min(20)));
        assertTrue(out().isEmpty());
    }

    @Test
    @DisplayName("31 CFR 1021.311: exactly $10,000.00 is not 'more than $10,000' and does not fire")
    void exactlyThreshold() throws Exception {
        push(cashIn("P-1", "5000.00", min(10)), cashIn("P-1", "5000.00", min(20)));
        assertTrue(out().isEmpty());
    }

    @Test
    @DisplayName("31 CFR 1021.311/.313: $10,000.01 aggregated over the day fires on the crossing transaction")
    void aboveThresholdFires() throws Exception {
        FloorEvent crossing = cashIn("P-17", "5000.01", min(20));
        crossing.ingestTime = 777;
        push(cashIn("P-17", "5000.00", min(10)), crossing);
        List<Alert> out = out();
        assertEquals(1, out.size());
        Alert a = out.get(0);
        assertEquals(Rules.CTR_REQUIRED, a.rule);
        assertEquals(Severity.HIGH, a.severity);
        assertEquals(Rules.PLAYER, a.entityType);
        assertEquals("P-17", a.entityId);
        assertEquals(crossing.eventTime, a.eventTime);
        assertEquals(cents("10000.01"), a.amountCents);
        assertEquals(Alert.idOf(Rules.CTR_REQUIRED, "P-17", "2026-11-22/CASH_IN"), a.alertId);
        assertEquals("CTR required: P-17 cash in $10,000.01 on gaming day 2026-11-22", a.summary);
        assertEquals("File FinCEN Form 112 (CTR) within 15 days, by 2026-12-07", a.action);
        assertEquals(777, a.triggerIngestTime);
        assertTrue(a.details.contains("\"crossing_event_id\":\"" + crossing.eventId + "\""), a.details);
        assertTrue(a.details.contains("\"transactions\":2"), a.details);
    }

    @Test
    @DisplayName("31 CFR 1021.313: cash in and cash out aggregate separately ($9,000 in + $9,000 out does not fire)")
    void directionsSeparate() throws Exception {
        push(cashIn("P-1", "9000.00", min(10)), cashOut("P-1", "9000.00", min(20)));
        assertTrue(out().isEmpty());
        push(cashOut("P-1", "1000.01", min(30)));
        List<Alert> out = out();
        assertEquals(1, out.size());
        assertEquals(cents("10000.01"), out.get(0).amountCents);
        assertTrue(out.get(0).summary.contains("cash out $10,000.01"), out.get(0).summary);
        assertEquals(Alert.idOf(Rules.CTR_REQUIRED, "P-1", "2026-11-22/CASH_OUT"), out.get(0).alertId);
    }

    @Test
    @DisplayName("31 CFR 1021.313: table BUY_IN in CASH counts as cash in, CHIPS does not")
    void tableBuyInCounts() throws Exception {
        push(buyIn("BJ-1", "P-5", "CHIPS", "9000.00", min(5)));
        push(buyIn("BJ-1", "P-5", "CASH", "6000.00", min(10)), cashIn("P-5", "4000.00", min(20)));
        assertTrue(out().isEmpty(), "chips must not count: $10,000.00 cash is not over");
        push(buyIn("BJ-2", "P-5", "CASH", "0.01", min(30)));
        assertEquals(1, out().size());
        assertEquals(cents("10000.01"), out().get(0).amountCents);
    }

    @Test
    @DisplayName("31 CFR 1021.313: the gaming day ends at 06:00 local (05:59 and 06:00 are different days)")
    void gamingDayBoundary() throws Exception {
        long at0559 = at("2026-11-22T13:59:00Z"); // 05:59 PST: gaming day 2026-11-21
        long at0600 = at("2026-11-22T14:00:00Z"); // 06:00 PST: gaming day 2026-11-22
        push(cashIn("P-1", "6000.00", at0559), cashIn("P-1", "6000.00", at0600));
        assertTrue(out().isEmpty());
        push(cashIn("P-2", "6000.00", at0559 - 60_000), cashIn("P-2", "6000.00", at0559));
        assertEquals(1, out().size());
        assertEquals("CTR required: P-2 cash in $12,000.00 on gaming day 2026-11-21", out().get(0).summary);
    }

    @Test
    @DisplayName(
            "31 CFR 1021.313: on the 25-hour DST gaming day 05:30 PST still belongs to the day that began 06:00 PDT")
    void dstFallBack() throws Exception {
        push(
                cashIn("P-1", "6000.00", at("2026-10-31T13:05:00Z")), // 06:05 PDT Oct 31
                cashIn("P-1", "6000.00", at("2026-11-01T13:30:00Z"))); // 05:30 PST Nov 1: same gaming day
        assertEquals(1, out().size());
        assertTrue(out().get(0).summary.endsWith("on gaming day 2026-10-31"), out().get(0).summary);
    }

    @Test
    @DisplayName("31 CFR 1021.311: fires once per player, gaming day and direction; the next day counts afresh")
    void oncePerDayAndDirection() throws Exception {
        push(
                cashIn("P-1", "9000.00", min(1)),
                cashIn("P-1", "2000.00", min(2)),
                cashIn("P-1", "5000.00", min(3)),
                cashIn("P-1", "9000.00", min(4)));
        assertEquals(1, out().size());
        push(cashIn("P-1", "10000.01", min(24 * 60 + 1))); // next gaming day
        assertEquals(2, out().size());
        assertTrue(out().get(1).summary.endsWith("2026-11-23"));
        push(cashIn("P-2", "10000.01", min(5))); // another player, same day
        assertEquals(3, out().size());
    }

    @Test
    @DisplayName(
            "SPEC 8.1: a lowered threshold fires at the player's next cash transaction in that direction, never for "
                    + "what was counted; it survives a restore")
    void aLoweredThresholdFiresAtTheNextTransaction() throws Exception {
        push(cashIn("P-1", "6000.00", min(10)), cashOut("P-1", "6000.00", min(11)));
        // (warn-at first: it must stay below the threshold)
        h.processBroadcastElement(ControlUpdate.setting(Options.CTR_WARN_AT.key(), "4000", 1), min(12));
        h.processBroadcastElement(ControlUpdate.setting(Options.CTR_THRESHOLD.key(), "5000", 2), min(12));
        advance(min(12));
        assertTrue(out().isEmpty(), "no alert for what was already counted: " + out());
        FloorEvent next = cashIn("P-1", "100.00", min(13));
        push(next);
        assertEquals(1, out().size());
        assertEquals(next.eventTime, out().get(0).eventTime);
        assertEquals(cents("6100.00"), out().get(0).amountCents);
        assertTrue(out().get(0).details.contains("\"threshold\":5000.00"), out().get(0).details);

        var snapshot = h.snapshot(1, min(14));
        h.close();
        h = ledger(snapshot); // a new run's start values (the configured $10,000) do not replace the checkpoint's
        h.watermark(watermark);
        push(cashOut("P-1", "100.00", min(15)));
        assertEquals(1, out().size());
        assertEquals(Alert.idOf(Rules.CTR_REQUIRED, "P-1", "2026-11-22/CASH_OUT"), out().get(0).alertId);
    }

    @Test
    @DisplayName("31 CFR 1021.313: a day's totals and timer are dropped after the gaming day + grace")
    void stateCleaned() throws Exception {
        push(cashIn("P-1", "6000.00", min(10)), cashOut("P-1", "100.00", min(11)), cashIn("P-2", "100.00", min(12)));
        assertTrue(keyedStateEntries(h) > 0);
        assertEquals(2, h.numEventTimeTimers()); // one per player and day
        long dayEnd = LA_DAY.endOf(java.time.LocalDate.parse("2026-11-22"));
        advance(dayEnd + CtrRequired.STATE_GRACE.toMillis() - 1);
        assertEquals(2, h.numEventTimeTimers());
        advance(dayEnd + CtrRequired.STATE_GRACE.toMillis());
        assertEquals(0, h.numEventTimeTimers());
        assertEquals(0, keyedStateEntries(h));
    }

    @Test
    @DisplayName(
            "31 CFR 1021.313: a late transaction still counts while its day is kept; after that it goes to late events")
    void lateTransactions() throws Exception {
        push(cashIn("P-1", "6000.00", min(10)));
        advance(min(600));
        push(cashIn("P-1", "6000.00", min(20))); // behind the watermark, its day still open: counted at once
        assertEquals(1, out().size());

        long dayEnd = LA_DAY.endOf(java.time.LocalDate.parse("2026-11-22"));
        advance(dayEnd + CtrRequired.STATE_GRACE.toMillis());
        FloorEvent tooLate = cashIn("P-9", "20000.00", min(30));
        push(tooLate);
        assertEquals(1, out().size(), "a day already dropped must not fire on a partial total");
        assertEquals(
                List.of(tooLate),
                h.getSideOutput(LateEvents.TAG).stream()
                        .map(StreamRecord::getValue)
                        .toList());
        assertEquals(0, keyedStateEntries(h));
    }

    @Test
    @DisplayName(
            "31 CFR 1021.311: after a restore from a snapshot the day's total and fired flag survive (no second CTR)")
    void survivesRestore() throws Exception {
        push(cashIn("P-1", "10000.01", min(10)));
        var snapshot = h.snapshot(1, min(11));
        h.close();
        // A fresh operator restored from the snapshot.
        h = ledger(snapshot);
        h.watermark(watermark);
        push(cashIn("P-1", "500.00", min(20)), cashOut("P-1", "9000.00", min(21)));
        assertTrue(out().isEmpty(), out().toString());
        push(cashOut("P-1", "1000.01", min(22)));
        assertEquals(1, out().size());
        assertEquals(1, h.numEventTimeTimers(), "the cleanup timer is restored too");
    }

    @Test
    @DisplayName("SPEC §5: a transaction is held until the watermark passes it, then counted in event-time order")
    void waitsForTheWatermark() throws Exception {
        FloorEvent later = buyIn("BJ-1", "P-1", "CASH", "5000.00", min(10) + 3_000); // table topic, arrives first
        FloorEvent earlier = cashIn("P-1", "6000.00", min(10)); // cage topic, arrives second
        h.processElement(new StreamRecord<>(later, later.eventTime));
        h.processElement(new StreamRecord<>(earlier, earlier.eventTime));
        assertTrue(out().isEmpty(), "nothing is judged before the watermark");
        assertEquals(3, h.numEventTimeTimers(), "a timer per held transaction, plus the day's cleanup");
        advance(min(10) + 2_999);
        assertTrue(out().isEmpty(), "only the earlier transaction was counted: $6,000.00");
        advance(min(10) + 3_000);
        assertEquals(1, out().size());
        Alert a = out().get(0);
        assertEquals(later.eventTime, a.eventTime);
        assertEquals(cents("11000.00"), a.amountCents);
        assertTrue(a.details.contains("\"crossing_event_id\":\"" + later.eventId + "\""), a.details);
        assertTrue(a.details.contains("\"crossing_source\":\"table\""), a.details);
        assertEquals(List.of(earlier.eventId, later.eventId), counted());
    }

    @Test
    @DisplayName("SPEC §5: transactions at the same instant are counted in event_id order")
    void tiesByEventId() throws Exception {
        FloorEvent b = cashIn("P-1", "2000.00", min(10));
        b.eventId = "tx-b";
        FloorEvent a = buyIn("BJ-1", "P-1", "CASH", "2000.00", min(10));
        a.eventId = "tx-a";
        push(cashIn("P-1", "9000.00", min(1)));
        push(b, a);
        assertEquals(1, out().size());
        assertTrue(out().get(0).details.contains("\"crossing_event_id\":\"tx-a\""), out().get(0).details);
        assertEquals(cents("11000.00"), out().get(0).amountCents);
    }

    @Test
    @DisplayName("SPEC §4: a cash transaction re-sent after the dedup window counts once (pending or counted)")
    void resentCountsOnce() throws Exception {
        FloorEvent tx = cashIn("P-1", "6000.00", min(10));
        h.processElement(new StreamRecord<>(tx, tx.eventTime));
        h.processElement(new StreamRecord<>(tx, tx.eventTime)); // while the first is still held
        advance(min(30));
        push(tx); // after it was counted (behind the watermark)
        assertTrue(out().isEmpty(), out().toString());
        assertEquals(List.of(tx.eventId), counted());
        push(cashIn("P-1", "4000.01", min(40)));
        assertEquals(cents("10000.01"), out().get(0).amountCents);
        assertTrue(out().get(0).details.contains("\"transactions\":2"), out().get(0).details);
    }

    private List<String> counted() {
        var side = h.getSideOutput(CtrRequired.COUNTED);
        return side == null
                ? List.of()
                : side.stream().map(r -> r.getValue().eventId).toList();
    }
}
