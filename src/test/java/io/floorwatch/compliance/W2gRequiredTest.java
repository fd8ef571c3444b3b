package io.floorwatch.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** W2G_REQUIRED: 26 CFR 7.6041-1 slot winnings threshold ($1,200; $2,000 from 2026-01-01). */
class W2gRequiredTest extends ComplianceTestSupport {
    private static final long IN_2025 = at("2025-11-22T20:00:00Z");
    private static final long IN_2026 = at("2026-11-22T20:00:00Z");

    private static List<Alert> run(FloorWatchConfig cfg, FloorEvent... events) throws Exception {
        W2gRequired.W2gFunction fn =
                new W2gRequired.W2gFunction(cfg.get(Options.W2G_THRESHOLDS), cfg.get(Options.CASINO_TIMEZONE));
        try (OneInputStreamOperatorTestHarness<FloorEvent, Alert> h =
                ProcessFunctionTestHarnesses.forProcessFunction(fn)) {
            for (FloorEvent e : events) h.processElement(new StreamRecord<>(e, e.eventTime));
            return h.extractOutputValues();
        }
    }

    private static List<Alert> run(FloorEvent... events) throws Exception {
        return run(config(), events);
    }

    @Test
    @DisplayName("26 CFR 7.6041-1 (2025): $1,199.99 does not require a W-2G, $1,200.00 does")
    void threshold2025() throws Exception {
        assertTrue(run(jackpot("SM-1", "1199.99", IN_2025)).isEmpty());
        FloorEvent jp = jackpot("SM-0042", "1200.00", IN_2025);
        jp.ingestTime = 99;
        List<Alert> out = run(jp);
        assertEquals(1, out.size());
        Alert a = out.get(0);
        assertEquals(Rules.W2G_REQUIRED, a.rule);
        assertEquals(Severity.MEDIUM, a.severity);
        assertEquals(Rules.MACHINE, a.entityType);
        assertEquals("SM-0042", a.entityId);
        assertEquals(cents("1200.00"), a.amountCents);
        assertEquals(jp.eventTime, a.eventTime);
        assertEquals(99, a.triggerIngestTime);
        assertEquals(Alert.idOf(Rules.W2G_REQUIRED, "SM-0042", jp.eventId), a.alertId);
        assertEquals(
                "W-2G required: $1,200.00 paid on SM-0042 (section B) (threshold $1,200.00 on 2025-11-22)", a.summary);
    }

    @Test
    @DisplayName("26 CFR 7.6041-1 as amended (OBBBA, 2026): $1,999.99 does not require a W-2G, $2,000.00 does")
    void threshold2026() throws Exception {
        assertTrue(run(jackpot("SM-1", "1200.00", IN_2026), jackpot("SM-1", "1999.99", IN_2026))
                .isEmpty());
        List<Alert> out = run(jackpot("SM-1", "2000.00", IN_2026));
        assertEquals(1, out.size());
        assertTrue(out.get(0).summary.contains("threshold $2,000.00 on 2026-11-22"), out.get(0).summary);
    }

    @Test
    @DisplayName("26 CFR 7.6041-1: any slot event's payout counts, not only JACKPOT; other streams never")
    void anySlotPayout() throws Exception {
        FloorEvent game = slot("GAME_PLAYED", "SM-2", "2500.00", IN_2026);
        FloorEvent cage = cashOut("P-1", "5000.00", IN_2026);
        cage.payoutCents = cents("5000.00");
        List<Alert> out = run(game, cage, slot("GAME_PLAYED", "SM-3", null, IN_2026));
        assertEquals(1, out.size());
        assertEquals("SM-2", out.get(0).entityId);
    }

    @Test
    @DisplayName("A payout of 0 owes no W-2G, even with a threshold of 0; the smallest payout above it does")
    void zeroPayoutNeverOwes() throws Exception {
        FloorWatchConfig zero = config("rules.w2g.thresholds", "2020-01-01=0");
        assertTrue(run(zero, slot("GAME_PLAYED", "SM-1", "0.00", IN_2026)).isEmpty());
        assertEquals(1, run(zero, slot("GAME_PLAYED", "SM-1", "0.01", IN_2026)).size());
    }

    @Test
    @DisplayName("26 CFR 7.6041-1: the date paid is the local date (2026-01-01T07:59Z is still 2025 in Los Angeles)")
    void localDateAtNewYear() throws Exception {
        // 23:59 PST on Dec 31, 2025: the $1,200 threshold still applies.
        assertEquals(
                1, run(jackpot("SM-1", "1500.00", at("2026-01-01T07:59:00Z"))).size());
        // 00:00 PST on Jan 1, 2026: $2,000 applies.
        assertTrue(run(jackpot("SM-1", "1500.00", at("2026-01-01T08:00:00Z"))).isEmpty());
        assertEquals(
                1, run(jackpot("SM-1", "2000.00", at("2026-01-01T08:00:00Z"))).size());
    }

    @Test
    @DisplayName("26 CFR 7.6041-1: a dated threshold table from configuration; the latest entry holds")
    void customTable() throws Exception {
        FloorWatchConfig cfg = config(
                "rules.w2g.thresholds", "2020-01-01=1200,2026-01-01=2000,2027-01-01=2100.50",
                "casino.timezone", "America/New_York");
        assertTrue(
                run(cfg, jackpot("SM-1", "1199.99", at("2019-06-01T12:00:00Z"))).isEmpty(), "before the table: none");
        assertEquals(
                1,
                run(cfg, jackpot("SM-1", "1200.00", at("2021-06-01T12:00:00Z"))).size());
        assertTrue(
                run(cfg, jackpot("SM-1", "2100.49", at("2030-06-01T12:00:00Z"))).isEmpty());
        List<Alert> out = run(cfg, jackpot("SM-1", "2100.50", at("2030-06-01T12:00:00Z")));
        assertEquals(1, out.size());
        // 2027-01-01T04:59Z is still Dec 31 in New York: the 2026 entry applies.
        assertEquals(
                1,
                run(cfg, jackpot("SM-1", "2050.00", at("2027-01-01T04:59:00Z"))).size());
        assertTrue(
                run(cfg, jackpot("SM-1", "2050.00", at("2027-01-01T05:00:00Z"))).isEmpty());
    }
}
