package io.floorwatch.floor;

import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.StateCache;
import io.floorwatch.event.StateSerializer;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A per-entity 1-minute aggregate ({@code machine_minute}, {@code table_minute}): one entity's events summed per
 * 1-minute event-time window, with the semantics of a tumbling window with allowed lateness: the row is emitted when
 * floor time passes the minute (version 1), again with a higher version for each late event within
 * {@code aggregation.allowed-lateness}, and events later than that go to the late side output. At the end of a bounded
 * input every open minute is emitted.
 *
 * <p>Written as one keyed function rather than Flink's window operator because every event of the entity passes here:
 * the window operator registered its two timers on every element (a timer-set lookup each, a fifth of the task's CPU),
 * where this registers them once per entity and minute. The open minutes of an entity are one map entry each.
 *
 * @param <A> the running sums of one minute, kept in state ({@link StateSerializer}: public fields, a no-argument constructor)
 * @param <R> the row
 */
public final class EntityMinutes<A, R> extends KeyedProcessFunction<String, FloorEvent, R> {
    private static final long MINUTE = 60_000L;

    /** What one kind of entity sums per minute, and the row it writes. */
    public interface Sums<A, R> extends Serializable {
        void add(FloorEvent e, A acc);

        /** Rows emitted for this minute so far. */
        long firings(A acc);

        /** Counts one more firing, and the minute's row with that count as its version. */
        R fire(String entityId, long windowStart, A acc);
    }

    private final String state;
    private final Class<A> type;
    private final Sums<A, R> sums;
    private final long latenessMs;
    private final OutputTag<FloorEvent> late;
    private transient StateSerializer<A> serializer;
    private transient MapState<Long, A> minutes;

    /**
     * @param state the name of the open minutes' state (machines and tables may share an id, and share the per-entity
     *     operator's state)
     * @param type the class of a minute's sums, with a public no-argument constructor
     */
    public EntityMinutes(
            String state, Class<A> type, Sums<A, R> sums, Duration allowedLateness, OutputTag<FloorEvent> late) {
        this.state = state;
        this.type = type;
        this.sums = sums;
        this.latenessMs = allowedLateness.toMillis();
        this.late = late;
    }

    @Override
    public void open(OpenContext ctx) {
        serializer = StateSerializer.of(type);
        minutes = StateCache.map(
                getRuntimeContext().getMapState(new MapStateDescriptor<>(state, LongSerializer.INSTANCE, serializer)));
    }

    @Override
    public void processElement(FloorEvent e, Context ctx, Collector<R> out) throws Exception {
        long start = e.eventTime - Math.floorMod(e.eventTime, MINUTE);
        long lastMoment = start + MINUTE - 1;
        long watermark = ctx.timerService().currentWatermark();
        if (lastMoment + latenessMs <= watermark) {
            ctx.output(late, e); // its minute is closed for good
            return;
        }
        A acc = minutes.get(start);
        if (acc == null) {
            acc = serializer.createInstance();
            ctx.timerService().registerEventTimeTimer(lastMoment);
            ctx.timerService().registerEventTimeTimer(lastMoment + latenessMs);
        }
        sums.add(e, acc);
        if (lastMoment <= watermark) out.collect(sums.fire(ctx.getCurrentKey(), start, acc)); // late, within lateness
        minutes.put(start, acc);
    }

    /** At a minute's last moment its row goes out; {@code allowed-lateness} later the minute is forgotten. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<R> out) throws Exception {
        long closing = timestamp + 1 - MINUTE;
        A acc = minutes.get(closing);
        if (acc != null && sums.firings(acc) == 0) {
            out.collect(sums.fire(ctx.getCurrentKey(), closing, acc));
            minutes.put(closing, acc);
        }
        long expiring = closing - latenessMs;
        if (minutes.contains(expiring)) minutes.remove(expiring);
    }
}
