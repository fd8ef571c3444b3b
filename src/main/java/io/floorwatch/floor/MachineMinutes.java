package io.floorwatch.floor;

import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.StateSerializer;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * {@code machine_minute}: one machine's slot events summed per 1-minute event-time window, with the semantics of a
 * tumbling window with allowed lateness: the row is emitted when floor time passes the minute (version 1), again with a
 * higher version for each late event within {@code aggregation.allowed-lateness}, and events later than that go to the
 * late side output. At the end of a bounded input every open minute is emitted.
 *
 * <p>Written as one keyed function rather than Flink's window operator because every slot event passes here: the
 * window operator registered its two timers on every element (a timer-set lookup each, a fifth of this task's CPU),
 * where this registers them once per machine and minute. The open minutes of a machine are one map entry each.
 */
public final class MachineMinutes extends KeyedProcessFunction<String, FloorEvent, MachineMinute> {
    private static final long MINUTE = 60_000L;

    private final MachineMinuteAggregation.Sum sum;
    private final long latenessMs;
    private final OutputTag<FloorEvent> late;
    private transient MapState<Long, MachineMinuteAggregation.Acc> minutes;

    public MachineMinutes(long jackpotThresholdCents, Duration allowedLateness, OutputTag<FloorEvent> late) {
        this.sum = new MachineMinuteAggregation.Sum(jackpotThresholdCents);
        this.latenessMs = allowedLateness.toMillis();
        this.late = late;
    }

    @Override
    public void open(OpenContext ctx) {
        minutes = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "open-minutes",
                        LongSerializer.INSTANCE,
                        StateSerializer.of(MachineMinuteAggregation.Acc.class)));
    }

    @Override
    public void processElement(FloorEvent e, Context ctx, Collector<MachineMinute> out) throws Exception {
        long start = e.eventTime - Math.floorMod(e.eventTime, MINUTE);
        long lastMoment = start + MINUTE - 1;
        long watermark = ctx.timerService().currentWatermark();
        if (lastMoment + latenessMs <= watermark) {
            ctx.output(late, e); // its minute is closed for good
            return;
        }
        MachineMinuteAggregation.Acc acc = minutes.get(start);
        if (acc == null) {
            acc = sum.createAccumulator();
            ctx.timerService().registerEventTimeTimer(lastMoment);
            ctx.timerService().registerEventTimeTimer(lastMoment + latenessMs);
        }
        sum.add(e, acc);
        if (lastMoment <= watermark) emit(ctx.getCurrentKey(), start, acc, out); // a late update, within the lateness
        minutes.put(start, acc);
    }

    /** At a minute's last moment its row goes out; {@code allowed-lateness} later the minute is forgotten. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MachineMinute> out) throws Exception {
        long closing = timestamp + 1 - MINUTE;
        MachineMinuteAggregation.Acc acc = minutes.get(closing);
        if (acc != null && acc.firings == 0) {
            emit(ctx.getCurrentKey(), closing, acc, out);
            minutes.put(closing, acc);
        }
        long expiring = closing - latenessMs;
        if (minutes.contains(expiring)) minutes.remove(expiring);
    }

    private static void emit(
            String machineId, long start, MachineMinuteAggregation.Acc acc, Collector<MachineMinute> out) {
        acc.firings++;
        out.collect(MachineMinuteAggregation.toRow(machineId, start, acc, acc.firings));
    }
}
