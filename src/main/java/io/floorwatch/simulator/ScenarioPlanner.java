package io.floorwatch.simulator;

import io.floorwatch.simulator.Plan.Planned;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Plans the staged scenarios block by block and hands each block the events that land in it. A block needs the plans
 * of the blocks up to {@link Plan#MAX_SPAN_MS} of floor time before it; in order they are kept as they go, out of
 * order they are re-derived from (seed, block).
 */
final class ScenarioPlanner {
    private static final Comparator<Planned> PLACING_ORDER = Comparator.comparingLong(Planned::target)
            .thenComparingLong(Planned::planBlock)
            .thenComparingInt(Planned::seq);

    private final SimulatedFloor floor;
    private final MachineHolds holds;
    private final long lookbackBlocks;
    private final TreeMap<Long, List<Planned>> pending = new TreeMap<>();
    private long plannedUpTo = Long.MIN_VALUE;

    ScenarioPlanner(SimulatedFloor floor) {
        this.floor = floor;
        this.holds = floor.holds();
        this.lookbackBlocks = floor.clock().recordsIn(Plan.MAX_SPAN_MS) / FloorSimulator.BLOCK + 2;
    }

    /**
     * The scenario events of block {@code b} in placing order; afterwards {@link MachineHolds} holds exactly what
     * block {@code b} needs, however we got here.
     */
    List<Planned> eventsOf(long b) {
        if (b == plannedUpTo + 1) {
            plan(b, b);
        } else if (b != plannedUpTo) {
            pending.clear();
            holds.clear();
            for (long k = Math.max(0, b - lookbackBlocks); k <= b; k++) plan(k, b);
        }
        plannedUpTo = b;
        pending.headMap(b).clear();
        holds.dropEndedBy(b * FloorSimulator.BLOCK);
        List<Planned> events = pending.getOrDefault(b, new ArrayList<>());
        events.sort(PLACING_ORDER);
        return events;
    }

    /** Stages the scenarios starting in block {@code k}; events before block {@code keepFrom} are dropped. */
    private void plan(long k, long keepFrom) {
        Plan plan = new Plan(floor, k, keepFrom, pending);
        for (Schedule s : Schedule.values()) s.stageIfStarting(plan);
    }
}
