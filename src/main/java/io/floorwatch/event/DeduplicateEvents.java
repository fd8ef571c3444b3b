package io.floorwatch.event;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Producers deliver at least once: the same event_id may arrive again and must count once (SPEC §4).
 * Keyed by the event's entity ({@link FloorEvent#entityKey()}), with the entity's recent event ids in map state
 * (each remembered for {@code dedup.ttl}): keying by entity rather than by event id keeps each machine's, table's
 * or player's events in their arrival order on the way to the rules, which judge some things in arrival order.
 */
public class DeduplicateEvents extends KeyedProcessFunction<String, FloorEvent, FloorEvent> {
    private final Duration ttl;
    private transient MapState<String, Boolean> seen;
    private transient Counter duplicates;

    public DeduplicateEvents(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, Boolean> d = new MapStateDescriptor<>("seen-event-ids", String.class, Boolean.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = getRuntimeContext().getMapState(d);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(FloorEvent e, Context ctx, Collector<FloorEvent> out) throws Exception {
        if (seen.contains(e.eventId)) {
            duplicates.inc();
            return;
        }
        seen.put(e.eventId, Boolean.TRUE);
        out.collect(e);
    }
}
