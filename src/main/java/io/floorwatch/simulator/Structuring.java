package io.floorwatch.simulator;

import io.floorwatch.event.EventType;

/**
 * Two (sometimes three) cash transactions of $8,000-$9,999.99 by one player within minutes: under the CTR threshold
 * each, over it together (SAR_STRUCTURING, and CTR_REQUIRED when they all go one way).
 */
final class Structuring extends CashScenario {
    /** Each transaction is $8,000.00 to $9,999.99: under the $10,000 CTR threshold on its own. */
    private static final int MIN_CENTS = 800_000;

    private static final int MORE_CENTS = 200_000;

    @Override
    void stage(Plan plan, String player, long start) {
        double u = plan.nextDouble();
        int n = u < 0.15 ? 3 : 2;
        long offset = 0;
        for (int k = 0; k < n; k++) {
            long amount = MIN_CENTS + plan.nextInt(MORE_CENTS);
            long at = plan.after(start, offset);
            // Half of them alternate in and out so that only SAR_STRUCTURING, not CTR_REQUIRED, applies.
            boolean out = u >= 0.55 && k % 2 == 1;
            if (!out && k == 1 && plan.nextDouble() < 0.4) {
                buyIn(plan, at, player, amount);
            } else {
                EventType type = out ? EventType.CHIP_REDEMPTION : EventType.CHIP_PURCHASE;
                atCage(plan, at, player, type, amount);
            }
            offset += 3 * 60_000 + plan.nextInt(37 * 60_000) / n;
        }
    }
}
