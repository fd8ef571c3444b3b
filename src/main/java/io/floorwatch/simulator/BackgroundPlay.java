package io.floorwatch.simulator;

import static io.floorwatch.event.EventType.BET;
import static io.floorwatch.event.EventType.BILL_IN;
import static io.floorwatch.event.EventType.BUY_IN;
import static io.floorwatch.event.EventType.CASH_OUT;
import static io.floorwatch.event.EventType.CHECK_CASHING;
import static io.floorwatch.event.EventType.CHIP_PURCHASE;
import static io.floorwatch.event.EventType.CHIP_REDEMPTION;
import static io.floorwatch.event.EventType.CREDIT;
import static io.floorwatch.event.EventType.ERROR;
import static io.floorwatch.event.EventType.FILL;
import static io.floorwatch.event.EventType.FRONT_MONEY_DEPOSIT;
import static io.floorwatch.event.EventType.FRONT_MONEY_WITHDRAWAL;
import static io.floorwatch.event.EventType.GAME_PLAYED;
import static io.floorwatch.event.EventType.HEARTBEAT;
import static io.floorwatch.event.EventType.HOPPER_STATUS;
import static io.floorwatch.event.EventType.MARKER_PAYMENT;
import static io.floorwatch.event.EventType.PAYOUT;
import static io.floorwatch.event.EventType.SHUFFLER_ERROR;
import static io.floorwatch.event.EventType.SHUFFLER_STATUS;
import static io.floorwatch.event.EventType.TICKET_OUT;
import static io.floorwatch.event.EventType.TICKET_REDEMPTION;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorEvents.Cashier;
import io.floorwatch.simulator.FloorLayout.Machine;
import io.floorwatch.simulator.FloorLayout.Table;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The floor's ordinary traffic between the staged scenarios: slot play, bill-ins, tickets, heartbeats and hopper
 * reports; table bets, buy-ins, fills and shuffler reports; badge swipes; cage transactions. Each event is drawn from
 * its record's own random stream; slowly changing machine state (who is carded in, the hopper level) is a function of
 * (machine, time), and machines that a scenario holds (dark, locked for a handpay) are left alone.
 */
final class BackgroundPlay {
    // Stray errors stay rare (a few per machine per day) so that only the scenarios' bursts raise alerts.
    private static final double[] SLOT_SHARES = {0.885, 0.925, 0.945, 0.98, 0.9992};
    private static final EventType[] SLOT_TYPES = {GAME_PLAYED, BILL_IN, TICKET_OUT, HEARTBEAT, HOPPER_STATUS, ERROR};
    private static final double[] TABLE_SHARES = {0.5, 0.68, 0.8, 0.84, 0.86, 0.875, 0.997};
    private static final EventType[] TABLE_TYPES = {
        BET, PAYOUT, BUY_IN, CASH_OUT, FILL, CREDIT, SHUFFLER_STATUS, SHUFFLER_ERROR
    };
    private static final double[] CAGE_SHARES = {0.35, 0.65, 0.73, 0.79, 0.84, 0.90};
    private static final EventType[] CAGE_TYPES = {
        CHIP_PURCHASE,
        CHIP_REDEMPTION,
        FRONT_MONEY_DEPOSIT,
        FRONT_MONEY_WITHDRAWAL,
        MARKER_PAYMENT,
        CHECK_CASHING,
        TICKET_REDEMPTION
    };
    private static final double[] BUY_IN_PAYMENT_SHARES = {0.6, 0.7, 0.9};
    private static final PaymentMethod[] BUY_IN_PAYMENTS = {
        PaymentMethod.CASH, PaymentMethod.CHIPS, PaymentMethod.MARKER, PaymentMethod.TICKET
    };

    private static final long[] BILLS_CENTS = {100, 500, 1000, 2000, 5000, 10000};
    private static final double[] BILL_WEIGHTS = {0.05, 0.15, 0.15, 0.35, 0.1, 0.2};
    private static final long[] BUY_INS_CENTS = {10_000, 20_000, 30_000, 50_000, 100_000, 200_000, 500_000};
    private static final double[] BUY_IN_WEIGHTS = {0.25, 0.2, 0.15, 0.2, 0.12, 0.06, 0.02};
    /**
     * Stray exception codes with their shares: mostly attendant work (hopper empty, cashbox full / near full, change
     * lamp, printer paper low), some faults (bill jam, printer errors, reel tilt), a few others.
     */
    private static final String[] STRAY_CODES = {
        "0x23", "0x27", "0x2E", "0x71", "0x74", "0x28", "0x60", "0x61", "0x40", "0x8C", "0x3D"
    };

    private static final double[] STRAY_SHARES = {0.17, 0.10, 0.20, 0.12, 0.16, 0.06, 0.05, 0.05, 0.03, 0.03, 0.03};
    /** A spin pays this often. */
    private static final double WIN_SHARE = 0.32;
    /** Jackpots (scenarios) pay about this share of coin in, in basis points: ordinary wins leave them that room. */
    private static final int JACKPOT_SHARE_BP = 400;

    private final SimulatedFloor floor;
    private final FloorLayout layout;
    private final MachineHolds holds;

    BackgroundPlay(SimulatedFloor floor) {
        this.floor = floor;
        this.layout = floor.layout();
        this.holds = floor.holds();
    }

    /**
     * Fills a background event of {@code stream} created at record {@code index}, floor time {@code t}; returns its
     * entity (the Kafka key). {@code type}, when not null, is the type to write (for a malformed record that needs a
     * money field); otherwise it is drawn.
     */
    String fill(Source stream, Json j, long index, long t, SplittableRandom rnd, EventType type) {
        return switch (stream) {
            case SLOT -> slot(j, index, t, rnd, type);
            case TABLE -> table(j, t, rnd, type);
            case SECURITY -> security(j, rnd);
            case CAGE -> cage(j, rnd);
            case CONTROL, WATCHLIST -> throw new IllegalArgumentException("not a floor stream: " + stream);
        };
    }

    private String slot(Json j, long index, long t, SplittableRandom rnd, EventType forced) {
        EventType type = forced != null ? forced : Draw.below(rnd.nextDouble(), SLOT_SHARES, SLOT_TYPES);
        Machine m = floor.popular().draw(rnd); // drawn even when replaced: the draws after it stay as they were
        if (forced != null) {
            m = pickMachine(rnd, index, type == GAME_PLAYED);
        } else if (!holds.available(m, index, type == GAME_PLAYED)) {
            // Play that would have gone to a dark or locked machine is lost, as on a real floor: coin in dips.
            if (type == GAME_PLAYED) type = HEARTBEAT;
            m = pickMachine(rnd, index, false);
        }
        if (type == HOPPER_STATUS && !m.hasHopper()) type = HEARTBEAT;
        FloorEvents.slot(j, type, m, rnd);
        String player = floor.sessions().playerAt(m, t);
        switch (type) {
            case GAME_PLAYED -> {
                if (player != null) j.str("player_id", player);
                spin(j, m, rnd);
            }
            case BILL_IN -> {
                if (player != null) j.str("player_id", player);
                j.raw("amount", WireFormat.money(BILLS_CENTS[Draw.pick(rnd, BILL_WEIGHTS)], rnd));
            }
            case TICKET_OUT -> {
                if (player != null) j.str("player_id", player);
                j.raw("amount", WireFormat.money(500 + rnd.nextInt(50_000), rnd));
            }
            case HOPPER_STATUS -> j.raw("hopper_level", String.format(Locale.ROOT, "%.1f", m.hopperLevel(t)));
            case ERROR -> j.raw("error_code", WireFormat.errorCode(STRAY_CODES[Draw.pick(rnd, STRAY_SHARES)], rnd));
            default -> {}
        }
        return m.id();
    }

    /** An ordinary spin: small bets more often than large ones; wins keep the floor near its theoretical hold. */
    private static void spin(Json j, Machine m, SplittableRandom rnd) {
        long denom = m.denominationCents();
        long max = m.maxCredits();
        long min = denom == 1 ? 40 : denom == 5 ? 5 : 1;
        double v = rnd.nextDouble();
        long credits = min + (long) ((max - min + 1) * v * v);
        long wager = credits * denom;
        long payout = 0;
        if (rnd.nextDouble() < WIN_SHARE) {
            double mean = (10_000 - m.holdBasisPoints() - JACKPOT_SHARE_BP) / 10_000.0 / WIN_SHARE;
            double mult = -Math.log(1 - rnd.nextDouble()) * mean;
            payout = Math.round(credits * mult) * denom;
            // Anything at the jackpot threshold locks the machine for a handpay: only scenarios do that.
            if (payout >= 120_000) payout = wager * 2;
        }
        j.raw("wager_amount", WireFormat.money(wager, rnd));
        j.raw("payout_amount", WireFormat.money(payout, rnd));
    }

    private String table(Json j, long t, SplittableRandom rnd, EventType forced) {
        Table table = Draw.any(layout.tables(), rnd);
        EventType type = forced;
        if (type == null) {
            type = Draw.below(rnd.nextDouble(), TABLE_SHARES, TABLE_TYPES);
            if (!table.hasShuffler() && (type == SHUFFLER_STATUS || type == SHUFFLER_ERROR)) type = BET;
        }
        floor.events().table(j, type, table, t);
        String player = rnd.nextDouble() < 0.5 ? layout.anyPlayer(rnd) : null;
        long bet = Math.min(table.maxBetCents(), table.minBetCents() * (1 + rnd.nextInt(10)));
        switch (type) {
            case BET, PAYOUT, CASH_OUT -> {
                if (player != null) j.str("player_id", player);
                long cents = type == CASH_OUT ? bet * (1 + rnd.nextInt(8)) : bet;
                j.raw("amount", WireFormat.money(cents, rnd));
            }
            case BUY_IN -> {
                if (player != null) j.str("player_id", player);
                j.raw("amount", WireFormat.money(BUY_INS_CENTS[Draw.pick(rnd, BUY_IN_WEIGHTS)], rnd));
                PaymentMethod payment = Draw.below(rnd.nextDouble(), BUY_IN_PAYMENT_SHARES, BUY_IN_PAYMENTS);
                j.str("payment_method", payment.name());
            }
            case FILL -> j.raw("amount", WireFormat.money((50 + rnd.nextInt(450)) * 10_000L, rnd));
            case CREDIT -> j.raw("amount", WireFormat.money((20 + rnd.nextInt(280)) * 10_000L, rnd));
            case SHUFFLER_STATUS -> j.str("status", "OK");
            case SHUFFLER_ERROR -> j.str("error_code", shufflerErrorCode(rnd));
            default -> {}
        }
        return table.id();
    }

    /** A shuffler's own error code (not SAS): SHF-10 to SHF-14. */
    static String shufflerErrorCode(SplittableRandom rnd) {
        return "SHF-" + (10 + rnd.nextInt(5));
    }

    private String security(Json j, SplittableRandom rnd) {
        String location = Draw.any(layout.securityLocations(), rnd);
        boolean granted = rnd.nextDouble() < 0.8;
        FloorEvents.security(j, granted ? EventType.ACCESS_GRANTED : EventType.ACCESS_DENIED, location);
        j.str("badge_id", Draw.any(layout.badges(), rnd));
        FloorEvents.severity(j, granted ? Severity.INFO : Severity.LOW);
        return location;
    }

    private String cage(Json j, SplittableRandom rnd) {
        String player = layout.anyPlayer(rnd);
        EventType type = Draw.below(rnd.nextDouble(), CAGE_SHARES, CAGE_TYPES);
        PaymentMethod payment = switch (type) {
            case CHIP_PURCHASE -> rnd.nextDouble() < 0.9 ? PaymentMethod.CASH : PaymentMethod.MARKER;
            case MARKER_PAYMENT -> rnd.nextDouble() < 0.8 ? PaymentMethod.CASH : PaymentMethod.CHIPS;
            case TICKET_REDEMPTION -> PaymentMethod.TICKET;
            default -> PaymentMethod.CASH;
        };
        // Log-normal amounts around $300, kept under $5,000 so that only scenarios reach CTR / SAR levels.
        double dollars = Math.exp(Math.log(300) + rnd.nextGaussian());
        long cents = Math.max(2_000, Math.min(500_000, Math.round(dollars * 100)));
        if (rnd.nextDouble() < 0.7) cents = Math.max(100, cents / 100 * 100);
        FloorEvents.cage(j, type, player, cents, payment, Cashier.draw(layout, rnd), rnd);
        return player;
    }

    /** A machine for a background event: popular machines more often, never one that is dark (or locked, for play). */
    private Machine pickMachine(SplittableRandom rnd, long index, boolean forPlay) {
        Machine m = floor.popular().draw(rnd);
        for (int tries = 0; tries < 16 && !holds.available(m, index, forPlay); tries++)
            m = floor.popular().draw(rnd);
        int n = layout.machines().size();
        for (int k = 0; k < n && !holds.available(m, index, forPlay); k++)
            m = layout.machines().get((m.index() + 1) % n);
        return m;
    }
}
