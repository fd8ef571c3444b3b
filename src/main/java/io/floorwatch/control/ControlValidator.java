package io.floorwatch.control;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.RejectedEvent;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The job's reader of the control topic and the watchlist (parallelism 1, in arrival order): every control message
 * becomes a {@code rule_changes} row (APPLIED or REJECTED) or, when it is no change at all, a {@code rejected_events}
 * row; every bad watchlist entry a {@code rejected_events} row. Applied changes and valid entries past the position
 * read at start ({@link ControlInputs#ends()}; below it they are in the operators' starting values already) are
 * emitted as {@link ControlUpdate}s for the broadcast.
 *
 * <p>Checkpointed: the values in force (for {@code old_value} and the cross-key checks), the change ids seen (one row
 * per change_id) and the start position of the run the state began with; after a restore the source resumes from
 * its checkpointed offsets and the operators from their checkpointed values, so everything after applies again in
 * order, exactly once.
 */
public class ControlValidator extends ProcessFunction<ControlRecord, ControlUpdate> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<RuleChange> RULE_CHANGES =
            new OutputTag<>("rule-changes", TypeInformation.of(RuleChange.class));
    public static final OutputTag<RejectedEvent> REJECTED =
            new OutputTag<>("control-rejected", TypeInformation.of(RejectedEvent.class));

    private static final String ID = "id:";
    private static final String END = "end:";

    private final FloorWatchConfig cfg;
    private final Map<String, Long> startEnds;

    private transient ControlLog log;
    private transient Map<String, Long> ends;
    private transient ListState<ControlUpdate> settingsState;
    private transient ListState<String> markersState;

    public ControlValidator(FloorWatchConfig cfg, Map<String, Long> ends) {
        this.cfg = cfg;
        this.startEnds = new LinkedHashMap<>(ends);
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        settingsState = ctx.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("control-settings", TypeInformation.of(ControlUpdate.class)));
        markersState =
                ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("control-markers", Types.STRING));
        log = new ControlLog(cfg);
        Map<String, String> settings = new LinkedHashMap<>();
        for (ControlUpdate u : settingsState.get()) settings.put(u.key, u.value);
        Set<String> ids = new HashSet<>();
        Map<String, Long> restoredEnds = new LinkedHashMap<>();
        boolean restored = false;
        for (String m : markersState.get()) {
            restored = true;
            if (m.startsWith(ID)) ids.add(m.substring(ID.length()));
            else if (m.startsWith(END)) {
                int eq = m.lastIndexOf('=');
                restoredEnds.put(m.substring(END.length(), eq), Long.parseLong(m.substring(eq + 1)));
            }
        }
        log.restore(settings, ids);
        // the operators' starting values came with the run that began this state: keep its start position
        ends = restored ? restoredEnds : new LinkedHashMap<>(startEnds);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        settingsState.clear();
        for (Map.Entry<String, String> e : log.settings().entrySet())
            settingsState.add(ControlUpdate.setting(e.getKey(), e.getValue(), 0));
        markersState.clear();
        markersState.add("state");
        for (String id : log.changeIds()) markersState.add(ID + id);
        for (Map.Entry<String, Long> e : ends.entrySet()) markersState.add(END + e.getKey() + "=" + e.getValue());
    }

    @Override
    public void processElement(ControlRecord r, Context ctx, Collector<ControlUpdate> out) {
        if (r.source() == null) return; // the no-op record of an empty stream (ControlStreams)
        ControlLog.Outcome o = log.apply(r);
        if (o.change() != null) ctx.output(RULE_CHANGES, o.change());
        if (o.rejected() != null) ctx.output(REJECTED, o.rejected());
        if (o.update() != null && r.offset() >= ends.getOrDefault(r.position(), 0L)) out.collect(o.update());
    }
}
