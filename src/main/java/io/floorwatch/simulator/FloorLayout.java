package io.floorwatch.simulator;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.floor.MachineLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated casino floor: slot machines in sections with grid positions, denominations and theoretical holds, table
 * games, security locations, cameras, cages, staff and players. {@link #generate} is a pure function of (seed,
 * machines, sections, tables, players): the same arguments always give the same floor.
 */
public record FloorLayout(
        long seed,
        List<Machine> machines,
        List<Table> tables,
        List<String> sections,
        List<String> securityLocations,
        List<String> cameras,
        List<String> cages,
        List<String> cageEmployees,
        List<String> badges,
        int players) {

    /** One slot machine. Money in cents, hold in basis points (725 = 7.25 %). */
    public record Machine(
            int index,
            String id,
            String section,
            int x,
            int y,
            long denominationCents,
            int holdBasisPoints,
            double popularity,
            boolean hasHopper,
            long hopperPeriodMs,
            long hopperPhaseMs) {

        /** Credits of a bet at the maximum: many on penny machines, a few on dollar machines. */
        public long maxCredits() {
            return denominationCents <= 1
                    ? 400
                    : denominationCents <= 5 ? 100 : denominationCents <= 25 ? 20 : denominationCents <= 100 ? 5 : 3;
        }

        /** A saw tooth: the hopper drains from 100 % to 14 % over hours, then is refilled. */
        public double hopperLevel(long t) {
            double u = Math.floorMod(t + hopperPhaseMs, hopperPeriodMs) / (double) hopperPeriodMs;
            return u < 0.95 ? 100 - 86 * u / 0.95 : 100;
        }
    }

    /** One table game; bets in cents. */
    public record Table(
            int index, String id, String gameType, boolean hasShuffler, long minBetCents, long maxBetCents) {}

    static final String[] GAME_TYPES = {"BLACKJACK", "BACCARAT", "ROULETTE", "CRAPS", "POKER"};
    private static final double[] GAME_WEIGHTS = {0.40, 0.20, 0.15, 0.10, 0.15};
    private static final long[] MIN_BETS_CENTS = {1000, 2500, 5000, 10000};
    private static final long[] DENOMINATIONS = {1, 5, 25, 100, 500};
    private static final double[] DENOMINATION_WEIGHTS = {0.35, 0.15, 0.25, 0.20, 0.05};
    /** Machines per bank (row) on the grid. */
    private static final int BANK = 10;

    private static final int SECTIONS_PER_ROW = 3;
    private static final List<String> BACK_OF_HOUSE =
            List.of("CAGE-MAIN", "COUNT-ROOM", "VAULT", "EMPLOYEE-ENTRANCE", "LOADING-DOCK", "IT-ROOM");

    public FloorLayout {
        machines = List.copyOf(machines);
        tables = List.copyOf(tables);
        sections = List.copyOf(sections);
        securityLocations = List.copyOf(securityLocations);
        cameras = List.copyOf(cameras);
        cages = List.copyOf(cages);
        cageEmployees = List.copyOf(cageEmployees);
        badges = List.copyOf(badges);
    }

    /** The floor of a seed and its size. */
    public static FloorLayout generate(long seed, int machineCount, int sectionCount, int tableCount, int playerCount) {
        if (machineCount <= 0 || sectionCount <= 0 || tableCount <= 0 || playerCount <= 0) {
            throw new IllegalArgumentException("machines, sections, tables and players must be positive");
        }
        SplittableRandom rnd = new SplittableRandom(Mix.mix(seed, 0x1A70_07L));
        List<String> sections = new ArrayList<>();
        for (int s = 0; s < sectionCount; s++) sections.add(sectionName(s));
        List<Machine> machines = machines(rnd, sections, machineCount);
        List<Table> tables = tables(rnd, tableCount);

        List<String> locations = new ArrayList<>();
        for (String s : sections) locations.add("SLOT-FLOOR-" + s);
        for (int p = 1; p <= Math.max(1, (tableCount + 7) / 8); p++) locations.add("PIT-" + p);
        locations.addAll(BACK_OF_HOUSE);
        List<String> cameras = new ArrayList<>();
        for (String s : sections) for (int c = 1; c <= 4; c++) cameras.add("CAM-" + s + "-" + c);
        return new FloorLayout(
                seed,
                machines,
                tables,
                sections,
                locations,
                cameras,
                List.of("CAGE-1", "CAGE-2", "CAGE-3"),
                numbered("EMP-%04d", 1001, 12),
                numbered("BADGE-%05d", 10001, 200),
                playerCount);
    }

    /** The simulated floor of these settings ({@code simulator.seed}, {@code .machines}, {@code .sections}, ...). */
    public static FloorLayout of(SimulatorSettings s) {
        return generate(s.seed(), s.machines(), s.sections(), s.tables(), s.players());
    }

    /** The simulated floor of this configuration. */
    public static FloorLayout fromConfig(FloorWatchConfig cfg) {
        return of(SimulatorSettings.from(cfg));
    }

    /** Machines fill the sections in contiguous runs; each section is a block of banks on the floor grid. */
    private static List<Machine> machines(SplittableRandom rnd, List<String> sections, int machineCount) {
        int sectionCount = sections.size();
        int perSection = (machineCount + sectionCount - 1) / sectionCount;
        int sectionWidth = BANK + 2;
        int sectionHeight = 2 * ((perSection + BANK - 1) / BANK) + 2;
        List<Machine> machines = new ArrayList<>(machineCount);
        for (int m = 0; m < machineCount; m++) {
            int s = Math.min(sectionCount - 1, m / perSection);
            int j = m - s * perSection;
            int x = (s % SECTIONS_PER_ROW) * sectionWidth + j % BANK;
            int y = (s / SECTIONS_PER_ROW) * sectionHeight + 2 * (j / BANK);
            boolean highLimit = sectionCount >= 3 && s == sectionCount - 1;
            long denom = highLimit
                    ? (rnd.nextDouble() < 0.6 ? 100 : 500)
                    : DENOMINATIONS[Draw.pick(rnd, DENOMINATION_WEIGHTS)];
            int hold = holdFor(denom, rnd);
            double u = rnd.nextDouble();
            // A few crowd favourites and a few machines nobody plays: HOT/COLD have something to find.
            double popularity = u < 0.05
                    ? 3.0 + rnd.nextDouble()
                    : u < 0.12 ? 0.05 + 0.1 * rnd.nextDouble() : 0.6 + 0.8 * rnd.nextDouble();
            boolean hopper = denom <= 25 && rnd.nextDouble() < 0.6;
            long period = (6L + rnd.nextInt(11)) * 3_600_000L;
            long phase = (long) (rnd.nextDouble() * period);
            String id = String.format("SM-%04d", m + 1);
            machines.add(new Machine(m, id, sections.get(s), x, y, denom, hold, popularity, hopper, period, phase));
        }
        return machines;
    }

    private static List<Table> tables(SplittableRandom rnd, int tableCount) {
        List<Table> tables = new ArrayList<>(tableCount);
        String idFormat = tableCount > 99 ? "TG-%03d" : "TG-%02d";
        for (int t = 0; t < tableCount; t++) {
            String game = GAME_TYPES[Draw.pick(rnd, GAME_WEIGHTS)];
            boolean shuffler = !game.equals("ROULETTE") && !game.equals("CRAPS");
            long min = MIN_BETS_CENTS[rnd.nextInt(MIN_BETS_CENTS.length)];
            tables.add(new Table(t, String.format(idFormat, t + 1), game, shuffler, min, min * 100));
        }
        return tables;
    }

    private static List<String> numbered(String format, int first, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) out.add(String.format(format, i));
        return out;
    }

    /** "A".."Z", then "A2".."Z2", ... */
    static String sectionName(int s) {
        char letter = (char) ('A' + s % 26);
        return s < 26 ? String.valueOf(letter) : letter + String.valueOf(s / 26 + 1);
    }

    private static int holdFor(long denominationCents, SplittableRandom rnd) {
        // Lower denominations hold more: pennies 10-12 %, $5 machines 4-6 %.
        int base = denominationCents <= 1
                ? 1000
                : denominationCents <= 5 ? 800 : denominationCents <= 25 ? 700 : denominationCents <= 100 ? 500 : 400;
        return base + rnd.nextInt(201);
    }

    /** The rows of {@code machine_locations}. */
    public List<MachineLocation> machineLocations() {
        List<MachineLocation> out = new ArrayList<>(machines.size());
        for (Machine m : machines)
            out.add(new MachineLocation(m.id(), m.section(), m.x(), m.y(), m.denominationCents()));
        return out;
    }

    /** machine_id -> floor_section. */
    public Map<String, String> sectionOf() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Machine m : machines) out.put(m.id(), m.section());
        return Collections.unmodifiableMap(out);
    }

    /** Any player of the floor's list, each as likely as the others. */
    String anyPlayer(SplittableRandom rnd) {
        return playerId(rnd.nextInt(players));
    }

    /** Player ids are "P-000001" .. "P-{players}". */
    public static String playerId(int index) {
        return String.format("P-%06d", index + 1);
    }
}
