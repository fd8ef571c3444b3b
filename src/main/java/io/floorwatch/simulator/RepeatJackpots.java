package io.floorwatch.simulator;

import io.floorwatch.simulator.FloorLayout.Machine;

/** Three or four jackpots on one machine within the hour, 8-14 minutes apart (REPEAT_JACKPOTS). */
final class RepeatJackpots implements Scenario {
    @Override
    public void stage(Plan plan) {
        Machine m = plan.popularMachine();
        long start = plan.start();
        int n = plan.nextDouble() < 0.25 ? 4 : 3;
        long offset = 0;
        for (int k = 0; k < n; k++) {
            long at = plan.after(start, offset);
            Jackpot.stage(plan, at, m, 120_000 + plan.nextInt(280_000), false);
            offset += 8 * 60_000 + plan.nextInt(6 * 60_000);
        }
    }
}
