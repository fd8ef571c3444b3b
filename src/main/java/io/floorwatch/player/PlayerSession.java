package io.floorwatch.player;

/**
 * One row of {@code player_sessions}: a carded player's slot session, ended by
 * {@code rules.player.session-gap} without play. A Flink POJO; money in cents.
 */
public class PlayerSession {
    public String playerId;
    /** Time of the first and last game of the session, epoch ms. */
    public long sessionStart;

    public long sessionEnd;
    public long coinInCents;
    public long games;
    /** coin in / games, rounded half-up to the cent. */
    public long avgBetCents;
    /** coin in x house edge, rounded half-up to the cent. */
    public long theoWinCents;

    public long minutesPlayed;

    public PlayerSession() {}

    @Override
    public String toString() {
        return "PlayerSession[" + playerId + " " + sessionStart + ".." + sessionEnd + " in=" + coinInCents + " games="
                + games + "]";
    }
}
