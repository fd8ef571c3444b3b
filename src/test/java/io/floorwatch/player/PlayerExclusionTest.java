package io.floorwatch.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.event.FloorEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** EXCLUDED_PATRON and EXCLUDED_PATRON_PAYOUT (SPEC 8.3), and no offers while excluded (8.2). */
class PlayerExclusionTest extends PlayerTestSupport {
    private static final String[] OFFER = {
        "offers.fp.reward", "FREE_PLAY", "offers.fp.value", "20", "offers.fp.min-coin-in", "10"
    };

    @AfterEach
    void close() throws Exception {
        if (h != null) h.close();
    }

    @Test
    @DisplayName(
            "8.3: EXCLUDED_PATRON once per player and gaming day, at the day's earliest event in event time; no offer")
    void oncePerDayEarliestEvent() throws Exception {
        open(settings(OFFER), Map.of("P-X", "SELF_EXCLUDED"));
        FloorEvent later = game("SM-7", "P-X", "50.00", t(10, 0));
        FloorEvent earliest = table("BET", "P-X", "25.00", t(9, 0));
        FloorEvent nextDay = cage("P-X", "CASH_IN", "100.00", t(24 * 60 + 1, 0));
        send(later, earliest); // arrives after the later event
        send(game("SM-7", "P-X", "50.00", t(11, 0)), nextDay);
        end();
        List<Alert> ex = alerts(Rules.EXCLUDED_PATRON);
        assertEquals(2, ex.size(), ex.toString());
        Alert a = ex.get(0);
        assertEquals(earliest.eventTime, a.eventTime);
        assertEquals(Severity.CRITICAL, a.severity);
        assertEquals(Rules.PLAYER, a.entityType);
        assertEquals("P-X", a.entityId);
        assertNull(a.amountCents);
        assertEquals(Alert.idOf(Rules.EXCLUDED_PATRON, "P-X", "2026-11-22"), a.alertId);
        assertTrue(
                a.details.contains("\"list\":\"SELF_EXCLUDED\"")
                        && a.details.contains("\"event_id\":\"" + earliest.eventId + "\"")
                        && a.details.contains("\"source\":\"table\""),
                a.details);
        assertEquals(Alert.idOf(Rules.EXCLUDED_PATRON, "P-X", "2026-11-23"), ex.get(1).alertId);
        assertEquals(nextDay.eventTime, ex.get(1).eventTime);
        assertTrue(offers().isEmpty(), "no offer while on the watchlist: " + offers());
        assertEquals(cents("100.00"), rating("P-X", "2026-11-22").coinInCents, "the rating still counts");
    }

    @Test
    @DisplayName("A listed player's events are released as the watermark passes each (EXCLUDED_PATRON does not wait for"
            + " the end of the minute), with the minute's earlier events held before the listing, in event-time order")
    void listedMidMinuteReleasedPerEvent() throws Exception {
        open(settings(), Map.of());
        FloorEvent before = game("SM-7", "P-L", "5.00", t(10, 10)); // not listed yet: held for the end of the minute
        send(before);
        watchlist("P-L", "BANNED");
        FloorEvent after = game("SM-7", "P-L", "5.00", t(10, 20));
        send(after);
        watermark(t(10, 30)); // mid-minute
        List<Alert> ex = alerts(Rules.EXCLUDED_PATRON);
        assertEquals(1, ex.size(), "fired at the watermark, not at the end of the minute: " + ex);
        assertTrue(ex.get(0).details.contains("\"event_id\":\"" + before.eventId + "\""), ex.get(0).details);
        end();
        assertEquals(cents("10.00"), rating("P-L", "2026-11-22").coinInCents, "each event counted once");
    }

    @Test
    @DisplayName("A listed player's event within a minute takes that minute's earlier held events out of the minute's"
            + " list and leaves the later ones held: each counted once")
    void listedTimerSplitsTheMinutesList() throws Exception {
        open(settings(), Map.of());
        FloorEvent early = game("SM-7", "P-S", "5.00", t(10, 10)); // held in the list of minute 10
        FloorEvent late = game("SM-7", "P-S", "7.00", t(10, 40)); // the same list
        send(early, late);
        watchlist("P-S", "BANNED");
        send(game("SM-7", "P-S", "3.00", t(10, 20))); // on a timer of its own
        watermark(t(10, 30));
        List<Alert> ex = alerts(Rules.EXCLUDED_PATRON);
        assertEquals(1, ex.size(), ex.toString());
        assertTrue(ex.get(0).details.contains("\"event_id\":\"" + early.eventId + "\""), ex.get(0).details);
        end();
        assertEquals(1, alerts(Rules.EXCLUDED_PATRON).size());
        assertEquals(cents("15.00"), rating("P-S", "2026-11-22").coinInCents, "each event counted once");
        assertEquals(3, rating("P-S", "2026-11-22").version, "three slot events counted");
    }

    @Test
    @DisplayName(
            "An unlisted player's events are counted at the end of their minute of floor time, in event-time order")
    void unlistedReleasedPerMinute() throws Exception {
        open(settings(OFFER), Map.of());
        FloorEvent first = game("SM-1", "P-U", "6.00", t(10, 20));
        FloorEvent second = game("SM-2", "P-U", "6.00", t(10, 10)); // arrives later, happened earlier
        send(first, second);
        watermark(t(10, 30));
        assertTrue(offers().isEmpty(), "held until the end of the minute: " + offers());
        watermark(t(11, 0));
        assertEquals(1, offers().size(), offers().toString());
        assertEquals("SM-1", offers().get(0).machineId, "the offer at the event after which coin in met the rule");
        assertEquals(first.eventTime, offers().get(0).eventTime);
    }

    @Test
    @DisplayName(
            "8.3: EXCLUDED_PATRON_PAYOUT per paying event: slot >= jackpot threshold, table CASH_OUT, cage CASH_OUT")
    void payouts() throws Exception {
        open(settings(), Map.of("P-B", "BANNED"));
        FloorEvent jackpot = jackpot("P-B", "1200.00", t(1, 0));
        FloorEvent small = jackpot("P-B", "1199.99", t(2, 0)); // below the threshold: no payout alert
        FloorEvent tableOut = table("CASH_OUT", "P-B", null, t(3, 0)); // no amount: amount null
        FloorEvent cageOut = cage("P-B", "CASH_OUT", "300.00", t(4, 0));
        FloorEvent cageIn = cage("P-B", "CASH_IN", "300.00", t(5, 0));
        send(jackpot, small, tableOut, cageOut, cageIn);
        end();
        List<Alert> paid = alerts(Rules.EXCLUDED_PATRON_PAYOUT);
        assertEquals(3, paid.size(), paid.toString());
        assertEquals(
                List.of(jackpot.eventId, tableOut.eventId, cageOut.eventId),
                paid.stream()
                        .map(a -> a.details.replaceAll(".*\"event_id\":\"([^\"]+)\".*", "$1"))
                        .toList());
        assertEquals(cents("1200.00"), paid.get(0).amountCents);
        assertNull(paid.get(1).amountCents);
        assertEquals(cents("300.00"), paid.get(2).amountCents);
        for (Alert a : paid) {
            assertEquals(Severity.HIGH, a.severity);
            assertEquals(Rules.PLAYER, a.entityType);
            assertTrue(a.action.startsWith("Hold the payout"), a.action);
        }
        assertEquals(Alert.idOf(Rules.EXCLUDED_PATRON_PAYOUT, "P-B", jackpot.eventId), paid.get(0).alertId);
        assertEquals(1, alerts(Rules.EXCLUDED_PATRON).size(), "both may fire on one event; EXCLUDED_PATRON once");
        assertEquals(jackpot.eventTime, alerts(Rules.EXCLUDED_PATRON).get(0).eventTime);
    }

    @Test
    @DisplayName(
            "8.3: EXCLUDED_PATRON_PAYOUT goes out on arrival (hold the payout before it is paid); EXCLUDED_PATRON in event time")
    void payoutDoesNotWaitForTheWatermark() throws Exception {
        open(settings(), Map.of("P-B", "BANNED"));
        FloorEvent cashOut = cage("P-B", "CASH_OUT", "2500.00", t(10, 0));
        send(cashOut);
        assertEquals(1, alerts(Rules.EXCLUDED_PATRON_PAYOUT).size(), "before any watermark");
        assertTrue(alerts(Rules.EXCLUDED_PATRON).isEmpty(), "waits for the watermark: an earlier event may still come");
        FloorEvent earlier = table("BET", "P-B", "10.00", t(9, 59));
        send(earlier);
        watermark(t(10, 0));
        assertEquals(1, alerts(Rules.EXCLUDED_PATRON).size());
        assertEquals(earlier.eventTime, alerts(Rules.EXCLUDED_PATRON).get(0).eventTime);
    }

    @Test
    @DisplayName("8.3: a live rules.jackpot.threshold applies to payouts counted after it")
    void jackpotThresholdLive() throws Exception {
        open(settings("rules.jackpot.threshold", "1500"), Map.of("P-B", "BANNED"));
        send(jackpot("P-B", "1400.00", t(1, 0)));
        watermark(t(2, 0));
        assertTrue(alerts(Rules.EXCLUDED_PATRON_PAYOUT).isEmpty());
        setting("rules.jackpot.threshold", "1000");
        send(jackpot("P-B", "1400.00", t(3, 0)));
        end();
        assertEquals(1, alerts(Rules.EXCLUDED_PATRON_PAYOUT).size());
    }

    @Test
    @DisplayName(
            "8.3: added live; a REMOVED entry stops the alerts; the offer comes at the first qualifying event after removal")
    void watchlistLive() throws Exception {
        open(settings(OFFER), Map.of());
        watchlist("P-W", "TRESPASSED");
        send(game("P-W", "50.00", t(1, 0)), cage("P-W", "CASH_OUT", "100.00", t(2, 0)));
        watermark(t(3, 0));
        assertEquals(1, alerts(Rules.EXCLUDED_PATRON).size());
        assertEquals(1, alerts(Rules.EXCLUDED_PATRON_PAYOUT).size());
        assertTrue(offers().isEmpty());
        watchlist("P-W", null); // REMOVED (or a tombstone)
        send(cage("P-W", "CASH_OUT", "100.00", t(4, 0)), game("P-W", "1.00", t(5, 0)), game("P-W", "1.00", t(6, 0)));
        watchlist("P-Y", null); // removing someone never listed is harmless
        end();
        assertEquals(1, alerts(Rules.EXCLUDED_PATRON).size(), alerts().toString());
        assertEquals(1, alerts(Rules.EXCLUDED_PATRON_PAYOUT).size(), alerts().toString());
        assertEquals(1, offers().size(), offers().toString());
        assertEquals(t(5, 0), offers().get(0).eventTime, "first slot event after removal; coin in already met");
    }

    @Test
    @DisplayName("8.3: a REMOVED update overrides an initial (start-up) ACTIVE entry")
    void removalOverridesInitialEntry() throws Exception {
        open(settings(), Map.of("P-S", "STATE_EXCLUDED"));
        watchlist("P-S", null);
        send(jackpot("P-S", "5000.00", t(1, 0)));
        end();
        assertTrue(alerts().isEmpty(), alerts().toString());
    }
}
