package io.floorwatch.simulator;

import io.floorwatch.event.EventType;
import io.floorwatch.event.Meters;
import io.floorwatch.simulator.FloorLayout.Machine;
import io.floorwatch.simulator.Mix.Salt;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The SAS meters of every machine (SPEC 8.5), consistent with its play: a {@link MeterBook} tallies the slot events as
 * they are made, so a {@code METERS} snapshot counts exactly the machine's events stamped up to its time and the job
 * finds no variance, except on the one machine whose coin-in meter drifts, across a RAM clear (meters reset) and
 * nowhere else; 8-digit machines roll over.
 *
 * <p>The meters are the one part of a record that depends on the records before it: generating a block out of order
 * replays the blocks from the nearest checkpoint (one every {@link #CHECKPOINT_BLOCKS} blocks of this instance, block 0
 * for a fresh one, so a restart deep into a run regenerates the records before its index once, about a second per few
 * hundred thousand records).
 */
final class SasMeters {
    /** Every machine sends its SAS meters this often (its own phase). */
    static final long PERIOD_MS = 5 * 60_000L;
    /**
     * A snapshot is stamped this long before it is created: every event stamped at or before it was created before it
     * (events are at most 2 s out of order, and at most 1,000 events/s get distinct milliseconds), so its meters count
     * exactly the machine's events up to its time.
     */
    static final long LAG_MS = 2_000L;

    private static final long CHECKPOINT_BLOCKS = 256;
    private static final int MAX_CHECKPOINTS = 512;

    private final long seed;
    private final Map<String, Integer> machineIndex = new HashMap<>();
    private final int driftMachine;
    private final TreeMap<Long, MeterBook> checkpoints = new TreeMap<>();
    /** What every machine's meters counted as of the start of block {@link #bookBlock}. */
    private MeterBook book;

    private long bookBlock;

    SasMeters(long seed, FloorLayout layout) {
        this.seed = seed;
        for (Machine m : layout.machines()) machineIndex.put(m.id(), m.index());
        int n = layout.machines().size();
        int drift = (int) Math.floorMod(Mix.mix(seed, Salt.METER_DRIFT.value), (long) n);
        while (n > 1 && rollsOver(layout.machines().get(drift))) drift = (drift + 1) % n;
        this.driftMachine = drift;
        this.book = new MeterBook(n);
        this.bookBlock = 0;
        checkpoints.put(0L, book.copy());
    }

    /** Whether the meters are as of the start of block {@code b}. */
    boolean isAtStartOf(long b) {
        return bookBlock == b;
    }

    /** Goes back to the nearest checkpoint at or before block {@code b}; returns its block, the first to replay. */
    long restoreCheckpointFor(long b) {
        Map.Entry<Long, MeterBook> cp = checkpoints.floorEntry(b);
        book = cp.getValue().copy();
        bookBlock = cp.getKey();
        return bookBlock;
    }

    /** Before block {@code b} is generated: keeps a checkpoint now and then. */
    void startBlock(long b) {
        if (b % CHECKPOINT_BLOCKS == 0 && !checkpoints.containsKey(b)) {
            checkpoints.put(b, book.copy());
            if (checkpoints.size() > MAX_CHECKPOINTS) checkpoints.remove(checkpoints.higherKey(0L));
        }
    }

    /** After block {@code b} is generated: the meters are as of the next block's start. */
    void endBlock(long b) {
        bookBlock = b + 1;
    }

    /** Counts the events stamped at or before {@code asOf}. */
    void settle(long asOf) {
        book.settle(asOf);
    }

    /** Counts a valid, first-sent slot event into its machine's meters, as of its (stamped) event time. */
    void tally(Json j, long stamped) {
        Integer m = machineIndex.get(j.text("machine_id"));
        if (m == null) return;
        long[] add = new long[MeterBook.COUNTERS];
        switch (EventType.valueOf(j.text("event_type"))) {
            case GAME_PLAYED -> {
                add[0] = WireFormat.cents(j.token("wager_amount"));
                add[1] = WireFormat.cents(j.token("payout_amount"));
                add[4] = 1;
            }
            case JACKPOT -> add[2] = WireFormat.cents(j.token("payout_amount"));
            case BILL_IN -> add[3] = WireFormat.cents(j.token("amount"));
            default -> {
                return;
            }
        }
        book.add(stamped, m, add);
    }

    /** A RAM clear: the machine's meters read zero from here. */
    void clear(Machine m) {
        book.reset(m.index(), base(m));
    }

    /** Older machines keep 8-digit meters and roll over during the day; the rest keep 10 digits. */
    static boolean rollsOver(Machine m) {
        return m.index() % 40 == 7;
    }

    /** The machine whose coin-in meter counts credits its events never report. */
    boolean drifts(Machine m) {
        return m.index() == driftMachine;
    }

    /** The meters JSON object of machine {@code m} counting its events stamped up to {@code asOf}. */
    String snapshot(Machine m, long asOf) {
        int i = m.index();
        if (i == driftMachine) {
            // $150-$400 of phantom credits per snapshot: METER_VARIANCE at every snapshot until a technician fixes it
            book.drift[i] += 15_000 + Math.floorMod(Mix.mix(seed, asOf, Salt.METER_DRIFT.value), 25_000L);
        }
        long[] base = base(m);
        int digits = rollsOver(m) ? 8 : 10;
        long modulus = Meters.modulus(digits);
        StringBuilder b = new StringBuilder(120).append('{');
        for (int c = 0; c < MeterBook.COUNTERS; c++) {
            long v = base[c]
                    + book.totals[i * MeterBook.COUNTERS + c]
                    - book.offsets[i * MeterBook.COUNTERS + c]
                    + (c == 0 ? book.drift[i] : 0);
            if (c > 0) b.append(',');
            b.append('"').append(Meters.COUNTERS[c]).append("\":").append(Math.floorMod(v, modulus));
        }
        return b.append(",\"meter_digits\":").append(digits).append('}').toString();
    }

    /** A machine's meters before the simulated day: its lifetime play (8-digit machines just below a rollover). */
    private long[] base(Machine m) {
        SplittableRandom r = new SplittableRandom(Mix.mix(seed, m.index(), Salt.METERS.value, 1));
        long coinIn = rollsOver(m) ? 100_000_000L - 2_000 - r.nextInt(200_000) : 1_000_000L + r.nextLong(500_000_000L);
        long coinOut = rollsOver(m) ? 10_000_000L + r.nextInt(40_000_000) : coinIn / 100 * (85 + r.nextInt(8));
        long jackpot = coinIn / 1000 * r.nextInt(40);
        long bills = rollsOver(m) ? 10_000_000L + r.nextInt(30_000_000) : coinIn / 100 * (60 + r.nextInt(30));
        long games = rollsOver(m) ? r.nextInt(5_000_000) : coinIn / (20 + r.nextInt(200));
        return new long[] {coinIn, coinOut, jackpot, bills, games};
    }

    /**
     * What every machine's SAS meters counted: its events' wagers, wins, jackpots, bills and games since the start of
     * the sequence, as of an event time (events wait in {@code recent} until the clock is past their stamp by the
     * out-of-order bound), less what a RAM clear took away, plus a drifting machine's phantom credits. A pure function
     * of the records before a position, so it is re-derived (from a checkpoint) for records generated out of order.
     */
    static final class MeterBook {
        static final int COUNTERS = 5;
        final long[] totals;
        final long[] offsets;
        final long[] drift;
        /** {stamp, machine, coin in, coin out, jackpot, bills in, games} by stamp. */
        final PriorityQueue<long[]> recent;

        MeterBook(int machines) {
            totals = new long[machines * COUNTERS];
            offsets = new long[machines * COUNTERS];
            drift = new long[machines];
            recent = new PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        }

        private MeterBook(MeterBook o) {
            totals = o.totals.clone();
            offsets = o.offsets.clone();
            drift = o.drift.clone();
            recent = new PriorityQueue<>(o.recent.comparator());
            for (long[] e : o.recent) recent.add(e.clone());
        }

        MeterBook copy() {
            return new MeterBook(this);
        }

        void add(long stamp, int machine, long[] counters) {
            long[] e = new long[2 + COUNTERS];
            e[0] = stamp;
            e[1] = machine;
            System.arraycopy(counters, 0, e, 2, COUNTERS);
            recent.add(e);
        }

        void settle(long asOf) {
            while (!recent.isEmpty() && recent.peek()[0] <= asOf) {
                long[] e = recent.poll();
                int m = (int) e[1];
                for (int c = 0; c < COUNTERS; c++) totals[m * COUNTERS + c] += e[2 + c];
            }
        }

        void reset(int machine, long[] base) {
            for (int c = 0; c < COUNTERS; c++)
                offsets[machine * COUNTERS + c] = base[c] + totals[machine * COUNTERS + c];
            drift[machine] = 0;
        }
    }
}
