package io.floorwatch.simulator;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.event.RawRecord;
import io.floorwatch.event.Source;
import io.floorwatch.simulator.Mix.Salt;
import io.floorwatch.simulator.Plan.Planned;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The casino floor as a deterministic stream of raw Kafka-style records in the input format of SPEC §4.
 *
 * <p>Record {@code i} is a pure function of the settings and {@code i}, so a Flink source that checkpoints only the
 * index regenerates exactly the same records after a restart. To get there the stream is cut into blocks of
 * {@link #BLOCK} records:
 *
 * <ul>
 *   <li>each block has a fixed number of records per stream (slot 91.5 %, table 6 %, security 1.5 %, cage 1 %) in a
 *       shuffled order, which gives dense per-stream offsets without history;
 *   <li>{@link BackgroundPlay background events} are drawn from a random stream seeded by (seed, index), a few of them
 *       {@link MalformedRecords malformed} or re-sent;
 *   <li>{@link Schedule staged scenarios} (a jackpot and its handpay, error bursts, CTR cash, ...) are planned per
 *       block from (seed, block) by the {@link ScenarioPlanner} and placed into the blocks they reach.
 * </ul>
 *
 * Floor time advances with the rate ({@link RecordTimes}), and a few percent of events carry a timestamp up to 2 s older
 * (out of order). The SAS meters of {@code METERS} snapshots count the records before them ({@link SasMeters}), the
 * one thing that makes a block depend on the blocks before it. The JSON itself is {@link WireFormat}'s. Not
 * thread-safe.
 */
public final class FloorSimulator {
    public static final int BLOCK = 1000;
    private static final Source[] STREAMS = {Source.SLOT, Source.TABLE, Source.SECURITY, Source.CAGE};
    private static final int[] QUOTA = {915, 60, 15, 10};

    private static final double P_DUPLICATE = 0.001;
    private static final double P_OUT_OF_ORDER = 0.03;
    private static final int MAX_BEHIND_MS = 2000;

    /**
     * One generated record with what the generator knows about it: the entity id (a good Kafka key), the kind of
     * corruption ({@code null} for a valid event), and whether it re-sends an earlier event.
     */
    public record Generated(RawRecord record, String key, Malformed malformed, boolean duplicate) {}

    private final SimulatorSettings settings;
    private final FloorLayout layout;
    private final RecordTimes clock;
    private final WireFormat wire;
    private final CardSessions sessions;
    private final SasMeters meters;
    private final BackgroundPlay background;
    private final MalformedRecords malformed;
    private final ScenarioPlanner planner;

    private long blockNo = -1;
    private Generated[] block;
    private long nextIndex;

    public FloorSimulator(FloorWatchConfig cfg) {
        this(SimulatorSettings.from(cfg));
    }

    public FloorSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.layout = FloorLayout.of(settings);
        this.clock = new RecordTimes(settings);
        this.wire = new WireFormat(settings);
        this.sessions = new CardSessions(settings.seed(), layout);
        this.meters = new SasMeters(settings.seed(), layout);
        SimulatedFloor floor = new SimulatedFloor(
                settings,
                layout,
                new PopularMachines(layout.machines()),
                clock,
                sessions,
                new MachineHolds(),
                meters,
                new FloorEvents(settings.seed()));
        this.background = new BackgroundPlay(floor);
        this.malformed = new MalformedRecords(wire, background);
        this.planner = new ScenarioPlanner(floor);
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
        return clock.timeOf(index);
    }

    public Generated generate(long index) {
        if (index < 0) throw new IllegalArgumentException("index must not be negative");
        long b = index / BLOCK;
        if (b != blockNo) {
            metersAtStartOf(b);
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

    /**
     * Up to {@code n} distinct carded players playing at the floor's machines (in machine order) in the card session
     * of floor time {@code t}: players sure to show up on the floor then (the simulated watchlist lists some).
     */
    public List<String> cardedPlayersAt(long t, int n) {
        return sessions.playersAt(t, n);
    }

    /** Makes the meters those as of the start of block {@code b}, replaying blocks from a checkpoint if needed. */
    private void metersAtStartOf(long b) {
        if (meters.isAtStartOf(b)) return;
        for (long k = meters.restoreCheckpointFor(b); k < b; k++) buildBlock(k);
    }

    /** Block {@code b}; the meters must be as of its start, and are as of the next block's start afterwards. */
    private Generated[] buildBlock(long b) {
        meters.startBlock(b);
        Source[] streams = streamsOf(b);
        Planned[] scenarioAt = new Planned[BLOCK];
        for (Planned pl : planner.eventsOf(b)) {
            int pos = place(streams, scenarioAt, pl.stream(), (int) (pl.target() - b * BLOCK));
            if (pos >= 0) scenarioAt[pos] = pl;
        }
        long[] offsets = new long[STREAMS.length];
        for (int s = 0; s < STREAMS.length; s++) offsets[s] = b * QUOTA[s];
        Generated[] out = new Generated[BLOCK];
        for (int pos = 0; pos < BLOCK; pos++) {
            long index = b * BLOCK + pos;
            Source stream = streams[pos];
            long offset = offsets[stream.ordinal()]++;
            out[pos] = record(stream, index, offset, scenarioAt[pos], out, streams, pos);
        }
        meters.endBlock(b);
        return out;
    }

    /** The streams of block {@code b}'s records: each stream's quota, shuffled. */
    private Source[] streamsOf(long b) {
        Source[] streams = new Source[BLOCK];
        int p = 0;
        for (int s = 0; s < STREAMS.length; s++) for (int q = 0; q < QUOTA[s]; q++) streams[p++] = STREAMS[s];
        SplittableRandom shuffle = new SplittableRandom(Mix.mix(settings.seed(), b, Salt.BLOCK_ORDER.value));
        for (int i = BLOCK - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            Source t = streams[i];
            streams[i] = streams[j];
            streams[j] = t;
        }
        return streams;
    }

    /** Record {@code index}: a scenario's event where one is placed, else malformed, a re-send or background play. */
    private Generated record(
            Source stream, long index, long offset, Planned scenario, Generated[] out, Source[] streams, int pos) {
        long t = clock.timeOf(index);
        SplittableRandom rnd = new SplittableRandom(Mix.mix(settings.seed(), index, Salt.EVENT.value));
        meters.settle(t - SasMeters.LAG_MS);
        if (scenario != null) {
            Json j = wire.newEvent(index);
            scenario.body().fill(j, t, rnd);
            return valid(stream, offset, t, j, t - scenario.lagMs(), scenario.key(), rnd);
        }
        if (rnd.nextDouble() < settings.malformedShare()) {
            MalformedRecords.Made bad = malformed.make(stream, index, t, rnd);
            return generated(stream, offset, t, bad.payload(), bad.key(), bad.kind(), false);
        }
        if (rnd.nextDouble() < P_DUPLICATE) {
            Generated earlier = earlierValid(out, streams, pos, stream);
            if (earlier != null)
                return generated(stream, offset, t, earlier.record().payload(), earlier.key(), null, true);
        }
        Json j = wire.newEvent(index);
        String key = background.fill(stream, j, index, t, rnd, null);
        long stamped = rnd.nextDouble() < P_OUT_OF_ORDER ? t - 1 - rnd.nextInt(MAX_BEHIND_MS) : t;
        return valid(stream, offset, t, j, stamped, key, rnd);
    }

    /** A valid event stamped {@code stamped}; a slot event counts into its machine's meters. */
    private Generated valid(
            Source stream, long offset, long t, Json j, long stamped, String key, SplittableRandom rnd) {
        j.raw("event_timestamp", wire.timestamp(stamped, rnd));
        Generated g = generated(stream, offset, t, j.toBytes(), key, null, false);
        if (stream == Source.SLOT) meters.tally(j, stamped);
        return g;
    }

    private Generated generated(
            Source stream, long offset, long t, byte[] payload, String key, Malformed kind, boolean duplicate) {
        return new Generated(new RawRecord(stream, topicOf(stream), 0, offset, t, payload), key, kind, duplicate);
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
        return g.record().source() == Source.SLOT
                && new String(g.record().payload(), StandardCharsets.US_ASCII).contains("\"event_type\":\"METERS\"");
    }
}
