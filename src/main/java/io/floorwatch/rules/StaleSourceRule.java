package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * STALE_SOURCE (HIGH, processing time): a source (slot, table, security, cage) that was flowing sends
 * nothing for {@code rules.stale-source.timeout}; resolves when data flows again. Not evaluated in
 * bounded runs (the topology doesn't build it then).
 *
 * <p>Keying every event by its source would make four hot keys. Instead a parallel, stateless
 * {@link Heartbeats} operator forwards at most one heartbeat per source per second per subtask (the
 * source code), and only those are keyed by source. A source's silence is therefore measured from
 * its last heartbeat, up to one second before its last event: it may be reported up to 1 s early.
 */
public final class StaleSourceRule extends KeyedProcessFunction<String, String, Alert> {
    private final long timeoutMs;
    private transient ValueState<Long> lastSeen;
    private transient ValueState<Long> armedTimer;
    private transient ValueState<Alert> open;

    public StaleSourceRule(Duration timeout) {
        this.timeoutMs = timeout.toMillis();
    }

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        return events.flatMap(new Heartbeats(1000), Types.STRING)
                .uid("rule-stale-source-heartbeats")
                .name("STALE_SOURCE heartbeats")
                .keyBy(s -> s)
                .process(new StaleSourceRule(cfg.get(Options.STALE_SOURCE_TIMEOUT)), TypeInformation.of(Alert.class))
                .uid("rule-stale-source")
                .name("STALE_SOURCE");
    }

    /** Forwards a source's code at most once per {@code everyMs} of processing time (per subtask). */
    public static class Heartbeats extends RichFlatMapFunction<FloorEvent, String> {
        private final long everyMs;
        private transient long[] lastSent;

        public Heartbeats(long everyMs) {
            this.everyMs = everyMs;
        }

        @Override
        public void open(OpenContext ctx) {
            lastSent = new long[Source.values().length];
            java.util.Arrays.fill(lastSent, Long.MIN_VALUE);
        }

        /** Processing time; a test may substitute a clock. */
        long now() {
            return System.currentTimeMillis();
        }

        @Override
        public void flatMap(FloorEvent e, Collector<String> out) {
            if (e.source == null) return;
            long now = now();
            int i = e.source.ordinal();
            if (lastSent[i] == Long.MIN_VALUE || now - lastSent[i] >= everyMs) {
                lastSent[i] = now;
                out.collect(e.source.code());
            }
        }
    }

    @Override
    public void open(OpenContext ctx) {
        lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("last-seen", Types.LONG));
        armedTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("armed-timer", Types.LONG));
        open = getRuntimeContext().getState(new ValueStateDescriptor<>("open-alert", TypeInformation.of(Alert.class)));
    }

    @Override
    public void processElement(String source, Context ctx, Collector<Alert> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        Alert stale = open.value();
        if (stale != null) {
            out.collect(stale.resolvedAt(
                    now,
                    "Source " + source + " is flowing again",
                    RuleSupport.details(
                            "stale_since", RuleSupport.iso(stale.eventTime), "silent_ms", now - lastSeen.value())));
            open.clear();
        }
        lastSeen.update(now);
        if (armedTimer.value() == null) {
            long deadline = now + timeoutMs;
            ctx.timerService().registerProcessingTimeTimer(deadline);
            armedTimer.update(deadline);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        armedTimer.clear();
        long deadline = lastSeen.value() + timeoutMs;
        if (deadline > timestamp) {
            ctx.timerService().registerProcessingTimeTimer(deadline);
            armedTimer.update(deadline);
            return;
        }
        if (open.value() != null) return;
        String source = ctx.getCurrentKey();
        Alert a = Alert.firing(
                Rules.STALE_SOURCE,
                Severity.HIGH,
                Rules.SOURCE,
                source,
                Long.toString(deadline),
                deadline,
                null,
                "No " + source + " events for " + RuleSupport.human(Duration.ofMillis(timeoutMs)),
                "Check the " + source + " feed (producer, Kafka topic, network)",
                RuleSupport.details("last_seen", RuleSupport.iso(lastSeen.value()), "timeout_ms", timeoutMs));
        out.collect(a);
        open.update(a);
    }
}
