package io.floorwatch.simulator;

import io.floorwatch.simulator.FloorLayout.Machine;
import io.floorwatch.simulator.Mix.Salt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Who plays carded at which machine: a function of (machine, time) in card sessions of 15 minutes. */
final class CardSessions {
    private static final long SESSION_MS = 15 * 60_000L;
    /** Slot play is carded this often; the rest is anonymous. */
    private static final double CARDED_SHARE = 0.55;

    private final long seed;
    private final FloorLayout layout;

    CardSessions(long seed, FloorLayout layout) {
        this.seed = seed;
        this.layout = layout;
    }

    /** The carded player at a machine in the session of floor time {@code t}, or null for uncarded play. */
    String playerAt(Machine m, long t) {
        long h = Mix.mix(seed, m.index(), Math.floorDiv(t, SESSION_MS), Salt.CARD_SESSION.value);
        if ((h & 0xFFFF) >= CARDED_SHARE * 0x10000) return null;
        return FloorLayout.playerId((int) Math.floorMod(h >>> 16, (long) layout.players()));
    }

    /** Up to {@code n} distinct players carded in at the floor's machines (machine order) at floor time {@code t}. */
    List<String> playersAt(long t, int n) {
        Set<String> out = new LinkedHashSet<>();
        for (Machine m : layout.machines()) {
            String p = playerAt(m, t);
            if (p != null) out.add(p);
            if (out.size() >= n) break;
        }
        return new ArrayList<>(out);
    }
}
