package io.floorwatch.simulator;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.config.Options;
import io.floorwatch.floor.MachineLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated casino floor: slot machines in sections with grid positions, denominations and theoretical
 * holds, table games, security locations, cages, staff and players. A pure function of
 * (seed, machines, sections, tables, players): the same arguments always give the same floor.
 */
public final class FloorLayout {

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
            long hopperPhaseMs) {}

    /** One table game; bets in cents. */
    public record Table(
            int index, String id, String gameType, boolean hasShuffler, long minBetCents, long maxBetCents) {}

    static final String[] GAME_TYPES = {"BLACKJACK", "BACCARAT", "ROULETTE", "CRAPS", "POKER"};
    private static final double[] GAME_WEIGHTS = {0.40, 0.20, 0.15, 0.10, 0.15};
    private static final long[] DENOMINATIONS = {1, 5, 25, 100, 500};
    private static final double[] DENOMINATION_WEIGHTS = {0.35, 0.15, 0.25, 0.20, 0.05};
    /** Machines per bank (row) on the grid. */
    private static final int BANK = 10;

    private static final int SECTIONS_PER_ROW = 3;

    private final long seed;
    private final List<Machine> machines;
    private final List<Table> tables;
    private final List<String> sections;
    private final List<String> securityLocations;
    private final List<String> cameras;
    private final List<String> cages;
    private final List<String> cageEmployees;
    private final List<String> badges;
    private final int players;
    /** Cumulative popularity, for drawing the machine of the next spin. */
    private final double[] machineCumulative;

    private final Map<String, String> sectionOf;

    public FloorLayout(long seed, int machineCount, int sectionCount, int tableCount, int playerCount) {
        if (machineCount <= 0 || sectionCount <= 0 || tableCount <= 0 || playerCount <= 0) {
            throw new IllegalArgumentException("machines, sections, tables and players must be positive");
        }
        this.seed = seed;
        this.players = playerCount;
        SplittableRandom rnd = new SplittableRandom(Mix.mix(seed, 0x1A70_07L));

        List<String> sectionNames = new ArrayList<>();
        for (int s = 0; s < sectionCount; s++) sectionNames.add(sectionName(s));
        this.sections = Collections.unmodifiableList(sectionNames);

        // Machines fill the sections in contiguous runs; each section is a block of banks on the floor grid.
        int perSection = (machineCount + sectionCount - 1) / sectionCount;
        int sectionWidth = BANK + 2;
        int sectionHeight = 2 * ((perSection + BANK - 1) / BANK) + 2;
        List<Machine> ms = new ArrayList<>(machineCount);
        Map<String, String> sectionMap = new LinkedHashMap<>();
        for (int m = 0; m < machineCount; m++) {
            int s = Math.min(sectionCount - 1, m / perSection);
            int j = m - s * perSection;
            int x = (s % SECTIONS_PER_ROW) * sectionWidth + j % BANK;
            int y = (s / SECTIONS_PER_ROW) * sectionHeight + 2 * (j / BANK);
            boolean highLimit = sectionCount >= 3 && s == sectionCount - 1;
            long denom =
                    highLimit ? (rnd.nextDouble() < 0.6 ? 100 : 500) : DENOMINATIONS[pick(rnd, DENOMINATION_WEIGHTS)];
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
            String section = sectionNames.get(s);
            ms.add(new Machine(m, id, section, x, y, denom, hold, popularity, hopper, period, phase));
            sectionMap.put(id, section);
        }
        this.machines = Collections.unmodifiableList(ms);
        this.sectionOf = Collections.unmodifiableMap(sectionMap);
        this.machineCumulative = new double[machineCount];
        double sum = 0;
        for (int m = 0; m < machineCount; m++) {
            sum += ms.get(m).popularity();
            machineCumulative[m] = sum;
        }

        List<Table> ts = new ArrayList<>(tableCount);
        String tableFormat = tableCount > 99 ? "TG-%03d" : "TG-%02d";
        for (int t = 0; t < tableCount; t++) {
            String game = GAME_TYPES[pick(rnd, GAME_WEIGHTS)];
            boolean shuffler = !game.equals("ROULETTE") && !game.equals("CRAPS");
            long min = new long[] {1000, 2500, 5000, 10000}[rnd.nextInt(4)];
            ts.add(new Table(t, String.format(tableFormat, t + 1), game, shuffler, min, min * 100));
        }
        this.tables = Collections.unmodifiableList(ts);

        List<String> locations = new ArrayList<>();
        for (String s : sectionNames) locations.add("SLOT-FLOOR-" + s);
        for (int p = 1; p <= Math.max(1, (tableCount + 7) / 8); p++) locations.add("PIT-" + p);
        locations.addAll(List.of("CAGE-MAIN", "COUNT-ROOM", "VAULT", "EMPLOYEE-ENTRANCE", "LOADING-DOCK", "IT-ROOM"));
        this.securityLocations = Collections.unmodifiableList(locations);
        List<String> cams = new ArrayList<>();
        for (String s : sectionNames) for (int c = 1; c <= 4; c++) cams.add("CAM-" + s + "-" + c);
        this.cameras = Collections.unmodifiableList(cams);
        this.cages = List.of("CAGE-1", "CAGE-2", "CAGE-3");
        List<String> employees = new ArrayList<>();
        for (int e = 1; e <= 12; e++) employees.add(String.format("EMP-%04d", 1000 + e));
        this.cageEmployees = Collections.unmodifiableList(employees);
        List<String> bs = new ArrayList<>();
        for (int b = 1; b <= 200; b++) bs.add(String.format("BADGE-%05d", 10000 + b));
        this.badges = Collections.unmodifiableList(bs);
    }

    /** The simulated floor of this configuration ({@code simulator.seed}, {@code .machines}, {@code .sections}, ...). */
    public static FloorLayout fromConfig(FloorWatchConfig cfg) {
        return new FloorLayout(
                cfg.get(Options.SIMULATOR_SEED),
                cfg.get(Options.SIMULATOR_MACHINES),
                cfg.get(Options.SIMULATOR_SECTIONS),
                cfg.get(Options.SIMULATOR_TABLES),
                cfg.get(Options.SIMULATOR_PLAYERS));
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

    static int pick(SplittableRandom rnd, double[] weights) {
        double u = rnd.nextDouble();
        for (int i = 0; i < weights.length - 1; i++) {
            u -= weights[i];
            if (u < 0) return i;
        }
        return weights.length - 1;
    }

    /** A machine drawn by popularity (busy machines get more play). */
    Machine drawMachine(SplittableRandom rnd) {
        double u = rnd.nextDouble() * machineCumulative[machineCumulative.length - 1];
        int lo = 0;
        int hi = machineCumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (machineCumulative[mid] <= u) lo = mid + 1;
            else hi = mid;
        }
        return machines.get(lo);
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
        return sectionOf;
    }

    public long seed() {
        return seed;
    }

    public List<Machine> machines() {
        return machines;
    }

    public List<Table> tables() {
        return tables;
    }

    public List<String> sections() {
        return sections;
    }

    public List<String> securityLocations() {
        return securityLocations;
    }

    public List<String> cameras() {
        return cameras;
    }

    public List<String> cages() {
        return cages;
    }

    public List<String> cageEmployees() {
        return cageEmployees;
    }

    public List<String> badges() {
        return badges;
    }

    public int players() {
        return players;
    }

    /** Player ids are "P-000001" .. "P-{players}". */
    public static String playerId(int index) {
        return String.format("P-%06d", index + 1);
    }
}
