package io.floorwatch.simulator;

import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorLayout.Machine;
import io.floorwatch.simulator.MachineHolds.Kind;
import io.floorwatch.simulator.Mix.Salt;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The scenarios that start in one block: their random stream (a function of seed and block) and where their events
 * go. Plans are re-derived on demand, so a block's plan is also made again for a later block that its events reach;
 * then the events before that block are dropped ({@code keepFrom}).
 */
final class Plan {
    /** Fills an event's fields except {@code event_id} and {@code event_timestamp}, when the event is made. */
    @FunctionalInterface
    interface EventBody {
        void fill(Json json, long eventTime, SplittableRandom rnd);
    }

    /** One planned event: placed at record {@code target} or the nearest free place of its stream. */
    record Planned(long target, long planBlock, int seq, Source stream, String key, EventBody body, long lagMs) {}

    /** No scenario lasts longer than this, which bounds how far back a block's plans are looked up. */
    static final long MAX_SPAN_MS = 60 * 60_000L;

    private final SimulatedFloor floor;
    private final long block;
    private final long keepFrom;
    private final SplittableRandom random;
    private final TreeMap<Long, List<Planned>> pending;
    private int seq;

    Plan(SimulatedFloor floor, long block, long keepFrom, TreeMap<Long, List<Planned>> pending) {
        this.floor = floor;
        this.block = block;
        this.keepFrom = keepFrom;
        this.random = new SplittableRandom(Mix.mix(floor.settings().seed(), block, Salt.PLAN.value));
        this.pending = pending;
    }

    SimulatedFloor floor() {
        return floor;
    }

    /** The block's random stream: every scenario draws from it, in the order of {@link Schedule}. */
    SplittableRandom random() {
        return random;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    double nextDouble() {
        return random.nextDouble();
    }

    <T> T any(List<T> values) {
        return Draw.any(values, random);
    }

    /** A machine drawn by popularity, as play picks them. */
    Machine popularMachine() {
        return floor.popular().draw(random);
    }

    /** Any machine, each as likely as the others. */
    Machine anyMachine() {
        return any(floor.layout().machines());
    }

    String anyPlayer() {
        return floor.layout().anyPlayer(random);
    }

    long block() {
        return block;
    }

    /** True when this plan is made again only for the events it puts into a later block: its own are dropped. */
    boolean dropsOwnBlock() {
        return block < keepFrom;
    }

    boolean chance(double perBlock) {
        return random.nextDouble() < perBlock * floor.settings().incidentRate();
    }

    /** A record index in the block, where a scenario starts. */
    long start() {
        return block * FloorSimulator.BLOCK + random.nextInt(FloorSimulator.BLOCK);
    }

    /** The record index {@code ms} of floor time after record {@code start}. */
    long after(long start, long ms) {
        if (ms > MAX_SPAN_MS) throw new IllegalStateException("scenario longer than MAX_SPAN_MS");
        return start + floor.clock().recordsIn(ms);
    }

    void add(long target, Source stream, String key, EventBody body) {
        add(target, stream, key, body, 0);
    }

    /** A METERS snapshot: stamped {@link SasMeters#LAG_MS} before its creation. */
    void addSnapshot(long target, Machine m, EventBody body) {
        add(target, Source.SLOT, m.id(), body, SasMeters.LAG_MS);
    }

    private void add(long target, Source stream, String key, EventBody body, long lagMs) {
        int s = seq++;
        long targetBlock = target / FloorSimulator.BLOCK;
        if (targetBlock < keepFrom) return;
        pending.computeIfAbsent(targetBlock, x -> new ArrayList<>())
                .add(new Planned(target, block, s, stream, key, body, lagMs));
    }

    /** Takes machine {@code m} out of background play from record {@code from} to {@code to} (exclusive). */
    void hold(Machine m, long from, long to, Kind kind) {
        if (to <= keepFrom * FloorSimulator.BLOCK) return;
        floor.holds().add(m, from, to, kind);
    }
}
