package io.floorwatch.simulator;

import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorLayout.Machine;

/**
 * A carded player at one machine betting the maximum, a spin every 5-12 s for 8-25 minutes: coin in, theo and minutes
 * that earn the offers of the demo profile ({@code offers.*}, SPEC 8.2), in player_ratings and player_offers.
 */
final class HighRoller implements Scenario {
    @Override
    public void stage(Plan plan) {
        Machine m = plan.popularMachine();
        String player = plan.anyPlayer();
        long start = plan.start();
        long span = 8 * 60_000L + plan.nextInt(17 * 60_000);
        for (long offset = 0; offset <= span; offset += 5_000 + plan.nextInt(7_000)) {
            plan.add(plan.after(start, offset), Source.SLOT, m.id(), (j, t, rnd) -> {
                FloorEvents.losingMaxBetSpin(j, m, player, rnd);
            });
        }
    }
}
