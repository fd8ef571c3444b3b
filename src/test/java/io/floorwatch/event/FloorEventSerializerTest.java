package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class FloorEventSerializerTest {
    private static final TypeSerializer<FloorEvent> SERIALIZER = FloorEventSerializer.INSTANCE;

    /** Every instance field set to a value of its own, different from every other field's and from the defaults. */
    static FloorEvent everyFieldSet() throws IllegalAccessException {
        FloorEvent e = new FloorEvent();
        int n = 0;
        for (Field f : FloorEvent.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            n++;
            Class<?> t = f.getType();
            if (t == String.class) f.set(e, f.getName() + "-\u00e9\u4e2d\ud83c\udfb0-" + n);
            else if (t == long.class) f.setLong(e, 1_700_000_000_000L + n);
            else if (t == int.class) f.setInt(e, 1_000 + n);
            else if (t == Long.class) f.set(e, 100_000L * n);
            else if (t == Double.class) f.set(e, 33.25 + n);
            else if (t == Boolean.class) f.set(e, Boolean.TRUE);
            else if (t == BigDecimal.class) f.set(e, new BigDecimal("123456789012345678901234567890.25"));
            else if (t == Source.class) f.set(e, Source.CAGE);
            else if (t == ErrorCategory.class) f.set(e, ErrorCategory.POWER_OFF_ACCESS);
            else if (t == Meters.class) f.set(e, new Meters(999_999_999_999_999_999L, 2 + n, 3 + n, 4 + n, 5 + n, 18));
            else
                throw new AssertionError("FloorEventSerializerTest does not know the type of FloorEvent." + f.getName()
                        + ": teach the serializer and this test");
        }
        return e;
    }

    static FloorEvent roundTrip(FloorEvent e) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(e, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        FloorEvent back = SERIALIZER.deserialize(in);
        assertEquals(0, in.available(), "every byte written is read back");
        return back;
    }

    static void assertSameFields(FloorEvent expected, FloorEvent actual) throws IllegalAccessException {
        for (Field f : FloorEvent.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            assertEquals(f.get(expected), f.get(actual), "field " + f.getName());
        }
    }

    @Test
    void everyFieldSurvivesTheWireAndACopy() throws Exception {
        FloorEvent e = everyFieldSet();
        assertSameFields(e, roundTrip(e));
        FloorEvent copy = SERIALIZER.copy(e);
        assertNotSame(e, copy);
        assertSameFields(e, copy);
    }

    @Test
    void anEventWithOnlyItsDefaultsSurvives() throws Exception {
        assertSameFields(new FloorEvent(), roundTrip(new FloorEvent()));
    }

    @Test
    void aJackpotJudgementIsThreeValued() throws Exception {
        for (Boolean judged : new Boolean[] {null, Boolean.FALSE, Boolean.TRUE}) {
            FloorEvent e = new FloorEvent();
            e.jackpotPayout = judged;
            assertEquals(judged, roundTrip(e).jackpotPayout);
            assertEquals(judged, SERIALIZER.copy(e).jackpotPayout);
        }
    }

    @Test
    void flinkUsesItForFloorEventsAndItsSnapshotRestoresIt() throws Exception {
        TypeInformation<FloorEvent> info = TypeInformation.of(FloorEvent.class);
        assertSame(FloorEventSerializer.INSTANCE, info.createSerializer(new SerializerConfigImpl()));
        TypeSerializerSnapshot<FloorEvent> snapshot = SERIALIZER.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<FloorEvent> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        TypeSerializerSchemaCompatibility<FloorEvent> compatibility =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertTrue(compatibility.isCompatibleAsIs(), String.valueOf(compatibility));
        assertSame(FloorEventSerializer.INSTANCE, restored.restoreSerializer());
    }

    @Test
    void stateWrittenByThePojoSerializerOf1xIsMigrated() throws Exception {
        // the serializer FloorWatch 1.x used for FloorEvent: Flink's PojoSerializer over the same fields
        java.util.List<org.apache.flink.api.java.typeutils.PojoField> fields = new java.util.ArrayList<>();
        for (Field f : FloorEvent.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            fields.add(new org.apache.flink.api.java.typeutils.PojoField(
                    f, org.apache.flink.api.java.typeutils.TypeExtractor.createTypeInfo(f.getGenericType())));
        }
        TypeSerializer<FloorEvent> pojo = new org.apache.flink.api.java.typeutils.PojoTypeInfo<>(
                        FloorEvent.class, fields)
                .createSerializer(new SerializerConfigImpl());
        TypeSerializerSchemaCompatibility<FloorEvent> compatibility =
                SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(pojo.snapshotConfiguration());
        assertTrue(compatibility.isCompatibleAfterMigration(), String.valueOf(compatibility));

        // and what it wrote reads back through it, to be written anew by ours
        FloorEvent e = everyFieldSet();
        DataOutputSerializer out = new DataOutputSerializer(64);
        pojo.serialize(e, out);
        FloorEvent read = pojo.snapshotConfiguration()
                .restoreSerializer()
                .deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertSameFields(e, roundTrip(read));
    }
}
