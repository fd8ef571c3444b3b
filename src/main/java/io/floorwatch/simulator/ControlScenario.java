package io.floorwatch.simulator;

import io.floorwatch.config.FloorWatchConfig;
import io.floorwatch.control.ControlBootstrap;
import io.floorwatch.control.ControlInputs;
import io.floorwatch.control.ControlRecord;
import io.floorwatch.event.Source;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated floor's control topic and watchlist (SPEC 8.1, 8.3), deterministic for a seed: a watchlist of a few
 * players who play on the floor from the first minutes (one entry of each list, and one more that is removed again),
 * and an occasional live rule change, once per {@link #CHANGE_EVERY_MS} of floor time, alternating
 * {@code rules.hopper-fill.threshold} between 25 and 20 and {@code rules.jackpot.threshold} between 1500 and 1200.
 * Messages follow the JSON conventions of SPEC 8 (times as ISO-8601 UTC with milliseconds and Z).
 */
public final class ControlScenario {
    /** Floor time between two simulated rule changes. */
    public static final long CHANGE_EVERY_MS = 10 * 60_000L;

    public static final List<String> LISTS = List.of("SELF_EXCLUDED", "STATE_EXCLUDED", "BANNED", "TRESPASSED");

    /** One message: to the watchlist or the control topic, with its Kafka key. */
    public record Message(boolean watchlist, String key, String json) {}

    private final FloorSimulator simulator;

    public ControlScenario(FloorSimulator simulator) {
        this.simulator = simulator;
    }

    static String iso(long epochMs) {
        return WireFormat.iso(epochMs, ZoneOffset.UTC);
    }

    /** The watchlist as it stands before the first event: five players listed, the fifth removed again (six entries). */
    public List<Message> watchlist() {
        long start = simulator.settings().startEpochMs();
        List<String> players = simulator.cardedPlayersAt(start, LISTS.size() + 1);
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < players.size(); i++) {
            String list = LISTS.get(i % LISTS.size());
            out.add(entry(players.get(i), list, "ACTIVE", start - 86_400_000L));
        }
        if (players.size() > LISTS.size())
            out.add(entry(players.get(LISTS.size()), LISTS.get(0), "REMOVED", start - 3_600_000L));
        return out;
    }

    /**
     * What the in-process simulator (demo, {@code sources.mode: simulator}) starts with: the watchlist and the first
     * rule change, both read before the first event (there is no topic to follow there).
     */
    public List<Message> atStart() {
        List<Message> out = new ArrayList<>(watchlist());
        out.add(change(1, simulator.settings().startEpochMs()));
        return out;
    }

    /** The players on the simulated watchlist while it is ACTIVE. */
    public List<String> listedPlayers() {
        return simulator.cardedPlayersAt(simulator.settings().startEpochMs(), LISTS.size());
    }

    private static Message entry(String player, String list, String status, long at) {
        Json j = new Json();
        j.str("player_id", player);
        j.str("list", list);
        j.str("status", status);
        j.str("updated_at", iso(at));
        return new Message(true, player, j.toString());
    }

    /** The rule change due at record {@code index} of the sequence, or null: the first record of each change period but the very first. */
    public Message changeAt(long index) {
        long t = simulator.timeOf(index);
        long start = simulator.settings().startEpochMs();
        long n = (t - start) / CHANGE_EVERY_MS;
        if (n == 0 || index == 0 || (simulator.timeOf(index - 1) - start) / CHANGE_EVERY_MS == n) return null;
        return change(n, t);
    }

    /** Change number {@code n} (1, 2, ...) at floor time {@code t}. */
    Message change(long n, long t) {
        boolean hopper = n % 2 == 1;
        String key = hopper ? "rules.hopper-fill.threshold" : "rules.jackpot.threshold";
        String value = hopper ? ((n / 2) % 2 == 0 ? "25" : "20") : ((n / 2) % 2 == 1 ? "1500" : "1200");
        Json j = new Json();
        j.str("change_id", "sim-" + simulator.settings().seed() + "-" + n);
        j.str("key", key);
        j.str("value", value);
        j.str("changed_by", "simulator");
        j.str("changed_at", iso(t));
        return new Message(false, key, j.toString());
    }

    /** The in-process simulator: its watchlist and a first rule change, read at start (nothing to follow live). */
    public static ControlInputs inputs(FloorWatchConfig cfg) {
        List<ControlRecord> records = new ArrayList<>();
        long offset = 0;
        long watchOffset = 0;
        FloorSimulator simulator = new FloorSimulator(cfg);
        long at = simulator.settings().startEpochMs();
        for (ControlScenario.Message m : new ControlScenario(simulator).atStart()) {
            records.add(
                    m.watchlist()
                            ? ControlRecord.of(
                                    Source.WATCHLIST, "simulator-watchlist", 0, watchOffset++, at, m.key(), m.json())
                            : ControlRecord.of(
                                    Source.CONTROL, "simulator-control", 0, offset++, at, m.key(), m.json()));
        }
        return ControlBootstrap.replay(cfg, records, null, records);
    }
}
