package io.floorwatch.event;

import java.io.IOException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The wire and state format of {@link FloorEvent}: one presence bit per nullable field, then the fields that are
 * there, written directly. Flink's PojoSerializer reached every field by reflection and wrote a null flag for each of
 * ~30 of them, most of which are null in any one event; it was a third of the CPU of the task that receives the
 * job's one shuffle (docs/performance.md). {@code FloorEventSerializerTest} round-trips every field, so a field added
 * to FloorEvent and not here fails the build. Stateless: one instance serves every task (a serializer singleton).
 */
public final class FloorEventSerializer extends TypeSerializerSingleton<FloorEvent> {
    private static final long serialVersionUID = 1L;
    public static final FloorEventSerializer INSTANCE = new FloorEventSerializer();
    private static final Source[] SOURCES = Source.values();

    // presence bits of the nullable fields, in the order they are written
    private static final int EVENT_ID = 1,
            EVENT_TYPE = 1 << 1,
            ENTITY_ID = 1 << 2,
            MACHINE_ID = 1 << 3,
            WAGER = 1 << 4,
            PAYOUT = 1 << 5,
            DENOMINATION = 1 << 6,
            HOPPER = 1 << 7,
            ERROR_CODE = 1 << 8,
            FLOOR_SECTION = 1 << 9,
            AMOUNT = 1 << 10,
            PLAYER_ID = 1 << 11,
            TABLE_ID = 1 << 12,
            GAME_TYPE = 1 << 13,
            PAYMENT_METHOD = 1 << 14,
            DEALER_ID = 1 << 15,
            LOCATION_ID = 1 << 16,
            BADGE_ID = 1 << 17,
            SEVERITY = 1 << 18,
            DIRECTION = 1 << 19,
            CAGE_ID = 1 << 20,
            EMPLOYEE_ID = 1 << 21,
            EXTRA = 1 << 22,
            TOPIC = 1 << 23,
            SOURCE = 1 << 24,
            // SPEC 8.5, written after every older field: state written before them has neither bit and reads the same
            ERROR_CATEGORY = 1 << 25,
            METERS = 1 << 26,
            // SPEC 8.1, a Boolean in two bits and no byte: judged (or null), and its value
            JACKPOT_JUDGED = 1 << 27,
            JACKPOT_PAYOUT = 1 << 28;
    private static final ErrorCategory[] CATEGORIES = ErrorCategory.values();

    private FloorEventSerializer() {}

    @Override
    public void serialize(FloorEvent e, DataOutputView out) throws IOException {
        int present = bit(e.eventId, EVENT_ID)
                | bit(e.eventType, EVENT_TYPE)
                | bit(e.entityId, ENTITY_ID)
                | bit(e.machineId, MACHINE_ID)
                | bit(e.wagerCents, WAGER)
                | bit(e.payoutCents, PAYOUT)
                | bit(e.denomination, DENOMINATION)
                | bit(e.hopperLevel, HOPPER)
                | bit(e.errorCode, ERROR_CODE)
                | bit(e.floorSection, FLOOR_SECTION)
                | bit(e.amountCents, AMOUNT)
                | bit(e.playerId, PLAYER_ID)
                | bit(e.tableId, TABLE_ID)
                | bit(e.gameType, GAME_TYPE)
                | bit(e.paymentMethod, PAYMENT_METHOD)
                | bit(e.dealerId, DEALER_ID)
                | bit(e.locationId, LOCATION_ID)
                | bit(e.badgeId, BADGE_ID)
                | bit(e.severity, SEVERITY)
                | bit(e.direction, DIRECTION)
                | bit(e.cageId, CAGE_ID)
                | bit(e.employeeId, EMPLOYEE_ID)
                | bit(e.extra, EXTRA)
                | bit(e.topic, TOPIC)
                | bit(e.source, SOURCE)
                | bit(e.errorCategory, ERROR_CATEGORY)
                | bit(e.meters, METERS)
                | (e.jackpotPayout == null ? 0 : JACKPOT_JUDGED | (e.jackpotPayout ? JACKPOT_PAYOUT : 0));
        out.writeInt(present);
        if (e.source != null) out.writeByte(e.source.ordinal());
        out.writeLong(e.eventTime);
        out.writeInt(e.partition);
        out.writeLong(e.offset);
        out.writeLong(e.ingestTime);
        string(e.eventId, out);
        string(e.eventType, out);
        string(e.entityId, out);
        string(e.machineId, out);
        if (e.wagerCents != null) out.writeLong(e.wagerCents);
        if (e.payoutCents != null) out.writeLong(e.payoutCents);
        if (e.denomination != null) {
            byte[] unscaled = e.denomination.unscaledValue().toByteArray();
            out.writeInt(e.denomination.scale());
            out.writeShort(unscaled.length);
            out.write(unscaled);
        }
        if (e.hopperLevel != null) out.writeDouble(e.hopperLevel);
        string(e.errorCode, out);
        string(e.floorSection, out);
        if (e.amountCents != null) out.writeLong(e.amountCents);
        string(e.playerId, out);
        string(e.tableId, out);
        string(e.gameType, out);
        string(e.paymentMethod, out);
        string(e.dealerId, out);
        string(e.locationId, out);
        string(e.badgeId, out);
        string(e.severity, out);
        string(e.direction, out);
        string(e.cageId, out);
        string(e.employeeId, out);
        string(e.extra, out);
        string(e.topic, out);
        if (e.errorCategory != null) out.writeByte(e.errorCategory.ordinal());
        if (e.meters != null) {
            Meters m = e.meters;
            out.writeLong(m.coinIn);
            out.writeLong(m.coinOut);
            out.writeLong(m.jackpot);
            out.writeLong(m.billsIn);
            out.writeLong(m.gamesPlayed);
            out.writeByte(m.digits);
        }
    }

    @Override
    public FloorEvent deserialize(DataInputView in) throws IOException {
        return deserialize(new FloorEvent(), in);
    }

    @Override
    public FloorEvent deserialize(FloorEvent e, DataInputView in) throws IOException {
        int p = in.readInt();
        e.source = (p & SOURCE) != 0 ? SOURCES[in.readByte()] : null;
        e.eventTime = in.readLong();
        e.partition = in.readInt();
        e.offset = in.readLong();
        e.ingestTime = in.readLong();
        e.eventId = string(p, EVENT_ID, in);
        e.eventType = string(p, EVENT_TYPE, in);
        e.entityId = string(p, ENTITY_ID, in);
        e.machineId = string(p, MACHINE_ID, in);
        e.wagerCents = (p & WAGER) != 0 ? in.readLong() : null;
        e.payoutCents = (p & PAYOUT) != 0 ? in.readLong() : null;
        if ((p & DENOMINATION) != 0) {
            int scale = in.readInt();
            byte[] unscaled = new byte[in.readShort()];
            in.readFully(unscaled);
            e.denomination = new BigDecimal(new BigInteger(unscaled), scale);
        } else {
            e.denomination = null;
        }
        e.hopperLevel = (p & HOPPER) != 0 ? in.readDouble() : null;
        e.errorCode = string(p, ERROR_CODE, in);
        e.floorSection = string(p, FLOOR_SECTION, in);
        e.amountCents = (p & AMOUNT) != 0 ? in.readLong() : null;
        e.playerId = string(p, PLAYER_ID, in);
        e.tableId = string(p, TABLE_ID, in);
        e.gameType = string(p, GAME_TYPE, in);
        e.paymentMethod = string(p, PAYMENT_METHOD, in);
        e.dealerId = string(p, DEALER_ID, in);
        e.locationId = string(p, LOCATION_ID, in);
        e.badgeId = string(p, BADGE_ID, in);
        e.severity = string(p, SEVERITY, in);
        e.direction = string(p, DIRECTION, in);
        e.cageId = string(p, CAGE_ID, in);
        e.employeeId = string(p, EMPLOYEE_ID, in);
        e.extra = string(p, EXTRA, in);
        e.topic = string(p, TOPIC, in);
        e.errorCategory = (p & ERROR_CATEGORY) != 0 ? CATEGORIES[in.readByte()] : null;
        e.meters = (p & METERS) != 0
                ? new Meters(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readByte())
                : null;
        e.jackpotPayout = (p & JACKPOT_JUDGED) != 0 ? (p & JACKPOT_PAYOUT) != 0 : null;
        return e;
    }

    private static int bit(Object value, int bit) {
        return value == null ? 0 : bit;
    }

    private static void string(String s, DataOutputView out) throws IOException {
        if (s != null) FlinkStrings.write(s, out);
    }

    private static String string(int present, int bit, DataInputView in) throws IOException {
        return (present & bit) != 0 ? FlinkStrings.read(in) : null;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public FloorEvent copy(FloorEvent from) {
        FloorEvent e = new FloorEvent();
        e.source = from.source;
        e.eventId = from.eventId;
        e.eventType = from.eventType;
        e.eventTime = from.eventTime;
        e.entityId = from.entityId;
        e.machineId = from.machineId;
        e.wagerCents = from.wagerCents;
        e.payoutCents = from.payoutCents;
        e.denomination = from.denomination;
        e.hopperLevel = from.hopperLevel;
        e.errorCode = from.errorCode;
        e.floorSection = from.floorSection;
        e.amountCents = from.amountCents;
        e.playerId = from.playerId;
        e.tableId = from.tableId;
        e.gameType = from.gameType;
        e.paymentMethod = from.paymentMethod;
        e.dealerId = from.dealerId;
        e.locationId = from.locationId;
        e.badgeId = from.badgeId;
        e.severity = from.severity;
        e.direction = from.direction;
        e.cageId = from.cageId;
        e.employeeId = from.employeeId;
        e.extra = from.extra;
        e.topic = from.topic;
        e.errorCategory = from.errorCategory;
        e.meters = from.meters == null
                ? null
                : new Meters(
                        from.meters.coinIn,
                        from.meters.coinOut,
                        from.meters.jackpot,
                        from.meters.billsIn,
                        from.meters.gamesPlayed,
                        from.meters.digits);
        e.jackpotPayout = from.jackpotPayout;
        e.partition = from.partition;
        e.offset = from.offset;
        e.ingestTime = from.ingestTime;
        return e;
    }

    @Override
    public FloorEvent copy(FloorEvent from, FloorEvent reuse) {
        return copy(from);
    }

    @Override
    public FloorEvent createInstance() {
        return new FloorEvent();
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public TypeSerializerSnapshot<FloorEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Restores the serializer from checkpoints and savepoints (a public no-arg constructor is required). State written by
     * FloorWatch 1.x with Flink's PojoSerializer (events held by CEP rules) is migrated on restore: read with the old
     * serializer, written with this one.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FloorEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<FloorEvent> resolveSchemaCompatibility(
                TypeSerializerSnapshot<FloorEvent> old) {
            if (old instanceof PojoSerializerSnapshot<?>)
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            return super.resolveSchemaCompatibility(old);
        }
    }

    /** Makes Flink use this serializer wherever a FloorEvent travels or is kept ({@code @TypeInfo} on the class). */
    public static final class Factory extends TypeInfoFactory<FloorEvent> {
        @Override
        public TypeInformation<FloorEvent> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new Info();
        }
    }

    /** The type information of {@link FloorEvent}: an opaque type with {@link FloorEventSerializer}. */
    public static final class Info extends TypeInformation<FloorEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<FloorEvent> getTypeClass() {
            return FloorEvent.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<FloorEvent> createSerializer(SerializerConfig config) {
            return INSTANCE;
        }

        @Override
        public String toString() {
            return "FloorEvent";
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof Info;
        }

        @Override
        public int hashCode() {
            return Info.class.hashCode();
        }

        @Override
        public boolean canEqual(Object obj) {
            return obj instanceof Info;
        }
    }
}
