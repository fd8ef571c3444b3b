package io.floorwatch.player;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.OfferKeys;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.ControlUpdate;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.GamingDay;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Money;
import io.floorwatch.event.Source;
import io.floorwatch.event.StateCache;
import io.floorwatch.event.StateSerializer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Everything FloorWatch does per player (SPEC §5, 8.2, 8.3), in one operator keyed by {@code player_id} with one state
 * entry per player and gaming day ({@link PlayerDay}) and the open session: {@code player_sessions}
 * ({@link PlayerSessions}, side output {@link #SESSIONS}), {@code player_ratings}, offers, {@code EXCLUDED_PATRON} and
 * {@code EXCLUDED_PATRON_PAYOUT}: one shuffle of the carded events, not one per table. Input: the events that carry a
 * {@code player_id} (carded slot events, table and cage events), keyed once by player; and the validated {@link ControlUpdate}s, broadcast (settings {@code rules.player.house-edge},
 * {@code rules.jackpot.threshold}, {@code offers.*}; the watchlist), kept in checkpointed broadcast state on top of the
 * initial values the topology passes in (the config file, or what the control reader read at start).
 *
 * <p><b>Event time.</b> Each event is held ({@code player-pending}) until the watermark passes it and is then counted in
 * {@code (event_time, event_id)} order, like the CTR ledger. A listed player's events are released as the watermark
 * passes each; the others' at the end of their minute of floor time, together with the minute's rating row (offers go
 * out up to a minute of floor time later, in the same order): the rating counts each event in the gaming
 * day of its own time, an offer goes out at the first slot event after which the rating meets the rule, and
 * {@code EXCLUDED_PATRON} names the day's earliest event. An event already behind the watermark whose day is still
 * kept is counted at once, at the end; one whose day was dropped ({@link #STATE_GRACE} after its end) goes to
 * {@link LateEvents}. Settings and watchlist changes apply to the events counted after they arrive (never
 * retroactively: an offer or alert that went out stays).
 *
 * <p><b>Ratings.</b> Only slot events make rating rows: coin_in = sum of {@code wager_amount}, games = {@code GAME_PLAYED}
 * count, version = slot events counted. Plays ({@code GAME_PLAYED}) form session parts: a part starts at the day's
 * first play and after more than {@code rules.player.session-gap} without play, so a session is split at the gaming-day
 * start; minutes_played = sum of the parts' ⌈(last − first) / 1 min⌉, at least 1 each. theo_win = coin_in × the house
 * edge in force, rounded half-up to cents (BigDecimal). A changed day's row is emitted on an event-time timer at the end
 * of the minute (at most one row per player and minute of floor time) and at the end of a bounded run.
 *
 * <p><b>Offers.</b> Once per player, rule and gaming day ({@link PlayerDay#offered}), never while the player is on the
 * watchlist (issued at the first qualifying event after removal). <b>Exclusion.</b> EXCLUDED_PATRON once per player and
 * gaming day, in event time (the day's earliest event); EXCLUDED_PATRON_PAYOUT per paying event (slot payout ≥
 * {@code rules.jackpot.threshold} in force, table {@code CASH_OUT}, cage {@code CASH_OUT}) on arrival, without waiting
 * for the watermark: it needs no order, and security must hold the payout before it is paid.
 *
 * <p>State: {@code player-days} (day → PlayerDay) is dropped on an event-time timer at the day's end + grace; pending
 * events leave on their own timer. No TTL: processing time would expire days while a replay still reads them.
 */
public final class PlayerActivity extends KeyedBroadcastProcessFunction<String, FloorEvent, ControlUpdate, Alert> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<PlayerRating> RATINGS =
            new OutputTag<>("player-ratings", TypeInformation.of(PlayerRating.class));
    public static final OutputTag<PlayerOffer> OFFERS =
            new OutputTag<>("player-offers", TypeInformation.of(PlayerOffer.class));
    public static final OutputTag<PlayerSession> SESSIONS =
            new OutputTag<>("player-sessions", TypeInformation.of(PlayerSession.class));
    /** Settings in force beyond the initial ones: key → raw value, or {@link #DELETED}. */
    public static final MapStateDescriptor<String, String> SETTINGS =
            new MapStateDescriptor<>("player-settings", Types.STRING, Types.STRING);
    /** Watchlist beyond the initial one: player → list while ACTIVE, {@link #DELETED} once REMOVED. */
    public static final MapStateDescriptor<String, String> WATCHLIST =
            new MapStateDescriptor<>("player-watchlist", Types.STRING, Types.STRING);

    static final String DELETED = "\u0000deleted";
    /** How long after the end of a gaming day (in floor time) its state is kept for late events. */
    public static final Duration STATE_GRACE = Duration.ofHours(1);

    static final long MINUTE = 60_000L;

    static final String HOUSE_EDGE = Options.PLAYER_HOUSE_EDGE.key();
    static final String JACKPOT_THRESHOLD = Options.JACKPOT_THRESHOLD.key();
    static final Comparator<FloorEvent> EVENT_TIME_ORDER =
            Comparator.<FloorEvent>comparingLong(e -> e.eventTime).thenComparing(e -> e.eventId);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HashMap<String, String> initialSettings;
    private final HashMap<String, String> initialWatchlist;
    private final GamingDay gamingDay;
    private final long sessionGapMs;

    private transient MapState<Long, PlayerDay> days;
    private transient MapState<Long, List<FloorEvent>> pending;
    private transient ValueState<SessionAccumulator> session;
    private transient Settings settings;
    private transient Counter offersIssued;

    public PlayerActivity(
            Map<String, String> initialSettings,
            Map<String, String> initialWatchlist,
            GamingDay gamingDay,
            Duration sessionGap) {
        this.initialSettings = new HashMap<>(initialSettings);
        this.initialWatchlist = new HashMap<>(initialWatchlist);
        this.gamingDay = gamingDay;
        this.sessionGapMs = sessionGap.toMillis();
    }

    // ------------------------------------------------------------------------------------------------ wiring

    /** The events this operator reads: everything that carries a player id. */
    public static boolean carriesPlayer(FloorEvent e) {
        return e.playerId != null && !e.playerId.isBlank() && e.source != Source.SECURITY;
    }

    /** The settings of {@code cfg} this operator uses: house edge, jackpot threshold, every {@code offers.*} key. */
    public static Map<String, String> initialSettings(FloorWatchConfig cfg) {
        Map<String, String> s = new HashMap<>(cfg.withPrefix(OfferKeys.PREFIX));
        // the house edge as written (exact decimal; the Option's Double is only its validation), else the default
        String edge = cfg.withPrefix(HOUSE_EDGE)
                .getOrDefault(HOUSE_EDGE, Options.PLAYER_HOUSE_EDGE.defaultValue())
                .trim();
        s.put(HOUSE_EDGE, edge);
        s.put(JACKPOT_THRESHOLD, Money.toDecimalString(cfg.get(Options.JACKPOT_THRESHOLD)));
        return s;
    }

    /** With the config file's settings and an empty watchlist (until the control reader passes what it read at start). */
    public static SingleOutputStreamOperator<Alert> build(
            DataStream<FloorEvent> events, DataStream<ControlUpdate> control, FloorWatchConfig cfg, LateEvents late) {
        return build(events, control, initialSettings(cfg), Map.of(), cfg, late);
    }

    /**
     * The player operator: alerts as main output, {@link #RATINGS} and {@link #OFFERS} as side outputs. {@code control}
     * is broadcast and never moves or holds the operator's event time, which is the events' alone
     * ({@link ControlStreams#process}): a control side at the end of time would become the clock whenever the floor goes
     * quiet (its events idle), and close every day as if the input had ended.
     */
    public static SingleOutputStreamOperator<Alert> build(
            DataStream<FloorEvent> events,
            DataStream<ControlUpdate> control,
            Map<String, String> initialSettings,
            Map<String, String> initialWatchlist,
            FloorWatchConfig cfg,
            LateEvents late) {
        SingleOutputStreamOperator<Alert> alerts = ControlStreams.process(
                        events.filter(PlayerActivity::carriesPlayer)
                                .uid("player-activity-events")
                                .name("Player activity: events with a player_id")
                                .keyBy(e -> e.playerId, Types.STRING),
                        control,
                        new PlayerActivity(
                                initialSettings,
                                initialWatchlist,
                                cfg.gamingDay(),
                                cfg.get(Options.PLAYER_SESSION_GAP)),
                        TypeInformation.of(Alert.class),
                        List.of(SETTINGS, WATCHLIST))
                .uid("player-activity")
                .name("Player activity: ratings, offers, excluded patrons");
        return late.collectFrom(alerts);
    }

    // ------------------------------------------------------------------------------------------------ runtime

    @Override
    public void open(OpenContext ctx) {
        // on the heap between checkpoints (StateCache): a held event is written to RocksDB only if a checkpoint comes
        // before its release
        days = StateCache.map(getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "player-days", LongSerializer.INSTANCE, StateSerializer.of(PlayerDay.class))));
        pending = StateCache.map(getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "player-pending", Types.LONG, Types.LIST(TypeInformation.of(FloorEvent.class)))));
        session = StateCache.value(getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "player-open-session", StateSerializer.of(SessionAccumulator.class))));
        offersIssued = getRuntimeContext().getMetricGroup().counter("playerOffersIssued");
    }

    @Override
    public void processBroadcastElement(ControlUpdate u, Context ctx, Collector<Alert> out) throws Exception {
        if (u == null || u.kind == null || u.key == null) return;
        if (u.kind == ControlUpdate.Kind.SETTING) {
            if (!(u.key.equals(HOUSE_EDGE) || u.key.equals(JACKPOT_THRESHOLD) || OfferKeys.isOfferKey(u.key))) return;
            BroadcastState<String, String> s = ctx.getBroadcastState(SETTINGS);
            s.put(u.key, u.value == null ? DELETED : u.value);
            settings = null; // rebuilt at the next event from the broadcast state
        } else if (u.kind == ControlUpdate.Kind.WATCHLIST) {
            ctx.getBroadcastState(WATCHLIST).put(u.key, u.value == null ? DELETED : u.value);
        }
    }

    @Override
    public void processElement(FloorEvent e, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        // EXCLUDED_PATRON_PAYOUT at once, on arrival: it is per event (needs no order), and the payout must be held
        // before it is paid, so it does not wait for the watermark (late events included).
        String list = watchlist(ctx, ctx.getCurrentKey());
        if (list != null) {
            Long paid = payout(e, settings(ctx));
            if (paid != null || isPayingWithoutAmount(e)) {
                out.collect(excludedPayout(ctx.getCurrentKey(), gamingDay.of(e.eventTime), list, e, paid));
            }
        }
        long watermark = ctx.timerService().currentWatermark();
        if (e.eventTime <= watermark) {
            // behind the watermark: in its session if that is still open, and in its day if that is still kept
            boolean inSession = !PlayerSessions.isCardedPlay(e) || play(e, watermark, ctx);
            boolean dayKept = cleanupAt(gamingDay.of(e.eventTime)) > watermark;
            if (!inSession || !dayKept) ctx.output(LateEvents.TAG, e);
            if (dayKept) count(e, ctx, out); // counted now, at the end (a day already dropped would start anew)
            return;
        }
        // Held until the watermark passes it. A listed player's events each under their own time, on a timer of their
        // own (EXCLUDED_PATRON does not wait); the others' in one list per minute, under the end of the minute and
        // released on the timer of that minute's rating row: an entry and a timer per player and minute, not per event
        // (per event, the timer heap was half of this operator's CPU, and at 25,000 events/s the events held outgrew
        // the state cache, which then wrote everything back every 20 s while the floor waited).
        long releasedAt = list != null ? e.eventTime : endOfMinute(e.eventTime);
        List<FloorEvent> held = pending.get(releasedAt);
        if (held == null) held = new ArrayList<>(list != null ? 1 : 8);
        held.add(e);
        pending.put(releasedAt, held);
        ctx.timerService().registerEventTimeTimer(releasedAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        // 1. The events released now (their own instant, or their minute), in (event_time, event_id) order.
        List<FloorEvent> due = takeHeldUntil(timestamp);
        if (due != null) {
            due.sort(EVENT_TIME_ORDER);
            for (FloorEvent e : due) {
                if (PlayerSessions.isCardedPlay(e)) play(e, Long.MIN_VALUE, ctx);
                count(e, ctx, out);
            }
        }
        // Rows and clean-ups are due only on whole minutes (scheduleRow, cleanupTimer): an event's own timer at any
        // other instant need not walk the player's days (a RocksDB iteration per held event).
        if (due != null && timestamp % MINUTE != 0) return;
        closeSession(timestamp, ctx);
        // 2. The rating rows of the days that changed, at the end of their minute.
        // 3. Days past their end + grace: their last row, then dropped.
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, PlayerDay> entry : days.entries()) {
            PlayerDay d = entry.getValue();
            boolean expires = cleanupAt(LocalDate.ofEpochDay(entry.getKey())) <= timestamp;
            if (d.dirty && (d.rowAt <= timestamp || expires)) {
                d.dirty = false;
                ctx.output(
                        RATINGS, rating(ctx.getCurrentKey(), LocalDate.ofEpochDay(entry.getKey()), d, settings(ctx)));
                if (!expires) days.put(entry.getKey(), d);
            }
            if (expires) expired.add(entry.getKey());
        }
        for (Long day : expired) days.remove(day);
    }

    /**
     * The held events the watermark has passed ({@code t}), taken out of {@code player-pending}; null when none. Each
     * list is held under a time none of its events is after (the end of their minute, or a listed player's event's own
     * time; in state written before the lists per minute, every event's own time) and released by the player's timers:
     * once per minute, or per event for a listed player. A listed player's timer within a minute takes that minute's
     * earlier events out of its list (events held before the listing come out in order with it).
     */
    private List<FloorEvent> takeHeldUntil(long t) throws Exception {
        List<FloorEvent> due = new ArrayList<>();
        List<Long> released = new ArrayList<>();
        Map<Long, List<FloorEvent>> kept = new HashMap<>();
        for (Map.Entry<Long, List<FloorEvent>> held : pending.entries()) {
            long latest = held.getKey();
            List<FloorEvent> events = held.getValue();
            if (latest <= t) {
                due.addAll(events);
                released.add(latest);
            } else if (latest - MINUTE <= t && anyAtOrBefore(events, t)) {
                // a minute's list, at a listed player's timer within that minute: its events up to t go now
                List<FloorEvent> later = new ArrayList<>();
                for (FloorEvent e : events) (e.eventTime <= t ? due : later).add(e);
                if (later.isEmpty()) released.add(latest);
                else kept.put(latest, later);
            }
        }
        for (Map.Entry<Long, List<FloorEvent>> part : kept.entrySet()) pending.put(part.getKey(), part.getValue());
        for (Long time : released) pending.remove(time); // by key: the last one drops the player's map (heap backend)
        return due.isEmpty() ? null : due;
    }

    private static boolean anyAtOrBefore(List<FloorEvent> events, long t) {
        for (FloorEvent e : events) if (e.eventTime <= t) return true;
        return false;
    }

    /** Counts one event in its gaming day, in counting order: EXCLUDED_PATRON, the rating, offers. */
    private void count(FloorEvent e, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        String player = ctx.getCurrentKey();
        Settings s = settings(ctx);
        LocalDate day = gamingDay.of(e.eventTime);
        PlayerDay d = days.get(day.toEpochDay());
        if (d == null) {
            d = new PlayerDay();
            ctx.timerService().registerEventTimeTimer(cleanupTimer(day));
        }
        String list = watchlist(ctx, player);
        if (list != null && !d.excludedAlerted) {
            d.excludedAlerted = true;
            out.collect(excludedPatron(player, day, list, e)); // the day's earliest event of a listed player
        }
        if (e.source == Source.SLOT) {
            d.version++;
            d.coinInCents += e.wager();
            if ("GAME_PLAYED".equals(e.eventType)) {
                d.games++;
                d.play(e.eventTime, sessionGapMs);
            }
            d.lastSeen = Math.max(d.lastSeen, e.eventTime);
            if (!d.dirty) {
                d.dirty = true;
                d.rowAt = scheduleRow(e.eventTime, ctx);
            }
            if (list == null && !s.rules.isEmpty()) offers(player, day, d, e, s, ctx);
        }
        days.put(day.toEpochDay(), d);
    }

    private void offers(String player, LocalDate day, PlayerDay d, FloorEvent e, Settings s, ReadOnlyContext ctx) {
        long theo = PlayerSessions.theo(d.coinInCents, s.houseEdge);
        long minutes = d.minutesPlayed();
        for (OfferRule rule : s.rules.values()) {
            if (d.offered(rule.id()) || !rule.meets(theo, d.coinInCents, minutes)) continue;
            d.markOffered(rule.id());
            PlayerOffer o = new PlayerOffer();
            o.offerId = PlayerOffer.idOf(rule.id(), player, day.toString());
            o.playerId = player;
            o.ruleId = rule.id();
            o.reward = rule.reward();
            o.valueCents = rule.valueCents();
            o.gamingDay = day.toString();
            o.theoWinCents = theo;
            o.coinInCents = d.coinInCents;
            o.minutesPlayed = minutes;
            o.machineId = e.machineId != null ? e.machineId : e.entityId;
            o.eventTime = e.eventTime;
            o.detectedAt = System.currentTimeMillis();
            offersIssued.inc();
            ctx.output(OFFERS, o);
        }
    }

    /**
     * One carded play in the player's open session ({@code player_sessions}, SPEC §5), with the semantics of an
     * event-time session window: a play joins the open session when it is at most the session gap from it (games
     * exactly 30:00 apart are one session), else the open session is over and the play starts the next. Plays come
     * in event-time order ({@code watermark} is {@code Long.MIN_VALUE}), or at once when the watermark has passed them:
     * such a play is late, and returns false, when its session has closed (the open one ends by the watermark, or it
     * would be a session of its own that ended by then).
     */
    private boolean play(FloorEvent e, long watermark, ReadOnlyContext ctx) throws Exception {
        boolean inOrder = watermark == Long.MIN_VALUE;
        SessionAccumulator open = session.value();
        if (open != null && (inOrder ? e.eventTime - open.lastGame > sessionGapMs : closesAt(open) <= watermark)) {
            emitSession(open, ctx); // this later play, or floor time, is past its end
            open = null;
        }
        if (open != null && e.eventTime < open.firstGame - sessionGapMs) return false;
        if (open == null) {
            if (!inOrder && e.eventTime + sessionGapMs - 1 <= watermark) return false;
            open = new SessionAccumulator();
            ctx.timerService().registerEventTimeTimer(endOfMinute(plus(e.eventTime, sessionGapMs)));
        }
        open.firstGame = Math.min(open.firstGame, e.eventTime);
        open.lastGame = Math.max(open.lastGame, e.eventTime);
        open.coinInCents += e.wager();
        open.games++;
        session.update(open);
        return true;
    }

    /**
     * On a whole-minute timer: the open session's row once every play that could still join it has been released (a
     * play up to the gap after its last game, held until the end of its minute), else its timer moved to that (later)
     * time. Session timers are on whole minutes so that they share the rating rows' timers.
     */
    private void closeSession(long timestamp, ReadOnlyContext ctx) throws Exception {
        SessionAccumulator open = session.value();
        if (open == null) return;
        long complete = endOfMinute(plus(open.lastGame, sessionGapMs));
        if (complete <= timestamp) emitSession(open, ctx);
        else ctx.timerService().registerEventTimeTimer(complete);
    }

    /** The last moment of a session (a session window's max timestamp): its last game + the gap − 1 ms. */
    private long closesAt(SessionAccumulator s) {
        return s.lastGame >= Long.MAX_VALUE - sessionGapMs ? Long.MAX_VALUE : s.lastGame + sessionGapMs - 1;
    }

    private void emitSession(SessionAccumulator s, ReadOnlyContext ctx) throws Exception {
        ctx.output(SESSIONS, PlayerSessions.session(ctx.getCurrentKey(), s, settings(ctx).houseEdge));
        session.clear();
    }

    private static long plus(long t, long ms) {
        return t >= Long.MAX_VALUE - ms ? Long.MAX_VALUE : t + ms;
    }

    /**
     * A rating row at the end of the event's minute. A timer at or before the watermark still fires: in the loop that is
     * advancing the watermark now (counted on a timer), or at the next watermark (a late event counted at once).
     */
    private long scheduleRow(long eventTime, ReadOnlyContext ctx) {
        long at = endOfMinute(eventTime);
        ctx.timerService().registerEventTimeTimer(at);
        return at;
    }

    /** The first whole minute after {@code t}: the end of its minute. */
    private static long endOfMinute(long t) {
        return t >= Long.MAX_VALUE - MINUTE ? Long.MAX_VALUE : (Math.floorDiv(t, MINUTE) + 1) * MINUTE;
    }

    private long cleanupAt(LocalDate day) {
        return gamingDay.endOf(day) + STATE_GRACE.toMillis();
    }

    /** The clean-up of a day's state on the first whole minute at or after {@link #cleanupAt}. */
    private long cleanupTimer(LocalDate day) {
        long at = cleanupAt(day);
        return at >= Long.MAX_VALUE - MINUTE ? Long.MAX_VALUE : Math.floorDiv(at + MINUTE - 1, MINUTE) * MINUTE;
    }

    static PlayerRating rating(String player, LocalDate day, PlayerDay d, Settings s) {
        PlayerRating r = new PlayerRating();
        r.playerId = player;
        r.gamingDay = day.toString();
        r.coinInCents = d.coinInCents;
        r.games = d.games;
        r.avgBetCents = d.games == 0
                ? 0
                : BigDecimal.valueOf(d.coinInCents)
                        .divide(BigDecimal.valueOf(d.games), 0, RoundingMode.HALF_UP)
                        .longValueExact();
        r.theoWinCents = PlayerSessions.theo(d.coinInCents, s.houseEdge);
        r.minutesPlayed = d.minutesPlayed();
        r.sessions = d.sessions;
        r.lastSeen = d.lastSeen;
        r.version = d.version;
        return r;
    }

    // ------------------------------------------------------------------------------------------------ exclusion

    /** The payout of a paying event (SPEC 8.3), null when it does not pay or pays without an amount. */
    static Long payout(FloorEvent e, Settings s) {
        return switch (e.source) {
            // as judged when it entered the job (SPEC 8.1), else by the threshold in force here
            case SLOT -> e.payoutCents != null && e.paysJackpot(s.jackpotThresholdCents) ? e.payoutCents : null;
            case TABLE -> "CASH_OUT".equals(e.eventType) ? e.amountCents : null;
            case CAGE -> "CASH_OUT".equals(e.direction) ? e.amountCents : null;
            default -> null;
        };
    }

    /** A table CASH_OUT or cage CASH_OUT without an amount still pays (amount null). */
    static boolean isPayingWithoutAmount(FloorEvent e) {
        return e.amountCents == null
                && ((e.source == Source.TABLE && "CASH_OUT".equals(e.eventType))
                        || (e.source == Source.CAGE && "CASH_OUT".equals(e.direction)));
    }

    /** The details of both excluded-patron alerts. */
    private static String excludedDetails(LocalDate day, String list, FloorEvent e) {
        ObjectNode d = JSON.createObjectNode();
        d.put("list", list);
        d.put("event_id", e.eventId);
        d.put("source", e.source.code());
        d.put("event_type", e.eventType);
        d.put("gaming_day", day.toString());
        d.put("where", where(e));
        return d.toString();
    }

    private static Alert excludedPatron(String player, LocalDate day, String list, FloorEvent e) {
        return Alert.firing(
                        Rules.EXCLUDED_PATRON,
                        Severity.CRITICAL,
                        Rules.PLAYER,
                        player,
                        day.toString(),
                        e.eventTime,
                        null,
                        "Excluded patron " + player + " (" + list + ") active at " + where(e),
                        "Security: locate the patron and act per the " + list + " procedure",
                        excludedDetails(day, list, e))
                .withTrigger(e.ingestTime);
    }

    private static Alert excludedPayout(String player, LocalDate day, String list, FloorEvent e, Long amount) {
        return Alert.firing(
                        Rules.EXCLUDED_PATRON_PAYOUT,
                        Severity.HIGH,
                        Rules.PLAYER,
                        player,
                        e.eventId,
                        e.eventTime,
                        amount,
                        "Payout " + (amount == null ? "(amount unknown)" : Money.format(amount))
                                + " to excluded patron " + player + " (" + list + ") at " + where(e),
                        "Hold the payout: excluded patron (" + list + "); call security and a supervisor",
                        excludedDetails(day, list, e))
                .withTrigger(e.ingestTime);
    }

    private static String where(FloorEvent e) {
        return switch (e.source) {
            case SLOT -> "machine " + e.machineId;
            case TABLE -> "table " + e.tableId;
            case CAGE -> "cage" + (e.cageId == null ? "" : " " + e.cageId);
            default -> e.entityId;
        };
    }

    // ------------------------------------------------------------------------------------------------ settings

    private String watchlist(ReadOnlyContext ctx, String player) throws Exception {
        String v = ctx.getBroadcastState(WATCHLIST).get(player);
        if (v == null) v = initialWatchlist.get(player);
        return v == null || v.equals(DELETED) ? null : v;
    }

    private Settings settings(ReadOnlyContext ctx) throws Exception {
        if (settings == null) {
            Map<String, String> raw = new HashMap<>(initialSettings);
            ReadOnlyBroadcastState<String, String> changes = ctx.getBroadcastState(SETTINGS);
            for (Map.Entry<String, String> c : changes.immutableEntries()) {
                if (c.getValue().equals(DELETED)) raw.remove(c.getKey());
                else raw.put(c.getKey(), c.getValue());
            }
            settings = Settings.of(raw, initialSettings);
        }
        return settings;
    }

    /** The settings in force, parsed. */
    static final class Settings {
        final BigDecimal houseEdge;
        final long jackpotThresholdCents;
        final Map<String, OfferRule> rules;

        Settings(BigDecimal houseEdge, long jackpotThresholdCents, Map<String, OfferRule> rules) {
            this.houseEdge = houseEdge;
            this.jackpotThresholdCents = jackpotThresholdCents;
            this.rules = rules;
        }

        static Settings of(Map<String, String> raw, Map<String, String> fallback) {
            return new Settings(
                    edge(raw.get(HOUSE_EDGE), fallback.get(HOUSE_EDGE)),
                    cents(raw.get(JACKPOT_THRESHOLD), fallback.get(JACKPOT_THRESHOLD)),
                    OfferRule.activeRules(raw));
        }

        private static BigDecimal edge(String raw, String fallback) {
            for (String v : new String[] {raw, fallback, Options.PLAYER_HOUSE_EDGE.defaultValue()}) {
                try {
                    BigDecimal edge = new BigDecimal(v.trim());
                    if (edge.signum() >= 0 && edge.compareTo(BigDecimal.ONE) <= 0) return edge;
                } catch (RuntimeException ignored) {
                    // validated upstream; fall back to the next source
                }
            }
            throw new IllegalStateException("no house edge");
        }

        private static long cents(String raw, String fallback) {
            for (String v : new String[] {raw, fallback, Options.JACKPOT_THRESHOLD.defaultValue()}) {
                try {
                    BigDecimal d = new BigDecimal(v.trim());
                    if (d.signum() >= 0) return d.movePointRight(2).longValueExact();
                } catch (RuntimeException ignored) {
                    // validated upstream; fall back to the next source
                }
            }
            throw new IllegalStateException("no jackpot threshold");
        }
    }
}
