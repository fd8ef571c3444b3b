package io.floorwatch.player;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * {@code player_sessions} (SPEC §5): the player rating of carded slot play, live. Carded play is a slot
 * {@code GAME_PLAYED} with a {@code player_id}; a session ends after {@code rules.player.session-gap}
 * (30 min) without play: games exactly 30:00 apart are one session, 30:00.001 apart are two.
 *
 * <p>Counted in the player operator ({@link PlayerActivity}, one shuffle and one state per player for everything
 * per player), with the semantics of an event-time session window. Per session: session_start / session_end = the
 * first / last game's time; coin_in = sum of wagers; games = count; avg_bet = coin_in / games and theo_win = coin_in ×
 * {@code rules.player.house-edge} in force when the row is written (SPEC 8.1), both rounded half-up to the cent with
 * BigDecimal. minutes_played = (last game − first game) in whole minutes, rounded up, and at least 1: rating systems
 * count time on device in started minutes, and a rated session that had a game has been played (a single spin still
 * rates 1 minute, so per-hour figures never divide by zero). The last game's own duration is not known from the
 * events and is not added.
 *
 * <p>Late games (behind the watermark, whose session has closed) go to {@link LateEvents} and do not change
 * sessions: a late update could move a session's start, and with it its row key. For the same reason
 * {@code aggregation.allowed-lateness} is not applied here. At the end of a bounded run the open sessions close and
 * are emitted: they are aggregations of what was played, not timeouts.
 */
public final class PlayerSessions {
    private PlayerSessions() {}

    /** The session rows of the player operator on {@code events} (tests; the topology reads the operator's side output). */
    public static DataStream<PlayerSession> build(
            DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        return build(events, cfg, late, ControlStreams.none(events.getExecutionEnvironment(), cfg));
    }

    public static DataStream<PlayerSession> build(
            DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late, ControlStreams control) {
        return PlayerActivity.build(events, control.updates(), cfg, late).getSideOutput(PlayerActivity.SESSIONS);
    }

    public static boolean isCardedPlay(FloorEvent e) {
        return e.source == Source.SLOT
                && "GAME_PLAYED".equals(e.eventType)
                && e.playerId != null
                && !e.playerId.isBlank();
    }

    /** The session row of an accumulator with at least one game. */
    public static PlayerSession session(String player, SessionAccumulator acc, BigDecimal houseEdge) {
        PlayerSession s = new PlayerSession();
        s.playerId = player;
        s.sessionStart = acc.firstGame;
        s.sessionEnd = acc.lastGame;
        s.coinInCents = acc.coinInCents;
        s.games = acc.games;
        s.avgBetCents = BigDecimal.valueOf(acc.coinInCents)
                .divide(BigDecimal.valueOf(acc.games), 0, RoundingMode.HALF_UP)
                .longValueExact();
        s.theoWinCents = theo(acc.coinInCents, houseEdge);
        s.minutesPlayed = minutesPlayed(acc.firstGame, acc.lastGame);
        return s;
    }

    /** Coin in × house edge, rounded half-up to the cent. */
    static long theo(long coinInCents, BigDecimal houseEdge) {
        return BigDecimal.valueOf(coinInCents)
                .multiply(houseEdge)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    /** Whole minutes from the first to the last game, rounded up, at least 1. */
    public static long minutesPlayed(long firstGame, long lastGame) {
        long ms = lastGame - firstGame;
        return Math.max(1, (ms + 59_999) / 60_000);
    }
}
