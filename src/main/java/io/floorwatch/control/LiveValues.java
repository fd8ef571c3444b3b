package io.floorwatch.control;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Option;
import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * The control values one operator follows, for functions connected to {@link ControlStreams#broadcast()}: starts
 * from the values read at start ({@link ControlStreams#initialSettings()}, {@link ControlStreams#initialWatchlist()}),
 * takes every {@link ControlUpdate} from the broadcast in arrival order, and is checkpointed (operator union state:
 * every subtask holds the same values, and after a restore or a rescale each takes them from the checkpoint, not
 * from the start values of the new run, so replayed events see what they saw the first time).
 *
 * <p>Use from a function that implements {@code CheckpointedFunction}: call {@link #initialize} from
 * {@code initializeState}, {@link #snapshot} from {@code snapshotState} and {@link #apply} from
 * {@code processBroadcastElement}. Only the keys (and prefixes) given are kept, and the watchlist only if asked.
 */
public final class LiveValues implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String MARKER = "";

    private final Set<String> keys;
    private final List<String> prefixes;
    private final boolean followWatchlist;
    private final HashMap<String, String> initialSettings = new HashMap<>();
    private final HashMap<String, String> initialWatchlist = new HashMap<>();

    private transient Map<String, String> settings;
    private transient Map<String, String> watchlist;
    private transient ListState<ControlUpdate> state;
    private transient int subtask;

    /**
     * @param keys setting keys followed exactly
     * @param prefixes setting key prefixes followed (e.g. {@code offers.})
     * @param followWatchlist whether watchlist entries are kept
     */
    public LiveValues(
            Set<String> keys,
            List<String> prefixes,
            boolean followWatchlist,
            Map<String, String> initialSettings,
            Map<String, String> initialWatchlist) {
        this.keys = Set.copyOf(keys);
        this.prefixes = List.copyOf(prefixes);
        this.followWatchlist = followWatchlist;
        initialSettings.forEach((k, v) -> {
            if (follows(k)) this.initialSettings.put(k, v);
        });
        if (followWatchlist) this.initialWatchlist.putAll(initialWatchlist);
    }

    /** Settings only, as read at start by {@code control}. */
    public static LiveValues settings(ControlStreams control, String... keys) {
        return new LiveValues(Set.of(keys), List.of(), false, control.initialSettings(), Map.of());
    }

    /**
     * Settings (exact keys and key prefixes such as {@code offers.}) and, if asked, the watchlist, as read at start by
     * {@code control}: e.g. {@code LiveValues.of(control, true, List.of("offers."), "rules.jackpot.threshold")}.
     */
    public static LiveValues of(
            ControlStreams control, boolean followWatchlist, List<String> prefixes, String... keys) {
        return new LiveValues(
                Set.of(keys), prefixes, followWatchlist, control.initialSettings(), control.initialWatchlist());
    }

    public boolean follows(String key) {
        if (keys.contains(key)) return true;
        for (String p : prefixes) if (key.startsWith(p)) return true;
        return false;
    }

    /** Restores the values of the checkpoint (the lowest subtask's copy), or starts from the initial ones. */
    public void initialize(FunctionInitializationContext ctx, int subtaskIndex, String stateName) throws Exception {
        subtask = subtaskIndex;
        state = ctx.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>(stateName, TypeInformation.of(ControlUpdate.class)));
        settings = new LinkedHashMap<>(initialSettings);
        watchlist = new LinkedHashMap<>(initialWatchlist);
        long from = Long.MAX_VALUE;
        for (ControlUpdate u : state.get())
            if (u.kind == ControlUpdate.Kind.SETTING && MARKER.equals(u.key)) from = Math.min(from, u.offset);
        if (from == Long.MAX_VALUE) return; // nothing checkpointed: a new run
        settings.clear();
        watchlist.clear();
        for (ControlUpdate u : state.get()) {
            if (u.offset != from || (u.kind == ControlUpdate.Kind.SETTING && MARKER.equals(u.key))) continue;
            if (u.kind == ControlUpdate.Kind.SETTING) settings.put(u.key, u.value);
            else if (u.value != null) watchlist.put(u.key, u.value);
        }
    }

    public void snapshot() throws Exception {
        state.clear();
        state.add(ControlUpdate.setting(MARKER, null, subtask));
        for (Map.Entry<String, String> e : settings.entrySet())
            state.add(ControlUpdate.setting(e.getKey(), e.getValue(), subtask));
        for (Map.Entry<String, String> e : watchlist.entrySet())
            state.add(ControlUpdate.watchlist(e.getKey(), e.getValue(), subtask));
    }

    /** Takes one update; true when it changed something this operator follows. */
    public boolean apply(ControlUpdate u) {
        if (u.kind == ControlUpdate.Kind.WATCHLIST) {
            if (!followWatchlist) return false;
            if (u.value == null) watchlist.remove(u.key);
            else watchlist.put(u.key, u.value);
            return true;
        }
        if (!follows(u.key)) return false;
        settings.put(u.key, u.value);
        return true;
    }

    /** The control value of a key, or null when the control topic has not set it (or deleted it): use the configuration then. */
    public String setting(String key) {
        return settings.get(key);
    }

    /**
     * The value of an option in force: the control topic's when it has set the key (validated when it was applied,
     * parsed as in a config file), else the configuration's.
     */
    public <T> T get(FloorWatchConfig cfg, Option<T> option) {
        String v = settings.get(option.key());
        return v != null ? option.parse(v) : cfg.get(option);
    }

    /** True when the control topic has set the key, to a value or (offers.*) to null = deleted. */
    public boolean isSet(String key) {
        return settings.containsKey(key);
    }

    public Map<String, String> settings() {
        return Collections.unmodifiableMap(settings);
    }

    /** The list of an ACTIVE entry, or null. */
    public String watchlist(String playerId) {
        return watchlist.get(playerId);
    }

    public Map<String, String> watchlist() {
        return Collections.unmodifiableMap(watchlist);
    }
}
