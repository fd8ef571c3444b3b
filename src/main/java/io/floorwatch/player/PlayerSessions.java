package io.floorwatch.player;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.LiveBroadcastFunction;
import io.floorwatch.control.LiveValues;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * {@code player_sessions} (SPEC §5): the player rating of carded slot play, live. Carded play is a slot
 * {@code GAME_PLAYED} with a {@code player_id}; a session ends after {@code rules.player.session-gap}
 * (30 min) without play: games exactly 30:00 apart are one session, 30:00.001 apart are two.
 *
 * <p>Event-time session windows keyed by player, aggregated incrementally (no window buffer). Per session:
 * session_start / session_end = the first / last game's time; coin_in = sum of wagers; games = count;
 * avg_bet = coin_in / games and theo_win = coin_in × {@code rules.player.house-edge}, both rounded half-up
 * to the cent with BigDecimal. minutes_played = (last game − first game) in whole minutes, rounded up, and at
 * least 1: rating systems count time on device in started minutes, and a rated session that had a game has
 * been played (a single spin still rates 1 minute, so per-hour figures never divide by zero). The last game's
 * own duration is not known from the events and is not added.
 *
 * <p>Late games (behind the watermark, after their session may have been emitted) go to {@link LateEvents}
 * and do not change sessions: a late update could move a session's start, and with it its row key. For the
 * same reason {@code aggregation.allowed-lateness} is not applied here. At the end of a bounded run the open
 * sessions close and are emitted: they are aggregations of what was played, not timeouts.
 *
 * <p>{@code rules.player.house-edge} changes live (SPEC 8.1): as for {@code player_ratings}, theo_win is the session's
 * coin in × the house edge in force when its row is written. A window operator cannot take the control stream, so a
 * small function on the session rows ({@link LiveTheo}, one record per session) applies it.
 */
public final class PlayerSessions {
    private PlayerSessions() {}

    public static DataStream<PlayerSession> build(
            DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        return build(events, cfg, late, ControlStreams.none(events.getExecutionEnvironment(), cfg));
    }

    public static DataStream<PlayerSession> build(
            DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late, ControlStreams control) {
        SingleOutputStreamOperator<PlayerSession> sessions = events.filter(PlayerSessions::isCardedPlay)
                .uid("player-sessions-carded-play")
                .name("Player sessions: carded play")
                .keyBy(e -> e.playerId, Types.STRING)
                .window(EventTimeSessionWindows.withGap(cfg.get(Options.PLAYER_SESSION_GAP)))
                .sideOutputLateData(LateEvents.TAG)
                .aggregate(
                        new SessionAggregate(),
                        new ToSession(BigDecimal.valueOf(cfg.get(Options.PLAYER_HOUSE_EDGE))),
                        TypeInformation.of(SessionAccumulator.class),
                        TypeInformation.of(SessionAccumulator.class),
                        TypeInformation.of(PlayerSession.class))
                .uid("player-sessions")
                .name("Player sessions");
        late.collect(sessions.getSideOutput(LateEvents.TAG));
        LiveValues live = LiveValues.settings(control, Options.PLAYER_HOUSE_EDGE.key());
        return control.connect(sessions, new LiveTheo(cfg, live), PlayerSession.class)
                .uid("player-sessions-theo")
                .name("Player sessions: theo_win at the house edge in force");
    }

    /** Sets each session row's theo_win with the house edge in force when it is written (SPEC 8.1). */
    public static final class LiveTheo extends LiveBroadcastFunction<PlayerSession, PlayerSession> {
        private static final long serialVersionUID = 1L;
        private transient BigDecimal houseEdge;

        public LiveTheo(FloorWatchConfig cfg, LiveValues live) {
            super(cfg, live, "house-edge-live-values");
        }

        @Override
        protected void refresh() {
            houseEdge = BigDecimal.valueOf(live.get(cfg, Options.PLAYER_HOUSE_EDGE));
        }

        @Override
        public void processElement(PlayerSession s, ReadOnlyContext ctx, Collector<PlayerSession> out) {
            s.theoWinCents = theo(s.coinInCents, houseEdge);
            out.collect(s);
        }
    }

    public static boolean isCardedPlay(FloorEvent e) {
        return e.source == Source.SLOT
                && "GAME_PLAYED".equals(e.eventType)
                && e.playerId != null
                && !e.playerId.isBlank();
    }

    public static final class SessionAggregate
            implements AggregateFunction<FloorEvent, SessionAccumulator, SessionAccumulator> {
        private static final long serialVersionUID = 1L;

        @Override
        public SessionAccumulator createAccumulator() {
            return new SessionAccumulator();
        }

        @Override
        public SessionAccumulator add(FloorEvent e, SessionAccumulator acc) {
            acc.firstGame = Math.min(acc.firstGame, e.eventTime);
            acc.lastGame = Math.max(acc.lastGame, e.eventTime);
            acc.coinInCents += e.wager();
            acc.games++;
            return acc;
        }

        @Override
        public SessionAccumulator getResult(SessionAccumulator acc) {
            return acc;
        }

        @Override
        public SessionAccumulator merge(SessionAccumulator a, SessionAccumulator b) {
            a.firstGame = Math.min(a.firstGame, b.firstGame);
            a.lastGame = Math.max(a.lastGame, b.lastGame);
            a.coinInCents += b.coinInCents;
            a.games += b.games;
            return a;
        }
    }

    public static final class ToSession
            extends ProcessWindowFunction<SessionAccumulator, PlayerSession, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final BigDecimal houseEdge;

        public ToSession(BigDecimal houseEdge) {
            this.houseEdge = houseEdge;
        }

        @Override
        public void process(
                String player, Context ctx, Iterable<SessionAccumulator> accs, Collector<PlayerSession> out) {
            for (SessionAccumulator acc : accs) {
                if (acc.games > 0) out.collect(session(player, acc, houseEdge));
            }
        }
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
