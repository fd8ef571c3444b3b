package io.floorwatch.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.floorwatch.compliance.ComplianceTestSupport;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** player_sessions (SPEC §5): carded slot play per player, a session ends after 30 min without play. */
class PlayerSessionsTest extends ComplianceTestSupport {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    private static long t(Duration d) {
        return plus(DAY_START, d);
    }

    private static Run<PlayerSession> sessions(FloorWatchConfig cfg, List<FloorEvent> events) throws Exception {
        return run(events, PlayerSession.class, (in, late) -> PlayerSessions.build(in, cfg, late));
    }

    private static List<PlayerSession> sorted(List<PlayerSession> s) {
        List<PlayerSession> out = new ArrayList<>(s);
        out.sort(Comparator.comparing((PlayerSession p) -> p.playerId).thenComparingLong(p -> p.sessionStart));
        return out;
    }

    @Test
    @DisplayName("A gap of exactly 30:00 keeps one session; 30:01 starts a new one")
    void gapBoundary() throws Exception {
        List<FloorEvent> events = new ArrayList<>(List.of(
                game("SM-1", "P-SAME", "1.00", t(Duration.ZERO)),
                game("SM-1", "P-SAME", "1.00", t(Duration.ofMinutes(30))),
                game("SM-2", "P-SPLIT", "1.00", t(Duration.ofSeconds(1))),
                game("SM-2", "P-SPLIT", "1.00", t(Duration.ofMinutes(30).plusSeconds(2)))));
        events.sort(Comparator.comparingLong(e -> e.eventTime));
        List<PlayerSession> out = sorted(sessions(config(), events).out());
        assertEquals(3, out.size(), out.toString());
        PlayerSession same = out.get(0);
        assertEquals("P-SAME", same.playerId);
        assertEquals(2, same.games);
        assertEquals(t(Duration.ZERO), same.sessionStart);
        assertEquals(t(Duration.ofMinutes(30)), same.sessionEnd);
        assertEquals(30, same.minutesPlayed);
        assertEquals("P-SPLIT", out.get(1).playerId);
        assertEquals(1, out.get(1).games);
        assertEquals(1, out.get(1).minutesPlayed, "a single game rates one minute");
        assertEquals(1, out.get(2).games);
    }

    @Test
    @DisplayName("Money is exact: coin in, average bet and theo (8 % house edge) rounded half-up to the cent")
    void moneyExact() throws Exception {
        List<FloorEvent> events = List.of(
                game("SM-1", "P-1", "1.25", t(Duration.ZERO)),
                game("SM-1", "P-1", "0.40", t(Duration.ofSeconds(7))),
                game("SM-2", "P-1", "3.00", t(Duration.ofMinutes(12).plusSeconds(1))),
                game("SM-3", null, "50.00", t(Duration.ofMinutes(13))), // uncarded: not rated
                billIn("SM-1", "P-1", "100.00", t(Duration.ofMinutes(14))), // not play
                cashIn("P-1", "500.00", t(Duration.ofMinutes(15)))); // not slot
        Run<PlayerSession> run = sessions(config(), events);
        assertEquals(1, run.out().size(), run.out().toString());
        PlayerSession s = run.out().get(0);
        assertEquals(cents("4.65"), s.coinInCents);
        assertEquals(3, s.games);
        assertEquals(cents("1.55"), s.avgBetCents);
        assertEquals(cents("0.37"), s.theoWinCents); // 4.65 x 0.08 = 0.372
        assertEquals(13, s.minutesPlayed); // 12:01 rounds up to 13 started minutes
        assertTrue(run.late().isEmpty());
    }

    @Test
    @DisplayName("Half-up rounding of the average bet and of theo with a configured house edge")
    void roundingHalfUp() throws Exception {
        SessionAccumulator acc = new SessionAccumulator();
        acc.firstGame = 0;
        acc.lastGame = 60_000;
        acc.coinInCents = 5; // $0.05 over 2 games: 2.5 cents average
        acc.games = 2;
        PlayerSession s = PlayerSessions.session("P-1", acc, new BigDecimal("0.10"));
        assertEquals(3, s.avgBetCents);
        assertEquals(1, s.theoWinCents); // 0.5 cent rounds up, not to even
        assertEquals(1, s.minutesPlayed);

        List<FloorEvent> events = List.of(
                game("SM-1", "P-2", "0.02", t(Duration.ZERO)), game("SM-1", "P-2", "0.03", t(Duration.ofMinutes(1))));
        PlayerSession fromJob =
                sessions(config("rules.player.house-edge", "0.1"), events).out().get(0);
        assertEquals(3, fromJob.avgBetCents);
        assertEquals(1, fromJob.theoWinCents);
    }

    @Test
    @DisplayName("SPEC 8.1: theo_win is the session's coin in x the house edge in force when its row is written")
    void theHouseEdgeChangesLive() throws Exception {
        PlayerTestSupport players = new PlayerTestSupport() {};
        players.open(PlayerTestSupport.settings(), Map.of()); // the configured 0.08
        players.send(PlayerTestSupport.game("P-1", "100.00", PlayerTestSupport.t(0, 0)));
        players.watermark(PlayerTestSupport.t(31, 0)); // P-1's session is over
        players.setting(Options.PLAYER_HOUSE_EDGE.key(), "0.1");
        players.send(PlayerTestSupport.game("P-2", "100.00", PlayerTestSupport.t(32, 0)));
        players.end();
        assertEquals(
                List.of("P-1:800", "P-2:1000"),
                players.sessions().stream()
                        .map(s -> s.playerId + ":" + s.theoWinCents)
                        .toList());
    }

    @Test
    @DisplayName("minutes_played is whole started minutes from first to last game, at least 1")
    void minutesPlayed() {
        assertEquals(1, PlayerSessions.minutesPlayed(0, 0));
        assertEquals(1, PlayerSessions.minutesPlayed(0, 60_000));
        assertEquals(2, PlayerSessions.minutesPlayed(0, 60_001));
        assertEquals(30, PlayerSessions.minutesPlayed(0, 30 * 60_000));
    }

    @Test
    @DisplayName("A game behind the watermark goes to late events and does not change a session")
    void lateGame() throws Exception {
        FloorEvent late = game("SM-1", "P-1", "5.00", t(Duration.ofMinutes(1)));
        List<FloorEvent> events = List.of(
                game("SM-1", "P-1", "1.00", t(Duration.ofMinutes(2))),
                clock(t(Duration.ofHours(1))), // session of P-1 closed by now
                late);
        Run<PlayerSession> run = sessions(config(), events);
        assertEquals(1, run.out().size());
        assertEquals(cents("1.00"), run.out().get(0).coinInCents);
        assertEquals(
                List.of(late.eventId), run.late().stream().map(e -> e.eventId).toList());
    }

    @Test
    @DisplayName("A game behind the watermark joins the session still open (as in a session window); one whose own"
            + " session would have ended is late")
    void lateGameJoinsTheOpenSession() throws Exception {
        PlayerTestSupport players = new PlayerTestSupport() {};
        players.open(PlayerTestSupport.settings(), Map.of());
        FloorEvent joins = PlayerTestSupport.game("P-1", "2.00", PlayerTestSupport.t(5, 0));
        FloorEvent ownSessionOver = PlayerTestSupport.game("P-1", "4.00", PlayerTestSupport.t(-40, 0));
        players.send(PlayerTestSupport.game("P-1", "1.00", PlayerTestSupport.t(10, 0)));
        players.watermark(PlayerTestSupport.t(20, 0)); // the session (10:00, open until 40:00) is still open
        players.send(joins, ownSessionOver);
        players.watermark(PlayerTestSupport.t(45, 0)); // 10:00 + 30:00 passed: the session closes
        PlayerSession s = players.sessions().get(0);
        assertEquals(1, players.sessions().size(), players.sessions().toString());
        assertEquals(PlayerTestSupport.t(5, 0), s.sessionStart);
        assertEquals(PlayerTestSupport.t(10, 0), s.sessionEnd);
        assertEquals(cents("3.00"), s.coinInCents);
        assertEquals(2, s.games);
        assertEquals(
                List.of(ownSessionOver.eventId),
                players.late().stream().map(e -> e.eventId).toList());
    }

    @Test
    @DisplayName("State types are Flink POJOs (no Kryo)")
    void pojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SessionAccumulator.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(PlayerSession.class);
    }
}
