package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.simulator.FloorLayout.Table;

/**
 * Cash play at the edges of SPEC §8.4: a day total of exactly $8,000.00 (CTR_APPROACHING at the warn-at amount, the
 * second transaction exactly the $3,000.00 MTL threshold), $9,999.99 out (a warning, no CTR), $7,999.98 in (a cent
 * short of the warning, with a $2,999.99 transaction a cent short of the MTL), or a cash buy-in without a player of
 * $3,000.00 and one of $2,999.99 (one MTL row without a player).
 */
final class CtrApproach extends CashScenario {
    @Override
    void stage(Plan plan, String player, long start) {
        long next = plan.after(start, 60_000 + plan.nextInt(5 * 60_000));
        double u = plan.nextDouble();
        if (u < 0.35) {
            atCage(plan, start, player, EventType.CHIP_PURCHASE, 500_000);
            buyIn(plan, next, player, 300_000);
        } else if (u < 0.65) {
            atCage(plan, start, player, EventType.CHIP_REDEMPTION, 600_000);
            atCage(plan, next, player, EventType.CHIP_REDEMPTION, 399_999);
        } else if (u < 0.85) {
            atCage(plan, start, player, EventType.CHIP_PURCHASE, 400_000);
            buyIn(plan, next, player, 299_999);
            long later = plan.after(start, 7 * 60_000);
            atCage(plan, later, player, EventType.FRONT_MONEY_DEPOSIT, 99_999);
        } else {
            Table table = plan.any(plan.floor().layout().tables());
            buyIn(plan, start, table, null, 300_000);
            buyIn(plan, next, table, null, 299_999);
        }
    }
}
