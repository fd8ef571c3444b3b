package io.floorwatch.event;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event types of the four floor streams (SPEC §4), each with its stream and the fields it requires beyond
 * {@code event_id}, {@code event_type}, {@code event_timestamp} and the stream's entity. The one table that the parser
 * validates against and that the simulator draws its malformed records from. {@link FloorEvent#eventType} stays the
 * type's name ({@link #name()} is the wire value).
 */
public enum EventType {
    GAME_PLAYED(Source.SLOT, "wager_amount"),
    JACKPOT(Source.SLOT, "payout_amount"),
    HANDPAY_RESET(Source.SLOT),
    ERROR(Source.SLOT),
    DOOR_OPEN(Source.SLOT),
    DOOR_CLOSED(Source.SLOT),
    BILL_IN(Source.SLOT, "amount"),
    TICKET_OUT(Source.SLOT, "amount"),
    HOPPER_STATUS(Source.SLOT, "hopper_level"),
    HEARTBEAT(Source.SLOT),
    /** SAS meters (SPEC 8.5): no money field, the {@code meters} object instead. */
    METERS(Source.SLOT, "meters"),

    BUY_IN(Source.TABLE, "amount", "payment_method"),
    BET(Source.TABLE),
    PAYOUT(Source.TABLE, "amount"),
    CASH_OUT(Source.TABLE),
    FILL(Source.TABLE, "amount"),
    CREDIT(Source.TABLE, "amount"),
    SHUFFLER_STATUS(Source.TABLE),
    SHUFFLER_ERROR(Source.TABLE),

    ACCESS_GRANTED(Source.SECURITY),
    ACCESS_DENIED(Source.SECURITY),
    DOOR_FORCED(Source.SECURITY),
    ALARM(Source.SECURITY),
    CAMERA_OFFLINE(Source.SECURITY),
    CAMERA_ONLINE(Source.SECURITY),

    CHIP_PURCHASE(Source.CAGE),
    CHIP_REDEMPTION(Source.CAGE),
    FRONT_MONEY_DEPOSIT(Source.CAGE),
    FRONT_MONEY_WITHDRAWAL(Source.CAGE),
    MARKER_PAYMENT(Source.CAGE),
    CHECK_CASHING(Source.CAGE),
    TICKET_REDEMPTION(Source.CAGE);

    private static final Map<String, EventType> BY_NAME = new HashMap<>();

    static {
        for (EventType t : values()) BY_NAME.put(t.name(), t);
    }

    private final Source source;
    private final List<String> requiredFields;

    EventType(Source source, String... requiredFields) {
        this.source = source;
        // every cage transaction states its amount, how it was paid and which way the cash went
        this.requiredFields =
                source == Source.CAGE ? List.of("amount", "payment_method", "direction") : List.of(requiredFields);
    }

    /** The type called {@code name} on {@code source}'s stream, or null when that stream has no such type. */
    public static EventType of(Source source, String name) {
        EventType t = BY_NAME.get(name);
        return t != null && t.source == source ? t : null;
    }

    public Source source() {
        return source;
    }

    /** The fields this type requires besides the ones every event of its stream has. */
    public List<String> requiredFields() {
        return requiredFields;
    }

    public boolean requires(String field) {
        return requiredFields.contains(field);
    }
}
