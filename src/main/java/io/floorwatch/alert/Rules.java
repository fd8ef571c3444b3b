package io.floorwatch.alert;

import java.util.Set;

/** The rule ids of SPEC §5 and the entity types they name. */
public final class Rules {
    public static final String JACKPOT = "JACKPOT";
    public static final String W2G_REQUIRED = "W2G_REQUIRED";
    public static final String HANDPAY_WAIT = "HANDPAY_WAIT";
    public static final String REPEAT_JACKPOTS = "REPEAT_JACKPOTS";
    public static final String MACHINE_ERRORS = "MACHINE_ERRORS";
    public static final String MACHINE_CRITICAL = "MACHINE_CRITICAL";
    public static final String MACHINE_OFFLINE = "MACHINE_OFFLINE";
    public static final String HOPPER_FILL = "HOPPER_FILL";
    public static final String HOT_MACHINE = "HOT_MACHINE";
    public static final String COLD_MACHINE = "COLD_MACHINE";
    public static final String FLOOR_ANOMALY = "FLOOR_ANOMALY";
    public static final String CTR_REQUIRED = "CTR_REQUIRED";
    /** SPEC §8.4: a player's day total reached rules.ctr.warn-at without going over the CTR threshold. */
    public static final String CTR_APPROACHING = "CTR_APPROACHING";

    public static final String SAR_STRUCTURING = "SAR_STRUCTURING";
    public static final String SHUFFLER_MAINTENANCE = "SHUFFLER_MAINTENANCE";
    public static final String SECURITY_ALARM = "SECURITY_ALARM";
    public static final String UNATTENDED_DOOR_OPEN = "UNATTENDED_DOOR_OPEN";
    public static final String STALE_SOURCE = "STALE_SOURCE";
    // SPEC 8.5: SAS exception codes and meters
    public static final String INTEGRITY_EVENT = "INTEGRITY_EVENT";
    public static final String POWER_OFF_ACCESS = "POWER_OFF_ACCESS";
    public static final String METER_RESET = "METER_RESET";
    public static final String METER_VARIANCE = "METER_VARIANCE";
    /** SPEC 8.3: a watchlisted (ACTIVE) player's event, once per player and gaming day. */
    public static final String EXCLUDED_PATRON = "EXCLUDED_PATRON";
    /** SPEC 8.3: a payout to a watchlisted player, once per paying event. */
    public static final String EXCLUDED_PATRON_PAYOUT = "EXCLUDED_PATRON_PAYOUT";

    public static final String MACHINE = "machine";
    public static final String TABLE = "table";
    public static final String PLAYER = "player";
    public static final String LOCATION = "location";
    public static final String FLOOR = "floor";
    public static final String SOURCE = "source";

    /** Compliance alerts go only to the compliance endpoint, never to the floor's (nor PagerDuty, Alertmanager). */
    public static final Set<String> COMPLIANCE = Set.of(CTR_REQUIRED, CTR_APPROACHING, SAR_STRUCTURING);

    private Rules() {}

    public static boolean isCompliance(String rule) {
        return COMPLIANCE.contains(rule);
    }
}
