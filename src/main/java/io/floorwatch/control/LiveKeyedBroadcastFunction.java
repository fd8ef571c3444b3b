package io.floorwatch.control;

import io.floorwatch.config.FloorWatchConfig;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@link LiveBroadcastFunction} for keyed inputs (e.g. {@link ControlStreams#process}). {@code live} may be null (a
 * function with fixed values, in tests): then no union state is registered and control updates are ignored, but
 * {@link #refresh()} is still called once at the start.
 */
public abstract class LiveKeyedBroadcastFunction<K, IN, OUT>
        extends KeyedBroadcastProcessFunction<K, IN, ControlUpdate, OUT> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    protected final FloorWatchConfig cfg;
    protected final LiveValues live;
    private final String stateName;

    /** @param stateName the union state's name: part of the savepoint, never to change */
    protected LiveKeyedBroadcastFunction(FloorWatchConfig cfg, LiveValues live, String stateName) {
        this.cfg = cfg;
        this.live = live;
        this.stateName = stateName;
    }

    /** Reads the values in force into the function's fields. */
    protected abstract void refresh();

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        if (live != null) live.initialize(ctx, subtask, stateName);
        refresh();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        if (live != null) live.snapshot();
    }

    @Override
    public void processBroadcastElement(ControlUpdate u, Context ctx, Collector<OUT> out) {
        if (live != null && live.apply(u)) refresh();
    }
}
