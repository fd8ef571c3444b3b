package io.floorwatch.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.event.FloorEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Offers (SPEC 8.2) through the {@link PlayerActivity} operator in a keyed broadcast harness. */
class PlayerOffersTest extends PlayerTestSupport {
    @AfterEach
    void close() throws Exception {
        if (h != null) h.close();
    }

    private static String[] rule(String id, String... kv) {
        String[] out = new String[kv.length + 4];
        out[0] = "offers." + id + ".reward";
        out[1] = "FREE_PLAY";
        out[2] = "offers." + id + ".value";
        out[3] = "25";
        for (int i = 0; i < kv.length; i += 2) {
            out[4 + i] = "offers." + id + "." + kv[i];
            out[5 + i] = kv[i + 1];
        }
        return out;
    }

    @Test
    @DisplayName(
            "8.2: min-theo alone: the offer goes out at the event whose addition makes theo (rounded to cents) reach it")
    void minTheoAlone() throws Exception {
        open(settings(rule("theo", "min-theo", "8.00")), Map.of());
        FloorEvent a = game("SM-1", "P-1", "50.00", t(1, 0));
        FloorEvent b =
                game("SM-2", "P-1", "49.94", t(1, 5)); // 99.94 x 0.08 = 7.9952 -> 8.00: meets (inclusive, as stored)
        FloorEvent c = game("SM-3", "P-1", "10.00", t(1, 9));
        send(c, b, a); // arrival order backwards: event time decides
        end();
        List<PlayerOffer> offers = offers();
        assertEquals(1, offers.size(), offers.toString());
        PlayerOffer o = offers.get(0);
        assertEquals(b.eventTime, o.eventTime);
        assertEquals("SM-2", o.machineId);
        assertEquals(cents("8.00"), o.theoWinCents);
        assertEquals(cents("99.94"), o.coinInCents);
        assertEquals(1, o.minutesPlayed);
        assertEquals("theo", o.ruleId);
        assertEquals("FREE_PLAY", o.reward);
        assertEquals(cents("25"), o.valueCents);
        assertEquals("2026-11-22", o.gamingDay);
        assertEquals(PlayerOffer.idOf("theo", "P-1", "2026-11-22"), o.offerId);
    }

    @Test
    @DisplayName("8.2: min-coin-in alone, inclusive")
    void minCoinInAlone() throws Exception {
        open(settings(rule("coin", "min-coin-in", "100")), Map.of());
        send(
                game("P-2", "60.00", t(1, 0)),
                game("P-2", "39.99", t(1, 1)),
                game("P-2", "0.01", t(1, 2)),
                game("P-2", "5", t(1, 3)));
        end();
        assertEquals(1, offers().size(), offers().toString());
        assertEquals(t(1, 2), offers().get(0).eventTime);
        assertEquals(cents("100.00"), offers().get(0).coinInCents);
    }

    @Test
    @DisplayName("8.2: min-minutes alone: minutes_played of the rating after the event")
    void minMinutesAlone() throws Exception {
        open(settings(rule("time", "min-minutes", "10")), Map.of());
        send(
                game("P-3", "1", t(0, 0)),
                game("P-3", "1", t(9, 0)),
                game("P-3", "1", t(9, 1)),
                game("P-3", "1", t(12, 0)));
        end();
        assertEquals(1, offers().size(), offers().toString());
        assertEquals(t(9, 1), offers().get(0).eventTime, "9:01 -> 10 started minutes");
        assertEquals(10, offers().get(0).minutesPlayed);
    }

    @Test
    @DisplayName("8.2: every minimum a rule has must be met; several rules fire independently")
    void combinedMinimums() throws Exception {
        Map<String, String> s = settings(rule("combo", "min-theo", "4.00", "min-coin-in", "40", "min-minutes", "5"));
        s.putAll(Map.of("offers.meal.reward", "FOOD", "offers.meal.value", "15.50", "offers.meal.min-coin-in", "20"));
        open(s, Map.of());
        send(
                game("P-4", "100.00", t(0, 0)), // theo 8.00, coin 100: combo waits for the minutes; meal fires
                game("P-4", "1.00", t(3, 0)),
                game("P-4", "1.00", t(4, 30))); // 4:30 -> 5 minutes: combo fires
        end();
        List<PlayerOffer> offers = offers();
        assertEquals(2, offers.size(), offers.toString());
        PlayerOffer meal =
                offers.stream().filter(o -> o.ruleId.equals("meal")).findFirst().orElseThrow();
        PlayerOffer combo = offers.stream()
                .filter(o -> o.ruleId.equals("combo"))
                .findFirst()
                .orElseThrow();
        assertEquals(t(0, 0), meal.eventTime);
        assertEquals("FOOD", meal.reward);
        assertEquals(1550, meal.valueCents);
        assertEquals(t(4, 30), combo.eventTime);
        assertEquals(5, combo.minutesPlayed);
        assertEquals(cents("102.00"), combo.coinInCents);
    }

    @Test
    @DisplayName("8.2: once per player, rule and gaming day; the next gaming day (from 06:00:00.000) offers again")
    void oncePerGamingDay() throws Exception {
        open(settings(rule("coin", "min-coin-in", "10")), Map.of());
        send(
                game("P-5", "10.00", t(-30, 0)),
                game("P-5", "10.00", t(-20, 0)), // gaming day 2026-11-21
                game("P-5", "10.00", t(0, -1)), // 05:59:59: still 11-21
                game("P-5", "10.00", t(0, 0)),
                game("P-5", "50.00", t(5, 0)), // 06:00:00.000: 11-22
                game("P-6", "10.00", t(1, 0))); // another player
        end();
        List<PlayerOffer> offers = offers().stream().sorted(byTime()).toList();
        assertEquals(3, offers.size(), offers.toString());
        assertEquals("2026-11-21", offers.get(0).gamingDay);
        assertEquals(t(-30, 0), offers.get(0).eventTime);
        assertEquals("2026-11-22", offers.get(1).gamingDay);
        assertEquals(t(0, 0), offers.get(1).eventTime);
        assertEquals("P-6", offers.get(2).playerId);
        assertNotEquals(offers.get(0).offerId, offers.get(1).offerId);
    }

    @Test
    @DisplayName("8.1/8.2: a rule changed live applies to the events counted after the change, never retroactively")
    void ruleChangedLive() throws Exception {
        open(settings(rule("coin", "min-coin-in", "100")), Map.of());
        send(game("P-7", "60.00", t(1, 0)));
        watermark(t(2, 0));
        assertTrue(offers().isEmpty());
        setting("offers.coin.min-coin-in", "50"); // already met: no retroactive offer, the next event gets it
        assertTrue(offers().isEmpty());
        send(game("P-7", "1.00", t(3, 0)));
        watermark(t(4, 0));
        assertEquals(1, offers().size(), offers().toString());
        assertEquals(t(3, 0), offers().get(0).eventTime);
        // a new rule through the control topic: inactive until complete
        setting("offers.vip.min-theo", "1.00");
        setting("offers.vip.reward", "HOTEL");
        send(game("P-7", "1.00", t(5, 0)));
        watermark(t(6, 0));
        assertEquals(1, offers().size(), "offers.vip has no value yet: " + offers());
        setting("offers.vip.value", "199.00");
        send(game("P-7", "1.00", t(7, 0)));
        watermark(t(8, 0));
        assertEquals(2, offers().size(), offers().toString());
        assertEquals("vip", offers().get(1).ruleId);
        assertEquals(t(7, 0), offers().get(1).eventTime);
        // a deleted key (value null) makes the rule incomplete again: nothing for another player
        setting("offers.coin.min-coin-in", null);
        send(game("P-8", "500.00", t(9, 0)));
        end();
        assertEquals(
                List.of("coin", "vip", "vip"),
                offers().stream().map(o -> o.ruleId).toList(),
                offers().toString());
    }

    @Test
    @DisplayName("8.2: POINTS: value in points, stored like dollars")
    void pointsValue() throws Exception {
        open(
                settings("offers.pts.reward", "POINTS", "offers.pts.value", "500", "offers.pts.min-minutes", "0"),
                Map.of());
        send(game("P-9", "1.00", t(1, 0)));
        end();
        assertEquals(1, offers().size());
        assertEquals(50_000, offers().get(0).valueCents);
        assertEquals("POINTS", offers().get(0).reward);
    }

    @Test
    @DisplayName("the settings and watchlist changes are in checkpointed broadcast state: a restore keeps them")
    void broadcastStateSurvivesRestore() throws Exception {
        open(settings(), Map.of());
        setting("offers.new.reward", "FOOD");
        setting("offers.new.value", "10");
        setting("offers.new.min-coin-in", "5");
        send(game("P-10", "1.00", t(1, 0)));
        var snapshot = h.snapshot(1, 1);
        h.close();
        var op = new org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator<>(
                new PlayerActivity(settings(), Map.of(), GAMING_DAY, GAP),
                List.of(PlayerActivity.SETTINGS, PlayerActivity.WATCHLIST));
        h = new org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness<>(
                op, e -> e.playerId, org.apache.flink.api.common.typeinfo.Types.STRING, 1, 1, 0);
        h.setup();
        h.initializeState(snapshot);
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
        send(game("P-10", "5.00", t(2, 0)));
        end();
        assertEquals(
                1, offers().size(), "the rule from the control stream and the pending event survived: " + offers());
        assertEquals(t(2, 0), offers().get(0).eventTime);
        assertEquals(cents("6.00"), offers().get(0).coinInCents);
    }
}
