package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorLayout.Table;
import java.util.List;

/** A table's shuffler failing again and again: 2-5 SHUFFLER_ERRORs within 15-50 minutes (SHUFFLER_MAINTENANCE). */
final class ShufflerFailure implements Scenario {
    @Override
    public void stage(Plan plan) {
        List<Table> shufflerTables = plan.floor().layout().tables().stream()
                .filter(Table::hasShuffler)
                .toList();
        if (shufflerTables.isEmpty()) return;
        Table table = plan.any(shufflerTables);
        long start = plan.start();
        int n = plan.nextDouble() < 0.7 ? 3 + plan.nextInt(3) : 2;
        long spanMs = 15 * 60_000 + plan.nextInt(35 * 60_000);
        FloorEvents events = plan.floor().events();
        for (int k = 0; k < n; k++) {
            long at = plan.after(start, spanMs * k / (n - 1));
            plan.add(at, Source.TABLE, table.id(), (j, t, rnd) -> {
                events.table(j, EventType.SHUFFLER_ERROR, table, t);
                j.str("error_code", BackgroundPlay.shufflerErrorCode(rnd));
            });
        }
    }
}
