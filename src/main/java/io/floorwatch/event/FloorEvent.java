package io.floorwatch.event;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One validated, normalised event of any of the four streams.
 *
 * <p>Serialized by {@link FloorEventSerializer} (never Kryo, never reflection): a new field must be added there too,
 * which {@code FloorEventSerializerTest} enforces. Money is in exact cents ({@code Long}, null when absent); the event
 * time is UTC epoch milliseconds. Fields that a stream does not have stay null.
 */
@TypeInfo(FloorEventSerializer.Factory.class)
public class FloorEvent {
    public Source source;
    public String eventId;
    public String eventType;
    /** Event time, UTC epoch milliseconds. */
    public long eventTime;
    /** machine_id, table_id, location_id or player_id, by stream. */
    public String entityId;

    // slot
    public String machineId;
    public Long wagerCents;
    public Long payoutCents;
    public BigDecimal denomination;
    public Double hopperLevel;
    public String errorCode;
    /** The SAS category of {@link #errorCode} on ERROR events (SPEC 8.5), else null. */
    public ErrorCategory errorCategory;
    /** The meters of a METERS event, else null. */
    public Meters meters;
    /**
     * Whether this slot event pays at least {@code rules.jackpot.threshold} as in force when it entered the job (SPEC
     * 8.1: the floor clock judges it once, so every rule that counts jackpots agrees on it); null when not judged (an
     * event built elsewhere: see {@link #paysJackpot}).
     */
    public Boolean jackpotPayout;

    public String floorSection;

    // slot, table and cage
    public Long amountCents;
    public String playerId;

    // table
    public String tableId;
    public String gameType;
    public String paymentMethod;
    public String dealerId;

    // security
    public String locationId;
    public String badgeId;
    public String severity;

    // cage
    public String direction;
    public String cageId;
    public String employeeId;

    /** Unknown extra fields of the record as a JSON object string, or null. */
    public String extra;

    // where it came from (reconciliation, latency)
    public String topic;
    public int partition;
    public long offset;
    /** Kafka append time (or creation time for the simulator), epoch ms; used for latency. */
    public long ingestTime;

    public FloorEvent() {}

    public long wager() {
        return wagerCents == null ? 0 : wagerCents;
    }

    public long payout() {
        return payoutCents == null ? 0 : payoutCents;
    }

    public long amount() {
        return amountCents == null ? 0 : amountCents;
    }

    /**
     * Whether this is an ERROR that counts as one where SPEC §5 counts ERROR events: a FAULT or OTHER code (SPEC 8.5).
     * An ERROR without a category (built elsewhere than by the parser) is judged by the default code table.
     */
    public boolean countsAsError() {
        if (source != Source.SLOT || !"ERROR".equals(eventType)) return false;
        ErrorCategory c = errorCategory != null ? errorCategory : SasCodes.DEFAULTS.categoryOf(errorCode);
        return c.countsAsError();
    }

    /**
     * Whether this is a slot event paying at least the jackpot threshold: as judged when it entered the job
     * ({@link #jackpotPayout}), else against {@code thresholdCents}.
     */
    public boolean paysJackpot(long thresholdCents) {
        if (source != Source.SLOT) return false;
        if (jackpotPayout != null) return jackpotPayout;
        return payoutReaches(thresholdCents);
    }

    /** Whether the payout is at least {@code thresholdCents}: the jackpot test itself, whatever was judged before. */
    public boolean payoutReaches(long thresholdCents) {
        return payoutCents != null && payoutCents >= thresholdCents;
    }

    /** A METERS snapshot (SPEC 8.5): activity, but part of no aggregate. */
    public boolean isMeters() {
        return source == Source.SLOT && METERS.equals(eventType);
    }

    public static final String METERS = "METERS";

    public boolean is(Source s, String type) {
        return source == s && type.equals(eventType);
    }

    /** The entity within its stream, e.g. {@code slot/SM-0042}: the key that keeps an entity's events in order. */
    public String entityKey() {
        return source.code() + '/' + entityId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloorEvent e && Arrays.equals(compared(), e.compared());
    }

    /** What two equal events share: every field but {@link #ingestTime} (when a copy was read is not the event). */
    private Object[] compared() {
        return new Object[] {
            source,
            eventId,
            eventType,
            eventTime,
            entityId,
            machineId,
            wagerCents,
            payoutCents,
            denomination,
            hopperLevel,
            errorCode,
            errorCategory,
            meters,
            jackpotPayout,
            floorSection,
            amountCents,
            playerId,
            tableId,
            gameType,
            paymentMethod,
            dealerId,
            locationId,
            badgeId,
            severity,
            direction,
            cageId,
            employeeId,
            extra,
            topic,
            partition,
            offset
        };
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, eventId, eventTime);
    }

    @Override
    public String toString() {
        return source + "/" + eventType + "/" + eventId + "@" + eventTime + "[" + entityId + "]";
    }
}
