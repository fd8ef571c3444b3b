package io.floorwatch.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.event.FloorEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** player_ratings (SPEC 8.2) through the {@link PlayerActivity} operator in a keyed broadcast harness. */
class PlayerRatingsTest extends PlayerTestSupport {
    @AfterEach
    void close() throws Exception {
        if (h != null) h.close();
    }

    @Test
    @DisplayName(
            "8.2: each event counts in the gaming day of its own time; 06:00:00.000 starts the new day; sessions split there")
    void gamingDayBoundary() throws Exception {
        open(settings(), Map.of());
        send(
                game("P-1", "1.00", t(-1, -30)), // 05:58:30 local: gaming day 2026-11-21
                game("P-1", "2.50", t(0, -10)), // 05:59:50
                game("P-1", "3.00", t(0, 0)), // 06:00:00.000: 2026-11-22
                game("P-1", "0.50", t(10, 0))); // 06:10
        end();
        PlayerRating d1 = rating("P-1", "2026-11-21");
        assertEquals(cents("3.50"), d1.coinInCents);
        assertEquals(2, d1.games);
        assertEquals(cents("1.75"), d1.avgBetCents);
        assertEquals(28, d1.theoWinCents, "3.50 x 0.08 = 0.28");
        assertEquals(2, d1.minutesPlayed, "80 s -> 2 started minutes");
        assertEquals(1, d1.sessions);
        assertEquals(t(0, -10), d1.lastSeen);
        assertEquals(2, d1.version);
        PlayerRating d2 = rating("P-1", "2026-11-22");
        assertEquals(cents("3.50"), d2.coinInCents);
        assertEquals(10, d2.minutesPlayed, "the session's part in the new day starts at its first play there");
        assertEquals(1, d2.sessions, "the session that crossed 06:00 has play in the new day too");
        assertEquals(t(10, 0), d2.lastSeen);
    }

    @Test
    @DisplayName(
            "8.2: minutes_played sums the parts: a gap over rules.player.session-gap starts a session; exactly 30:00 does not")
    void minutesAndSessions() throws Exception {
        open(settings(), Map.of());
        send(
                game("P-1", "1.00", t(60, 0)),
                game("P-1", "1.00", t(70, 0)), // part 1: 10 min
                game("P-1", "1.00", t(100, 0)), // exactly 30:00 later: same session, now 40 min
                game("P-1", "1.00", t(130, 1)), // 30:01 later: part 2
                game("P-1", "1.00", t(130, 31)), // 30 s -> 1 minute
                game("P-1", "1.00", t(200, 0))); // part 3, a single play: at least 1 minute
        end();
        PlayerRating r = rating("P-1", "2026-11-22");
        assertEquals(3, r.sessions);
        assertEquals(40 + 1 + 1, r.minutesPlayed);
        assertEquals(6, r.games);
    }

    @Test
    @DisplayName(
            "8.2: counted in event-time order: out-of-order arrival gives the same rating; rows at most once per minute")
    void eventTimeOrderAndOneRowPerMinute() throws Exception {
        open(settings(), Map.of());
        // ten plays in one minute, arriving backwards
        for (int s = 45; s >= 0; s -= 5) send(game("P-2", "0.10", t(5, s)));
        watermark(t(5, 59));
        assertTrue(ratingRows().isEmpty(), "nothing before the minute ends: " + ratingRows());
        watermark(t(6, 0));
        List<PlayerRating> rows = ratingRows();
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(10, rows.get(0).version);
        assertEquals(1, rows.get(0).minutesPlayed, "45 s -> 1 minute");
        assertEquals(1, rows.get(0).sessions);
        send(game("P-2", "0.10", t(6, 30)));
        end();
        assertEquals(2, ratingRows().size(), "one more row for the next minute, the final one: " + ratingRows());
        assertEquals(11, rating("P-2", "2026-11-22").version);
    }

    @Test
    @DisplayName("8.2: money exact: avg_bet and theo_win rounded half-up to cents from the day totals")
    void roundingHalfUp() throws Exception {
        open(settings("rules.player.house-edge", "0.085"), Map.of());
        send(
                game("P-3", "0.33", t(1, 0)),
                game("P-3", "0.33", t(1, 1)),
                game("P-3", "0.34", t(1, 2)),
                game("P-3", "0.00", t(1, 3)));
        end();
        PlayerRating r = rating("P-3", "2026-11-22");
        assertEquals(100, r.coinInCents);
        assertEquals(25, r.avgBetCents, "1.00 / 4 = 0.25");
        assertEquals(9, r.theoWinCents, "1.00 x 0.085 = 0.085 -> 0.09 (half-up)");
    }

    @Test
    @DisplayName("8.2: non-play slot events count in coin_in/version/last_seen; table and cage events make no rows")
    void onlySlotEventsMakeRows() throws Exception {
        open(settings(), Map.of());
        send(table("BUY_IN", "P-4", "500.00", t(1, 0)), cage("P-4", "CASH_IN", "100.00", t(2, 0)));
        FloorEvent bill = slot("BILL_IN", "SM-9", "P-5", t(3, 0));
        bill.amountCents = cents("20.00");
        send(bill);
        end();
        assertNull(rating("P-4", "2026-11-22"), ratingRows().toString());
        PlayerRating r = rating("P-5", "2026-11-22");
        assertEquals(0, r.games);
        assertEquals(0, r.minutesPlayed);
        assertEquals(0, r.sessions);
        assertEquals(1, r.version);
        assertEquals(0, r.avgBetCents);
    }

    @Test
    @DisplayName(
            "state is dropped by event time after the day ends (+ grace); later events of that day go to late events")
    void stateCleanup() throws Exception {
        open(settings(), Map.of());
        send(game("P-6", "1.00", t(60, 0)));
        watermark(t(24 * 60, 0) + PlayerActivity.STATE_GRACE.toMillis());
        assertEquals(0, keyedStateEntries(), "no state left for the day");
        assertEquals(1, rating("P-6", "2026-11-22").version);
        send(game("P-6", "1.00", t(61, 0)));
        assertEquals(1, late().size());
        assertEquals(0, h.numEventTimeTimers());
    }

    @Test
    @DisplayName("8.2: theo_win follows rules.player.house-edge changed live (SETTING)")
    void houseEdgeLive() throws Exception {
        open(settings(), Map.of());
        send(game("P-7", "100.00", t(1, 0)));
        watermark(t(2, 0));
        assertEquals(cents("8.00"), ratingRows().get(0).theoWinCents);
        setting("rules.player.house-edge", "0.05");
        send(game("P-7", "100.00", t(3, 0)));
        end();
        assertEquals(cents("10.00"), rating("P-7", "2026-11-22").theoWinCents, "200.00 x 0.05 in force");
    }
}
