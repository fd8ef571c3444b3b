package io.floorwatch.control;

import io.floorwatch.config.FloorWatchConfig;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A function connected to {@link ControlStreams#broadcast()} that follows live values ({@link LiveValues}): restores
 * them from (and checkpoints them to) the operator union state {@code stateName}, takes every control update, and
 * calls {@link #refresh()} after the restore and after every update that changed a value it follows. Subclasses read
 * the values in force with {@code live.get(cfg, option)} in {@link #refresh()}.
 */
public abstract class LiveBroadcastFunction<IN, OUT> extends BroadcastProcessFunction<IN, ControlUpdate, OUT>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    protected final FloorWatchConfig cfg;
    protected final LiveValues live;
    private final String stateName;

    /** @param stateName the union state's name: part of the savepoint, never to change */
    protected LiveBroadcastFunction(FloorWatchConfig cfg, LiveValues live, String stateName) {
        this.cfg = cfg;
        this.live = live;
        this.stateName = stateName;
    }

    /** Reads the values in force into the function's fields. */
    protected abstract void refresh();

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        live.initialize(ctx, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), stateName);
        refresh();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        live.snapshot();
    }

    @Override
    public void processBroadcastElement(ControlUpdate u, Context ctx, Collector<OUT> out) {
        if (live.apply(u)) refresh();
    }
}
