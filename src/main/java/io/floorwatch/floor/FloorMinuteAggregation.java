package io.floorwatch.floor;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * {@code floor_minute} from the section's {@code machine_minute} rows of the same minute: the per-event work
 * is done once, at machine level. A machine row updated by a late event (higher version) replaces its
 * earlier row here too, so a late update never counts twice.
 */
public class FloorMinuteAggregation extends ProcessWindowFunction<MachineMinute, FloorMinute, String, TimeWindow> {

    @Override
    public void process(String section, Context ctx, Iterable<MachineMinute> rows, Collector<FloorMinute> out)
            throws Exception {
        Map<String, MachineMinute> latest = new HashMap<>();
        for (MachineMinute m : rows) {
            latest.merge(m.machineId, m, (a, b) -> b.version >= a.version ? b : a);
        }
        FloorMinute f = new FloorMinute();
        f.windowStart = ctx.window().getStart();
        f.floorSection = section;
        for (MachineMinute m : latest.values()) {
            f.spins += m.spins;
            f.coinInCents += m.coinInCents;
            f.coinOutCents += m.coinOutCents;
            if (m.spins > 0) f.activeMachines++;
        }
        f.version = WindowVersions.next(ctx.windowState());
        out.collect(f);
    }

    @Override
    public void clear(Context ctx) throws Exception {
        WindowVersions.clear(ctx.windowState());
    }
}
