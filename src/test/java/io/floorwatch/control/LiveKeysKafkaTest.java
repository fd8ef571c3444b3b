package io.floorwatch.control;

import static io.floorwatch.control.ControlKafkaTest.await;
import static io.floorwatch.control.ControlKafkaTest.change;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.LiveKeys;
import io.floorwatch.config.OfferKeys;
import io.floorwatch.config.Options;
import io.floorwatch.source.InputSources;
import io.floorwatch.testing.ClickHouseServer;
import io.floorwatch.testing.KafkaBroker;
import io.floorwatch.topology.ConfiguredOutputs;
import io.floorwatch.topology.FloorWatchJob;
import io.floorwatch.topology.FloorWatchTopology;
import io.floorwatch.topology.SinkSettings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SPEC 8.1 end to end, one job with real Kafka and a real ClickHouse: every live key family (the jackpot thresholds,
 * SAS codes, CTR threshold and warn-at, the MTL threshold, the meter-variance pair, the house edge, the HOT/COLD ratios,
 * the FLOOR_ANOMALY sigma, the W-2G table, the hopper threshold, an offer rule) changed in the middle of the stream.
 * Phase 1 runs under the configuration and is seen through (each family's output of phase 1 is awaited), then all
 * changes go to the control topic and are awaited in {@code rule_changes}, then phase 2 repeats the same situations:
 * each family behaves differently from the change on, and nothing of phase 1 is judged again.
 *
 * <p>Windows are shortened by configuration (HOT/COLD over 10 minutes, FLOOR_ANOMALY over 10 minutes after 5 of
 * warm-up, sessions end after 5 minutes) so that one hour of floor time holds both phases. Minutes are from {@link #T0}.
 */
class LiveKeysKafkaTest {
    /** An hour boundary (HOT/COLD windows align to it), well in the past. */
    static final Instant T0 = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);

    static Instant at(int minute, int second) {
        return T0.plusSeconds(60L * minute + second);
    }

    static String slot(String id, String type, Instant t, String machine, String section, String more) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"event_timestamp\":\"" + t
                + "\",\"machine_id\":\"" + machine + "\",\"floor_section\":\"" + section + "\"" + more + "}";
    }

    static String game(String id, Instant t, String machine, String section, String wager) {
        return slot(id, "GAME_PLAYED", t, machine, section, ",\"wager_amount\":" + wager);
    }

    static String pay(String id, Instant t, String payout) {
        return slot(id, "GAME_PLAYED", t, "SM-J", "J", ",\"wager_amount\":1,\"payout_amount\":" + payout);
    }

    static String win(String id, Instant t, String payout) {
        return slot(id, "GAME_PLAYED", t, "SM-W", "W", ",\"wager_amount\":1,\"payout_amount\":" + payout);
    }

    static String hopper(String id, Instant t, int level) {
        return slot(id, "HOPPER_STATUS", t, "SM-P", "P", ",\"hopper_level\":" + level);
    }

    static String error(String id, Instant t, String code) {
        return slot(id, "ERROR", t, "SM-S", "S", ",\"error_code\":\"" + code + "\"");
    }

    static String meters(String id, Instant t, long coinInCents) {
        return slot(
                id,
                "METERS",
                t,
                "SM-M",
                "M",
                ",\"meters\":{\"coin_in\":" + coinInCents
                        + ",\"coin_out\":0,\"jackpot\":0,\"bills_in\":0,\"games_played\":0}");
    }

    static String carded(String id, Instant t, String wager) {
        return slot(id, "GAME_PLAYED", t, "SM-H", "H", ",\"wager_amount\":" + wager + ",\"player_id\":\"P-H\"");
    }

    /**
     * The end of a phase on every source, at the same time: the floor's clock (the minimum over the sources) moves to it
     * without waiting for a source to go idle, and no source's next events come behind it.
     */
    static void clock(KafkaBroker kafka, String p, String id, Instant t) {
        kafka.send(p + "slot", List.of(slot(id, "HEARTBEAT", t, "SM-CLOCK", "Z", "")));
        kafka.send(
                p + "cage",
                List.of("{\"event_id\":\"" + id + "-cage\",\"event_type\":\"CHIP_PURCHASE\",\"event_timestamp\":\"" + t
                        + "\",\"player_id\":\"P-CLOCK\",\"amount\":1,\"direction\":\"CASH_IN\","
                        + "\"payment_method\":\"CHIPS\"}"));
        kafka.send(
                p + "table",
                List.of("{\"event_id\":\"" + id + "-table\",\"event_type\":\"SHUFFLER_STATUS\",\"event_timestamp\":\""
                        + t + "\",\"table_id\":\"T-CLOCK\"}"));
        kafka.send(
                p + "security",
                List.of("{\"event_id\":\"" + id + "-security\",\"event_type\":\"CAMERA_ONLINE\","
                        + "\"event_timestamp\":\"" + t + "\",\"location_id\":\"LOC-CLOCK\"}"));
    }

    static String cash(String id, Instant t, String player, String amount) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"CHIP_PURCHASE\",\"event_timestamp\":\"" + t
                + "\",\"player_id\":\"" + player + "\",\"amount\":\"" + amount
                + "\",\"direction\":\"CASH_IN\",\"payment_method\":\"CASH\",\"cage_id\":\"CAGE-1\"}";
    }

    /** A cash buy-in that names no player: its MTL row comes from the function beside the ledger. */
    static String buyIn(String id, Instant t, String amount) {
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"BUY_IN\",\"event_timestamp\":\"" + t
                + "\",\"table_id\":\"BJ-1\",\"game_type\":\"BLACKJACK\",\"amount\":\"" + amount
                + "\",\"payment_method\":\"CASH\"}";
    }

    /**
     * Half the play of section X in a 10-minute window (the other half 5 minutes later): X1 and X2 $100 in all, X3 $250,
     * X4 $1,000 (average $362.50): X4 is hot under both 2.0 and 1.5; X1, X2 (0.28x) and X3 (0.69x) are cold under 0.7,
     * not under 0.2.
     */
    static List<String> section(String id, Instant t) {
        List<String> out = new ArrayList<>();
        String[][] machines = {{"X1", "50"}, {"X2", "50"}, {"X3", "125"}, {"X4", "500"}};
        for (String[] m : machines) out.add(game(id + m[0], t, "SM-" + m[0], "X", m[1]));
        return out;
    }

    /**
     * The floor's coin in for FLOOR_ANOMALY: SM-F alone plays $10 and $12 in alternate minutes for 10 minutes (mean
     * $11, sigma $1), then $13.50 (2.5 sigma) in the minute after.
     */
    static List<String> anomaly(String phase, int firstMinute) {
        List<String> out = new ArrayList<>();
        for (int m = 0; m < 10; m++)
            out.add(game(phase + "f" + m, at(firstMinute + m, 30), "SM-F", "F", m % 2 == 0 ? "10.00" : "12.00"));
        out.add(game(phase + "f-test", at(firstMinute + 10, 30), "SM-F", "F", "13.50"));
        return out;
    }

    private final ClickHouseServer clickhouse = ClickHouseServer.shared();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String db = "live_" + run;

    @Test
    @DisplayName("every live key changed mid-stream: the events after the change see it, those before never do")
    void everyLiveKeyFollowsAChangeMidStream() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        String p = "live-" + run + "-";
        kafka.createTopics(
                1, p + "slot", p + "table", p + "security", p + "cage", p + "control", p + "watchlist", p + "offers");

        // ---- phase 1, under the configuration
        List<String> slot1 = new ArrayList<>(List.of(
                pay("j1", at(1, 0), "1300"), // a jackpot under $1,200
                pay("j2", at(2, 0), "1300"),
                error("s1", at(3, 0), "61"), // a FAULT by default
                win("w1", at(4, 0), "2100"), // a W-2G under the configured $2,000 (2026)
                hopper("p1", at(4, 0), 25), // full enough under the configured 20 %
                meters("mA", at(6, 0), 0),
                game("mw1", at(7, 0), "SM-M", "M", "100"),
                meters("mB", at(8, 0), 150_00), // $150 against $100 of wagers: $50 off, within $100
                carded("h1", at(10, 0), "100"))); // a session of $100 coin in
        slot1.addAll(section("a0", at(20, 30))); // window 20-30: X4 hot
        slot1.addAll(section("a5", at(25, 30)));
        slot1.addAll(anomaly("a", 26)); // minutes 26-35, then 36 at 2.5 sigma: no alert under 3
        slot1.add(game("af-big", at(37, 30), "SM-F", "F", "100.00")); // minute 37: an anomaly under any sigma
        kafka.send(p + "slot", slot1);
        kafka.send(
                p + "cage",
                List.of(
                        cash("pc1", at(5, 0), "P-C", "6000"),
                        cash("pw1", at(5, 0), "P-W", "4500"),
                        cash("pm1", at(5, 0), "P-M", "100")));
        kafka.send(p + "table", List.of(buyIn("u1", at(5, 0), "100"), buyIn("u2", at(5, 1), "3000")));
        clock(kafka, p, "clock-1", at(38, 30));

        Map<String, String> settings = ControlKafkaTest.config(kafka, clickhouse, p, db, false);
        settings.putAll(Map.of(
                // every source has events up to each phase's end: none need go idle (one subtask reads each topic)
                Options.WATERMARK_IDLENESS.key(),
                "1h",
                Options.JOB_PARALLELISM.key(),
                "1",
                Options.KAFKA_TOPIC_OFFERS.key(),
                p + "offers",
                Options.HOT_COLD_WINDOW.key(),
                "10min",
                Options.FLOOR_ANOMALY_WINDOW.key(),
                "10min",
                Options.FLOOR_ANOMALY_WARMUP.key(),
                "5",
                Options.PLAYER_SESSION_GAP.key(),
                "5min",
                // the gaming day starts two hours before T0: the whole script is in one gaming day
                Options.CASINO_GAMING_DAY_START.key(),
                T0.minus(2, ChronoUnit.HOURS)
                        .atZone(ZoneOffset.UTC)
                        .toLocalTime()
                        .toString()));
        FloorWatchConfig cfg = FloorWatchConfig.of(settings);
        SinkSettings.createSchemaIfConfigured(cfg);
        StreamExecutionEnvironment env = FloorWatchJob.environment(cfg);
        FloorWatchTopology.build(
                env,
                cfg,
                InputSources.fromConfig(cfg),
                Map.of(),
                ConfiguredOutputs.create(cfg),
                ControlBootstrap.read(cfg));
        JobClient job = env.executeAsync("live-keys-test");
        try {
            // phase 1 seen through, by an output each family made after (or with) the judgements that must not change
            awaitCount("alerts FINAL WHERE alert_id = '" + id(Rules.JACKPOT, "SM-J", "j2") + "'", 1);
            awaitCount("slot_events_live FINAL WHERE event_id = 's1'", 1);
            awaitCount("mtl_entries FINAL WHERE event_id IN ('pc1', 'pw1', 'u2')", 3);
            awaitCount("machine_meter_deltas FINAL WHERE machine_id = 'SM-M'", 1);
            awaitCount("player_sessions FINAL WHERE player_id = 'P-H'", 1);
            awaitCount("alerts FINAL WHERE alert_id = '" + hotCold(Rules.HOT_MACHINE, "X4", 20) + "'", 1);
            awaitCount("alerts FINAL WHERE alert_id = '" + anomalyId(37) + "'", 1);

            // ---- the changes
            String[][] changes = {
                {Options.JACKPOT_THRESHOLD.key(), "1400"},
                {Options.JACKPOT_MEDIUM.key(), "1350"},
                {Options.JACKPOT_HIGH.key(), "2000"},
                {LiveKeys.SAS_CODES_PREFIX + "61", "INTEGRITY"},
                {Options.CTR_WARN_AT.key(), "4000"}, // (first: it must stay below the threshold)
                {Options.CTR_THRESHOLD.key(), "5000"},
                {Options.MTL_THRESHOLD.key(), "50"},
                {Options.Sas.METER_VARIANCE_MIN_AMOUNT.key(), "10"},
                {Options.Sas.METER_VARIANCE_RATIO.key(), "0.01"},
                {Options.PLAYER_HOUSE_EDGE.key(), "0.1"},
                {Options.HOT_MACHINE_RATIO.key(), "1.5"},
                {Options.COLD_MACHINE_RATIO.key(), "0.7"},
                {Options.FLOOR_ANOMALY_SIGMA.key(), "2"},
                {Options.W2G_THRESHOLDS.key(), "1970-01-01=1200,2026-01-01=2500"},
                {Options.HOPPER_FILL_THRESHOLD.key(), "30"},
                // an offer rule, complete with its third key: P-H's $100 of phase 1 meets it already
                {OfferKeys.PREFIX + "t.min-coin-in", "50"},
                {OfferKeys.PREFIX + "t.reward", "FOOD"},
                {OfferKeys.PREFIX + "t.value", "10"}
            };
            List<String[]> messages = new ArrayList<>();
            for (int i = 0; i < changes.length; i++)
                messages.add(new String[] {changes[i][0], change("c-" + i, changes[i][0], changes[i][1])});
            ControlKafkaTest.send(kafka, p + "control", messages);
            awaitCount("rule_changes FINAL WHERE status = 'APPLIED'", changes.length);

            // ---- phase 2: the same situations again, after the changes
            // (each source in event-time order)
            List<String> slot2 = new ArrayList<>(anomaly("b", 39)); // minutes 39-48, then 49 at 2.5 sigma: over 2
            slot2.addAll(List.of(
                    error("s2", at(50, 0), "61"), // INTEGRITY now
                    carded("h2", at(50, 0), "100"),
                    win("w2", at(50, 0), "2100"), // no W-2G under $2,500
                    win("w3", at(50, 0), "2600"),
                    hopper("p2", at(50, 0), 25), // low under 30 %
                    pay("j3", at(50, 10), "1300"), // below $1,400: no jackpot at all
                    pay("j4", at(50, 20), "1500"))); // a jackpot, MEDIUM from $1,350; the third within 60 minutes
            slot2.addAll(section("b0", at(50, 30))); // window 50-60: X4 hot, X1 X2 X3 cold
            slot2.addAll(List.of(
                    pay("j5", at(51, 0), "2500"), // HIGH from $2,000
                    game("mw2", at(51, 0), "SM-M", "M", "100"),
                    meters("mC", at(52, 0), 300_00))); // $50 off again: over max($10, 1% of $150)
            slot2.addAll(section("b5", at(55, 30)));
            kafka.send(p + "slot", slot2);
            kafka.send(
                    p + "cage",
                    List.of(
                            cash("pc2", at(50, 0), "P-C", "100"),
                            cash("pw2", at(50, 0), "P-W", "100"),
                            cash("pm2", at(50, 0), "P-M", "100")));
            kafka.send(p + "table", List.of(buyIn("u3", at(50, 0), "100")));
            clock(kafka, p, "clock-2", at(61, 30));

            awaitCount("alerts FINAL WHERE alert_id = '" + hotCold(Rules.COLD_MACHINE, "X3", 50) + "'", 1);
            awaitCount("alerts FINAL WHERE alert_id = '" + anomalyId(49) + "'", 1);
            awaitCount("alerts FINAL WHERE rule IN ('METER_VARIANCE', 'REPEAT_JACKPOTS')", 2);
            awaitCount("alerts FINAL WHERE rule IN ('CTR_REQUIRED', 'CTR_APPROACHING')", 2);
            awaitCount("alerts FINAL WHERE rule = 'INTEGRITY_EVENT'", 1);
            awaitCount("alerts FINAL WHERE rule = 'HOPPER_FILL'", 1);
            awaitCount("player_offers FINAL", 1);
            awaitCount("alerts FINAL WHERE rule = 'W2G_REQUIRED' AND entity_id = 'SM-W'", 2);
            awaitCount("player_sessions FINAL WHERE player_id = 'P-H'", 2);
            awaitCount("mtl_entries FINAL", 7);
            awaitCount("machine_minute FINAL WHERE machine_id = 'SM-J'", 4);
        } finally {
            job.cancel().get();
        }

        // jackpot thresholds: j1, j2 fired before the change (and stay jackpots for REPEAT_JACKPOTS), j3 is none after
        // it
        assertEquals(
                String.join(
                        "\n",
                        "JACKPOT\t" + id(Rules.JACKPOT, "SM-J", "j1") + "\tLOW",
                        "JACKPOT\t" + id(Rules.JACKPOT, "SM-J", "j2") + "\tLOW",
                        "JACKPOT\t" + id(Rules.JACKPOT, "SM-J", "j4") + "\tMEDIUM",
                        "JACKPOT\t" + id(Rules.JACKPOT, "SM-J", "j5") + "\tHIGH",
                        "REPEAT_JACKPOTS\t" + id(Rules.REPEAT_JACKPOTS, "SM-J", "j1,j2,j4") + "\tHIGH"),
                rows("SELECT rule, alert_id, severity FROM alerts FINAL WHERE entity_id = 'SM-J' "
                        + "AND rule IN ('JACKPOT', 'REPEAT_JACKPOTS') ORDER BY rule, event_time"));
        assertEquals(
                String.join("\n", minute(1) + "\t1", minute(2) + "\t1", minute(50) + "\t1", minute(51) + "\t1"),
                rows("SELECT window_start, jackpots FROM machine_minute FINAL "
                        + "WHERE machine_id = 'SM-J' ORDER BY window_start"),
                "minute 50: j4 counts, j3 does not");

        // SAS codes: s1 stays the FAULT it was, s2 is INTEGRITY: the raw table, machine_minute errors, the rule
        assertEquals(
                "s1\tFAULT\ns2\tINTEGRITY",
                rows("SELECT event_id, error_category FROM slot_events_live FINAL "
                        + "WHERE machine_id = 'SM-S' ORDER BY event_id"));
        assertEquals(
                minute(3) + "\t1\n" + minute(50) + "\t0",
                rows("SELECT window_start, errors FROM machine_minute FINAL "
                        + "WHERE machine_id = 'SM-S' ORDER BY window_start"));
        assertEquals(
                id(Rules.INTEGRITY_EVENT, "SM-S", "s2"),
                rows("SELECT alert_id FROM alerts FINAL WHERE entity_id = 'SM-S'"));

        // CTR threshold and warn-at: fired at the next transaction, on the totals after it; nothing for phase 1
        assertEquals(
                "CTR_APPROACHING\tP-W\t4600.00\t" + ts(at(50, 0)) + "\nCTR_REQUIRED\tP-C\t6100.00\t" + ts(at(50, 0)),
                rows("SELECT rule, entity_id, amount, event_time FROM alerts FINAL "
                        + "WHERE rule LIKE 'CTR%' ORDER BY rule"));
        // MTL threshold: $100 transactions are logged from the change on, by the ledger and beside it
        assertEquals(
                "pc1\npc2\npm2\npw1\npw2\nu2\nu3", rows("SELECT event_id FROM mtl_entries FINAL ORDER BY event_id"));

        // meter variance: mA-mB was within $100, mB-mC is over $10
        assertEquals(
                id(Rules.METER_VARIANCE, "SM-M", "mB|mC") + "\t50.00",
                rows("SELECT alert_id, amount FROM alerts FINAL WHERE rule = 'METER_VARIANCE'"));

        // house edge: session 1 at 0.08, session 2 at 0.1
        assertEquals(
                "100.00\t8.00\n100.00\t10.00",
                rows("SELECT coin_in, theo_win FROM player_sessions FINAL "
                        + "WHERE player_id = 'P-H' ORDER BY session_start"));

        // offers: a rule added live is met at the player's next slot event, not retroactively at h1
        assertEquals(
                "P-H\tt\tFOOD\t" + ts(at(50, 0)),
                rows("SELECT player_id, rule_id, reward, event_time FROM player_offers FINAL"));

        // HOT/COLD ratios: window 20-30 judged at 2.0 / 0.2, window 50-60 at 1.5 / 0.7
        assertEquals(
                String.join(
                        "\n",
                        hotCold(Rules.HOT_MACHINE, "X4", 20),
                        hotCold(Rules.COLD_MACHINE, "X1", 50),
                        hotCold(Rules.COLD_MACHINE, "X2", 50),
                        hotCold(Rules.COLD_MACHINE, "X3", 50),
                        hotCold(Rules.HOT_MACHINE, "X4", 50)),
                rows("SELECT alert_id FROM alerts FINAL WHERE rule IN ('HOT_MACHINE', 'COLD_MACHINE') "
                        + "ORDER BY event_time, entity_id"));

        // W-2G table and hopper threshold (followed live before this change too)
        assertEquals(
                "W2G_REQUIRED\t" + id(Rules.W2G_REQUIRED, "SM-W", "w1") + "\nW2G_REQUIRED\t"
                        + id(Rules.W2G_REQUIRED, "SM-W", "w3") + "\nHOPPER_FILL\t"
                        + id(Rules.HOPPER_FILL, "SM-P", "p2"),
                rows("SELECT rule, alert_id FROM alerts FINAL WHERE entity_id IN ('SM-W', 'SM-P') "
                        + "AND rule IN ('W2G_REQUIRED', 'HOPPER_FILL') ORDER BY event_time, rule DESC, alert_id"));

        // FLOOR_ANOMALY sigma: 2.5 sigma in minute 36 (under 3) is no anomaly, in minute 49 (under 2) it is
        assertEquals(
                "0\t1",
                rows("SELECT countIf(alert_id = '" + anomalyId(36) + "'), countIf(alert_id = '" + anomalyId(49)
                        + "') FROM alerts FINAL WHERE rule = 'FLOOR_ANOMALY'"));
    }

    static String id(String rule, String entity, String evidence) {
        return Alert.idOf(rule, entity, evidence);
    }

    static String hotCold(String rule, String machine, int windowMinute) {
        return Alert.idOf(rule, "SM-" + machine, at(windowMinute, 0).toString());
    }

    static String anomalyId(int minute) {
        return Alert.idOf(Rules.FLOOR_ANOMALY, "floor", at(minute, 0).toString());
    }

    /** A DateTime column as ClickHouse prints it. */
    static String minute(int m) {
        return at(m, 0).toString().replace("T", " ").replace("Z", "");
    }

    /** A DateTime64(3) column as ClickHouse prints it. */
    static String ts(Instant t) {
        return t.toString().replace("T", " ").replace("Z", "") + ".000";
    }

    /** The rows of a query on this run's database, tab-separated. */
    private String rows(String sql) {
        return clickhouse.query(sql.replace(" FROM ", " FROM " + db + ".")).strip();
    }

    private void awaitCount(String fromWhere, long n) throws InterruptedException {
        await(() -> clickhouse.count("SELECT count() FROM " + db + "." + fromWhere) >= n, n + " in " + fromWhere);
    }
}
