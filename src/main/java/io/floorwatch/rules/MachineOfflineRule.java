package io.floorwatch.rules;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.event.EntityOperator;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import io.floorwatch.event.StateCache;
import io.floorwatch.event.StateSerializer;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * MACHINE_OFFLINE (MEDIUM): a machine that has had a GAME_PLAYED sends no slot event of any type for
 * {@code rules.machine-offline.timeout} of floor time. Fires at the deadline (last event time +
 * timeout, evidence = that last event time); resolves on the machine's next event, at its time.
 *
 * <p>Silence is judged in event time, not arrival order: events arrive ahead of the watermark (by the
 * out-of-orderness bound live, by much more in a replay), and an event at 60:00 that arrives before the
 * watermark has passed 49:00 must not hide the silence from 39:00 to 60:00. So the events ahead of the
 * watermark wait in {@code pending}, kept as runs of event times whose inner gaps are shorter than the
 * timeout (only the gaps between runs can be silences, so a run is just its first and last time and
 * the state stays a few longs even in a fast replay). Runs the watermark has reached are confirmed in
 * order, and a gap of at least the timeout before a run is an offline period (fired at its deadline
 * and resolved by the event that ended it). Once floor time has passed the deadline of the last
 * confirmed event, nothing can arrive inside the gap any more, so the next pending event resolves at
 * once (latency: "on its next event").
 *
 * <p>Every slot event passes here, so the per-event work is one read and one write of a small POJO,
 * and timers are lazy (one per machine, at the current deadline). A late event (behind the watermark)
 * still proves the machine is alive; it is also reported to the late side output. At the end of a
 * bounded input (watermark MAX) gaps between real events are still reported, but a silence after the
 * last event is not: its deadline was never reached in floor time.
 */
public final class MachineOfflineRule extends KeyedProcessFunction<String, FloorEvent, Alert> {
    /** Per-machine state, one value so each event costs one read and one write. A Flink POJO. */
    public static class Machine {
        /** The latest event time the watermark has passed (or late), Long.MIN_VALUE before any. */
        public long lastConfirmed = Long.MIN_VALUE;
        /** Events still ahead of the watermark as runs {start0, end0, start1, end1, ...}: sorted, gaps between runs >= timeout. */
        public long[] pending = new long[0];

        public String floorSection;
        public boolean played;
        /** The timer currently registered, or Long.MIN_VALUE. */
        public long armedTimer = Long.MIN_VALUE;
        /** The firing alert while offline with no later event yet, else null. */
        public Alert offline;

        public Machine() {}
    }

    private final long timeoutMs;
    private transient ValueState<Machine> state;

    public MachineOfflineRule(Duration timeout) {
        this.timeoutMs = timeout.toMillis();
    }

    /** MACHINE_OFFLINE's alerts, on a side output of the per-entity operator. */
    public static final OutputTag<Alert> ALERTS = new OutputTag<>("machine-offline", TypeInformation.of(Alert.class));

    /**
     * The rule as a part of the per-entity operator, on the machine's slot events. Its state and timer service keep
     * the names they had as an operator of its own ({@code rule-machine-offline}, a {@code KeyedProcessOperator}), so
     * silences in progress survive the upgrade to the per-entity operator, which took that uid.
     */
    public static EntityOperator.Part<Alert> part(FloorWatchConfig cfg) {
        return new EntityOperator.Part<>(
                "user-timers",
                e -> e.source == Source.SLOT,
                new MachineOfflineRule(cfg.get(Options.MACHINE_OFFLINE_TIMEOUT)),
                ALERTS);
    }

    @Override
    public void open(OpenContext ctx) {
        state = StateCache.value(
                getRuntimeContext().getState(new ValueStateDescriptor<>("machine", StateSerializer.of(Machine.class))));
    }

    @Override
    public void processElement(FloorEvent e, Context ctx, Collector<Alert> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        Machine m = state.value();
        if (m == null) m = new Machine();
        if (e.floorSection != null) m.floorSection = e.floorSection;
        if ("GAME_PLAYED".equals(e.eventType)) m.played = true;
        String machine = ctx.getCurrentKey();
        if (e.eventTime <= watermark) {
            ctx.output(LateEvents.TAG, e);
            if (m.offline != null) resolve(m, e.eventTime, out);
            m.lastConfirmed = Math.max(m.lastConfirmed, e.eventTime);
        } else {
            m.pending = insert(m.pending, e.eventTime, timeoutMs);
            if (m.offline != null) {
                // the silence is over: its deadline passed in floor time, so no event can still land inside it
                resolve(m, m.pending[0], out);
                m.lastConfirmed = Math.max(m.lastConfirmed, m.pending[1]);
                m.pending = Arrays.copyOfRange(m.pending, 2, m.pending.length);
            }
        }
        confirm(m, watermark, machine, out);
        arm(m, watermark, ctx);
        state.update(m);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Machine m = state.value();
        if (m == null) return;
        m.armedTimer = Long.MIN_VALUE;
        long watermark = ctx.timerService().currentWatermark();
        String machine = ctx.getCurrentKey();
        confirm(m, watermark, machine, out);
        boolean silent = m.played
                && m.offline == null
                && m.pending.length == 0
                && m.lastConfirmed != Long.MIN_VALUE
                && m.lastConfirmed + timeoutMs <= watermark;
        if (silent && watermark == Long.MAX_VALUE) {
            state.clear(); // end of a bounded input: the deadline was never reached in floor time
            return;
        }
        if (silent) {
            m.offline = firing(machine, m);
            out.collect(m.offline);
        }
        arm(m, watermark, ctx);
        state.update(m);
    }

    /**
     * Takes pending runs in time order while floor time has reached their start (nothing can land in the
     * gap before them any more) or has passed the current deadline (then the gap is a silence anyway).
     */
    private void confirm(Machine m, long watermark, String machine, Collector<Alert> out) {
        int i = 0;
        while (i < m.pending.length) {
            long start = m.pending[i];
            boolean deadlinePassed = m.lastConfirmed != Long.MIN_VALUE && m.lastConfirmed + timeoutMs <= watermark;
            if (start > watermark && !deadlinePassed) break;
            if (m.played && m.lastConfirmed != Long.MIN_VALUE && start - m.lastConfirmed >= timeoutMs) {
                Alert fired = firing(machine, m); // a silence that floor time has already left behind
                out.collect(fired);
                m.offline = fired;
            }
            if (m.offline != null) resolve(m, start, out);
            m.lastConfirmed =
                    Math.max(m.lastConfirmed, m.pending[i + 1]); // gaps inside a run are shorter than the timeout
            i += 2;
        }
        if (i > 0) m.pending = Arrays.copyOfRange(m.pending, i, m.pending.length);
    }

    private void arm(Machine m, long watermark, Context ctx) {
        if (!m.played || m.offline != null || m.armedTimer != Long.MIN_VALUE || watermark == Long.MAX_VALUE) return;
        long base = m.lastConfirmed != Long.MIN_VALUE
                ? m.lastConfirmed
                : (m.pending.length > 0 ? m.pending[0] : Long.MIN_VALUE);
        if (base == Long.MIN_VALUE) return;
        m.armedTimer = Math.max(base + timeoutMs, watermark + 1);
        ctx.timerService().registerEventTimeTimer(m.armedTimer);
    }

    private Alert firing(String machine, Machine m) {
        long deadline = m.lastConfirmed + timeoutMs;
        return Alert.firing(
                Rules.MACHINE_OFFLINE,
                Severity.MEDIUM,
                Rules.MACHINE,
                machine,
                Long.toString(m.lastConfirmed),
                deadline,
                null,
                machine + " silent for " + RuleSupport.human(Duration.ofMillis(timeoutMs)) + " since "
                        + RuleSupport.iso(m.lastConfirmed) + RuleSupport.sectionSuffix(m.floorSection),
                "Check machine power and network",
                RuleSupport.details("last_event_time", RuleSupport.iso(m.lastConfirmed), "timeout_ms", timeoutMs));
    }

    private void resolve(Machine m, long time, Collector<Alert> out) {
        Alert fired = m.offline;
        long back = Math.max(time, fired.eventTime);
        out.collect(fired.resolvedAt(
                back,
                fired.entityId + " is sending again",
                RuleSupport.details("back_at", RuleSupport.iso(back), "silent_ms", back - m.lastConfirmed)));
        m.offline = null;
    }

    /** Adds {@code t} to the runs, merging runs that come closer than {@code gap} to each other. */
    static long[] insert(long[] runs, long t, long gap) {
        int last = runs.length - 2;
        if (last >= 0 && t >= runs[last] && t - runs[last + 1] < gap) {
            // in or just after the last run, as an event in time order is: that run, ending at t or later
            runs[last + 1] = Math.max(runs[last + 1], t);
            return runs;
        }
        long[] merged = new long[runs.length + 2];
        int out = 0;
        boolean placed = false;
        int i = 0;
        while (i < runs.length || !placed) {
            long s;
            long e;
            if (!placed && (i >= runs.length || t < runs[i])) {
                s = t;
                e = t;
                placed = true;
            } else {
                s = runs[i];
                e = runs[i + 1];
                i += 2;
            }
            if (out > 0 && s - merged[out - 1] < gap) {
                merged[out - 1] = Math.max(merged[out - 1], e);
            } else {
                merged[out++] = s;
                merged[out++] = e;
            }
        }
        return out == merged.length ? merged : Arrays.copyOf(merged, out);
    }
}
