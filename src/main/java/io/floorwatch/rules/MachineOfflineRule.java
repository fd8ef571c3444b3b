package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.Source;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.Serializable;
import java.time.Duration;

/**
 * MACHINE_OFFLINE (MEDIUM): a machine that has had a GAME_PLAYED sends no slot event of any type for
 * {@code rules.machine-offline.timeout} of floor time. Fires at the deadline (last event time +
 * timeout); resolves on the machine's next event, at that event's time.
 *
 * <p>Every slot event passes here, so the per-event work is one state read and one write of a small
 * POJO, and timers are lazy (one per machine: when it fires before the current deadline it re-arms,
 * instead of a delete + register per event). A late event still proves the machine is alive: it is
 * used (max of event times) and also reported to the late side output. At the end of a bounded input
 * (watermark MAX) a deadline past the latest event time was never reached: no alert.
 */
public final class MachineOfflineRule extends KeyedProcessFunction<String, FloorEvent, Alert> {
    /** Per-machine state, one value so each event costs one read and one write. */
    public static class Machine implements Serializable {
        public long lastEventTime = Long.MIN_VALUE;
        public String lastEventId;
        public String floorSection;
        public boolean played;
        /** The timer currently registered, or Long.MIN_VALUE. */
        public long armedTimer = Long.MIN_VALUE;
        /** The firing alert while offline, else null. */
        public Alert offline;

        public Machine() {}
    }

    private final long timeoutMs;
    private transient ValueState<Machine> state;

    public MachineOfflineRule(Duration timeout) {
        this.timeoutMs = timeout.toMillis();
    }

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        var alerts = events
                .filter(e -> e.source == Source.SLOT)
                .uid("rule-machine-offline-filter").name("MACHINE_OFFLINE filter")
                .keyBy(e -> e.entityId)
                .process(new MachineOfflineRule(cfg.get(Options.MACHINE_OFFLINE_TIMEOUT)), TypeInformation.of(Alert.class))
                .uid("rule-machine-offline").name("MACHINE_OFFLINE");
        late.collect(alerts.getSideOutput(LateEvents.TAG));
        return alerts;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("machine", TypeInformation.of(Machine.class)));
    }

    @Override
    public void processElement(FloorEvent e, Context ctx, Collector<Alert> out) throws Exception {
        if (e.eventTime < ctx.timerService().currentWatermark()) ctx.output(LateEvents.TAG, e);
        Machine m = state.value();
        if (m == null) m = new Machine();
        if (m.offline != null) {
            Alert fired = m.offline;
            long back = Math.max(e.eventTime, fired.eventTime);
            out.collect(fired.resolvedAt(back, e.entityId + " is sending again (" + e.eventType + ")",
                    RuleSupport.details("event_id", e.eventId, "event_type", e.eventType,
                            "silent_ms", back - m.lastEventTime)).withTrigger(e.ingestTime));
            m.offline = null;
        }
        if (e.eventTime > m.lastEventTime) {
            m.lastEventTime = e.eventTime;
            m.lastEventId = e.eventId;
        }
        if (e.floorSection != null) m.floorSection = e.floorSection;
        if ("GAME_PLAYED".equals(e.eventType)) m.played = true;
        if (m.played && m.armedTimer == Long.MIN_VALUE) {
            m.armedTimer = m.lastEventTime + timeoutMs;
            ctx.timerService().registerEventTimeTimer(m.armedTimer);
        }
        state.update(m);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Machine m = state.value();
        if (m == null) return;
        m.armedTimer = Long.MIN_VALUE;
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            state.clear(); // end of a bounded input: the deadline was never reached in floor time
            return;
        }
        long deadline = m.lastEventTime + timeoutMs;
        if (deadline > timestamp) {
            m.armedTimer = deadline;
            ctx.timerService().registerEventTimeTimer(deadline);
        } else if (m.offline == null) {
            String machine = ctx.getCurrentKey();
            m.offline = Alert.firing(Rules.MACHINE_OFFLINE, Severity.MEDIUM, Rules.MACHINE, machine,
                    Long.toString(m.lastEventTime), deadline, null,
                    machine + " silent for " + RuleSupport.human(Duration.ofMillis(timeoutMs)) + " since "
                            + RuleSupport.iso(m.lastEventTime) + RuleSupport.sectionSuffix(m.floorSection),
                    "Check machine power and network",
                    RuleSupport.details("last_event_id", m.lastEventId, "last_event_time", RuleSupport.iso(m.lastEventTime),
                            "timeout_ms", timeoutMs));
            out.collect(m.offline);
        }
        state.update(m);
    }
}
