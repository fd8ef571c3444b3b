package io.floorwatch.floor;

import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * Counts a window's firings in per-window state: 1 on time, more when allowed lateness lets a late event update
 * it. The count is the row's {@code version}, so in ClickHouse the update replaces the earlier row.
 */
final class WindowVersions {
    private static final ValueStateDescriptor<Long> FIRINGS = new ValueStateDescriptor<>("firings", Long.class);

    private WindowVersions() {}

    static long next(KeyedStateStore windowState) throws Exception {
        ValueState<Long> firings = windowState.getState(FIRINGS);
        long version = firings.value() == null ? 1 : firings.value() + 1;
        firings.update(version);
        return version;
    }

    static void clear(KeyedStateStore windowState) {
        windowState.getState(FIRINGS).clear();
    }
}
