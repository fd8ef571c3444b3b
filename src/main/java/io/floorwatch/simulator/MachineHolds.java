package io.floorwatch.simulator;

import io.floorwatch.simulator.FloorLayout.Machine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Machines that staged scenarios take out of background play for a span of record indexes. */
final class MachineHolds {
    enum Kind {
        /** Dark (powered off, offline): the machine sends nothing at all. */
        DARK,
        /** Locked for a handpay: no play, but the machine still reports. */
        LOCKED
    }

    private record Hold(long from, long to, Kind kind) {}

    private final Map<Integer, List<Hold>> byMachine = new HashMap<>();

    /** Holds {@code m} from record index {@code from} (inclusive) to {@code to} (exclusive). */
    void add(Machine m, long from, long to, Kind kind) {
        byMachine.computeIfAbsent(m.index(), x -> new ArrayList<>(2)).add(new Hold(from, to, kind));
    }

    /** Whether {@code m} may send a background event at record {@code index}: play, or (with forPlay false) any. */
    boolean available(Machine m, long index, boolean forPlay) {
        List<Hold> hs = byMachine.get(m.index());
        if (hs == null) return true;
        for (Hold h : hs) if (index >= h.from && index < h.to && (h.kind == Kind.DARK || forPlay)) return false;
        return true;
    }

    /** Forgets the holds that end at or before record {@code index}. */
    void dropEndedBy(long index) {
        for (Iterator<List<Hold>> it = byMachine.values().iterator(); it.hasNext(); ) {
            List<Hold> hs = it.next();
            hs.removeIf(h -> h.to <= index);
            if (hs.isEmpty()) it.remove();
        }
    }

    void clear() {
        byMachine.clear();
    }
}
