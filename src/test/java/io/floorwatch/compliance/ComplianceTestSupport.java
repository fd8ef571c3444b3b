package io.floorwatch.compliance;

import io.floorwatch.alert.Alert;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.ControlUpdate;
import io.floorwatch.control.LiveValues;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.CloseableIterator;

/** Fixed instants, event factories and a tiny bounded-job runner for the compliance tests. */
public abstract class ComplianceTestSupport {
    /** 2026-11-22 06:00 PST, the start of gaming day 2026-11-22 in America/Los_Angeles. */
    protected static final Instant DAY_START = Instant.parse("2026-11-22T14:00:00Z");

    protected static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);

    private static final AtomicInteger IDS = new AtomicInteger();

    protected static long cents(String dollars) {
        return new BigDecimal(dollars).movePointRight(2).longValueExact();
    }

    protected static long at(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    protected static long plus(Instant base, Duration d) {
        return base.plus(d).toEpochMilli();
    }

    private static FloorEvent base(Source source, String type, String entity, long time) {
        FloorEvent e = new FloorEvent();
        e.source = source;
        e.eventType = type;
        e.eventId = source.code() + "-" + IDS.incrementAndGet();
        e.entityId = entity;
        e.eventTime = time;
        e.ingestTime = time;
        e.topic = source.code();
        return e;
    }

    /** A cage transaction (entity = player_id). */
    protected static FloorEvent cage(String player, String direction, String method, String dollars, long time) {
        FloorEvent e =
                base(Source.CAGE, "CASH_IN".equals(direction) ? "CHIP_PURCHASE" : "CHIP_REDEMPTION", player, time);
        e.playerId = player;
        e.direction = direction;
        e.paymentMethod = method;
        e.amountCents = cents(dollars);
        e.cageId = "CAGE-1";
        return e;
    }

    protected static FloorEvent cashIn(String player, String dollars, long time) {
        return cage(player, "CASH_IN", "CASH", dollars, time);
    }

    protected static FloorEvent cashOut(String player, String dollars, long time) {
        return cage(player, "CASH_OUT", "CASH", dollars, time);
    }

    /** A table BUY_IN; player may be null. */
    protected static FloorEvent buyIn(String table, String player, String method, String dollars, long time) {
        FloorEvent e = base(Source.TABLE, "BUY_IN", table, time);
        e.tableId = table;
        e.playerId = player;
        e.paymentMethod = method;
        e.amountCents = cents(dollars);
        e.gameType = "BLACKJACK";
        return e;
    }

    protected static FloorEvent billIn(String machine, String player, String dollars, long time) {
        FloorEvent e = base(Source.SLOT, "BILL_IN", machine, time);
        e.machineId = machine;
        e.playerId = player;
        e.amountCents = cents(dollars);
        return e;
    }

    protected static FloorEvent slot(String type, String machine, String payoutDollars, long time) {
        FloorEvent e = base(Source.SLOT, type, machine, time);
        e.machineId = machine;
        e.payoutCents = payoutDollars == null ? null : cents(payoutDollars);
        e.floorSection = "B";
        return e;
    }

    /** A carded (player may be null: uncarded) GAME_PLAYED. */
    protected static FloorEvent game(String machine, String player, String wagerDollars, long time) {
        FloorEvent e = slot("GAME_PLAYED", machine, "0", time);
        e.playerId = player;
        e.wagerCents = cents(wagerDollars);
        return e;
    }

    protected static FloorEvent jackpot(String machine, String payoutDollars, long time) {
        return slot("JACKPOT", machine, payoutDollars, time);
    }

    /** A slot heartbeat: moves floor time (the watermark) forward, used by no compliance rule. */
    protected static FloorEvent clock(long time) {
        return slot("HEARTBEAT", "SM-CLOCK", null, time);
    }

    /** Defaults plus the given key/value pairs, with a source mode that needs no Kafka. */
    protected static FloorWatchConfig config(String... keyValues) {
        Map<String, String> m = new java.util.HashMap<>();
        m.put("sources.mode", "simulator");
        for (int i = 0; i < keyValues.length; i += 2) m.put(keyValues[i], keyValues[i + 1]);
        return FloorWatchConfig.of(m);
    }

    /**
     * The player cash ledger as a harness, with the defaults ($10,000 CTR, $8,000 warning, $3,000 MTL, gaming day from
     * 06:00 in Los Angeles), restored from {@code restore} unless null. Live changes go in as broadcast elements.
     */
    protected static KeyedBroadcastOperatorTestHarness<String, FloorEvent, ControlUpdate, Alert> ledger(
            OperatorSubtaskState restore) throws Exception {
        CtrRequired.CtrFunction fn = new CtrRequired.CtrFunction(
                config(),
                new LiveValues(
                        Set.of(Options.CTR_THRESHOLD.key(), Options.CTR_WARN_AT.key(), Options.MTL_THRESHOLD.key()),
                        List.of(),
                        false,
                        Map.of(),
                        Map.of()));
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(fn, List.of(ControlStreams.BROADCAST_STATE)),
                CashTransactions::player,
                Types.STRING,
                1,
                1,
                0);
        h.setup();
        h.initializeState(restore);
        h.open();
        return h;
    }

    /** The entries of a harness's keyed state (as {@code KeyedOneInputStreamOperatorTestHarness} counts them). */
    protected static int keyedStateEntries(AbstractStreamOperatorTestHarness<?> h) {
        return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /** What a bounded job produced: the rule's output and the late events it reported. */
    public record Run<T>(List<T> out, List<FloorEvent> late) {}

    /**
     * Runs {@code build} over the events in the given order, parallelism 1, with a watermark after every
     * event (max time seen − out-of-orderness − 1 ms, as Flink's bounded-out-of-orderness does periodically):
     * deterministic late events. The late side outputs the rule collected are gathered through a union.
     */
    protected static <T> Run<T> run(
            List<FloorEvent> events,
            Class<T> outType,
            BiFunction<DataStream<FloorEvent>, LateEvents, DataStream<T>> build)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<FloorEvent> in = env.fromData(
                        TypeInformation.of(FloorEvent.class), events.toArray(new FloorEvent[0]))
                .assignTimestampsAndWatermarks(perEventWatermarks());
        LateEvents late = new LateEvents();
        DataStream<T> out = build.apply(in, late);
        // Tag every record so one collect() returns both streams.
        DataStream<Tagged> tagged = out.map(x -> Tagged.of(x, null)).returns(Tagged.class);
        if (late.union().isPresent()) {
            tagged =
                    tagged.union(late.union().get().map(e -> Tagged.of(null, e)).returns(Tagged.class));
        }
        List<T> results = new ArrayList<>();
        List<FloorEvent> lateEvents = new ArrayList<>();
        try (CloseableIterator<Tagged> it = tagged.executeAndCollect()) {
            while (it.hasNext()) {
                Tagged t = it.next();
                if (t.late != null) lateEvents.add(t.late);
                else results.add(outType.cast(t.value));
            }
        }
        return new Run<>(results, lateEvents);
    }

    /** Holder for the union in {@link #run}; Kryo is fine in tests for the opaque value. */
    public static class Tagged {
        public Object value;
        public FloorEvent late;

        public static Tagged of(Object value, FloorEvent late) {
            Tagged t = new Tagged();
            t.value = value;
            t.late = late;
            return t;
        }
    }

    static WatermarkStrategy<FloorEvent> perEventWatermarks() {
        return WatermarkStrategy.<FloorEvent>forGenerator(ctx -> new WatermarkGenerator<>() {
                    long max = Long.MIN_VALUE + OUT_OF_ORDERNESS.toMillis() + 1;

                    @Override
                    public void onEvent(FloorEvent e, long ts, WatermarkOutput output) {
                        max = Math.max(max, ts);
                        output.emitWatermark(new Watermark(max - OUT_OF_ORDERNESS.toMillis() - 1));
                    }

                    @Override
                    public void onPeriodicEmit(WatermarkOutput output) {}
                })
                .withTimestampAssigner((e, ts) -> e.eventTime);
    }

    protected static List<Alert> alerts(Run<Alert> run) {
        return run.out();
    }
}
