package io.floorwatch.compliance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.control.LiveKeyedBroadcastFunction;
import io.floorwatch.control.LiveValues;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.GamingDay;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Money;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * CTR_REQUIRED (HIGH, entity player): a player's cash in, or separately cash out, summed over one gaming
 * day, exceeds {@code rules.ctr.threshold} ($10,000; exactly $10,000.00 does not fire) — 31 CFR 1021.311,
 * with multiple transactions aggregated per 31 CFR 1021.313. Cash transactions as in {@link CashTransactions}.
 *
 * <p><b>Event time</b> (SPEC §5): a player's cash transactions come from two topics (cage and table) and
 * reach the job out of order, yet the record must name the transaction whose addition, in event-time order
 * with ties broken by {@code event_id}, takes the day's total over the threshold. So the function is the
 * player's <em>cash ledger</em>: keyed by player, each transaction is held in {@code ctr-pending} until the
 * watermark passes its time (an event-time timer at its time), and on that timer every held transaction
 * at or before the watermark is counted in {@code (event_time, event_id)} order. The cost is the wait for the
 * watermark, at most the out-of-orderness bound (plus idleness for a quiet source), well inside the HIGH
 * latency target. One {@code ctr-day-totals} entry per (gaming day, direction) holds the running total and
 * whether the alert went out, so it fires exactly once per player, gaming day and direction, on the crossing
 * transaction: amount = the day's running total after it, event_time = its time, evidence = gaming day +
 * direction.
 *
 * <p><b>Counted once</b>: producers deliver at least once, and the job-wide dedup ({@code dedup.ttl})
 * forgets an event_id after a while; a producer that re-sends a cash transaction later must still not be
 * counted twice in a CTR total nor complete a SAR with itself. The ledger keeps every event_id it has
 * accepted ({@code ctr-counted-ids}) for as long as that transaction's gaming day is kept, and drops a
 * re-send. After the day is dropped a re-send is late (below) and is not counted either.
 *
 * <p><b>SAR_STRUCTURING input</b>: every transaction the ledger counts, and nothing else, goes to the
 * {@link #COUNTED} side output in the order counted (so in event-time order, ties by event_id, timestamped
 * with its event time, before the watermark that releases it): {@link SarStructuring} runs its CEP pattern
 * on that stream, so the same dedup protects it.
 *
 * <p><b>Late transactions</b>: one behind the watermark whose day is still kept cannot be put before the
 * transactions already counted; it is counted at once, at the end (its day's total is right, the crossing
 * transaction is the best the ledger can still name), and forwarded to SAR (whose CEP reports it late).
 * One whose gaming day ended more than {@link #STATE_GRACE} before the watermark can no longer be aggregated
 * correctly: it goes to {@link LateEvents} and is not counted, so it can neither re-fire a day nor fire on a
 * partial total.
 *
 * <p><b>Title 31 depth</b> (SPEC §8.4), in the same counting step, so in the same order and over the same
 * transactions: {@code CTR_APPROACHING} (MEDIUM, compliance route) on the transaction after which, for the first
 * time that day and direction, {@code rules.ctr.warn-at} ≤ total ≤ {@code rules.ctr.threshold} (one that jumps from
 * below the warning to over the threshold raises only CTR_REQUIRED; a {@code warned} flag in the day's
 * {@link CtrDayTotal} keeps it once per player, gaming day and direction); and every counted transaction of at least
 * {@code rules.mtl.threshold} goes to the {@link #MTL} side output with the day's running total after it
 * ({@code mtl_entries}). Cash buy-ins without a player never reach the ledger: {@link MtlEntries#unattributed} logs
 * those.
 *
 * <p><b>Live changes</b> (SPEC 8.1): {@code rules.ctr.threshold}, {@code rules.ctr.warn-at} and
 * {@code rules.mtl.threshold} follow the control topic; a transaction is judged with the values in force when it is
 * counted, so a change applies from the next transaction counted and never to those counted already (a lowered
 * threshold fires at the player's next cash transaction in that direction, if the day's total is then over it).
 *
 * <p>State cleanup: an event-time timer at the end of the gaming day + {@link #STATE_GRACE} drops that day's
 * totals and counted ids; pending entries leave on their own timer. Event time rather than state TTL because
 * TTL runs on processing time: a replay of old data (or a restart after downtime) would expire totals while
 * their gaming day is still being read.
 */
public final class CtrRequired {
    /** How long after the end of a gaming day (in floor time) its totals are kept for late transactions. */
    public static final Duration STATE_GRACE = Duration.ofHours(1);
    /** 31 CFR 1010.306(a)(1): a CTR is filed within 15 days following the day of the transaction. */
    static final int FILING_DAYS = 15;
    /** The cash transactions the ledger counted, once each, in counting order: SAR_STRUCTURING's input. */
    public static final OutputTag<FloorEvent> COUNTED =
            new OutputTag<>("ctr-counted-cash", TypeInformation.of(FloorEvent.class));
    /** mtl_entries rows of the counted transactions of at least rules.mtl.threshold, with their running day totals. */
    public static final OutputTag<MtlEntry> MTL = new OutputTag<>("mtl-entries", TypeInformation.of(MtlEntry.class));

    /** Order of counting (SPEC §5): event time, ties by event_id. */
    static final Comparator<FloorEvent> EVENT_TIME_ORDER =
            Comparator.<FloorEvent>comparingLong(e -> e.eventTime).thenComparing(e -> e.eventId);

    private CtrRequired() {}

    /** CTR_REQUIRED and CTR_APPROACHING alerts (the ledger's main output), with the configuration's values only. */
    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        return ledger(events, cfg, late, ControlStreams.none(events.getExecutionEnvironment(), cfg));
    }

    /** The keys the ledger follows live. */
    public static LiveValues live(ControlStreams control) {
        return LiveValues.settings(
                control, Options.CTR_THRESHOLD.key(), Options.CTR_WARN_AT.key(), Options.MTL_THRESHOLD.key());
    }

    /**
     * The player cash ledger: CTR_REQUIRED and CTR_APPROACHING alerts as main output, the counted cash transactions
     * as the {@link #COUNTED} side output, MTL rows as the {@link #MTL} side output. Build it once per graph (its uid is fixed).
     */
    public static SingleOutputStreamOperator<Alert> ledger(
            DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late, ControlStreams control) {
        // uid kept from the arrival-order version: ctr-day-totals is unchanged, the two new states start empty.
        SingleOutputStreamOperator<Alert> alerts = control.process(
                        CashTransactions.of(events, "rule-ctr-cash").keyBy(CashTransactions::player, Types.STRING),
                        new CtrFunction(cfg, live(control)),
                        TypeInformation.of(Alert.class))
                .uid("rule-ctr-totals")
                .name("CTR_REQUIRED, CTR_APPROACHING, MTL: daily cash totals (event time)");
        return late.collectFrom(alerts);
    }

    /** Keyed by player; input: cash transactions only, and the control updates (broadcast). */
    public static final class CtrFunction extends LiveKeyedBroadcastFunction<String, FloorEvent, Alert> {
        private static final long serialVersionUID = 2L;
        private final GamingDay gamingDay;
        private transient long thresholdCents;
        private transient long warnAtCents;
        private transient long mtlThresholdCents;
        private transient MapState<String, CtrDayTotal> totals;
        /** event_id → transaction, held until the watermark passes its time. */
        private transient MapState<String, FloorEvent> pending;
        /** event_id → floor time at which it may be forgotten (its gaming day's end + grace). */
        private transient MapState<String, Long> countedIds;

        private transient Counter resent;

        /**
         * The thresholds and gaming day of {@code cfg}, following the control topic ({@code live}); warn-at stays below
         * the CTR threshold (the configuration and every live change are checked for it).
         */
        public CtrFunction(FloorWatchConfig cfg, LiveValues live) {
            super(cfg, live, "ctr-live-values");
            this.gamingDay = cfg.gamingDay();
        }

        @Override
        protected void refresh() {
            thresholdCents = live.get(cfg, Options.CTR_THRESHOLD);
            warnAtCents = live.get(cfg, Options.CTR_WARN_AT);
            mtlThresholdCents = live.get(cfg, Options.MTL_THRESHOLD);
        }

        @Override
        public void open(OpenContext ctx) {
            totals = getRuntimeContext()
                    .getMapState(new MapStateDescriptor<>(
                            "ctr-day-totals", Types.STRING, TypeInformation.of(CtrDayTotal.class)));
            pending = getRuntimeContext()
                    .getMapState(new MapStateDescriptor<>(
                            "ctr-pending", Types.STRING, TypeInformation.of(FloorEvent.class)));
            countedIds = getRuntimeContext()
                    .getMapState(new MapStateDescriptor<>("ctr-counted-ids", Types.STRING, Types.LONG));
            resent = getRuntimeContext().getMetricGroup().counter("resentCashTransactions");
        }

        @Override
        public void processElement(FloorEvent e, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
            String direction = CashTransactions.direction(e);
            if (direction == null) return; // not a cash transaction: the filter upstream should not let it through
            long cleanupAt = cleanupAt(gamingDay.of(e.eventTime));
            long watermark = ctx.timerService().currentWatermark();
            if (cleanupAt <= watermark) {
                ctx.output(LateEvents.TAG, e); // its day's totals are gone: counting it now would be wrong
                return;
            }
            if (countedIds.contains(e.eventId)) {
                resent.inc(); // a re-send after the job-wide dedup forgot it: counted once already
                return;
            }
            countedIds.put(e.eventId, cleanupAt);
            ctx.timerService().registerEventTimeTimer(cleanupAt); // one per day: same timestamp dedups
            if (e.eventTime <= watermark) {
                count(e, ctx, out); // behind the watermark, its day still kept: counted now, at the end
            } else {
                pending.put(e.eventId, e);
                ctx.timerService().registerEventTimeTimer(e.eventTime);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
            // 1. Count what the watermark passed, in event-time order (ties by event_id).
            List<FloorEvent> due = new ArrayList<>();
            for (FloorEvent e : pending.values()) if (e.eventTime <= timestamp) due.add(e);
            due.sort(EVENT_TIME_ORDER);
            for (FloorEvent e : due) {
                pending.remove(e.eventId);
                count(e, ctx, out);
            }
            // 2. Cleanup (also at the end of a bounded run, watermark = Long.MAX_VALUE: after counting).
            List<String> expired = new ArrayList<>();
            for (Iterator<Map.Entry<String, CtrDayTotal>> it = totals.iterator(); it.hasNext(); ) {
                String key = it.next().getKey();
                if (cleanupAt(dayOf(key)) <= timestamp) expired.add(key);
            }
            // A counted id outlives no day's totals (pending ones were just counted), so no expired day: nothing to
            // forget.
            if (expired.isEmpty()) return;
            for (String key : expired) totals.remove(key);
            List<String> forget = new ArrayList<>();
            for (Map.Entry<String, Long> id : countedIds.entries())
                if (id.getValue() <= timestamp) forget.add(id.getKey());
            for (String id : forget) countedIds.remove(id);
        }

        /**
         * Adds one transaction to its day's total (in counting order), fires on the crossing one (CTR_REQUIRED) or the
         * one that first reaches the warning (CTR_APPROACHING), logs it in the MTL, forwards it to SAR.
         */
        private void count(FloorEvent e, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
            String direction = CashTransactions.direction(e);
            LocalDate day = gamingDay.of(e.eventTime);
            String key = stateKey(day, direction);
            CtrDayTotal t = totals.get(key);
            if (t == null) t = new CtrDayTotal();
            t.totalCents += e.amount();
            t.transactions++;
            if (!t.fired && t.totalCents > thresholdCents) {
                t.fired = true;
                out.collect(alert(ctx.getCurrentKey(), day, direction, t, e));
            } else if (!t.warned && t.totalCents >= warnAtCents && t.totalCents <= thresholdCents) {
                t.warned = true;
                out.collect(approaching(ctx.getCurrentKey(), day, direction, t, e));
            }
            totals.put(key, t);
            if (e.amount() >= mtlThresholdCents) {
                ctx.output(MTL, MtlEntries.entry(e, ctx.getCurrentKey(), direction, day, t.totalCents));
            }
            ctx.output(COUNTED, e);
        }

        private long cleanupAt(LocalDate day) {
            return gamingDay.endOf(day) + STATE_GRACE.toMillis();
        }

        private Alert alert(String player, LocalDate day, String direction, CtrDayTotal t, FloorEvent e) {
            String dir = CashTransactions.CASH_IN.equals(direction) ? "cash in" : "cash out";
            LocalDate due = day.plusDays(FILING_DAYS);
            ObjectNode d = ComplianceJson.object();
            d.put("gaming_day", day.toString());
            d.put("direction", direction);
            d.put("total", Money.toDollars(t.totalCents));
            d.put("threshold", Money.toDollars(thresholdCents));
            d.put("transactions", t.transactions);
            d.put("crossing_event_id", e.eventId);
            d.put("crossing_source", e.source.code());
            d.put("filing_due", due.toString());
            d.put("regulation", "31 CFR 1021.311, 1021.313");
            String summary =
                    "CTR required: " + player + " " + dir + " " + Money.format(t.totalCents) + " on gaming day " + day;
            String action = "File FinCEN Form 112 (CTR) within 15 days, by " + due;
            Text text = new Text(summary, action, d);
            return firing(Rules.CTR_REQUIRED, Severity.HIGH, text, player, day, direction, t, e);
        }

        private Alert approaching(String player, LocalDate day, String direction, CtrDayTotal t, FloorEvent e) {
            String dir = CashTransactions.CASH_IN.equals(direction) ? "cash in" : "cash out";
            ObjectNode d = ComplianceJson.object();
            d.put("gaming_day", day.toString());
            d.put("direction", direction);
            d.put("total", Money.toDollars(t.totalCents));
            d.put("warn_at", Money.toDollars(warnAtCents));
            d.put("threshold", Money.toDollars(thresholdCents));
            d.put("remaining", Money.toDollars(thresholdCents - t.totalCents));
            d.put("transactions", t.transactions);
            d.put("crossing_event_id", e.eventId);
            d.put("crossing_source", e.source.code());
            d.put("regulation", "31 CFR 1021.311, 1021.313");
            String summary = "CTR approaching: " + player + " " + dir + " " + Money.format(t.totalCents)
                    + " on gaming day " + day + " (CTR over " + Money.format(thresholdCents) + ")";
            String action = "Have the player's ID and TIN ready: more than "
                    + Money.format(thresholdCents - t.totalCents) + " further " + dir + " today requires a CTR";
            Text text = new Text(summary, action, d);
            return firing(Rules.CTR_APPROACHING, Severity.MEDIUM, text, player, day, direction, t, e);
        }

        /** What an alert says: summary, action and details. */
        private record Text(String summary, String action, ObjectNode details) {}

        /** The alert of player {@code player}'s {@code day} total {@code t} in {@code direction}, as {@code e} crossed. */
        private static Alert firing(
                String rule,
                Severity severity,
                Text text,
                String player,
                LocalDate day,
                String direction,
                CtrDayTotal t,
                FloorEvent e) {
            return Alert.firing(
                            rule,
                            severity,
                            Rules.PLAYER,
                            player,
                            stateKey(day, direction),
                            e.eventTime,
                            t.totalCents,
                            text.summary(),
                            text.action(),
                            ComplianceJson.write(text.details()))
                    .withTrigger(e.ingestTime);
        }

        /** Also the alert evidence: gaming day + direction, e.g. "2026-11-22/CASH_IN". */
        static String stateKey(LocalDate day, String direction) {
            return day + "/" + direction;
        }

        static LocalDate dayOf(String stateKey) {
            return LocalDate.parse(stateKey.substring(0, stateKey.indexOf('/')));
        }
    }
}
