package io.floorwatch.event;

import java.util.Objects;

/**
 * The cumulative SAS meters of one {@code METERS} event (SPEC §8.5), as the machine keeps them: coin in, coin out,
 * jackpot and bills in in cents, games played, each from 0 to 10^digits - 1. A Flink POJO.
 */
public class Meters {
    public static final int DEFAULT_DIGITS = 10;
    public static final int MAX_DIGITS = 18;
    /** The counters, in the order of {@link #get} and of the alerts' details. */
    public static final String[] COUNTERS = {"coin_in", "coin_out", "jackpot", "bills_in", "games_played"};

    public long coinIn;
    public long coinOut;
    public long jackpot;
    public long billsIn;
    public long gamesPlayed;
    public int digits = DEFAULT_DIGITS;

    public Meters() {}

    public Meters(long coinIn, long coinOut, long jackpot, long billsIn, long gamesPlayed, int digits) {
        this.coinIn = coinIn;
        this.coinOut = coinOut;
        this.jackpot = jackpot;
        this.billsIn = billsIn;
        this.gamesPlayed = gamesPlayed;
        this.digits = digits;
    }

    /** Counter {@code i} of {@link #COUNTERS}. */
    public long get(int i) {
        return switch (i) {
            case 0 -> coinIn;
            case 1 -> coinOut;
            case 2 -> jackpot;
            case 3 -> billsIn;
            case 4 -> gamesPlayed;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    /** 10^digits: the value at which the counters roll over to 0. */
    public static long modulus(int digits) {
        long m = 1;
        for (int i = 0; i < digits; i++) m *= 10;
        return m;
    }

    /** The JSON object stored in {@code slot_events_live.meters}. */
    public String toJson() {
        return "{\"coin_in\":" + coinIn + ",\"coin_out\":" + coinOut + ",\"jackpot\":" + jackpot + ",\"bills_in\":"
                + billsIn + ",\"games_played\":" + gamesPlayed + ",\"meter_digits\":" + digits + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Meters m
                && coinIn == m.coinIn
                && coinOut == m.coinOut
                && jackpot == m.jackpot
                && billsIn == m.billsIn
                && gamesPlayed == m.gamesPlayed
                && digits == m.digits;
    }

    @Override
    public int hashCode() {
        return Objects.hash(coinIn, coinOut, jackpot, billsIn, gamesPlayed, digits);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
