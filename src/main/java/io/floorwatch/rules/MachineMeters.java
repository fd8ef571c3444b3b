package io.floorwatch.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.control.ControlStreams;
import io.floorwatch.event.EntityOperator;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Meters;
import io.floorwatch.event.Source;
import io.floorwatch.event.StateCache;
import io.floorwatch.event.StateSerializer;
import io.floorwatch.floor.MachineMeterDelta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * SAS meters per machine (SPEC 8.5): {@code machine_meter_deltas}, {@code METER_RESET} and {@code METER_VARIANCE}, in
 * one keyed operator fed by the machine's {@code METERS} snapshots and its wager-bearing slot events.
 *
 * <p>Snapshots are taken in event-time order (ties by {@code event_id}): each waits in {@code pending} for the
 * watermark to pass it, then is compared with the last snapshot taken ({@code last}, the base of the next deltas).
 * The first snapshot taken is the base and gives nothing. Per counter the delta is {@code new - old}, or
 * {@code new + 10^digits - old} when it went down from at least 0.9 x 10^digits (digits of the older snapshot: a
 * rollover), else 0 (a reset; the new value is the counter's base). A snapshot with a reset raises METER_RESET.
 *
 * <p>The wager sum since the last snapshot: wagers of events ahead of the watermark wait by event time in the machine's
 * state ({@code waiting}, a few per minute, so each wager is one read and one write of that state); those the watermark
 * has passed (at each minute's end) are folded into one running sum, {@code settledCents}, which the next snapshot
 * takes whole (every wager in it is older than any snapshot still pending). A snapshot then takes that sum plus the
 * waiting wagers at or before its time, so every wager with event time after the previous snapshot's and at or before
 * its own counts, late ones within the out-of-orderness bound included. Unless coin in was reset, the snapshot's
 * coin-in delta and that sum go to {@link #COMPARISONS}, where {@link MeterVariance} judges them with the thresholds in
 * force (they change live, SPEC 8.1).
 *
 * <p>Late input (behind the watermark): a late wager still counts when its snapshot interval is open, and is dropped
 * when that interval was compared already; a late snapshot is not taken (it would need an interval already closed):
 * it is in {@code slot_events_live} and goes to the late-events count. Deltas of one minute are summed in state and
 * written when the watermark passes the minute's end, one row per machine and minute. The state per machine is the
 * last snapshot, one sum and the row of the current minute, plus what waits for the watermark; timers are one per
 * pending snapshot and one per minute with input.
 */
public final class MachineMeters extends KeyedProcessFunction<String, FloorEvent, Alert> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000L;

    /** The rows of machine_meter_deltas. */
    public static final OutputTag<MachineMeterDelta> DELTAS =
            new OutputTag<>("machine-meter-deltas", TypeInformation.of(MachineMeterDelta.class));
    /** Each snapshot compared with its interval's wagers, for {@link MeterVariance}. */
    public static final OutputTag<MeterVariance.Comparison> COMPARISONS =
            new OutputTag<>("meter-comparisons", TypeInformation.of(MeterVariance.Comparison.class));

    /** A snapshot as kept in state. A Flink POJO. */
    public static class Snapshot {
        public String eventId;
        public long time;
        public Meters meters;
        public String floorSection;

        public Snapshot() {}

        Snapshot(FloorEvent e) {
            eventId = e.eventId;
            time = e.eventTime;
            meters = e.meters;
            floorSection = e.floorSection;
        }
    }

    /** The per-machine state read and written once per step. A Flink POJO. */
    public static class Machine {
        /** The last snapshot taken (the base of the next deltas), or null before the first. */
        public Snapshot last;
        /** Wagers after {@code last} that the watermark has passed, cents. */
        public long settledCents;
        /** The deltas of the current minute, or null. */
        public MachineMeterDelta row;
        /** The latest minute end with a timer that settles waiting wagers: one timer per minute, not one per wager. */
        public long settleTimer = Long.MIN_VALUE;
        /**
         * Wagers ahead of the watermark, {time0, cents0, time1, cents1, ...} by event time, one pair per instant: the
         * first {@link #waitingPairs} pairs; the rest is room to grow (an array copied per wager was a good part of the
         * job's garbage).
         */
        public long[] waiting = new long[0];
        /** How many pairs of {@link #waiting} are wagers; -1 (state written before this field): all of them. */
        public int waitingPairs = -1;

        /** The number of waiting wagers. */
        int pairs() {
            return waitingPairs < 0 ? waiting.length / 2 : waitingPairs;
        }

        public Machine() {}
    }

    private transient ValueState<Machine> state;
    private transient MapState<String, Snapshot> pending;

    /** METER_RESET, on a side output of the per-entity operator. */
    public static final OutputTag<Alert> ALERTS = new OutputTag<>("meter-alerts", TypeInformation.of(Alert.class));

    /**
     * The part of the per-entity operator on the machine's METERS and wager-bearing slot events: METER_RESET on
     * {@link #ALERTS}, deltas on {@link #DELTAS}, the comparisons for {@link #variance} on {@link #COMPARISONS}.
     */
    public static EntityOperator.Part<Alert> part() {
        return new EntityOperator.Part<>("meter-timers", MachineMeters::isInput, new MachineMeters(), ALERTS);
    }

    /** METER_VARIANCE over the comparisons of {@link #part} ({@link #COMPARISONS}), with the values in force (SPEC 8.1). */
    public static DataStream<Alert> variance(
            DataStream<MeterVariance.Comparison> comparisons, FloorWatchConfig cfg, ControlStreams control) {
        return comparisons
                .connect(control.broadcast())
                .process(new MeterVariance(cfg, MeterVariance.live(control)), TypeInformation.of(Alert.class))
                .uid("rule-meter-variance")
                .name("METER_VARIANCE");
    }

    public static boolean isInput(FloorEvent e) {
        return e.source == Source.SLOT && (e.isMeters() || (e.wagerCents != null && e.wagerCents > 0));
    }

    @Override
    public void open(OpenContext ctx) {
        state = StateCache.value(getRuntimeContext()
                .getState(new ValueStateDescriptor<>("meters-machine", StateSerializer.of(Machine.class))));
        pending = StateCache.map(getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "pending-snapshots", Types.STRING, TypeInformation.of(Snapshot.class))));
    }

    @Override
    public void processElement(FloorEvent e, Context ctx, Collector<Alert> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        if (e.isMeters()) {
            if (e.meters == null) return;
            if (e.eventTime <= watermark) {
                ctx.output(LateEvents.TAG, e); // stored raw, counted late, not taken (see class comment)
                return;
            }
            if (!pending.contains(e.eventId)) pending.put(e.eventId, new Snapshot(e));
            ctx.timerService().registerEventTimeTimer(e.eventTime);
            return;
        }
        if (!isInput(e)) return;
        Machine m = state.value();
        if (m != null && m.last != null && e.eventTime <= m.last.time) return; // its interval was compared already
        if (e.eventTime <= watermark) {
            if (m == null) m = new Machine();
            m.settledCents += e.wagerCents;
            state.update(m);
            return;
        }
        if (m == null) m = new Machine();
        addWager(m, e.eventTime, e.wagerCents);
        long settleAt = minuteEnd(e.eventTime);
        if (settleAt > m.settleTimer) {
            // a later minute than any timer yet: an earlier one always has its timer, or had it already fired
            m.settleTimer = settleAt;
            ctx.timerService().registerEventTimeTimer(settleAt);
        }
        state.update(m);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Machine m = state.value();
        if (m == null) m = new Machine();
        String machine = ctx.getCurrentKey();

        // 1. the snapshots the watermark has passed, in event-time order (ties by event_id)
        List<Snapshot> due = new ArrayList<>();
        for (Map.Entry<String, Snapshot> p : pending.entries())
            if (p.getValue().time <= timestamp) due.add(p.getValue());
        due.sort(Comparator.comparingLong((Snapshot s) -> s.time).thenComparing(s -> s.eventId));
        for (Snapshot s : due) {
            pending.remove(s.eventId);
            take(m, s, machine, ctx, out);
        }

        // 2. wagers the watermark has passed join the running sum of the open interval
        m.settledCents += takeWagers(m, timestamp);

        // 3. a minute the watermark has passed is complete: its row is written
        if (m.row != null && minuteEnd(m.row.windowStart) <= timestamp) {
            ctx.output(DELTAS, m.row);
            m.row = null;
        }
        state.update(m);
    }

    /** {@code cents} more waiting at {@code time}, in time order. */
    static void addWager(Machine m, long time, long cents) {
        int pairs = m.pairs();
        int end = 2 * pairs;
        long[] w = m.waiting;
        int i = end; // from the end: wagers come mostly in time order
        while (i > 0 && w[i - 2] > time) i -= 2;
        if (i > 0 && w[i - 2] == time) {
            w[i - 1] += cents;
            return;
        }
        if (end == w.length) w = m.waiting = Arrays.copyOf(w, Math.max(16, 2 * w.length));
        System.arraycopy(w, i, w, i + 2, end - i);
        w[i] = time;
        w[i + 1] = cents;
        m.waitingPairs = pairs + 1;
    }

    /** The sum of the machine's waiting wagers at or before {@code time}, which leave {@code waiting}. */
    static long takeWagers(Machine m, long time) {
        int end = 2 * m.pairs();
        long[] w = m.waiting;
        long sum = 0;
        int i = 0;
        while (i < end && w[i] <= time) {
            sum += w[i + 1];
            i += 2;
        }
        if (i == 0) return sum;
        int left = end - i;
        if (w.length > 64 && 4 * left < w.length) {
            m.waiting = Arrays.copyOfRange(w, i, i + Math.max(16, 2 * left)); // a quiet machine gives its room back
        } else {
            System.arraycopy(w, i, w, 0, left);
            Arrays.fill(w, left, end, 0);
        }
        m.waitingPairs = left / 2;
        return sum;
    }

    /** Takes snapshot {@code s}: the base, or deltas against the last one (and the alerts they raise). */
    private void take(Machine m, Snapshot s, String machine, Context ctx, Collector<Alert> out) throws Exception {
        long wagerSum = m.settledCents + takeWagers(m, s.time);
        m.settledCents = 0;
        Snapshot prev = m.last;
        if (prev != null && s.time < prev.time)
            return; // older than the base: stored, otherwise ignored (not reachable in order)
        m.last = s;
        if (prev == null) return; // the base: no deltas

        int n = Meters.COUNTERS.length;
        long[] delta = new long[n];
        boolean[] reset = new boolean[n];
        int rollovers = 0, resets = 0;
        long modulus = Meters.modulus(prev.meters.digits);
        long rolloverFrom = modulus / 10 * 9;
        for (int i = 0; i < n; i++) {
            long old = prev.meters.get(i), now = s.meters.get(i);
            if (now >= old) {
                delta[i] = now - old;
            } else if (old >= rolloverFrom) {
                delta[i] = now + (modulus - old);
                rollovers++;
            } else {
                reset[i] = true;
                resets++;
            }
        }

        long minute = s.time - Math.floorMod(s.time, MINUTE);
        if (m.row != null && m.row.windowStart != minute) {
            ctx.output(DELTAS, m.row); // the watermark passed several minutes at once: the earlier one is complete
            m.row = null;
        }
        if (m.row == null) m.row = new MachineMeterDelta(minute, machine, s.floorSection);
        MachineMeterDelta r = m.row;
        if (s.floorSection != null) r.floorSection = s.floorSection;
        r.coinInCents += delta[0];
        r.coinOutCents += delta[1];
        r.jackpotCents += delta[2];
        r.billsInCents += delta[3];
        r.gamesPlayed += delta[4];
        r.rollovers += rollovers;
        r.resets += resets;
        r.snapshots++;
        ctx.timerService().registerEventTimeTimer(minuteEnd(s.time));

        String evidence = prev.eventId + '|' + s.eventId;
        String where = RuleSupport.sectionSuffix(s.floorSection);
        if (resets > 0) {
            ObjectNode details = JSON.createObjectNode()
                    .put("previous_event_id", prev.eventId)
                    .put("event_id", s.eventId)
                    .put("previous_snapshot_time", RuleSupport.iso(prev.time));
            ObjectNode counters = details.putObject("reset_counters");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!reset[i]) continue;
                names.add(Meters.COUNTERS[i]);
                counters.putObject(Meters.COUNTERS[i])
                        .put("old", prev.meters.get(i))
                        .put("new", s.meters.get(i));
            }
            out.collect(Alert.firing(
                    Rules.METER_RESET,
                    Severity.HIGH,
                    Rules.MACHINE,
                    machine,
                    evidence,
                    s.time,
                    null,
                    "Meters reset on " + machine + where + ": " + String.join(", ", names),
                    "Slot technician and slot accounting to verify the RAM clear and record the machine's meters",
                    details.toString()));
        }
        if (!reset[0]) {
            MeterVariance.Comparison c = new MeterVariance.Comparison();
            c.machineId = machine;
            c.floorSection = s.floorSection;
            c.previousEventId = prev.eventId;
            c.previousTime = prev.time;
            c.eventId = s.eventId;
            c.time = s.time;
            c.meterDeltaCents = delta[0];
            c.eventSumCents = wagerSum;
            ctx.output(COMPARISONS, c); // judged by MeterVariance with the values in force (SPEC 8.1)
        }
    }

    private static long minuteEnd(long time) {
        return time - Math.floorMod(time, MINUTE) + MINUTE - 1;
    }
}
