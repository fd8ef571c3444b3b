package io.floorwatch.floor;

import io.floorwatch.event.EntityOperator;
import io.floorwatch.event.FloorEvent;
import io.floorwatch.event.LateEvents;
import io.floorwatch.event.Source;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/**
 * {@code machine_minute}: the running sums of one machine's minute and its row ({@link EntityMinutes} keeps them). The
 * topology feeds it no METERS snapshots (they count in no aggregate, SPEC 8.5); {@code errors} counts ERROR events with
 * a FAULT or OTHER code only, while an ERROR of another category still makes its minute's row exist.
 */
public final class MachineMinuteAggregation {
    private MachineMinuteAggregation() {}

    /** The machines' rows, on a side output of the per-entity operator. */
    public static final OutputTag<MachineMinute> ROWS =
            new OutputTag<>("machine-minutes", TypeInformation.of(MachineMinute.class));

    /** {@code machine_minute} as a part of the per-entity operator, on slot events without METERS (SPEC 8.5). */
    public static EntityOperator.Part<MachineMinute> part(long jackpotThresholdCents, Duration allowedLateness) {
        return new EntityOperator.Part<>(
                "machine-minute-timers",
                e -> e.source == Source.SLOT && !e.isMeters(),
                new EntityMinutes<>(
                        "machine-open-minutes",
                        Acc.class,
                        new Sum(jackpotThresholdCents),
                        allowedLateness,
                        LateEvents.TAG),
                ROWS);
    }

    /** The running sums of one window. A Flink POJO; distinct players as a newline-joined string (a handful per minute). */
    public static class Acc {
        public long spins;
        public long coinInCents;
        public long coinOutCents;
        public long jackpots;
        public long errors;
        public long billsInCents;
        public String players = "";
        public long playerCount;
        public String floorSection;
        /** Rows emitted for this minute so far: the next row's version is one more (EntityMinutes). */
        public long firings;

        public Acc() {}
    }

    /** A machine's minute: the sums of its slot events, and its row ({@link EntityMinutes} calls them). */
    public static class Sum implements EntityMinutes.Sums<Acc, MachineMinute> {
        private static final long serialVersionUID = 1L;
        /** Judges the events that did not enter through the job's floor clock ({@link FloorEvent#paysJackpot}). */
        private final long jackpotThresholdCents;

        public Sum(long jackpotThresholdCents) {
            this.jackpotThresholdCents = jackpotThresholdCents;
        }

        @Override
        public long firings(Acc a) {
            return a.firings;
        }

        @Override
        public MachineMinute fire(String machineId, long windowStart, Acc a) {
            a.firings++;
            return toRow(machineId, windowStart, a, a.firings);
        }

        @Override
        public void add(FloorEvent e, Acc a) {
            if ("GAME_PLAYED".equals(e.eventType)) a.spins++;
            a.coinInCents += e.wager();
            a.coinOutCents += e.payout();
            if (e.paysJackpot(jackpotThresholdCents)) a.jackpots++; // as judged when it entered the job (SPEC 8.1)
            if (e.countsAsError()) a.errors++; // FAULT and OTHER codes only (SPEC 8.5)
            if ("BILL_IN".equals(e.eventType)) a.billsInCents += e.amount();
            if (e.playerId != null && !containsLine(a.players, e.playerId)) {
                a.players = a.players.isEmpty() ? e.playerId : a.players + '\n' + e.playerId;
                a.playerCount++;
            }
            a.floorSection = preferKnown(a.floorSection, e.floorSection);
        }

        /** The latest known section wins; UNKNOWN (no section anywhere) never hides a known one. */
        private static String preferKnown(String current, String next) {
            if (next == null || (current != null && next.equals(FloorSections.UNKNOWN))) return current;
            return next;
        }

        private static boolean containsLine(String lines, String value) {
            int from = 0;
            while (true) {
                int i = lines.indexOf(value, from);
                if (i < 0) return false;
                int end = i + value.length();
                if ((i == 0 || lines.charAt(i - 1) == '\n') && (end == lines.length() || lines.charAt(end) == '\n'))
                    return true;
                from = i + 1;
            }
        }
    }

    /** The row of one machine's minute; {@code version} counts the minute's firings so a late update replaces the row. */
    public static MachineMinute toRow(String machineId, long windowStart, Acc a, long version) {
        MachineMinute m = new MachineMinute();
        m.windowStart = windowStart;
        m.machineId = machineId;
        m.floorSection = a.floorSection == null ? FloorSections.UNKNOWN : a.floorSection;
        m.spins = a.spins;
        m.coinInCents = a.coinInCents;
        m.coinOutCents = a.coinOutCents;
        m.jackpots = a.jackpots;
        m.errors = a.errors;
        m.billsInCents = a.billsInCents;
        m.players = a.playerCount;
        m.version = version;
        return m;
    }
}
