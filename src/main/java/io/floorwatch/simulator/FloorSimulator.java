package io.floorwatch.simulator;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.FloorLayout.Machine;
import io.floorwatch.simulator.FloorLayout.Table;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The casino floor as a deterministic stream of raw Kafka-style records in the input format of SPEC §4.
 *
 * <p>Record {@code i} is a pure function of the settings and {@code i}, so a Flink source that checkpoints
 * only the index regenerates exactly the same records after a restart. To get there the stream is cut into
 * blocks of {@link #BLOCK} records:
 * <ul>
 *   <li>each block has a fixed number of records per stream (slot 91.5 %, table 6 %, security 1.5 %, cage 1 %)
 *       in a shuffled order, which gives dense per-stream offsets without history;</li>
 *   <li>background events (ordinary play, bill-ins, heartbeats, hopper reports, table bets, badge swipes,
 *       cage transactions) are drawn from a random stream seeded by (seed, index); slowly changing machine
 *       state (the carded player at a machine, the hopper level) is a function of (machine, time);</li>
 *   <li>multi-event scenarios (jackpot then handpay reset, error bursts, door opens after a badge swipe,
 *       machines going dark, a section losing power, shuffler failures, alarms, cameras, structuring, CTR cash) are planned per block
 *       from (seed, block) and placed into the blocks they reach; a block is built from the plans of the
 *       blocks up to {@link #MAX_SCENARIO_SPAN_MS} of floor time before it, which are re-derived on demand.</li>
 * </ul>
 * Floor time advances with the rate: record {@code i} is created at {@code start + i / rate} seconds, and a
 * few percent of events carry a timestamp up to 2 s older (out of order). Not thread-safe.
 *
 * <p>SAS meters (SPEC 8.5): every machine sends a {@code METERS} snapshot every {@link #METER_PERIOD_MS} that counts
 * exactly its events stamped up to the snapshot's time (a {@link MeterBook} tallies the records as they are made),
 * so the job finds no variance except on the one machine whose coin-in meter drifts, across a RAM clear (0x7A, meters
 * reset) and nowhere else; 8-digit machines roll over. The meters are the one part of a record that depends on the
 * records before it: a block generated out of order replays the blocks from the nearest {@link MeterBook} checkpoint
 * (every {@link #CHECKPOINT_BLOCKS} blocks of this instance, block 0 for a fresh one, so a restart deep into a run
 * regenerates the records before its index once, about a second per few hundred thousand records).
 */
public final class FloorSimulator {
    public static final int BLOCK = 1000;
    private static final Source[] STREAMS = {Source.SLOT, Source.TABLE, Source.SECURITY, Source.CAGE};
    private static final int[] QUOTA = {915, 60, 15, 10};
    /** No scenario lasts longer than this, which bounds how far back a block's plans are looked up. */
    static final long MAX_SCENARIO_SPAN_MS = 60 * 60_000L;

    // Incident probabilities per block of 1000 records, times simulator.incident-rate. At 500 events/s a block is
    // 2 s of floor time: a jackpot every ~80 s, an error burst every ~3 min, an alarm every ~8 min.
    private static final double P_JACKPOT = 1 / 40.0;
    private static final double P_REPEAT_JACKPOTS = 1 / 1000.0;
    private static final double P_ERROR_BURST = 1 / 100.0;
    private static final double P_DOOR = 1 / 60.0;
    private static final double P_DARK = 1 / 600.0;
    private static final double P_SHUFFLER = 1 / 400.0;
    private static final double P_ALARM = 1 / 250.0;
    private static final double P_CAMERA = 1 / 200.0;
    private static final double P_STRUCTURING = 1 / 300.0;
    private static final double P_CTR = 1 / 250.0;
    private static final double P_CTR_APPROACH = 1 / 250.0;
    private static final double P_SECTION_OUTAGE = 1 / 900.0;
    // SAS (SPEC 8.5): at 500 events/s an integrity event every ~20 min, a power-off access every ~30 min, a RAM clear
    // (meters reset, with its soft-meters-reset code) every ~40 min: rare on a real floor, often enough for the demo.
    private static final double P_INTEGRITY = 1 / 600.0;
    private static final double P_POWER_OFF_ACCESS = 1 / 900.0;
    private static final double P_METER_RESET = 1 / 1200.0;
    /** A carded high roller's session (SPEC 8.2: players who earn offers): one every ~2 min at 500 events/s. */
    private static final double P_HIGH_ROLLER = 1 / 60.0;

    private static final double P_DUPLICATE = 0.001;
    private static final double P_OUT_OF_ORDER = 0.03;
    private static final long CARD_SESSION_MS = 15 * 60_000L;

    private static final long SALT_LAYOUT = 11,
            SALT_EVENT = 12,
            SALT_PLAN = 13,
            SALT_SESSION = 14,
            SALT_ID = 15,
            SALT_ID2 = 16,
            SALT_DEALER = 17,
            SALT_METER = 18,
            SALT_DRIFT = 19;

    /** SAS exception codes of error bursts: faults and other codes, the ones that count as errors (SPEC 8.5). */
    private static final String[] BURST_CODES = {
        "0x20", "0x21", "0x28", "0x29", "0x42", "0x60", "0x61", "0x3D", "0x84", "0x8C"
    };
    /**
     * Stray exception codes with their shares: mostly attendant work (hopper empty, cashbox full / near full, change
     * lamp, printer paper low), some faults (bill jam, printer errors, reel tilt), a few others.
     */
    private static final String[] STRAY_CODES = {
        "0x23", "0x27", "0x2E", "0x71", "0x74", "0x28", "0x60", "0x61", "0x40", "0x8C", "0x3D"
    };

    private static final double[] STRAY_SHARES = {0.17, 0.10, 0.20, 0.12, 0.16, 0.06, 0.05, 0.05, 0.03, 0.03, 0.03};
    /** RAM / EEPROM / EPROM errors (0x7A, soft meters reset, comes with a meter reset scenario). */
    private static final String[] INTEGRITY_CODES = {
        "0x31", "0x32", "0x33", "0x34", "0x35", "0x36", "0x37", "0x38", "0x39", "0x3A"
    };
    /** Card cage, slot door, cashbox door, drop door opened while powered off. */
    private static final String[] POWER_OFF_CODES = {"0x98", "0x99", "0x9A", "0x9B"};

    /** Every machine sends its SAS meters this often (its own phase), consistent with its play. */
    static final long METER_PERIOD_MS = 5 * 60_000L;
    /**
     * A snapshot is stamped this long before it is created: every event stamped at or before it was created before it
     * (events are at most 2 s out of order, and at most 1,000 events/s get distinct milliseconds), so its meters count
     * exactly the machine's events up to its time.
     */
    static final long METER_LAG_MS = 2_000L;

    private static final String[] UNKNOWN_TYPES = {"SPIN_STARTED", "COIN_IN", "TILT", "REEL_STOP", "GAME_OVER"};

    /** Kinds of deliberately bad records; each must be rejected by validation (SPEC §4). */
    public enum Malformed {
        INVALID_JSON,
        MISSING_FIELD,
        WRONG_TYPE,
        NEGATIVE_AMOUNT,
        UNKNOWN_EVENT_TYPE,
        THREE_DECIMALS,
        BAD_TIMESTAMP
    }

    /**
     * One generated record with what the generator knows about it: the entity id (a good Kafka key),
     * the kind of corruption ({@code null} for a valid event), and whether it re-sends an earlier event.
     */
    public record Generated(RawRecord record, String key, Malformed malformed, boolean duplicate) {}

    @FunctionalInterface
    private interface Emitter {
        /** Fills the event's fields except {@code event_id} and {@code event_timestamp}. */
        void fill(Json json, long eventTime, SplittableRandom rnd);
    }

    private record Planned(
            long target, long planBlock, int seq, Source stream, String key, Emitter emitter, long lagMs) {}

    private record Hold(long from, long to, boolean dark) {}

    private final SimulatorSettings settings;
    private final FloorLayout layout;
    private final ZoneId zone;
    private final long lookbackBlocks;
    private final List<Table> shufflerTables = new ArrayList<>();

    private long blockNo = -1;
    private Generated[] block;
    private final TreeMap<Long, List<Planned>> pending = new TreeMap<>();
    private final Map<Integer, List<Hold>> holds = new HashMap<>();
    private long plannedUpTo = Long.MIN_VALUE;
    private long nextIndex;

    // SAS meters: what every machine's meters counted, as of the start of block bookBlock (see MeterBook)
    private final Map<String, Integer> machineIndex = new HashMap<>();
    private final TreeMap<Long, MeterBook> bookCheckpoints = new TreeMap<>();
    private MeterBook book;
    private long bookBlock;
    private final int driftMachine;

    public FloorSimulator(FloorWatchConfig cfg) {
        this(SimulatorSettings.from(cfg));
    }

    public FloorSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.layout = new FloorLayout(
                settings.seed(), settings.machines(), settings.sections(), settings.tables(), settings.players());
        this.zone = ZoneId.of(settings.zoneId());
        long spanRecords = MAX_SCENARIO_SPAN_MS * settings.rate() / 1000;
        this.lookbackBlocks = spanRecords / BLOCK + 2;
        for (Table t : layout.tables()) if (t.hasShuffler()) shufflerTables.add(t);
        for (Machine m : layout.machines()) machineIndex.put(m.id(), m.index());
        int n = layout.machines().size();
        int drift = (int) Math.floorMod(Mix.mix(settings.seed(), SALT_DRIFT), (long) n);
        while (n > 1 && rollsOver(layout.machines().get(drift))) drift = (drift + 1) % n;
        this.driftMachine = drift;
        this.book = new MeterBook(n);
        this.bookBlock = 0;
        bookCheckpoints.put(0L, book.copy());
    }

    public FloorLayout layout() {
        return layout;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    /** The next record of the sequence (0, 1, 2, ...). */
    public RawRecord next() {
        return generate(nextIndex++).record();
    }

    /** Record {@code index} of the sequence; random access, cheapest when called in order. */
    public RawRecord record(long index) {
        return generate(index).record();
    }

    /** Floor time at which record {@code index} is created, epoch ms. */
    public long timeOf(long index) {
        int rate = settings.rate();
        return settings.startEpochMs() + (index / rate) * 1000 + (index % rate) * 1000 / rate;
    }

    public Generated generate(long index) {
        if (index < 0) throw new IllegalArgumentException("index must not be negative");
        long b = index / BLOCK;
        if (b != blockNo) {
            bookAt(b);
            block = buildBlock(b);
            blockNo = b;
        }
        return block[(int) (index - b * BLOCK)];
    }

    public String topicOf(Source source) {
        return switch (source) {
            case SLOT -> settings.slotTopic();
            case TABLE -> settings.tableTopic();
            case SECURITY -> settings.securityTopic();
            case CAGE -> settings.cageTopic();
            case CONTROL, WATCHLIST -> throw new IllegalArgumentException("not a floor stream: " + source);
        };
    }

    // ------------------------------------------------------------------ blocks

    /** Makes {@link #book} the meters as of the start of block {@code b}, replaying blocks from a checkpoint if needed. */
    private void bookAt(long b) {
        if (bookBlock == b) return;
        Map.Entry<Long, MeterBook> cp = bookCheckpoints.floorEntry(b);
        book = cp.getValue().copy();
        bookBlock = cp.getKey();
        while (bookBlock < b) buildBlock(bookBlock);
    }

    /** Block {@code b}; {@link #book} must be as of its start, and is as of the next block's start afterwards. */
    private Generated[] buildBlock(long b) {
        if (b % CHECKPOINT_BLOCKS == 0 && !bookCheckpoints.containsKey(b)) {
            bookCheckpoints.put(b, book.copy());
            if (bookCheckpoints.size() > MAX_CHECKPOINTS) bookCheckpoints.remove(bookCheckpoints.higherKey(0L));
        }
        Generated[] built = buildBlockRecords(b);
        bookBlock = b + 1;
        return built;
    }

    private static final long CHECKPOINT_BLOCKS = 256;
    private static final int MAX_CHECKPOINTS = 512;

    private Generated[] buildBlockRecords(long b) {
        long base = b * BLOCK;
        Source[] streams = new Source[BLOCK];
        int p = 0;
        for (int s = 0; s < STREAMS.length; s++) for (int q = 0; q < QUOTA[s]; q++) streams[p++] = STREAMS[s];
        SplittableRandom shuffle = new SplittableRandom(Mix.mix(settings.seed(), b, SALT_LAYOUT));
        for (int i = BLOCK - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            Source t = streams[i];
            streams[i] = streams[j];
            streams[j] = t;
        }

        preparePlans(b);
        Planned[] scenarioAt = new Planned[BLOCK];
        List<Planned> planned = pending.getOrDefault(b, new ArrayList<>());
        planned.sort((x, y) -> x.target != y.target
                ? Long.compare(x.target, y.target)
                : x.planBlock != y.planBlock ? Long.compare(x.planBlock, y.planBlock) : Integer.compare(x.seq, y.seq));
        for (Planned pl : planned) {
            int pos = place(streams, scenarioAt, pl.stream, (int) (pl.target - base));
            if (pos >= 0) scenarioAt[pos] = pl;
        }

        long[] offsets = new long[STREAMS.length];
        for (int s = 0; s < STREAMS.length; s++) offsets[s] = b * QUOTA[s];
        Generated[] out = new Generated[BLOCK];
        for (int pos = 0; pos < BLOCK; pos++) {
            long index = base + pos;
            Source stream = streams[pos];
            long offset = offsets[stream.ordinal()]++;
            long t = timeOf(index);
            SplittableRandom rnd = new SplittableRandom(Mix.mix(settings.seed(), index, SALT_EVENT));
            book.settle(t - METER_LAG_MS);
            Planned pl = scenarioAt[pos];
            if (pl != null) {
                Json j = start(index);
                pl.emitter.fill(j, t, rnd);
                j.raw("event_timestamp", timestamp(t - pl.lagMs, rnd));
                out[pos] = generated(stream, offset, t, j.toBytes(), pl.key, null, false);
                if (stream == Source.SLOT) tally(j, t - pl.lagMs);
                continue;
            }
            if (rnd.nextDouble() < settings.malformedShare()) {
                out[pos] = malformed(stream, index, offset, t, rnd);
                continue;
            }
            if (rnd.nextDouble() < P_DUPLICATE) {
                Generated earlier = earlierValid(out, streams, pos, stream);
                if (earlier != null) {
                    out[pos] = generated(stream, offset, t, earlier.record().payload, earlier.key(), null, true);
                    continue;
                }
            }
            Json j = start(index);
            String key = background(stream, j, index, t, rnd, null);
            long stamped = rnd.nextDouble() < P_OUT_OF_ORDER ? t - 1 - rnd.nextInt(2000) : t;
            j.raw("event_timestamp", timestamp(stamped, rnd));
            out[pos] = generated(stream, offset, t, j.toBytes(), key, null, false);
            if (stream == Source.SLOT) tally(j, stamped);
        }
        return out;
    }

    private Generated generated(
            Source stream, long offset, long t, byte[] payload, String key, Malformed kind, boolean dup) {
        return new Generated(new RawRecord(stream, topicOf(stream), 0, offset, t, payload), key, kind, dup);
    }

    /** The free position of {@code stream} at or after {@code from}, else the nearest before it; -1 if full. */
    private static int place(Source[] streams, Planned[] taken, Source stream, int from) {
        for (int p = Math.max(0, from); p < BLOCK; p++) if (streams[p] == stream && taken[p] == null) return p;
        for (int p = Math.min(BLOCK - 1, from - 1); p >= 0; p--) if (streams[p] == stream && taken[p] == null) return p;
        return -1;
    }

    private static Generated earlierValid(Generated[] out, Source[] streams, int pos, Source stream) {
        for (int p = pos - 1; p >= 0; p--) {
            if (streams[p] == stream && out[p].malformed() == null && !out[p].duplicate() && !isMeters(out[p]))
                return out[p];
        }
        return null;
    }

    /** A METERS snapshot is not re-sent: stamped 2 s before it is created, a re-send would be more than 2 s behind. */
    private static boolean isMeters(Generated g) {
        return g.record().source == Source.SLOT
                && new String(g.record().payload, java.nio.charset.StandardCharsets.US_ASCII)
                        .contains("\"event_type\":\"METERS\"");
    }

    private Json start(long index) {
        SplittableRandom id = new SplittableRandom(Mix.mix(settings.seed(), index, SALT_ID));
        long msb = (id.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (Mix.mix(settings.seed(), index, SALT_ID2) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        Json j = new Json();
        j.str("event_id", new UUID(msb, lsb).toString());
        j.raw("event_type", "null");
        j.raw("event_timestamp", "null");
        return j;
    }

    // ------------------------------------------------------------------ scenario planning

    /** Makes {@link #pending} and {@link #holds} hold exactly what block {@code b} needs, however we got here. */
    private void preparePlans(long b) {
        if (b == plannedUpTo + 1) {
            plan(b, b);
        } else if (b != plannedUpTo) {
            pending.clear();
            holds.clear();
            for (long k = Math.max(0, b - lookbackBlocks); k <= b; k++) plan(k, b);
        }
        plannedUpTo = b;
        pending.headMap(b).clear();
        long base = b * BLOCK;
        for (Iterator<List<Hold>> it = holds.values().iterator(); it.hasNext(); ) {
            List<Hold> hs = it.next();
            hs.removeIf(h -> h.to <= base);
            if (hs.isEmpty()) it.remove();
        }
    }

    /** Collects the scenarios starting in block {@code k}; events before block {@code keepFrom} are skipped. */
    private void plan(long k, long keepFrom) {
        Planner pl = new Planner(k, keepFrom);
        SplittableRandom r = pl.r;
        if (pl.chance(P_JACKPOT))
            planJackpot(pl, pl.start(), layout.drawMachine(r), jackpotAmount(r), r.nextDouble() < 0.15);
        if (pl.chance(P_REPEAT_JACKPOTS)) planRepeatJackpots(pl);
        if (pl.chance(P_ERROR_BURST)) planErrorBurst(pl);
        if (pl.chance(P_DOOR)) planDoor(pl);
        if (pl.chance(P_DARK)) planDark(pl);
        if (pl.chance(P_SHUFFLER)) planShuffler(pl);
        if (pl.chance(P_ALARM)) planAlarm(pl);
        if (pl.chance(P_CAMERA)) planCamera(pl);
        if (pl.chance(P_STRUCTURING)) planStructuring(pl);
        if (pl.chance(P_CTR)) planCtr(pl);
        if (pl.chance(P_SECTION_OUTAGE)) planSectionOutage(pl);
        if (pl.chance(P_CTR_APPROACH)) planCtrApproach(pl); // last: the draws of the scenarios above stay as they were
        // SPEC 8.5, after every other scenario: their draws stay as they were
        if (pl.chance(P_INTEGRITY)) planSasException(pl, INTEGRITY_CODES);
        if (pl.chance(P_POWER_OFF_ACCESS)) planSasException(pl, POWER_OFF_CODES);
        if (pl.chance(P_METER_RESET)) planMeterReset(pl);
        planSnapshots(pl);
        if (pl.chance(P_HIGH_ROLLER)) planHighRoller(pl); // last: the draws of the scenarios above stay as they were
    }

    /**
     * A carded player at one machine betting the maximum, a spin every 5-12 s for 8-25 minutes: coin in, theo and
     * minutes that earn the offers of the demo profile ({@code offers.*}), in player_ratings and player_offers.
     */
    private void planHighRoller(Planner pl) {
        SplittableRandom r = pl.r;
        Machine m = layout.drawMachine(r);
        String player = FloorLayout.playerId(r.nextInt(layout.players()));
        long wager = maxCredits(m.denominationCents()) * m.denominationCents();
        long start = pl.start();
        long span = 8 * 60_000L + r.nextInt(17 * 60_000);
        for (long offset = 0; offset <= span; offset += 5_000 + r.nextInt(7_000)) {
            pl.add(pl.after(start, offset), Source.SLOT, m.id(), (j, t, rnd) -> {
                slotHead(j, "GAME_PLAYED", m, rnd);
                j.str("player_id", player);
                j.raw("wager_amount", money(wager, rnd));
                j.raw("payout_amount", money(0, rnd));
            });
        }
    }

    private final class Planner {
        final long block;
        final long keepFrom;
        final SplittableRandom r;
        int seq;

        Planner(long block, long keepFrom) {
            this.block = block;
            this.keepFrom = keepFrom;
            this.r = new SplittableRandom(Mix.mix(settings.seed(), block, SALT_PLAN));
        }

        boolean chance(double perBlock) {
            return r.nextDouble() < perBlock * settings.incidentRate();
        }

        long start() {
            return block * BLOCK + r.nextInt(BLOCK);
        }

        long after(long start, long ms) {
            if (ms > MAX_SCENARIO_SPAN_MS) throw new IllegalStateException("scenario longer than MAX_SCENARIO_SPAN_MS");
            return start + ms * settings.rate() / 1000;
        }

        void add(long target, Source stream, String key, Emitter e) {
            int s = seq++;
            long targetBlock = target / BLOCK;
            if (targetBlock < keepFrom) return;
            pending.computeIfAbsent(targetBlock, x -> new ArrayList<>())
                    .add(new Planned(target, block, s, stream, key, e, 0));
        }

        /** A METERS snapshot: stamped {@link #METER_LAG_MS} before its creation. */
        void addSnapshot(long target, Machine m, Emitter e) {
            int s = seq++;
            long targetBlock = target / BLOCK;
            if (targetBlock < keepFrom) return;
            pending.computeIfAbsent(targetBlock, x -> new ArrayList<>())
                    .add(new Planned(target, block, s, Source.SLOT, m.id(), e, METER_LAG_MS));
        }

        void hold(Machine m, long from, long to, boolean dark) {
            if (to <= keepFrom * BLOCK) return;
            holds.computeIfAbsent(m.index(), x -> new ArrayList<>(2)).add(new Hold(from, to, dark));
        }
    }

    private static long jackpotAmount(SplittableRandom r) {
        double u = r.nextDouble();
        long cents = u < 0.75
                ? 120_000 + r.nextInt(130_000)
                : u < 0.95 ? 250_000 + r.nextInt(750_000) : 1_000_000 + r.nextInt(2_000_000);
        return r.nextDouble() < 0.5 ? cents / 100 * 100 : cents;
    }

    private void planJackpot(Planner pl, long start, Machine m, long amountCents, boolean lateReset) {
        SplittableRandom r = pl.r;
        long resetMs = lateReset ? 630_000 + r.nextInt(330_000) : 60_000 + r.nextInt(420_000);
        long credits = maxCredits(m.denominationCents());
        String player = sessionPlayer(m, timeOf(start));
        pl.add(start, Source.SLOT, m.id(), (j, t, rnd) -> {
            slotHead(j, "GAME_PLAYED", m, rnd);
            if (player != null) j.str("player_id", player);
            j.raw("wager_amount", money(credits * m.denominationCents(), rnd));
            j.raw("payout_amount", money(0, rnd));
        });
        pl.add(pl.after(start, 400), Source.SLOT, m.id(), (j, t, rnd) -> {
            slotHead(j, "JACKPOT", m, rnd);
            if (player != null) j.str("player_id", player);
            j.raw("payout_amount", money(amountCents, rnd));
        });
        long reset = pl.after(start, resetMs);
        pl.add(reset, Source.SLOT, m.id(), (j, t, rnd) -> {
            slotHead(j, "HANDPAY_RESET", m, rnd);
            if (player != null) j.str("player_id", player);
        });
        pl.hold(m, start + 1, reset, false);
    }

    private void planRepeatJackpots(Planner pl) {
        SplittableRandom r = pl.r;
        Machine m = layout.drawMachine(r);
        long start = pl.start();
        int n = r.nextDouble() < 0.25 ? 4 : 3;
        long offset = 0;
        for (int k = 0; k < n; k++) {
            planJackpot(pl, pl.after(start, offset), m, 120_000 + r.nextInt(280_000), false);
            offset += 8 * 60_000 + r.nextInt(6 * 60_000);
        }
    }

    private void planErrorBurst(Planner pl) {
        SplittableRandom r = pl.r;
        Machine m = layout.drawMachine(r);
        long start = pl.start();
        double u = r.nextDouble();
        int n;
        long spanMs;
        if (u < 0.4) { // MACHINE_ERRORS: more than 5 in 15 min, never more than 10 in 5 min
            n = 6 + r.nextInt(4);
            spanMs = 6 * 60_000 + r.nextInt(8 * 60_000);
        } else if (u < 0.8) { // MACHINE_CRITICAL: more than 10 within 5 min
            n = 11 + r.nextInt(6);
            spanMs = 120_000 + r.nextInt(150_000);
        } else { // a few glitches, no alert
            n = 3 + r.nextInt(3);
            spanMs = 5 * 60_000 + r.nextInt(5 * 60_000);
        }
        String code = BURST_CODES[r.nextInt(BURST_CODES.length)];
        for (int k = 0; k < n; k++) {
            long at = pl.after(start, spanMs * k / (n - 1));
            pl.add(at, Source.SLOT, m.id(), (j, t, rnd) -> {
                slotHead(j, "ERROR", m, rnd);
                j.raw("error_code", errorCode(code, rnd));
            });
        }
    }

    private void planDoor(Planner pl) {
        SplittableRandom r = pl.r;
        Machine m = layout.machines().get(r.nextInt(layout.machines().size()));
        String badge = layout.badges().get(r.nextInt(layout.badges().size()));
        long start = pl.start();
        boolean attended = r.nextDouble() < 0.85;
        long openMs = attended ? 30_000 + r.nextInt(120_000) : 0;
        long closeMs = openMs + 180_000 + r.nextInt(420_000);
        if (attended) {
            pl.add(start, Source.SECURITY, "SLOT-FLOOR-" + m.section(), (j, t, rnd) -> {
                j.str("event_type", "ACCESS_GRANTED");
                j.str("location_id", "SLOT-FLOOR-" + m.section());
                j.str("machine_id", m.id());
                j.str("badge_id", badge);
                j.str("severity", "INFO");
            });
        }
        pl.add(pl.after(start, openMs), Source.SLOT, m.id(), (j, t, rnd) -> slotHead(j, "DOOR_OPEN", m, rnd));
        pl.add(pl.after(start, closeMs), Source.SLOT, m.id(), (j, t, rnd) -> slotHead(j, "DOOR_CLOSED", m, rnd));
    }

    private void planDark(Planner pl) {
        SplittableRandom r = pl.r;
        Machine m = layout.drawMachine(r);
        long start = pl.start();
        pl.hold(m, start, pl.after(start, 11 * 60_000 + r.nextInt(7 * 60_000)), true);
    }

    /** A section loses power for 2-4 minutes: its play is lost and the floor's coin in dips (FLOOR_ANOMALY). */
    private void planSectionOutage(Planner pl) {
        SplittableRandom r = pl.r;
        String section = layout.sections().get(r.nextInt(layout.sections().size()));
        long start = pl.start();
        long end = pl.after(start, 120_000 + r.nextInt(120_000));
        for (Machine m : layout.machines()) if (m.section().equals(section)) pl.hold(m, start, end, true);
    }

    private void planShuffler(Planner pl) {
        SplittableRandom r = pl.r;
        if (shufflerTables.isEmpty()) return;
        Table table = shufflerTables.get(r.nextInt(shufflerTables.size()));
        long start = pl.start();
        int n = r.nextDouble() < 0.7 ? 3 + r.nextInt(3) : 2;
        long spanMs = 15 * 60_000 + r.nextInt(35 * 60_000);
        for (int k = 0; k < n; k++) {
            long at = pl.after(start, spanMs * k / (n - 1));
            pl.add(at, Source.TABLE, table.id(), (j, t, rnd) -> {
                tableHead(j, "SHUFFLER_ERROR", table, t);
                j.str("error_code", "SHF-" + (10 + rnd.nextInt(5)));
            });
        }
    }

    private void planAlarm(Planner pl) {
        SplittableRandom r = pl.r;
        String location = layout.securityLocations()
                .get(r.nextInt(layout.securityLocations().size()));
        boolean forced = r.nextDouble() < 0.4;
        pl.add(pl.start(), Source.SECURITY, location, (j, t, rnd) -> {
            j.str("event_type", forced ? "DOOR_FORCED" : "ALARM");
            j.str("location_id", location);
            j.str("severity", forced ? "CRITICAL" : "HIGH");
        });
    }

    private void planCamera(Planner pl) {
        SplittableRandom r = pl.r;
        String camera = layout.cameras().get(r.nextInt(layout.cameras().size()));
        long start = pl.start();
        long backMs = 60_000 + r.nextInt(7 * 60_000);
        pl.add(start, Source.SECURITY, camera, (j, t, rnd) -> {
            j.str("event_type", "CAMERA_OFFLINE");
            j.str("location_id", camera);
            j.str("severity", "MEDIUM");
        });
        pl.add(pl.after(start, backMs), Source.SECURITY, camera, (j, t, rnd) -> {
            j.str("event_type", "CAMERA_ONLINE");
            j.str("location_id", camera);
            j.str("severity", "INFO");
        });
    }

    /** Two (sometimes three) cash transactions of $8,000-$9,999.99 by one player within minutes. */
    private void planStructuring(Planner pl) {
        SplittableRandom r = pl.r;
        String player = FloorLayout.playerId(r.nextInt(layout.players()));
        long start = pl.start();
        double u = r.nextDouble();
        int n = u < 0.15 ? 3 : 2;
        long offset = 0;
        for (int k = 0; k < n; k++) {
            long amount = 800_000 + r.nextInt(200_000);
            long at = pl.after(start, offset);
            // Half of them alternate in and out so that only SAR_STRUCTURING, not CTR_REQUIRED, applies.
            boolean out = u >= 0.55 && k % 2 == 1;
            if (!out && k == 1 && r.nextDouble() < 0.4) {
                planTableBuyIn(pl, at, player, amount, "CASH", r);
            } else {
                planCage(
                        pl,
                        at,
                        player,
                        out ? "CHIP_REDEMPTION" : "CHIP_PURCHASE",
                        out ? "CASH_OUT" : "CASH_IN",
                        "CASH",
                        amount,
                        r);
            }
            offset += 3 * 60_000 + r.nextInt(37 * 60_000) / n;
        }
    }

    /** A gaming day's cash over $10,000 in one direction; now and then exactly $10,000.00, which must not fire. */
    private void planCtr(Planner pl) {
        SplittableRandom r = pl.r;
        String player = FloorLayout.playerId(r.nextInt(layout.players()));
        long start = pl.start();
        double u = r.nextDouble();
        if (u < 0.6) {
            long total = 0;
            long offset = 0;
            for (int k = 0; total <= 1_000_000 && k < 6; k++) {
                long amount = 300_000 + r.nextInt(400_000);
                total += amount;
                long at = pl.after(start, offset);
                if (k % 2 == 1) planTableBuyIn(pl, at, player, amount, "CASH", r);
                else planCage(pl, at, player, "CHIP_PURCHASE", "CASH_IN", "CASH", amount, r);
                offset += 2 * 60_000 + r.nextInt(8 * 60_000);
            }
        } else if (u < 0.88) {
            planCage(pl, start, player, "CHIP_REDEMPTION", "CASH_OUT", "CASH", 1_000_001 + r.nextInt(2_000_000), r);
        } else {
            planCage(pl, start, player, "CHIP_PURCHASE", "CASH_IN", "CASH", 500_000, r);
            planCage(
                    pl,
                    pl.after(start, 5 * 60_000 + r.nextInt(10 * 60_000)),
                    player,
                    "CHIP_PURCHASE",
                    "CASH_IN",
                    "CASH",
                    500_000,
                    r);
        }
    }

    /**
     * Cash play at the edges of SPEC §8.4: a day total of exactly $8,000.00 (CTR_APPROACHING at the warn-at amount, the
     * second transaction exactly the $3,000.00 MTL threshold), $9,999.99 out (a warning, no CTR), $7,999.98 in (a cent
     * short of the warning, with a $2,999.99 transaction a cent short of the MTL), or a cash buy-in without a player of
     * $3,000.00 and one of $2,999.99 (one MTL row without a player).
     */
    private void planCtrApproach(Planner pl) {
        SplittableRandom r = pl.r;
        String player = FloorLayout.playerId(r.nextInt(layout.players()));
        long start = pl.start();
        long next = pl.after(start, 60_000 + r.nextInt(5 * 60_000));
        double u = r.nextDouble();
        if (u < 0.35) {
            planCage(pl, start, player, "CHIP_PURCHASE", "CASH_IN", "CASH", 500_000, r);
            planTableBuyIn(pl, next, player, 300_000, "CASH", r);
        } else if (u < 0.65) {
            planCage(pl, start, player, "CHIP_REDEMPTION", "CASH_OUT", "CASH", 600_000, r);
            planCage(pl, next, player, "CHIP_REDEMPTION", "CASH_OUT", "CASH", 399_999, r);
        } else if (u < 0.85) {
            planCage(pl, start, player, "CHIP_PURCHASE", "CASH_IN", "CASH", 400_000, r);
            planTableBuyIn(pl, next, player, 299_999, "CASH", r);
            planCage(pl, pl.after(start, 7 * 60_000), player, "FRONT_MONEY_DEPOSIT", "CASH_IN", "CASH", 99_999, r);
        } else {
            Table table = layout.tables().get(r.nextInt(layout.tables().size()));
            for (long[] buyIn : new long[][] {{start, 300_000}, {next, 299_999}}) {
                pl.add(buyIn[0], Source.TABLE, table.id(), (j, t, rnd) -> {
                    tableHead(j, "BUY_IN", table, t);
                    j.raw("amount", money(buyIn[1], rnd));
                    j.str("payment_method", "CASH");
                });
            }
        }
    }

    private void planCage(
            Planner pl,
            long at,
            String player,
            String type,
            String direction,
            String payment,
            long cents,
            SplittableRandom r) {
        String cage = layout.cages().get(r.nextInt(layout.cages().size()));
        String employee =
                layout.cageEmployees().get(r.nextInt(layout.cageEmployees().size()));
        pl.add(
                at,
                Source.CAGE,
                player,
                (j, t, rnd) -> cageFields(j, type, player, direction, payment, cents, cage, employee, rnd));
    }

    private void planTableBuyIn(Planner pl, long at, String player, long cents, String payment, SplittableRandom r) {
        Table table = layout.tables().get(r.nextInt(layout.tables().size()));
        pl.add(at, Source.TABLE, table.id(), (j, t, rnd) -> {
            tableHead(j, "BUY_IN", table, t);
            j.str("player_id", player);
            j.raw("amount", money(cents, rnd));
            j.str("payment_method", payment);
        });
    }

    // ------------------------------------------------------------------ SAS exceptions and meters (SPEC 8.5)

    /**
     * A SAS code as a machine's host sends it: mostly {@code "0x61"}, sometimes without the prefix or lower-case, and a
     * code whose hex digits are all decimal sometimes as a JSON number of those digits ({@code 61}).
     */
    private static String errorCode(String code, SplittableRandom rnd) {
        String hex = code.substring(2);
        double u = rnd.nextDouble();
        if (u < 0.2 && hex.chars().allMatch(Character::isDigit)) return hex;
        if (u < 0.35) return Json.quote(hex);
        if (u < 0.45) return Json.quote(code.toLowerCase(java.util.Locale.ROOT));
        return Json.quote(code);
    }

    /** One integrity or power-off access exception on a machine (CRITICAL alerts). */
    private void planSasException(Planner pl, String[] codes) {
        SplittableRandom r = pl.r;
        Machine m = layout.machines().get(r.nextInt(layout.machines().size()));
        String code = codes[r.nextInt(codes.length)];
        pl.add(pl.start(), Source.SLOT, m.id(), (j, t, rnd) -> {
            slotHead(j, "ERROR", m, rnd);
            j.raw("error_code", errorCode(code, rnd));
        });
    }

    /** A RAM clear: the machine reports a soft meters reset (0x7A) and its meters start again from zero. */
    private void planMeterReset(Planner pl) {
        SplittableRandom r = pl.r;
        Machine m = layout.machines().get(r.nextInt(layout.machines().size()));
        if (rollsOver(m) || m.index() == driftMachine) return;
        pl.add(pl.start(), Source.SLOT, m.id(), (j, t, rnd) -> {
            slotHead(j, "ERROR", m, rnd);
            j.raw("error_code", errorCode("0x7A", rnd));
            book.reset(m.index(), meterBase(m));
        });
    }

    /** The METERS snapshots of block {@code pl.block}: each machine every {@link #METER_PERIOD_MS}, at its own phase. */
    private void planSnapshots(Planner pl) {
        long from = timeOf(pl.block * BLOCK);
        long to = timeOf((pl.block + 1) * BLOCK);
        if (pl.block < pl.keepFrom) return; // only this block's snapshots, all dropped
        for (Machine m : layout.machines()) {
            long phase = Math.floorMod(Mix.mix(settings.seed(), m.index(), SALT_METER), METER_PERIOD_MS);
            for (long at = from + Math.floorMod(phase - from, METER_PERIOD_MS); at < to; at += METER_PERIOD_MS) {
                long target = Math.min((pl.block + 1) * BLOCK - 1, Math.max(pl.block * BLOCK, indexAt(at)));
                if (!available(m, target, false)) continue; // a dark machine sends nothing
                pl.addSnapshot(target, m, (j, t, rnd) -> {
                    slotHead(j, "METERS", m, rnd);
                    j.raw("meters", meters(m, t - METER_LAG_MS));
                });
            }
        }
    }

    /** The first record index created at or after floor time {@code t}. */
    private long indexAt(long t) {
        long ms = Math.max(0, t - settings.startEpochMs());
        int rate = settings.rate();
        return ms / 1000 * rate + (ms % 1000 * rate + 999) / 1000;
    }

    /** Older machines keep 8-digit meters and roll over during the day; the rest keep 10 digits. */
    static boolean rollsOver(Machine m) {
        return m.index() % 40 == 7;
    }

    private int digits(Machine m) {
        return rollsOver(m) ? 8 : 10;
    }

    /** A machine's meters before the simulated day: its lifetime play (8-digit machines just below a rollover). */
    private long[] meterBase(Machine m) {
        SplittableRandom r = new SplittableRandom(Mix.mix(settings.seed(), m.index(), SALT_METER, 1));
        long coinIn = rollsOver(m) ? 100_000_000L - 2_000 - r.nextInt(200_000) : 1_000_000L + r.nextLong(500_000_000L);
        long coinOut = rollsOver(m) ? 10_000_000L + r.nextInt(40_000_000) : coinIn / 100 * (85 + r.nextInt(8));
        long jackpot = coinIn / 1000 * r.nextInt(40);
        long bills = rollsOver(m) ? 10_000_000L + r.nextInt(30_000_000) : coinIn / 100 * (60 + r.nextInt(30));
        long games = rollsOver(m) ? r.nextInt(5_000_000) : coinIn / (20 + r.nextInt(200));
        return new long[] {coinIn, coinOut, jackpot, bills, games};
    }

    /** The meters JSON object of machine {@code m} counting its events stamped up to {@code asOf}. */
    private String meters(Machine m, long asOf) {
        int i = m.index();
        if (i == driftMachine) {
            // this machine's coin-in meter counts $150-$400 of credits per snapshot that its events never report
            // (METER_VARIANCE at every snapshot until a technician fixes it)
            book.drift[i] += 15_000 + Math.floorMod(Mix.mix(settings.seed(), asOf, SALT_DRIFT), 25_000L);
        }
        long[] base = meterBase(m);
        long modulus = io.floorwatch.event.Meters.modulus(digits(m));
        StringBuilder b = new StringBuilder(120).append('{');
        for (int c = 0; c < MeterBook.COUNTERS; c++) {
            long v = base[c]
                    + book.totals[i * MeterBook.COUNTERS + c]
                    - book.offsets[i * MeterBook.COUNTERS + c]
                    + (c == 0 ? book.drift[i] : 0);
            if (c > 0) b.append(',');
            b.append('"')
                    .append(io.floorwatch.event.Meters.COUNTERS[c])
                    .append("\":")
                    .append(Math.floorMod(v, modulus));
        }
        return b.append(",\"meter_digits\":").append(digits(m)).append('}').toString();
    }

    /** Counts a valid, first-sent slot event into its machine's meters, as of its (stamped) event time. */
    private void tally(Json j, long stamped) {
        String type = unquote(j.token("event_type"));
        Integer m = machineIndex.get(unquote(j.token("machine_id")));
        if (m == null) return;
        long[] add = new long[MeterBook.COUNTERS];
        switch (type) {
            case "GAME_PLAYED" -> {
                add[0] = cents(j.token("wager_amount"));
                add[1] = cents(j.token("payout_amount"));
                add[4] = 1;
            }
            case "JACKPOT" -> add[2] = cents(j.token("payout_amount"));
            case "BILL_IN" -> add[3] = cents(j.token("amount"));
            default -> {
                return;
            }
        }
        book.add(stamped, m, add);
    }

    /** Cents of a money token the simulator wrote ({@link #money}): 12, 12.5, 12.50 or "12.50"; 0 when absent. */
    static long cents(String token) {
        if (token == null) return 0;
        String s = unquote(token);
        int dot = s.indexOf('.');
        if (dot < 0) return Long.parseLong(s) * 100;
        String frac = s.substring(dot + 1);
        return Long.parseLong(s.substring(0, dot)) * 100
                + (frac.isEmpty()
                        ? 0
                        : frac.length() == 1 ? (frac.charAt(0) - '0') * 10L : Long.parseLong(frac.substring(0, 2)));
    }

    /**
     * What every machine's SAS meters counted: its events' wagers, wins, jackpots, bills and games since the start of
     * the sequence, as of an event time (events wait in {@code recent} until the clock is past their stamp by the
     * out-of-order bound), less what a RAM clear took away, plus a drifting machine's phantom credits. A pure function
     * of the records before a position, so it is re-derived (from a checkpoint) when records are generated out of order.
     */
    static final class MeterBook {
        static final int COUNTERS = 5;
        final long[] totals;
        final long[] offsets;
        final long[] drift;
        /** {stamp, machine, coin in, coin out, jackpot, bills in, games} by stamp. */
        final java.util.PriorityQueue<long[]> recent;

        MeterBook(int machines) {
            totals = new long[machines * COUNTERS];
            offsets = new long[machines * COUNTERS];
            drift = new long[machines];
            recent = new java.util.PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        }

        private MeterBook(MeterBook o) {
            totals = o.totals.clone();
            offsets = o.offsets.clone();
            drift = o.drift.clone();
            recent = new java.util.PriorityQueue<>(o.recent.comparator());
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

        /** Counts the events stamped at or before {@code asOf}. */
        void settle(long asOf) {
            while (!recent.isEmpty() && recent.peek()[0] <= asOf) {
                long[] e = recent.poll();
                int m = (int) e[1];
                for (int c = 0; c < COUNTERS; c++) totals[m * COUNTERS + c] += e[2 + c];
            }
        }

        /** A RAM clear: the machine's meters read zero from here. */
        void reset(int machine, long[] base) {
            for (int c = 0; c < COUNTERS; c++)
                offsets[machine * COUNTERS + c] = base[c] + totals[machine * COUNTERS + c];
            drift[machine] = 0;
        }
    }

    // ------------------------------------------------------------------ background events

    /** Fills a background event of {@code stream}; {@code forceType} narrows the choice (for malformed records). */
    private String background(Source stream, Json j, long index, long t, SplittableRandom rnd, String forceType) {
        return switch (stream) {
            case SLOT -> slotBackground(j, index, t, rnd, forceType);
            case TABLE -> tableBackground(j, t, rnd, forceType);
            case SECURITY -> securityBackground(j, rnd);
            case CAGE -> cageBackground(j, rnd);
            case CONTROL, WATCHLIST -> throw new IllegalArgumentException("not a floor stream: " + stream);
        };
    }

    private String slotBackground(Json j, long index, long t, SplittableRandom rnd, String forceType) {
        String type = forceType;
        if (type == null) {
            double u = rnd.nextDouble();
            // Stray errors stay rare (a few per machine per day) so that only the scenarios' bursts raise alerts.
            type = u < 0.885
                    ? "GAME_PLAYED"
                    : u < 0.925
                            ? "BILL_IN"
                            : u < 0.945
                                    ? "TICKET_OUT"
                                    : u < 0.98 ? "HEARTBEAT" : u < 0.9992 ? "HOPPER_STATUS" : "ERROR";
        }
        Machine m = layout.drawMachine(rnd);
        if (forceType != null) {
            m = pickMachine(rnd, index, type.equals("GAME_PLAYED"));
        } else if (!available(m, index, type.equals("GAME_PLAYED"))) {
            // Play that would have gone to a dark or locked machine is lost, as on a real floor: coin in dips.
            if (type.equals("GAME_PLAYED")) type = "HEARTBEAT";
            m = pickMachine(rnd, index, false);
        }
        if (type.equals("HOPPER_STATUS") && !m.hasHopper()) type = "HEARTBEAT";
        slotHead(j, type, m, rnd);
        String player = sessionPlayer(m, t);
        switch (type) {
            case "GAME_PLAYED" -> {
                if (player != null) j.str("player_id", player);
                long denom = m.denominationCents();
                long max = maxCredits(denom);
                long min = denom == 1 ? 40 : denom == 5 ? 5 : 1;
                double v = rnd.nextDouble();
                long credits = min + (long) ((max - min + 1) * v * v);
                long wager = credits * denom;
                long payout = 0;
                double winShare = 0.32;
                if (rnd.nextDouble() < winShare) {
                    // Jackpots (scenarios) pay about 4 % of coin in: ordinary wins leave that room so the floor holds
                    // ~its theoretical hold.
                    double mean = (10_000 - m.holdBasisPoints() - 400) / 10_000.0 / winShare;
                    double mult = -Math.log(1 - rnd.nextDouble()) * mean;
                    payout = Math.round(credits * mult) * denom;
                    // Anything at the jackpot threshold locks the machine for a handpay: only scenarios do that.
                    if (payout >= 120_000) payout = wager * 2;
                }
                j.raw("wager_amount", money(wager, rnd));
                j.raw("payout_amount", money(payout, rnd));
            }
            case "BILL_IN" -> {
                if (player != null) j.str("player_id", player);
                long[] bills = {100, 500, 1000, 2000, 5000, 10000};
                j.raw(
                        "amount",
                        money(bills[FloorLayout.pick(rnd, new double[] {0.05, 0.15, 0.15, 0.35, 0.1, 0.2})], rnd));
            }
            case "TICKET_OUT" -> {
                if (player != null) j.str("player_id", player);
                j.raw("amount", money(500 + rnd.nextInt(50_000), rnd));
            }
            case "HOPPER_STATUS" ->
                j.raw("hopper_level", String.format(java.util.Locale.ROOT, "%.1f", hopperLevel(m, t)));
            case "ERROR" -> j.raw("error_code", errorCode(STRAY_CODES[FloorLayout.pick(rnd, STRAY_SHARES)], rnd));
            default -> {}
        }
        return m.id();
    }

    private void slotHead(Json j, String type, Machine m, SplittableRandom rnd) {
        j.str("event_type", type);
        j.str("machine_id", m.id());
        if (rnd.nextDouble() < 0.92) j.str("floor_section", m.section());
        j.raw("denomination", dollars(m.denominationCents()));
    }

    private String tableBackground(Json j, long t, SplittableRandom rnd, String forceType) {
        Table table = layout.tables().get(rnd.nextInt(layout.tables().size()));
        String type = forceType;
        if (type == null) {
            double u = rnd.nextDouble();
            type = u < 0.5
                    ? "BET"
                    : u < 0.68
                            ? "PAYOUT"
                            : u < 0.8
                                    ? "BUY_IN"
                                    : u < 0.84
                                            ? "CASH_OUT"
                                            : u < 0.86
                                                    ? "FILL"
                                                    : u < 0.875
                                                            ? "CREDIT"
                                                            : u < 0.997 ? "SHUFFLER_STATUS" : "SHUFFLER_ERROR";
            if (!table.hasShuffler() && type.startsWith("SHUFFLER")) type = "BET";
        }
        tableHead(j, type, table, t);
        String player = rnd.nextDouble() < 0.5 ? FloorLayout.playerId(rnd.nextInt(layout.players())) : null;
        long bet = Math.min(table.maxBetCents(), table.minBetCents() * (1 + rnd.nextInt(10)));
        switch (type) {
            case "BET", "PAYOUT", "CASH_OUT" -> {
                if (player != null) j.str("player_id", player);
                j.raw("amount", money(type.equals("CASH_OUT") ? bet * (1 + rnd.nextInt(8)) : bet, rnd));
            }
            case "BUY_IN" -> {
                if (player != null) j.str("player_id", player);
                long[] buyIns = {10_000, 20_000, 30_000, 50_000, 100_000, 200_000, 500_000};
                j.raw(
                        "amount",
                        money(
                                buyIns[FloorLayout.pick(rnd, new double[] {0.25, 0.2, 0.15, 0.2, 0.12, 0.06, 0.02})],
                                rnd));
                double u = rnd.nextDouble();
                j.str("payment_method", u < 0.6 ? "CASH" : u < 0.7 ? "CHIPS" : u < 0.9 ? "MARKER" : "TICKET");
            }
            case "FILL" -> j.raw("amount", money((50 + rnd.nextInt(450)) * 10_000L, rnd));
            case "CREDIT" -> j.raw("amount", money((20 + rnd.nextInt(280)) * 10_000L, rnd));
            case "SHUFFLER_STATUS" -> j.str("status", "OK");
            case "SHUFFLER_ERROR" -> j.str("error_code", "SHF-" + (10 + rnd.nextInt(5)));
            default -> {}
        }
        return table.id();
    }

    private void tableHead(Json j, String type, Table table, long t) {
        j.str("event_type", type);
        j.str("table_id", table.id());
        j.str("game_type", table.gameType());
        long shift = Math.floorDiv(t, 8 * 3_600_000L);
        j.str(
                "dealer_id",
                "DLR-" + (100 + Math.floorMod(Mix.mix(settings.seed(), table.index(), shift, SALT_DEALER), 400)));
    }

    private String securityBackground(Json j, SplittableRandom rnd) {
        String location = layout.securityLocations()
                .get(rnd.nextInt(layout.securityLocations().size()));
        boolean granted = rnd.nextDouble() < 0.8;
        j.str("event_type", granted ? "ACCESS_GRANTED" : "ACCESS_DENIED");
        j.str("location_id", location);
        j.str("badge_id", layout.badges().get(rnd.nextInt(layout.badges().size())));
        j.str("severity", granted ? "INFO" : "LOW");
        return location;
    }

    private String cageBackground(Json j, SplittableRandom rnd) {
        String player = FloorLayout.playerId(rnd.nextInt(layout.players()));
        double u = rnd.nextDouble();
        String type;
        String direction;
        String payment;
        if (u < 0.35) {
            type = "CHIP_PURCHASE";
            direction = "CASH_IN";
            payment = rnd.nextDouble() < 0.9 ? "CASH" : "MARKER";
        } else if (u < 0.65) {
            type = "CHIP_REDEMPTION";
            direction = "CASH_OUT";
            payment = "CASH";
        } else if (u < 0.73) {
            type = "FRONT_MONEY_DEPOSIT";
            direction = "CASH_IN";
            payment = "CASH";
        } else if (u < 0.79) {
            type = "FRONT_MONEY_WITHDRAWAL";
            direction = "CASH_OUT";
            payment = "CASH";
        } else if (u < 0.84) {
            type = "MARKER_PAYMENT";
            direction = "CASH_IN";
            payment = rnd.nextDouble() < 0.8 ? "CASH" : "CHIPS";
        } else if (u < 0.90) {
            type = "CHECK_CASHING";
            direction = "CASH_OUT";
            payment = "CASH";
        } else {
            type = "TICKET_REDEMPTION";
            direction = "CASH_OUT";
            payment = "TICKET";
        }
        // Log-normal amounts around $300, kept under $5,000 so that only scenarios reach CTR / SAR levels.
        double dollars = Math.exp(Math.log(300) + rnd.nextGaussian());
        long cents = Math.max(2_000, Math.min(500_000, Math.round(dollars * 100)));
        if (rnd.nextDouble() < 0.7) cents = Math.max(100, cents / 100 * 100);
        String cage = layout.cages().get(rnd.nextInt(layout.cages().size()));
        String employee =
                layout.cageEmployees().get(rnd.nextInt(layout.cageEmployees().size()));
        cageFields(j, type, player, direction, payment, cents, cage, employee, rnd);
        return player;
    }

    private static void cageFields(
            Json j,
            String type,
            String player,
            String direction,
            String payment,
            long cents,
            String cage,
            String employee,
            SplittableRandom rnd) {
        j.str("event_type", type);
        j.str("player_id", player);
        j.raw("amount", money(cents, rnd));
        j.str("direction", direction);
        j.str("payment_method", payment);
        j.str("cage_id", cage);
        j.str("employee_id", employee);
    }

    /** A machine for a background event: popular machines more often, never one that is dark (or locked, for play). */
    private Machine pickMachine(SplittableRandom rnd, long index, boolean play) {
        Machine m = layout.drawMachine(rnd);
        for (int tries = 0; tries < 16 && !available(m, index, play); tries++) m = layout.drawMachine(rnd);
        int n = layout.machines().size();
        for (int k = 0; k < n && !available(m, index, play); k++)
            m = layout.machines().get((m.index() + 1) % n);
        return m;
    }

    private boolean available(Machine m, long index, boolean play) {
        List<Hold> hs = holds.get(m.index());
        if (hs == null) return true;
        for (Hold h : hs) if (index >= h.from && index < h.to && (h.dark || play)) return false;
        return true;
    }

    private static long maxCredits(long denominationCents) {
        return denominationCents <= 1
                ? 400
                : denominationCents <= 5 ? 100 : denominationCents <= 25 ? 20 : denominationCents <= 100 ? 5 : 3;
    }

    /**
     * Up to {@code n} distinct carded players playing at the floor's machines (in machine order) in the card session
     * of floor time {@code t}: players sure to show up on the floor then (the simulated watchlist lists some).
     */
    public List<String> cardedPlayersAt(long t, int n) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (Machine m : layout.machines()) {
            String p = sessionPlayer(m, t);
            if (p != null) out.add(p);
            if (out.size() >= n) break;
        }
        return new ArrayList<>(out);
    }

    /** The carded player at a machine in a 15-minute slot, or null for uncarded play (45 %). */
    private String sessionPlayer(Machine m, long t) {
        long h = Mix.mix(settings.seed(), m.index(), Math.floorDiv(t, CARD_SESSION_MS), SALT_SESSION);
        if ((h & 0xFFFF) >= 0.55 * 0x10000) return null;
        return FloorLayout.playerId((int) Math.floorMod(h >>> 16, (long) layout.players()));
    }

    /** A saw tooth: the hopper drains from 100 % to 14 % over hours, then is refilled. */
    static double hopperLevel(Machine m, long t) {
        double u = Math.floorMod(t + m.hopperPhaseMs(), m.hopperPeriodMs()) / (double) m.hopperPeriodMs();
        return u < 0.95 ? 100 - 86 * u / 0.95 : 100;
    }

    // ------------------------------------------------------------------ malformed records

    private Generated malformed(Source stream, long index, long offset, long t, SplittableRandom rnd) {
        Malformed[] kinds = Malformed.values();
        Malformed kind = kinds[rnd.nextInt(kinds.length)];
        if (stream == Source.SECURITY && (kind == Malformed.NEGATIVE_AMOUNT || kind == Malformed.THREE_DECIMALS)) {
            kind = Malformed.WRONG_TYPE;
        }
        String moneyType = switch (stream) {
            case SLOT -> "GAME_PLAYED";
            case TABLE -> "BUY_IN";
            default -> null;
        };
        boolean needsMoney = kind == Malformed.NEGATIVE_AMOUNT || kind == Malformed.THREE_DECIMALS;
        Json j = start(index);
        String key = background(stream, j, index, t, rnd, needsMoney ? moneyType : null);
        j.raw("event_timestamp", timestamp(t, rnd));
        String entity = stream.entityField();
        String moneyField = j.has("wager_amount") ? "wager_amount" : j.has("amount") ? "amount" : null;
        if (moneyField == null && needsMoney) kind = Malformed.UNKNOWN_EVENT_TYPE;
        byte[] payload;
        switch (kind) {
            case INVALID_JSON -> {
                String s = j.toString();
                payload = (rnd.nextDouble() < 0.7
                                ? s.substring(0, s.length() / 2 + rnd.nextInt(s.length() / 3))
                                : "event_type=" + unquote(j.token("event_type")) + ";" + entity + "=" + key)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            case MISSING_FIELD -> {
                List<String> candidates = new ArrayList<>(List.of("event_id", "event_type", "event_timestamp", entity));
                for (String required : List.of(
                        "wager_amount", "payout_amount", "hopper_level", "amount", "payment_method", "direction")) {
                    if (j.has(required) && isRequired(stream, unquote(j.token("event_type")), required))
                        candidates.add(required);
                }
                j.remove(candidates.get(rnd.nextInt(candidates.size())));
                payload = j.toBytes();
            }
            case WRONG_TYPE -> {
                if (moneyField != null && rnd.nextBoolean()) {
                    j.raw(moneyField, rnd.nextBoolean() ? "true" : "{\"usd\":5}");
                } else if (rnd.nextBoolean()) {
                    j.raw(entity, "[" + Json.quote(key) + "]");
                } else {
                    j.raw("event_type", "42");
                }
                payload = j.toBytes();
            }
            case NEGATIVE_AMOUNT -> {
                j.raw(moneyField, "-" + dollars(100 + rnd.nextInt(100_000)));
                payload = j.toBytes();
            }
            case UNKNOWN_EVENT_TYPE -> {
                j.str("event_type", UNKNOWN_TYPES[rnd.nextInt(UNKNOWN_TYPES.length)]);
                payload = j.toBytes();
            }
            case THREE_DECIMALS -> {
                long mills = (1 + rnd.nextInt(100_000)) * 10L + 1 + rnd.nextInt(9);
                j.raw(moneyField, mills / 1000 + "." + String.format("%03d", mills % 1000));
                payload = j.toBytes();
            }
            case BAD_TIMESTAMP -> {
                j.raw("event_timestamp", rnd.nextBoolean() ? "\"yesterday at noon\"" : "\"2026-13-45T99:61:00Z\"");
                payload = j.toBytes();
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return generated(stream, offset, t, payload, key, kind, false);
    }

    private static boolean isRequired(Source stream, String type, String field) {
        return switch (field) {
            case "wager_amount" -> type.equals("GAME_PLAYED");
            case "payout_amount" -> type.equals("JACKPOT");
            case "hopper_level" -> type.equals("HOPPER_STATUS");
            case "amount" ->
                stream == Source.CAGE
                        || (stream == Source.SLOT && (type.equals("BILL_IN") || type.equals("TICKET_OUT")))
                        || (stream == Source.TABLE
                                && List.of("BUY_IN", "PAYOUT", "FILL", "CREDIT").contains(type));
            case "payment_method" -> stream == Source.CAGE || (stream == Source.TABLE && type.equals("BUY_IN"));
            case "direction" -> stream == Source.CAGE;
            default -> false;
        };
    }

    private static String unquote(String token) {
        return token != null && token.length() >= 2 && token.charAt(0) == '"'
                ? token.substring(1, token.length() - 1)
                : String.valueOf(token);
    }

    // ------------------------------------------------------------------ value formats

    /** Money as JSON: mostly a number with two decimals, sometimes a numeric string or a shorter number. */
    static String money(long cents, SplittableRandom rnd) {
        double u = rnd.nextDouble();
        if (u < 0.80) return dollars(cents);
        if (u < 0.90) return '"' + dollars(cents) + '"';
        long whole = cents / 100;
        long frac = cents % 100;
        if (frac == 0) return Long.toString(whole);
        return frac % 10 == 0 ? whole + "." + frac / 10 : dollars(cents);
    }

    static String dollars(long cents) {
        long frac = cents % 100;
        return cents / 100 + (frac < 10 ? ".0" : ".") + frac;
    }

    /** Mostly ISO-8601 UTC; also with the casino's offset, epoch millis (number or string), local time. */
    private String timestamp(long t, SplittableRandom rnd) {
        double u = rnd.nextDouble();
        if (u < 0.88) return '"' + iso(t, ZoneOffset.UTC) + '"';
        if (u < 0.93) return '"' + iso(t, zone.getRules().getOffset(Instant.ofEpochMilli(t))) + '"';
        if (u < 0.98) return Long.toString(t);
        if (u < 0.99) return '"' + Long.toString(t) + '"';
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(t), zone);
        if (zone.getRules().getValidOffsets(local).size() != 1) return '"' + iso(t, ZoneOffset.UTC) + '"';
        String s = iso(t, zone.getRules().getOffset(Instant.ofEpochMilli(t)));
        return '"' + s.substring(0, 23) + '"';
    }

    /** yyyy-MM-ddTHH:mm:ss.SSS plus Z or ±HH:MM, without DateTimeFormatter (it is slow). */
    static String iso(long t, ZoneOffset offset) {
        long local = t + offset.getTotalSeconds() * 1000L;
        long days = Math.floorDiv(local, 86_400_000L);
        long msOfDay = Math.floorMod(local, 86_400_000L);
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(days);
        StringBuilder b = new StringBuilder(29);
        b.append(d.getYear()).append('-');
        two(b, d.getMonthValue()).append('-');
        two(b, d.getDayOfMonth()).append('T');
        two(b, (int) (msOfDay / 3_600_000)).append(':');
        two(b, (int) (msOfDay / 60_000 % 60)).append(':');
        two(b, (int) (msOfDay / 1000 % 60)).append('.');
        int ms = (int) (msOfDay % 1000);
        if (ms < 100) b.append('0');
        if (ms < 10) b.append('0');
        b.append(ms);
        int off = offset.getTotalSeconds();
        if (off == 0) return b.append('Z').toString();
        b.append(off < 0 ? '-' : '+');
        off = Math.abs(off);
        two(b, off / 3600).append(':');
        two(b, off / 60 % 60);
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        if (v < 10) b.append('0');
        return b.append(v);
    }
}
