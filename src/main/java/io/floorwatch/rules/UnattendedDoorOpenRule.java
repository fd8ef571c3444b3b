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
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * UNATTENDED_DOOR_OPEN (HIGH): a slot DOOR_OPEN with no security ACCESS_GRANTED carrying that
 * machine_id in the {@code rules.door-open.window} before it (a grant exactly the window before, or at
 * the same millisecond, counts).
 *
 * <p>Why not CEP: CEP matches the presence of events in order; this rule needs the absence of an event
 * <em>before</em> another. {@code notFollowedBy} looks forward only, a pattern "grant followedBy door"
 * finds the attended doors but nothing emits the doors it did not match, an optional grant
 * ({@code grant?} then door) also yields the door-only match for attended doors (skipPastLastEvent
 * would drop that duplicate, but it also prunes the grant's partial match, so a second door within the
 * same 5 minutes would wrongly look unattended), and an iterative condition only sees the events of
 * its own partial match. The only CEP shapes that work put the door
 * first and wait for the window to pass ("door notFollowedBy ..." on a reversed notion of time), which
 * adds the whole window (5 min) to the detection latency. So this is an event-time function with the
 * same latency as CEP: events are buffered until the watermark passes them (security and slot events
 * come from different streams and may arrive out of order), then handled in timestamp order, grants
 * before doors at the same millisecond. The state is the buffer and the last grant time; a timer drops
 * the grant once it can no longer cover a door. Events behind the watermark go to the late side output
 * (a late grant still updates the last grant time; a late door is not judged: its grants may be gone).
 */
public final class UnattendedDoorOpenRule extends KeyedProcessFunction<String, FloorEvent, Alert> {
    private final long windowMs;
    private transient MapState<Long, List<FloorEvent>> pending;
    private transient ValueState<Long> lastGrant;

    public UnattendedDoorOpenRule(Duration window) {
        this.windowMs = window.toMillis();
    }

    public static DataStream<Alert> build(DataStream<FloorEvent> events, FloorWatchConfig cfg, LateEvents late) {
        SingleOutputStreamOperator<Alert> alerts = events.filter(e -> isDoorOpen(e) || isGrant(e))
                .uid("rule-unattended-door-filter")
                .name("UNATTENDED_DOOR_OPEN filter")
                .keyBy(UnattendedDoorOpenRule::machineOf)
                .process(new UnattendedDoorOpenRule(cfg.get(Options.DOOR_OPEN_WINDOW)), TypeInformation.of(Alert.class))
                .uid("rule-unattended-door")
                .name("UNATTENDED_DOOR_OPEN");
        return late.collectFrom(alerts);
    }

    static boolean isDoorOpen(FloorEvent e) {
        return e.source == Source.SLOT && "DOOR_OPEN".equals(e.eventType);
    }

    static boolean isGrant(FloorEvent e) {
        return e.source == Source.SECURITY
                && "ACCESS_GRANTED".equals(e.eventType)
                && e.machineId != null
                && !e.machineId.isEmpty();
    }

    static String machineOf(FloorEvent e) {
        return e.source == Source.SECURITY ? e.machineId : e.entityId;
    }

    @Override
    public void open(OpenContext ctx) {
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "pending", Types.LONG, Types.LIST(TypeInformation.of(FloorEvent.class))));
        lastGrant = getRuntimeContext().getState(new ValueStateDescriptor<>("last-grant", Types.LONG));
    }

    @Override
    public void processElement(FloorEvent e, Context ctx, Collector<Alert> out) throws Exception {
        if (e.eventTime <= ctx.timerService().currentWatermark()) {
            ctx.output(LateEvents.TAG, e);
            if (isGrant(e)) noteGrant(e.eventTime, ctx);
            return;
        }
        List<FloorEvent> atTime = pending.get(e.eventTime);
        if (atTime == null) {
            atTime = new ArrayList<>(1);
            ctx.timerService().registerEventTimeTimer(e.eventTime);
        }
        atTime.add(e);
        pending.put(e.eventTime, atTime);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        List<FloorEvent> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            for (FloorEvent e : due) if (isGrant(e)) noteGrant(e.eventTime, ctx);
            Long grant = lastGrant.value();
            for (FloorEvent door : due) {
                if (isDoorOpen(door) && (grant == null || door.eventTime - grant > windowMs))
                    out.collect(alert(door, grant));
            }
        }
        Long grant = lastGrant.value();
        if (grant != null && timestamp > grant + windowMs) lastGrant.clear();
    }

    private void noteGrant(long time, Context ctx) throws Exception {
        Long grant = lastGrant.value();
        if (grant == null || time > grant) {
            lastGrant.update(time);
            // the grant covers doors up to time + window; after that it only costs state
            ctx.timerService().registerEventTimeTimer(time + windowMs + 1);
        }
    }

    private Alert alert(FloorEvent door, Long lastGrantTime) {
        return Alert.firing(
                        Rules.UNATTENDED_DOOR_OPEN,
                        Severity.HIGH,
                        Rules.MACHINE,
                        door.entityId,
                        door.eventId,
                        door.eventTime,
                        null,
                        "Door opened on " + door.entityId + " without access granted in the previous "
                                + RuleSupport.human(Duration.ofMillis(windowMs))
                                + RuleSupport.sectionSuffix(door.floorSection),
                        "Dispatch security to the machine",
                        RuleSupport.details(
                                "event_id",
                                door.eventId,
                                "window_ms",
                                windowMs,
                                "last_grant_time",
                                lastGrantTime == null ? null : RuleSupport.iso(lastGrantTime)))
                .withTrigger(door.ingestTime);
    }
}
