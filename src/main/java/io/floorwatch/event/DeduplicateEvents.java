package io.floorwatch.event;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Producers deliver at least once: the same event_id may arrive again and must count once (SPEC §4).
 * Keyed by the event's entity id ({@link EntityKey}), with the entity's recent event ids in map state (each
 * remembered for {@code dedup.ttl}): keying by entity rather than by event id keeps each machine's, table's or
 * player's events in their arrival order, and it is the job's one shuffle: every per-entity operator after it reads
 * this partitioning ({@link EntityKey#keyed}). A machine and a table may share an id, so the value is the set of
 * streams that sent the id (one bit per {@link Source}): one write per event, and a read only for an id that may have
 * been seen ({@link WrittenIds}: a new id is known new from its fingerprint on the heap).
 *
 * <p>A {@link CheckpointedFunction} only to learn whether its state was restored: it keeps nothing of its own.
 */
public class DeduplicateEvents extends KeyedProcessFunction<String, FloorEvent, FloorEvent>
        implements CheckpointedFunction {
    private final Duration ttl;
    private transient MapState<String, Byte> seen;
    private transient Counter duplicates;
    private transient Counter readsSkipped;
    /** Set only by {@link #initializeState}: a host that never calls it gets the safe answer, "restored". */
    private transient boolean freshState;

    private transient WrittenIds written;

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
        // the state reads a new id's fingerprint spared, and the fingerprints held (WrittenIds)
        readsSkipped = getRuntimeContext().getMetricGroup().counter("dedupStateReadsSkipped");
        written = new WrittenIds(ttl, !freshState, System.currentTimeMillis());
        getRuntimeContext().getMetricGroup().gauge("dedupFingerprints", written::size);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        freshState = !context.isRestored();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {}

    @Override
    public void processElement(FloorEvent e, Context ctx, Collector<FloorEvent> out) throws Exception {
        // the state's TTL runs on this clock too (processing time, System.currentTimeMillis)
        long now = System.currentTimeMillis();
        int fingerprint = WrittenIds.fingerprint(ctx.getCurrentKey(), e.eventId);
        Byte streams;
        if (written.certainlyNew(fingerprint, now)) {
            streams = null;
            readsSkipped.inc();
        } else {
            streams = seen.get(e.eventId);
        }
        int bit = 1 << e.source.ordinal();
        if (streams != null && (streams & bit) != 0) {
            duplicates.inc();
            return;
        }
        seen.put(e.eventId, (byte) (streams == null ? bit : streams | bit));
        written.written(fingerprint, now);
        out.collect(e);
    }
}
