package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.EntityKey;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Money;
import io.floorwatch.event.Source;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.PatternStream;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * HANDPAY_WAIT (HIGH): a JACKPOT on a machine not followed by a HANDPAY_RESET on it within
 * {@code rules.handpay-wait.timeout}; resolves on the reset.
 *
 * <p>Two CEP patterns over the same JACKPOT/HANDPAY_RESET stream keyed by machine, both "jackpot
 * followedBy reset" (each jackpot pairs with the first reset after it):
 * <ul>
 *   <li>A, {@code within(timeout)}: its timed-out partial match is the firing, at jackpot + timeout;</li>
 *   <li>B, {@code within(RESOLVE_HORIZON)}: a match whose reset came at or after jackpot + timeout is
 *       the resolve, at the reset's time.</li>
 * </ul>
 * CEP's window is half-open: a reset at exactly jackpot + timeout does not match A (A times out) and
 * has gap == timeout in B (B resolves), so every firing pairs with exactly one resolve. A reset later
 * than {@link #RESOLVE_HORIZON} after the jackpot leaves the alert open (its firing is still sent).
 * Both outputs pass through {@link FloorTimeGate}: it drops timeouts that only the end of a bounded
 * input "reached" and releases a firing before its resolve.
 */
public final class HandpayWaitRule {
    /** How long after a jackpot a late reset still resolves the alert. */
    public static final Duration RESOLVE_HORIZON = Duration.ofHours(24);

    static final String SUMMARY_FMT = "Handpay waiting: jackpot %s on %s not reset after %s%s";

    private HandpayWaitRule() {}

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        Duration timeout = cfg.get(Options.HANDPAY_WAIT_TIMEOUT);
        KeyedStream<FloorEvent, String> byMachine = EntityKey.keyed(
                events,
                events.filter(e -> e.source == Source.SLOT
                                && ("JACKPOT".equals(e.eventType) || "HANDPAY_RESET".equals(e.eventType)))
                        .uid("rule-handpay-wait-filter")
                        .name("HANDPAY_WAIT filter"));

        OutputTag<Alert> timedOut = new OutputTag<>("handpay-wait-timeouts", TypeInformation.of(Alert.class));
        PatternStream<FloorEvent> firing =
                CEP.pattern(byMachine, pattern(timeout)).sideOutputLateData(LateEvents.TAG);
        SingleOutputStreamOperator<Alert> a = firing.process(
                        new FireOnTimeout(timeout.toMillis(), timedOut), TypeInformation.of(Alert.class))
                .uid("rule-handpay-wait-cep")
                .name("HANDPAY_WAIT CEP");
        late.collectFrom(a);

        // B sees the same events as A; A already reports them as late, B doesn't report them again.
        SingleOutputStreamOperator<Alert> resolves = CEP.pattern(byMachine, pattern(RESOLVE_HORIZON))
                .process(new ResolveOnLateReset(timeout.toMillis()), TypeInformation.of(Alert.class))
                .uid("rule-handpay-wait-resolve-cep")
                .name("HANDPAY_WAIT resolve CEP");

        return FloorTimeGate.gate(a.getSideOutput(timedOut).union(resolves), "rule-handpay-wait");
    }

    static Pattern<FloorEvent, FloorEvent> pattern(Duration within) {
        return Pattern.<FloorEvent>begin("jackpot", AfterMatchSkipStrategy.noSkip())
                .where(SimpleCondition.of(e -> "JACKPOT".equals(e.eventType)))
                .followedBy("reset")
                .where(SimpleCondition.of(e -> "HANDPAY_RESET".equals(e.eventType)))
                .within(within);
    }

    /** The firing alert for a jackpot (also the template of its resolve: same id). */
    static Alert firing(FloorEvent jackpot, long timeoutMs) {
        String machine = jackpot.entityId;
        Duration timeout = Duration.ofMillis(timeoutMs);
        return Alert.firing(
                Rules.HANDPAY_WAIT,
                Severity.HIGH,
                Rules.MACHINE,
                machine,
                jackpot.eventId,
                jackpot.eventTime + timeoutMs,
                jackpot.payoutCents,
                String.format(
                        SUMMARY_FMT,
                        Money.format(jackpot.payout()),
                        machine,
                        RuleSupport.human(timeout),
                        RuleSupport.sectionSuffix(jackpot.floorSection)),
                "Dispatch attendant for the handpay",
                RuleSupport.details(
                        "jackpot_event_id",
                        jackpot.eventId,
                        "jackpot_time",
                        RuleSupport.iso(jackpot.eventTime),
                        "timeout_ms",
                        timeoutMs));
    }

    static final class FireOnTimeout extends PatternProcessFunction<FloorEvent, Alert>
            implements TimedOutPartialMatchHandler<FloorEvent> {
        private final long timeoutMs;
        private final OutputTag<Alert> timedOut;

        FireOnTimeout(long timeoutMs, OutputTag<Alert> timedOut) {
            this.timeoutMs = timeoutMs;
            this.timedOut = timedOut;
        }

        @Override
        public void processMatch(Map<String, List<FloorEvent>> match, Context ctx, Collector<Alert> out) {
            // reset in time: nothing to say
        }

        @Override
        public void processTimedOutMatch(Map<String, List<FloorEvent>> match, Context ctx) {
            FloorEvent jackpot = match.get("jackpot").get(0);
            ctx.output(timedOut, firing(jackpot, timeoutMs).withTrigger(jackpot.ingestTime));
        }
    }

    static final class ResolveOnLateReset extends PatternProcessFunction<FloorEvent, Alert> {
        private final long timeoutMs;

        ResolveOnLateReset(long timeoutMs) {
            this.timeoutMs = timeoutMs;
        }

        @Override
        public void processMatch(Map<String, List<FloorEvent>> match, Context ctx, Collector<Alert> out) {
            FloorEvent jackpot = match.get("jackpot").get(0);
            FloorEvent reset = match.get("reset").get(0);
            long waited = reset.eventTime - jackpot.eventTime;
            if (waited < timeoutMs) return; // reset in time: A matched too, nothing fired
            out.collect(firing(jackpot, timeoutMs)
                    .resolvedAt(
                            reset.eventTime,
                            "Handpay reset on " + jackpot.entityId + " after "
                                    + RuleSupport.human(Duration.ofMillis(waited)) + " (jackpot "
                                    + Money.format(jackpot.payout()) + ")",
                            RuleSupport.details(
                                    "jackpot_event_id",
                                    jackpot.eventId,
                                    "reset_event_id",
                                    reset.eventId,
                                    "waited_ms",
                                    waited))
                    .withTrigger(reset.ingestTime));
        }
    }
}
