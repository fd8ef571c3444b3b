package io.floorwatch.player;

/**
 * One version of a {@code player_ratings} row (SPEC 8.2): a carded player's rating for one gaming day, from that
 * player's slot events. Money in cents. {@code version} = slot events counted in the row so far (ReplacingMergeTree
 * version: a replay never moves it backwards). A Flink POJO.
 */
public class PlayerRating {
    public String playerId;
    /** The gaming day, "YYYY-MM-DD" (the local date it starts on). */
    public String gamingDay;

    public long coinInCents;
    public long games;
    public long avgBetCents;
    public long theoWinCents;
    public long minutesPlayed;
    public long sessions;
    /** Time of the latest counted event, epoch ms. */
    public long lastSeen;

    public long version;

    public PlayerRating() {}

    @Override
    public String toString() {
        return "PlayerRating[" + playerId + " " + gamingDay + " coinIn=" + coinInCents + " games=" + games + " avgBet="
                + avgBetCents
                + " theo=" + theoWinCents + " minutes=" + minutesPlayed + " sessions=" + sessions + " lastSeen="
                + lastSeen
                + " v" + version + "]";
    }
}
