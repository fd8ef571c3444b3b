package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorLayout.Machine;
import io.floorwatch.simulator.MachineHolds.Kind;

/**
 * A jackpot at handpay level (JACKPOT, W2G_REQUIRED): the winning spin at the maximum bet, the JACKPOT, and the
 * attendant's HANDPAY_RESET 1-8 minutes later, now and then after more than 10 (HANDPAY_WAIT). The machine is locked
 * in between.
 */
final class Jackpot implements Scenario {
    @Override
    public void stage(Plan plan) {
        long start = plan.start();
        Machine m = plan.popularMachine();
        long amountCents = amountCents(plan);
        stage(plan, start, m, amountCents, plan.nextDouble() < 0.15);
    }

    /** Mostly $1,200-$2,500, some up to $10,000, a few up to $30,000; half of them whole dollars. */
    private static long amountCents(Plan plan) {
        double u = plan.nextDouble();
        long cents = u < 0.75
                ? 120_000 + plan.nextInt(130_000)
                : u < 0.95 ? 250_000 + plan.nextInt(750_000) : 1_000_000 + plan.nextInt(2_000_000);
        return plan.nextDouble() < 0.5 ? cents / 100 * 100 : cents;
    }

    /** One jackpot of {@code amountCents} on {@code m} from record {@code start}; a late reset takes over 10 min. */
    static void stage(Plan plan, long start, Machine m, long amountCents, boolean lateReset) {
        long resetMs = lateReset ? 630_000 + plan.nextInt(330_000) : 60_000 + plan.nextInt(420_000);
        SimulatedFloor floor = plan.floor();
        String player = floor.sessions().playerAt(m, floor.clock().timeOf(start));
        plan.add(start, Source.SLOT, m.id(), (j, t, rnd) -> FloorEvents.losingMaxBetSpin(j, m, player, rnd));
        plan.add(plan.after(start, 400), Source.SLOT, m.id(), (j, t, rnd) -> {
            FloorEvents.slot(j, EventType.JACKPOT, m, rnd);
            if (player != null) j.str("player_id", player);
            j.raw("payout_amount", WireFormat.money(amountCents, rnd));
        });
        long reset = plan.after(start, resetMs);
        plan.add(reset, Source.SLOT, m.id(), (j, t, rnd) -> {
            FloorEvents.slot(j, EventType.HANDPAY_RESET, m, rnd);
            if (player != null) j.str("player_id", player);
        });
        plan.hold(m, start + 1, reset, Kind.LOCKED);
    }
}
