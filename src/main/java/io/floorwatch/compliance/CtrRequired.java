package io.floorwatch.compliance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Money;
import io.floorwatch.rules.LateEvents;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * CTR_REQUIRED (HIGH, entity player): a player's cash in, or separately cash out, summed over one gaming
 * day, exceeds {@code rules.ctr.threshold} ($10,000; exactly $10,000.00 does not fire) — 31 CFR 1021.311,
 * with multiple transactions aggregated per 31 CFR 1021.313. Cash transactions as in {@link CashTransactions}.
 *
 * <p>A single-event rule for latency: events are processed in arrival order, not held back until the
 * watermark passes them. Keyed by player, one {@code MapState} entry per (gaming day, direction) holds the
 * running total and whether the alert went out, so it fires exactly once per player, gaming day and
 * direction, on the transaction that crosses the threshold: amount = the day's running total then,
 * event_time = that transaction's time, evidence = gaming day + direction.
 *
 * <p>State cleanup: an event-time timer at the end of the gaming day + {@link #STATE_GRACE} drops that day's
 * entries. Event time rather than state TTL because TTL runs on processing time: a replay of old data (or a
 * restart after downtime) would expire totals while their gaming day is still being read. A cash
 * transaction that arrives after its day was dropped (its gaming day ended more than the grace before the
 * watermark) can no longer be aggregated correctly: it goes to {@link LateEvents} and is not counted, so it
 * can neither re-fire a day nor fire on a partial total. Transactions behind the watermark whose day is
 * still kept are counted normally (a late cash transaction still belongs to its day's total).
 */
public final class CtrRequired {
    /** How long after the end of a gaming day (in floor time) its totals are kept for late transactions. */
    public static final Duration STATE_GRACE = Duration.ofHours(1);
    /** 31 CFR 1010.306(a)(1): a CTR is filed within 15 days following the day of the transaction. */
    static final int FILING_DAYS = 15;

    private CtrRequired() {}

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        SingleOutputStreamOperator<Alert> alerts = CashTransactions.of(events, "rule-ctr-cash")
                .keyBy(CashTransactions::player, Types.STRING)
                .process(new CtrFunction(cfg.get(Options.CTR_THRESHOLD), GamingDay.from(cfg)), TypeInformation.of(Alert.class))
                .uid("rule-ctr-totals")
                .name("CTR_REQUIRED: daily cash totals");
        late.collect(alerts.getSideOutput(LateEvents.TAG));
        return alerts;
    }

    /** Keyed by player; input: cash transactions only. */
    public static final class CtrFunction extends KeyedProcessFunction<String, FloorEvent, Alert> {
        private static final long serialVersionUID = 1L;

        private final long thresholdCents;
        private final GamingDay gamingDay;
        private transient MapState<String, CtrDayTotal> totals;

        public CtrFunction(long thresholdCents, GamingDay gamingDay) {
            this.thresholdCents = thresholdCents;
            this.gamingDay = gamingDay;
        }

        @Override
        public void open(OpenContext ctx) {
            totals = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                    "ctr-day-totals", Types.STRING, TypeInformation.of(CtrDayTotal.class)));
        }

        @Override
        public void processElement(FloorEvent e, Context ctx, Collector<Alert> out) throws Exception {
            String direction = CashTransactions.direction(e);
            if (direction == null) return; // not a cash transaction: the filter upstream should not let it through
            LocalDate day = gamingDay.of(e.eventTime);
            long cleanupAt = gamingDay.endOf(day) + STATE_GRACE.toMillis();
            if (cleanupAt <= ctx.timerService().currentWatermark()) {
                ctx.output(LateEvents.TAG, e); // its day's totals are gone: counting it now would be wrong
                return;
            }
            String key = stateKey(day, direction);
            CtrDayTotal t = totals.get(key);
            if (t == null) {
                t = new CtrDayTotal();
                ctx.timerService().registerEventTimeTimer(cleanupAt); // one timer per day: same timestamp dedups
            }
            t.totalCents += e.amount();
            t.transactions++;
            if (!t.fired && t.totalCents > thresholdCents) {
                t.fired = true;
                out.collect(alert(ctx.getCurrentKey(), day, direction, t, e));
            }
            totals.put(key, t);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
            // Cleanup only (also at the end of a bounded run, watermark = Long.MAX_VALUE): CTR has no timeout.
            List<String> expired = new ArrayList<>();
            for (Iterator<Map.Entry<String, CtrDayTotal>> it = totals.iterator(); it.hasNext(); ) {
                String key = it.next().getKey();
                if (gamingDay.endOf(dayOf(key)) + STATE_GRACE.toMillis() <= timestamp) expired.add(key);
            }
            for (String key : expired) totals.remove(key);
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
            return Alert.firing(Rules.CTR_REQUIRED, Severity.HIGH, Rules.PLAYER, player, stateKey(day, direction),
                            e.eventTime, t.totalCents,
                            "CTR required: " + player + " " + dir + " " + Money.format(t.totalCents) + " on gaming day " + day,
                            "File FinCEN Form 112 (CTR) within 15 days, by " + due,
                            ComplianceJson.write(d))
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
