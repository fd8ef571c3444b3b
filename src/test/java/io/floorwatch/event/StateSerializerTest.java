package io.floorwatch.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link StateSerializer}: every kind of field, its snapshot, and state written under an older field list. */
class StateSerializerTest {
    public enum Colour {
        RED,
        GREEN
    }

    public static class Inner {
        public long n;
        public String s;
    }

    /** Version 1 of a state class. */
    public static class V1 {
        public long a;
        public int i;
        public boolean flag;
        public String text;
        public long[] runs = new long[0];
        public Long boxed;
        public Colour colour;
        public Inner inner;
        public long gone;
    }

    /** Version 2: {@code gone} removed, {@code added} added with a default of its own. */
    public static class V2 {
        public long a;
        public int i;
        public boolean flag;
        public String text;
        public long[] runs = new long[0];
        public Long boxed;
        public Colour colour;
        public Inner inner;
        public long added = 7;
    }

    private static V1 v1() {
        V1 v = new V1();
        v.a = Long.MIN_VALUE;
        v.i = 3;
        v.flag = true;
        v.text = "héllo";
        v.runs = new long[] {1, 2};
        v.boxed = 5L;
        v.colour = Colour.GREEN;
        v.inner = new Inner();
        v.inner.n = 9;
        v.gone = 11;
        return v;
    }

    @Test
    @DisplayName("Every kind of field survives a round trip, nulls included")
    void roundTrip() throws Exception {
        StateSerializer<V1> serializer = StateSerializer.of(V1.class);
        V1 back = read(serializer, bytes(serializer, v1()));
        assertEquals(Long.MIN_VALUE, back.a);
        assertEquals(3, back.i);
        assertTrue(back.flag);
        assertEquals("héllo", back.text);
        assertArrayEquals(new long[] {1, 2}, back.runs);
        assertEquals(5L, back.boxed);
        assertEquals(Colour.GREEN, back.colour);
        assertEquals(9, back.inner.n);
        assertNull(back.inner.s);
        assertEquals(11, back.gone);

        V1 empty = read(serializer, bytes(serializer, new V1()));
        assertNull(empty.text);
        assertNull(empty.boxed);
        assertNull(empty.colour);
        assertNull(empty.inner);
        assertEquals(0, empty.runs.length);
    }

    @Test
    @DisplayName("Its snapshot restores it as it is; another field list is migrated: kept fields read, a removed one"
            + " dropped, an added one keeps its constructor's default")
    void evolution() throws Exception {
        StateSerializer<V2> now = StateSerializer.of(V2.class);
        TypeSerializerSnapshot<V2> same = roundTrip(now.snapshotConfiguration());
        assertTrue(now.snapshotConfiguration().resolveSchemaCompatibility(same).isCompatibleAsIs());

        // state of V2's class written when it still had V1's fields
        byte[] old = bytes(StateSerializer.of(V1.class), v1());
        TypeSerializerSnapshot<V2> written =
                roundTrip(new StateSerializer.Snapshot<>(V2.class, StateSerializer.schemaOf(V1.class)));
        assertTrue(
                now.snapshotConfiguration().resolveSchemaCompatibility(written).isCompatibleAfterMigration());
        V2 migrated = read(written.restoreSerializer(), old);
        assertEquals(Long.MIN_VALUE, migrated.a);
        assertEquals("héllo", migrated.text);
        assertArrayEquals(new long[] {1, 2}, migrated.runs);
        assertEquals(Colour.GREEN, migrated.colour);
        assertEquals(9, migrated.inner.n);
        assertEquals(7, migrated.added);
    }

    @Test
    @DisplayName("A field of a kind it cannot write is refused when the serializer is made, not at the first event")
    void unsupportedField() {
        class WithList {
            public List<String> names;
        }
        assertThrows(IllegalArgumentException.class, () -> StateSerializer.of(WithList.class));
    }

    private static <T> TypeSerializerSnapshot<T> roundTrip(TypeSerializerSnapshot<T> snapshot) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), StateSerializerTest.class.getClassLoader());
    }

    private static <T> byte[] bytes(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    private static <T> T read(TypeSerializer<T> serializer, byte[] bytes) throws Exception {
        return serializer.deserialize(new DataInputDeserializer(bytes));
    }
}
