package io.floorwatch.console;

import io.floorwatch.alert.Alert;
import io.floorwatch.alert.Rules;
import io.floorwatch.alert.Severity;
import io.floorwatch.control.RuleChange;
import io.floorwatch.event.Money;
import io.floorwatch.floor.FloorMinute;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the floor manager's terminal shows: per section, the latest completed minute and the last 15 minutes
 * (spins, coin in, coin out, hold %, active machines), floor totals, alert counters and the latest alerts.
 * Compliance stays with compliance (SPEC §8.4): CTR, CTR_APPROACHING, SAR, W-2G and MTL entries are shown as counts
 * only; compliance alerts never appear in the list of recent alerts (they name players).
 * Thread-safe: sink writers add rows while the renderer reads. At most 100 columns wide.
 */
public final class FloorView {
    static final int WIDTH = 100;
    private static final long MINUTE = 60_000L;
    private static final int KEEP_MINUTES = 60;
    private static final int KEEP_ALERTS = 12;
    private static final int TRAILING_MINUTES = 15;

    private final TreeMap<Long, Map<String, SectionMinute>> minutes = new TreeMap<>();
    private final ArrayDeque<Alert> recentAlerts = new ArrayDeque<>();
    private static final int KEEP_RULE_CHANGES = 4;
    private final ArrayDeque<RuleChange> ruleChanges = new ArrayDeque<>();
    private final EnumMap<Severity, Long> firingBySeverity = new EnumMap<>(Severity.class);
    private long resolved;
    /** Firing compliance alerts by rule, W-2G forms and MTL entries: counts, never who. */
    private final TreeMap<String, Long> complianceCounts = new TreeMap<>();

    private long mtlEntries;
    private long updates;
    private final LongAdder events = new LongAdder();

    public synchronized void addMinute(FloorMinute row) {
        Map<String, SectionMinute> bySection = minutes.computeIfAbsent(row.windowStart, w -> new HashMap<>());
        SectionMinute previous = bySection.get(row.floorSection);
        // A late update of the same window carries a higher version and replaces the row.
        if (previous == null || row.version >= previous.version())
            bySection.put(row.floorSection, SectionMinute.of(row));
        while (minutes.size() > KEEP_MINUTES) minutes.pollFirstEntry();
        updates++;
    }

    public synchronized void addAlert(Alert alert) {
        if (Alert.FIRING.equals(alert.status) && (alert.isCompliance() || Rules.W2G_REQUIRED.equals(alert.rule))) {
            complianceCounts.merge(alert.rule, 1L, Long::sum);
        }
        if (alert.isCompliance()) {
            // counted above and in the severity totals, never listed: a CTR or SAR names the player
            if (alert.severity != null && Alert.FIRING.equals(alert.status))
                firingBySeverity.merge(alert.severity, 1L, Long::sum);
            updates++;
            return;
        }
        recentAlerts.addFirst(alert);
        while (recentAlerts.size() > KEEP_ALERTS) recentAlerts.removeLast();
        if (Alert.RESOLVED.equals(alert.status)) resolved++;
        else if (alert.severity != null) firingBySeverity.merge(alert.severity, 1L, Long::sum);
        updates++;
    }

    /** Counts an mtl_entries row (the row itself is not kept: it names a player). */
    public synchronized void countMtlEntry() {
        mtlEntries++;
        updates++;
    }

    /** A control-topic change (SPEC 8.1), applied or rejected: the latest few are shown under the alerts. */
    public synchronized void addRuleChange(RuleChange change) {
        ruleChanges.addFirst(change);
        while (ruleChanges.size() > KEEP_RULE_CHANGES) ruleChanges.removeLast();
        updates++;
    }

    /** Counts input events, for the events/s figure (optional: the job may not report them). */
    public void countEvents(long n) {
        events.add(n);
    }

    public long eventsCounted() {
        return events.sum();
    }

    /** Increases with every row or alert added: lets a non-terminal renderer print only when something changed. */
    public synchronized long updates() {
        return updates;
    }

    public synchronized void clear() {
        minutes.clear();
        recentAlerts.clear();
        ruleChanges.clear();
        firingBySeverity.clear();
        complianceCounts.clear();
        mtlEntries = 0;
        resolved = 0;
        updates = 0;
        events.reset();
    }

    /**
     * The view as text.
     *
     * @param now wall-clock time of the frame, epoch ms
     * @param eventsPerSecond input rate, or a negative number when unknown
     * @param zone time zone the times are shown in
     */
    public synchronized String render(long now, double eventsPerSecond, ZoneId zone) {
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
        String zoneName = zone.getDisplayName(TextStyle.SHORT, Locale.US);
        StringBuilder out = new StringBuilder(4096);
        String title = "FloorWatch - live floor view";
        String clock =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                                .withZone(zone)
                                .format(Instant.ofEpochMilli(now)) + " " + zoneName;
        out.append(title)
                .append(" ".repeat(Math.max(1, WIDTH - title.length() - clock.length())))
                .append(clock)
                .append('\n');

        StringBuilder status = new StringBuilder();
        if (!minutes.isEmpty()) {
            status.append("floor time ")
                    .append(hm.format(Instant.ofEpochMilli(minutes.lastKey() + MINUTE)))
                    .append("  ");
        }
        status.append("events/s ")
                .append(eventsPerSecond < 0 ? "-" : String.format(Locale.US, "%,.0f", eventsPerSecond));
        status.append("  alerts");
        for (Severity s : Severity.values())
            status.append(' ').append(s.name()).append(' ').append(firingBySeverity.getOrDefault(s, 0L));
        status.append("  resolved ").append(resolved);
        out.append(fit(status.toString())).append('\n');
        out.append(fit(String.format(
                        Locale.US,
                        "compliance (counts only)  CTR %d  CTR approaching %d  SAR %d  W-2G %d  MTL entries %d",
                        complianceCounts.getOrDefault(Rules.CTR_REQUIRED, 0L),
                        complianceCounts.getOrDefault(Rules.CTR_APPROACHING, 0L),
                        complianceCounts.getOrDefault(Rules.SAR_STRUCTURING, 0L),
                        complianceCounts.getOrDefault(Rules.W2G_REQUIRED, 0L),
                        mtlEntries)))
                .append('\n');
        out.append("-".repeat(WIDTH)).append('\n');

        if (minutes.isEmpty()) {
            out.append("waiting for the first completed minute of play ...\n");
        } else {
            long latest = minutes.lastKey();
            String minuteLabel = "Minute " + hm.format(Instant.ofEpochMilli(latest)) + "-"
                    + hm.format(Instant.ofEpochMilli(latest + MINUTE));
            out.append(
                    String.format("%-58s| %s%n", "          " + minuteLabel, "Last " + TRAILING_MINUTES + " minutes"));
            out.append(String.format(
                    "%-8s%8s%14s%14s%9s%7s | %9s%15s%9s%n",
                    "Section", "Spins", "Coin in", "Coin out", "Hold %", "Active", "Spins", "Coin in", "Hold %"));
            TreeSet<String> sections = new TreeSet<>();
            Map<String, long[]> trailing = new TreeMap<>();
            for (Map<String, SectionMinute> minute : minutes.tailMap(latest - (TRAILING_MINUTES - 1) * MINUTE, true)
                    .values()) {
                for (Map.Entry<String, SectionMinute> e : minute.entrySet()) {
                    sections.add(e.getKey());
                    long[] t = trailing.computeIfAbsent(e.getKey(), s -> new long[3]);
                    t[0] += e.getValue().spins();
                    t[1] += e.getValue().coinInCents();
                    t[2] += e.getValue().coinOutCents();
                }
            }
            Map<String, SectionMinute> last = minutes.get(latest);
            long[] totalMinute = new long[4];
            long[] totalTrailing = new long[3];
            for (String section : sections) {
                SectionMinute m = last.getOrDefault(section, SectionMinute.NONE);
                long spins = m.spins();
                long in = m.coinInCents();
                long outCents = m.coinOutCents();
                long active = m.activeMachines();
                long[] t = trailing.get(section);
                out.append(row(section, spins, in, outCents, active, t)).append('\n');
                totalMinute[0] += spins;
                totalMinute[1] += in;
                totalMinute[2] += outCents;
                totalMinute[3] += active;
                for (int i = 0; i < 3; i++) totalTrailing[i] += t[i];
            }
            out.append(row("TOTAL", totalMinute[0], totalMinute[1], totalMinute[2], totalMinute[3], totalTrailing))
                    .append('\n');
        }
        out.append("-".repeat(WIDTH)).append('\n');
        out.append("Recent alerts (newest first)\n");
        if (recentAlerts.isEmpty()) out.append("none yet\n");
        for (Alert a : recentAlerts) {
            String head = String.format(
                    "%-8s %-8s %-20s %-12s ",
                    hms.format(Instant.ofEpochMilli(a.eventTime)),
                    a.severity == null ? "-" : a.severity.name(),
                    cut(a.rule, 20),
                    cut(a.entityId, 12));
            String summary =
                    (Alert.RESOLVED.equals(a.status) ? "resolved: " : "") + (a.summary == null ? "" : a.summary);
            out.append(fit(head + summary)).append('\n');
        }
        if (!ruleChanges.isEmpty()) {
            out.append("-".repeat(WIDTH)).append('\n');
            out.append("Rule changes (newest first)\n");
            for (RuleChange c : ruleChanges) {
                String head = String.format(
                        "%-8s %-8s %-12s ",
                        hms.format(Instant.ofEpochMilli(c.appliedAt)),
                        cut(c.status == null ? null : c.status.name(), 8),
                        cut(c.changeId, 12));
                String what = c.key + " " + (c.oldValue == null ? "(none)" : c.oldValue) + " -> "
                        + (c.newValue == null ? "(none)" : c.newValue)
                        + (c.changedBy == null ? "" : " by " + c.changedBy)
                        + (c.message == null ? "" : ": " + c.message);
                out.append(fit(head + what)).append('\n');
            }
        }
        return out.toString();
    }

    private static String row(String section, long spins, long in, long outCents, long active, long[] trailing) {
        return String.format(
                Locale.US,
                "%-8s%,8d%14s%14s%9s%7d | %,9d%15s%9s",
                cut(section, 8),
                spins,
                Money.format(in),
                Money.format(outCents),
                hold(in, outCents),
                active,
                trailing[0],
                Money.format(trailing[1]),
                hold(trailing[1], trailing[2]));
    }

    /** Hold % = (coin in - coin out) / coin in, one decimal; "-" without coin in. */
    static String hold(long coinIn, long coinOut) {
        if (coinIn <= 0) return "-";
        long tenths = Math.round((coinIn - coinOut) * 1000.0 / coinIn);
        return String.format(Locale.US, "%.1f %%", tenths / 10.0);
    }

    private static String cut(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max - 1) + "~";
    }

    private static String fit(String line) {
        return line.length() <= WIDTH ? line : line.substring(0, WIDTH - 3) + "...";
    }

    /** What the view shows of one section's minute: a copy, as Flink may reuse the row object it was handed. */
    private record SectionMinute(long spins, long coinInCents, long coinOutCents, long activeMachines, long version) {
        static final SectionMinute NONE = new SectionMinute(0, 0, 0, 0, 0);

        static SectionMinute of(FloorMinute r) {
            return new SectionMinute(r.spins, r.coinInCents, r.coinOutCents, r.activeMachines, r.version);
        }
    }

    /** The alerts currently listed, newest first (for tests). */
    public synchronized List<Alert> recentAlerts() {
        return new ArrayList<>(recentAlerts);
    }
}
