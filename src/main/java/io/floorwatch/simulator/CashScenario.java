package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorEvents.Cashier;
import io.floorwatch.simulator.FloorLayout.Table;

/**
 * A Title 31 scenario (SPEC §8.4): one player's cash transactions from a start in the block on, at a cage or as a table
 * buy-in, all in cash (what CTR and MTL count).
 */
abstract class CashScenario implements Scenario {
    /** Draws the player, then where the first transaction goes. */
    @Override
    public final void stage(Plan plan) {
        String player = plan.anyPlayer();
        stage(plan, player, plan.start());
    }

    /** Stages the player's transactions from record {@code start} on. */
    abstract void stage(Plan plan, String player, long start);

    /** A cash transaction of {@code type} at a cage window drawn now. */
    static void atCage(Plan plan, long at, String player, EventType type, long cents) {
        Cashier cashier = Cashier.draw(plan.floor().layout(), plan.random());
        plan.add(at, Source.CAGE, player, (j, t, rnd) -> {
            FloorEvents.cage(j, type, player, cents, PaymentMethod.CASH, cashier, rnd);
        });
    }

    /** A cash buy-in by {@code player} at a table drawn now. */
    static void buyIn(Plan plan, long at, String player, long cents) {
        buyIn(plan, at, plan.any(plan.floor().layout().tables()), player, cents);
    }

    /** A cash buy-in at {@code table}; {@code player} null for an unrated one. */
    static void buyIn(Plan plan, long at, Table table, String player, long cents) {
        FloorEvents events = plan.floor().events();
        plan.add(at, Source.TABLE, table.id(), (j, t, rnd) -> {
            events.table(j, EventType.BUY_IN, table, t);
            if (player != null) j.str("player_id", player);
            j.raw("amount", WireFormat.money(cents, rnd));
            j.str("payment_method", PaymentMethod.CASH.name());
        });
    }
}
