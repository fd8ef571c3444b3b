package io.floorwatch.event;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Producers deliver at least once: the same event_id may arrive again and must count once (SPEC §4).
 * Keyed by the event's entity id ({@link EntityKey}), with the entity's recent event ids in map state (each
 * remembered for {@code dedup.ttl}): keying by entity rather than by event id keeps each machine's, table's or
 * player's events in their arrival order, and it is the job's one shuffle: every per-entity operator after it reads
 * this partitioning ({@link EntityKey#keyed}). A machine and a table may share an id, so the value is the set of
 * streams that sent the id (one bit per {@link Source}): one read and one write per event, as before.
 */
public class DeduplicateEvents extends KeyedProcessFunction<String, FloorEvent, FloorEvent> {
    private final Duration ttl;
    private transient MapState<String, Byte> seen;
    private transient Counter duplicates;

    public DeduplicateEvents(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, Byte> d = new MapStateDescriptor<>("seen-event-ids", String.class, Byte.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seen = getRuntimeContext().getMapState(d);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(FloorEvent e, Context ctx, Collector<FloorEvent> out) throws Exception {
        Byte streams = seen.get(e.eventId);
        int bit = 1 << e.source.ordinal();
        if (streams != null && (streams & bit) != 0) {
            duplicates.inc();
            return;
        }
        seen.put(e.eventId, (byte) (streams == null ? bit : streams | bit));
        out.collect(e);
    }
}
