package io.floorwatch.simulator;

import io.floorwatch.event.EventType;

/**
 * A gaming day's cash over $10,000 in one direction (CTR_REQUIRED): several buy-ins and chip purchases, or one large
 * redemption; now and then exactly $10,000.00, which must not fire.
 */
final class CtrCash extends CashScenario {
    private static final long CTR_THRESHOLD_CENTS = 1_000_000;

    @Override
    void stage(Plan plan, String player, long start) {
        double u = plan.nextDouble();
        if (u < 0.6) {
            long total = 0;
            long offset = 0;
            for (int k = 0; total <= CTR_THRESHOLD_CENTS && k < 6; k++) {
                long amount = 300_000 + plan.nextInt(400_000);
                total += amount;
                long at = plan.after(start, offset);
                if (k % 2 == 1) buyIn(plan, at, player, amount);
                else atCage(plan, at, player, EventType.CHIP_PURCHASE, amount);
                offset += 2 * 60_000 + plan.nextInt(8 * 60_000);
            }
        } else if (u < 0.88) {
            long amount = CTR_THRESHOLD_CENTS + 1 + plan.nextInt(2_000_000);
            atCage(plan, start, player, EventType.CHIP_REDEMPTION, amount);
        } else {
            long half = CTR_THRESHOLD_CENTS / 2;
            atCage(plan, start, player, EventType.CHIP_PURCHASE, half);
            long later = plan.after(start, 5 * 60_000 + plan.nextInt(10 * 60_000));
            atCage(plan, later, player, EventType.CHIP_PURCHASE, half);
        }
    }
}
