package io.floorwatch.compliance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.PatternStream;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * SAR_STRUCTURING (HIGH, entity player): {@code rules.sar.count} (2) or more cash transactions by one player,
 * in either direction, each from {@code rules.sar.min-amount} ($8,000.00) to {@code rules.sar.max-amount}
 * ($9,999.99) inclusive, within {@code rules.sar.window} (24 h) — structuring to evade the CTR, a suspicious
 * activity to report under 31 CFR 1021.320. Fires on the completing transaction; further qualifying
 * transactions within the window of the first one of the fired group don't fire again.
 *
 * <p>Graph: the cash transactions the CTR ledger counted ({@link CtrRequired#COUNTED}: deduplicated per player
 * and gaming day beyond {@code dedup.ttl}, released in event-time order as the watermark passes them) → filter
 * to qualifying amounts (CEP only sees what its pattern can use) → key by player → CEP {@code first → next×(count-1)} within the window, in event time (out-of-order events are sorted; events
 * behind the watermark go to {@link LateEvents}) → a keyed gate that turns matches into alerts.
 *
 * <p>Why a gate and skip-to-next: CEP cannot know that a match should be suppressed because an earlier
 * one already fired. With skip-to-next every qualifying transaction may start a match (each start yields
 * one, as relaxed contiguity takes the next qualifying transactions), and the gate keeps the start time of
 * the last fired group: a match whose completing transaction is less than the window after that start is
 * suppressed; one completing at or after it fires and starts a new group. Skipping past a suppressed
 * match instead would swallow transactions that should begin the next group. "Within 24 h" is strict, as
 * in CEP's {@code within}: transactions exactly 24:00:00 apart are not within 24 h.
 *
 * <p>Evidence = the event ids of the match (so a replay derives the same alert id); amount = their sum;
 * event_time = the completing transaction's time. The gate's state is cleared by an event-time timer at
 * group start + window (not processing-time TTL, which a replay of old data would outrun).
 */
public final class SarStructuring {
    private SarStructuring() {}

    /**
     * SAR_STRUCTURING on its own: builds the player cash ledger ({@link CtrRequired#ledger}) for its counted
     * transactions and drops its CTR alerts. In a graph that also has CTR_REQUIRED use
     * {@link #fromCounted} on the one ledger instead ({@link ComplianceRules} does).
     */
    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        ControlStreams none = ControlStreams.none(events.getExecutionEnvironment(), cfg);
        return fromCounted(CtrRequired.ledger(events, cfg, late, none).getSideOutput(CtrRequired.COUNTED), cfg, late);
    }

    /**
     * SAR_STRUCTURING over the cash transactions the ledger counted ({@link CtrRequired#COUNTED}): each
     * transaction once (a re-send after the dedup window never reaches the pattern) and in event-time order,
     * ties by event_id.
     */
    public static DataStream<Alert> fromCounted(DataStream<FloorEvent> counted, FloorWatchConfig cfg, LateEvents late) {
        long min = cfg.get(Options.SAR_MIN_AMOUNT);
        long max = cfg.get(Options.SAR_MAX_AMOUNT);
        int count = cfg.get(Options.SAR_COUNT);
        Duration window = cfg.get(Options.SAR_WINDOW);

        DataStream<FloorEvent> qualifying = counted.filter(e -> qualifies(e, min, max))
                .uid("rule-sar-qualifying")
                .name("SAR_STRUCTURING: qualifying amounts");

        PatternStream<FloorEvent> patterns = CEP.pattern(
                        qualifying.keyBy(CashTransactions::player, Types.STRING), pattern(min, max, count, window))
                .inEventTime()
                .sideOutputLateData(LateEvents.TAG);
        SingleOutputStreamOperator<SarMatch> matches = patterns.process(
                        new ToMatch(), TypeInformation.of(SarMatch.class))
                .uid("rule-sar-cep")
                .name("SAR_STRUCTURING: CEP");
        late.collectFrom(matches);

        return matches.keyBy(m -> m.playerId, Types.STRING)
                .process(new SarGate(window, min, max), TypeInformation.of(Alert.class))
                .uid("rule-sar-gate")
                .name("SAR_STRUCTURING: once per group");
    }

    static boolean qualifies(FloorEvent e, long minCents, long maxCents) {
        long a = e.amount();
        return a >= minCents && a <= maxCents;
    }

    /** first → next × (count − 1), within the window, each start yielding its own match. */
    static Pattern<FloorEvent, FloorEvent> pattern(long min, long max, int count, Duration window) {
        Pattern<FloorEvent, FloorEvent> p = Pattern.<FloorEvent>begin("first", AfterMatchSkipStrategy.skipToNext())
                .where(SimpleCondition.of(e -> qualifies(e, min, max)));
        if (count > 1) {
            p = p.followedBy("next")
                    .where(SimpleCondition.of(e -> qualifies(e, min, max)))
                    .times(count - 1);
        }
        return p.within(window);
    }

    static final class ToMatch extends PatternProcessFunction<FloorEvent, SarMatch> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processMatch(Map<String, List<FloorEvent>> match, Context ctx, Collector<SarMatch> out) {
            List<FloorEvent> all = new ArrayList<>(match.get("first"));
            List<FloorEvent> next = match.get("next");
            if (next != null) all.addAll(next);
            SarMatch m = new SarMatch();
            int n = all.size();
            m.playerId = CashTransactions.player(all.get(0));
            m.eventIds = new String[n];
            m.sources = new String[n];
            m.directions = new String[n];
            m.amountsCents = new long[n];
            m.eventTimes = new long[n];
            for (int i = 0; i < n; i++) {
                FloorEvent e = all.get(i);
                m.eventIds[i] = e.eventId;
                m.sources[i] = e.source.code();
                m.directions[i] = CashTransactions.direction(e);
                m.amountsCents[i] = e.amount();
                m.eventTimes[i] = e.eventTime;
            }
            m.triggerIngestTime = all.get(n - 1).ingestTime;
            out.collect(m);
        }
    }

    /**
     * Keyed by player: fires a match unless it completes within the window of the first transaction of the
     * last fired group. Matches of one player arrive in completing-time order (CEP emits them as the
     * watermark passes), so the state is one timestamp.
     */
    public static final class SarGate extends KeyedProcessFunction<String, SarMatch, Alert> {
        private static final long serialVersionUID = 1L;

        private final long windowMillis;
        private final long minCents;
        private final long maxCents;
        private transient ValueState<Long> groupStart;

        public SarGate(Duration window, long minCents, long maxCents) {
            this.windowMillis = window.toMillis();
            this.minCents = minCents;
            this.maxCents = maxCents;
        }

        @Override
        public void open(OpenContext ctx) {
            groupStart = getRuntimeContext().getState(new ValueStateDescriptor<>("sar-group-start", Types.LONG));
        }

        @Override
        public void processElement(SarMatch m, Context ctx, Collector<Alert> out) throws Exception {
            Long start = groupStart.value();
            if (start != null && m.completingTime() - start < windowMillis) return; // same group: fired already
            groupStart.update(m.firstTime());
            ctx.timerService().registerEventTimeTimer(m.firstTime() + windowMillis);
            out.collect(alert(m));
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
            // Cleanup only: a match completing from here on may fire anyway. Older timers of replaced groups are
            // ignored by the comparison.
            Long start = groupStart.value();
            if (start != null && start + windowMillis <= timestamp) groupStart.clear();
        }

        private Alert alert(SarMatch m) {
            int n = m.eventIds.length;
            long total = m.totalCents();
            ObjectNode d = ComplianceJson.object();
            ArrayNode txs = d.putArray("transactions");
            for (int i = 0; i < n; i++) {
                txs.addObject()
                        .put("event_id", m.eventIds[i])
                        .put("source", m.sources[i])
                        .put("direction", m.directions[i])
                        .put("amount", Money.toDollars(m.amountsCents[i]))
                        .put("event_time", Instant.ofEpochMilli(m.eventTimes[i]).toString());
            }
            d.put("count", n);
            d.put("total", Money.toDollars(total));
            d.put("min_amount", Money.toDollars(minCents));
            d.put("max_amount", Money.toDollars(maxCents));
            d.put("window", Duration.ofMillis(windowMillis).toString());
            d.put("regulation", "31 CFR 1021.320");
            String hours = windowMillis % 3_600_000 == 0
                    ? (windowMillis / 3_600_000) + " h"
                    : Duration.ofMillis(windowMillis).toString();
            return Alert.firing(
                            Rules.SAR_STRUCTURING,
                            Severity.HIGH,
                            Rules.PLAYER,
                            m.playerId,
                            String.join(",", m.eventIds),
                            m.completingTime(),
                            total,
                            "Possible structuring: " + m.playerId + " made " + n + " cash transactions of "
                                    + Money.format(minCents) + " to " + Money.format(maxCents) + " within " + hours
                                    + " (total " + Money.format(total) + ")",
                            "Compliance review for a SAR (FinCEN Form 111); do not alert the patron",
                            ComplianceJson.write(d))
                    .withTrigger(m.triggerIngestTime);
        }
    }
}
