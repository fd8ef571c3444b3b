package io.floorwatch.player;

import io.floorwatch.alert.Alert;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.control.ControlUpdate;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.GamingDay;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/** Events, a {@link PlayerActivity} harness and readers of its outputs for the player tests. */
abstract class PlayerTestSupport {
    /** 2026-11-22 06:00 PST: the start of gaming day 2026-11-22 in America/Los_Angeles. */
    static final Instant DAY_START = Instant.parse("2026-11-22T14:00:00Z");

    static final GamingDay GAMING_DAY = new GamingDay(ZoneId.of("America/Los_Angeles"), LocalTime.of(6, 0));
    static final Duration GAP = Duration.ofMinutes(30);
    private static final AtomicInteger IDS = new AtomicInteger();

    KeyedBroadcastOperatorTestHarness<String, FloorEvent, ControlUpdate, Alert> h;
    long controlOffset;

    static long cents(String dollars) {
        return new BigDecimal(dollars).movePointRight(2).longValueExact();
    }

    /** DAY_START + minutes + seconds. */
    static long t(int minutes, int seconds) {
        return DAY_START.toEpochMilli() + minutes * 60_000L + seconds * 1000L;
    }

    static FloorEvent slot(String type, String machine, String player, long time) {
        FloorEvent e = new FloorEvent();
        e.source = Source.SLOT;
        e.eventType = type;
        e.eventId = String.format("s-%06d", IDS.incrementAndGet());
        e.entityId = machine;
        e.machineId = machine;
        e.playerId = player;
        e.eventTime = time;
        e.ingestTime = time;
        e.topic = "slot";
        return e;
    }

    static FloorEvent game(String player, String wager, long time) {
        return game("SM-0001", player, wager, time);
    }

    static FloorEvent game(String machine, String player, String wager, long time) {
        FloorEvent e = slot("GAME_PLAYED", machine, player, time);
        e.wagerCents = cents(wager);
        e.payoutCents = 0L;
        return e;
    }

    static FloorEvent jackpot(String player, String payout, long time) {
        FloorEvent e = slot("JACKPOT", "SM-0001", player, time);
        e.payoutCents = cents(payout);
        return e;
    }

    static FloorEvent table(String type, String player, String amount, long time) {
        FloorEvent e = new FloorEvent();
        e.source = Source.TABLE;
        e.eventType = type;
        e.eventId = String.format("t-%06d", IDS.incrementAndGet());
        e.entityId = "BJ-01";
        e.tableId = "BJ-01";
        e.playerId = player;
        e.amountCents = amount == null ? null : cents(amount);
        e.eventTime = time;
        e.topic = "table";
        return e;
    }

    static FloorEvent cage(String player, String direction, String amount, long time) {
        FloorEvent e = new FloorEvent();
        e.source = Source.CAGE;
        e.eventType = "CASH_OUT".equals(direction) ? "CHIP_REDEMPTION" : "CHIP_PURCHASE";
        e.eventId = String.format("c-%06d", IDS.incrementAndGet());
        e.entityId = player;
        e.playerId = player;
        e.direction = direction;
        e.paymentMethod = "CASH";
        e.amountCents = cents(amount);
        e.cageId = "CAGE-1";
        e.eventTime = time;
        e.topic = "cage";
        return e;
    }

    /** Default house edge 0.08 and jackpot threshold 1200, plus the given key/value pairs. */
    static Map<String, String> settings(String... kv) {
        Map<String, String> s =
                new HashMap<>(PlayerActivity.initialSettings(FloorWatchConfig.of(Map.of("sources.mode", "simulator"))));
        for (int i = 0; i < kv.length; i += 2) s.put(kv[i], kv[i + 1]);
        return s;
    }

    void open(Map<String, String> settings, Map<String, String> watchlist) throws Exception {
        h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new PlayerActivity(settings, watchlist, GAMING_DAY, GAP),
                e -> e.playerId,
                Types.STRING,
                PlayerActivity.SETTINGS,
                PlayerActivity.WATCHLIST);
        h.processBroadcastWatermark(
                Long.MAX_VALUE); // the control side never holds time back (the job ignores its watermarks)
    }

    void send(FloorEvent... events) throws Exception {
        for (FloorEvent e : events) h.processElement(e, e.eventTime);
    }

    void watermark(long t) throws Exception {
        h.processWatermark(t);
    }

    void end() throws Exception {
        h.processWatermark(Long.MAX_VALUE);
    }

    void setting(String key, String value) throws Exception {
        h.processBroadcastElement(ControlUpdate.setting(key, value, controlOffset++), 0L);
    }

    void watchlist(String player, String list) throws Exception {
        h.processBroadcastElement(ControlUpdate.watchlist(player, list, controlOffset++), 0L);
    }

    List<Alert> alerts() {
        return h.extractOutputValues();
    }

    List<Alert> alerts(String rule) {
        return alerts().stream().filter(a -> a.rule.equals(rule)).toList();
    }

    List<PlayerOffer> offers() {
        List<PlayerOffer> out = new ArrayList<>();
        var q = h.getSideOutput(PlayerActivity.OFFERS);
        if (q != null) for (StreamRecord<PlayerOffer> r : q) out.add(r.getValue());
        return out;
    }

    List<PlayerSession> sessions() {
        List<PlayerSession> out = new ArrayList<>();
        var q = h.getSideOutput(PlayerActivity.SESSIONS);
        if (q != null) for (StreamRecord<PlayerSession> r : q) out.add(r.getValue());
        return out;
    }

    List<PlayerRating> ratingRows() {
        List<PlayerRating> out = new ArrayList<>();
        var q = h.getSideOutput(PlayerActivity.RATINGS);
        if (q != null) for (StreamRecord<PlayerRating> r : q) out.add(r.getValue());
        return out;
    }

    List<FloorEvent> late() {
        List<FloorEvent> out = new ArrayList<>();
        var q = h.getSideOutput(LateEvents.TAG);
        if (q != null) for (StreamRecord<FloorEvent> r : q) out.add(r.getValue());
        return out;
    }

    /** The row FINAL would read: the highest version per player and gaming day (ties: the last written). */
    Map<String, PlayerRating> ratings() {
        Map<String, PlayerRating> latest = new LinkedHashMap<>();
        for (PlayerRating r : ratingRows()) {
            latest.merge(r.playerId + "/" + r.gamingDay, r, (a, b) -> b.version >= a.version ? b : a);
        }
        return latest;
    }

    PlayerRating rating(String player, String day) {
        return ratings().get(player + "/" + day);
    }

    /** Keyed state entries left (heap backend of the harness). */
    int keyedStateEntries() {
        var op = (org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getTwoInputOperator();
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) op.getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    static Comparator<PlayerOffer> byTime() {
        return Comparator.comparingLong(o -> o.eventTime);
    }
}
