package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.simulator.FloorLayout.Machine;
import io.floorwatch.simulator.FloorLayout.Table;
import io.floorwatch.simulator.Mix.Salt;
import java.util.SplittableRandom;

/**
 * What the floor's events say (SPEC §4), after their id: the fields that open an event on each stream (its type and
 * who sent it), and the events that background play and staged scenarios share. Both write through these, so that an
 * incident looks like the floor around it.
 */
final class FloorEvents {
    private static final long DEALER_SHIFT_MS = 8 * 3_600_000L;

    private final long seed;

    FloorEvents(long seed) {
        this.seed = seed;
    }

    /** A slot event: the machine, usually its section (some hosts leave it out), its denomination. */
    static void slot(Json j, EventType type, Machine m, SplittableRandom rnd) {
        j.str("event_type", type.name());
        j.str("machine_id", m.id());
        if (rnd.nextDouble() < 0.92) j.str("floor_section", m.section());
        j.raw("denomination", WireFormat.dollars(m.denominationCents()));
    }

    /** A spin at the machine's maximum bet that wins nothing: the spin before a jackpot, a high roller's play. */
    static void losingMaxBetSpin(Json j, Machine m, String player, SplittableRandom rnd) {
        slot(j, EventType.GAME_PLAYED, m, rnd);
        if (player != null) j.str("player_id", player);
        j.raw("wager_amount", WireFormat.money(m.maxCredits() * m.denominationCents(), rnd));
        j.raw("payout_amount", WireFormat.money(0, rnd));
    }

    /** A table event: the table, its game and the dealer of the 8-hour shift of floor time {@code t}. */
    void table(Json j, EventType type, Table table, long t) {
        j.str("event_type", type.name());
        j.str("table_id", table.id());
        j.str("game_type", table.gameType());
        long shift = Math.floorDiv(t, DEALER_SHIFT_MS);
        j.str(
                "dealer_id",
                "DLR-" + (100 + Math.floorMod(Mix.mix(seed, table.index(), shift, Salt.DEALER_SHIFT.value), 400)));
    }

    /** A security event at a location; the caller adds what else it knows, then {@link #severity}. */
    static void security(Json j, EventType type, String location) {
        j.str("event_type", type.name());
        j.str("location_id", location);
    }

    static void severity(Json j, Severity severity) {
        j.str("severity", severity.name());
    }

    /** A cage transaction: the player, the amount, which way the cash went, how, where and who handled it. */
    static void cage(
            Json j,
            EventType type,
            String player,
            long cents,
            PaymentMethod payment,
            Cashier cashier,
            SplittableRandom rnd) {
        j.str("event_type", type.name());
        j.str("player_id", player);
        j.raw("amount", WireFormat.money(cents, rnd));
        j.str("direction", CashDirection.of(type).name());
        j.str("payment_method", payment.name());
        j.str("cage_id", cashier.cage());
        j.str("employee_id", cashier.employee());
    }

    /** The cage window of a transaction and the employee at it. */
    record Cashier(String cage, String employee) {
        /** Draws the cage, then the employee. */
        static Cashier draw(FloorLayout layout, SplittableRandom rnd) {
            String cage = Draw.any(layout.cages(), rnd);
            return new Cashier(cage, Draw.any(layout.cageEmployees(), rnd));
        }
    }
}
