package io.floorwatch.player;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One offer (SPEC 8.2): a row of {@code player_offers} and a message of {@code kafka.topics.offers}. Money in cents
 * ({@code value} too: points of a POINTS reward are stored like dollars, 500 points = 500.00). A Flink POJO.
 */
public class PlayerOffer {
    /** Stable from rule, player and gaming day ({@link #idOf}): a replay re-derives it. */
    public String offerId;

    public String playerId;
    public String ruleId;
    public String reward;
    public long valueCents;
    /** "YYYY-MM-DD". */
    public String gamingDay;
    /** The rating after the triggering event. */
    public long theoWinCents;

    public long coinInCents;
    public long minutesPlayed;
    /** Of the triggering slot event. */
    public String machineId;
    /** The triggering event's time, epoch ms. */
    public long eventTime;
    /** Processing time of the decision, epoch ms. */
    public long detectedAt;

    public PlayerOffer() {}

    /** The first 128 bits of SHA-256 over "offer", rule, player and gaming day, as hex. */
    public static String idOf(String ruleId, String playerId, String gamingDay) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(("offer\u0000" + ruleId + '\u0000' + playerId + '\u0000' + gamingDay)
                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "PlayerOffer[" + ruleId + " " + playerId + " " + gamingDay + " " + reward + " " + valueCents + " @"
                + eventTime + " theo=" + theoWinCents + " coinIn=" + coinInCents + " minutes=" + minutesPlayed + " "
                + machineId + "]";
    }
}
