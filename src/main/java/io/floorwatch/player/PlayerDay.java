package io.floorwatch.player;

/**
 * The state of one player on one gaming day in {@link PlayerActivity} (a Flink POJO): the rating so far, the open
 * session part, which offers went out and whether EXCLUDED_PATRON fired. Money in cents.
 */
public class PlayerDay {
    /** Slot events counted (the rating's version); 0 = only table / cage events: no rating row. */
    public long version;

    public long coinInCents;
    public long games;
    /** Minutes of the day's closed session parts. */
    public long closedMinutes;
    /** Session parts with play in the day (the open one included). */
    public long sessions;
    /** First and last play of the open session part; meaningful when sessions > 0. */
    public long partFirst;

    public long partLast;
    /** Time of the latest counted slot event. */
    public long lastSeen = Long.MIN_VALUE;
    /** Rule ids offered this day, each followed by ','. */
    public String offered = "";

    public boolean excludedAlerted;
    /** Counted since the last rating row was emitted. */
    public boolean dirty;
    /** When dirty: the floor time (a minute end) at which its rating row is emitted. */
    public long rowAt;

    public PlayerDay() {}

    /** minutes_played (SPEC 8.2): the closed parts plus the open one, each ⌈(last − first) / 1 min⌉, at least 1. */
    public long minutesPlayed() {
        return sessions == 0 ? closedMinutes : closedMinutes + PlayerSessions.minutesPlayed(partFirst, partLast);
    }

    /** One play (GAME_PLAYED) at {@code t}, counted in event-time order: a gap longer than {@code gapMs} starts a part. */
    public void play(long t, long gapMs) {
        if (sessions == 0) {
            sessions = 1;
            partFirst = partLast = t;
        } else if (t - partLast > gapMs) {
            closedMinutes += PlayerSessions.minutesPlayed(partFirst, partLast);
            sessions++;
            partFirst = partLast = t;
        } else if (t > partLast) {
            partLast = t;
        } else if (t < partFirst) {
            partFirst = t; // a late play inside the open part (counted out of order): it widens it
        }
    }

    public boolean offered(String ruleId) {
        return offered.contains(ruleId + ",")
                && (offered.startsWith(ruleId + ",") || offered.contains("," + ruleId + ","));
    }

    public void markOffered(String ruleId) {
        offered = offered + ruleId + ",";
    }
}
