package io.floorwatch.event;

import java.io.IOException;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The serializer of a small mutable class kept in keyed state and read and written on every event, field by field.
 * Flink's PojoSerializer reaches each field by reflection and, before each read, fills every field of a fresh
 * instance (nested POJOs included) with a default value only to overwrite it: a fifth of the entity chain's CPU in the
 * profile (README, Performance). State written by the PojoSerializer (FloorWatch 1.1 and before) is migrated on
 * restore: read with the old serializer, written with this one ({@link Snapshot}).
 *
 * <p>A subclass writes and reads the fields in one fixed order; a new field is a new format: add a new serializer
 * (snapshot) class, and let it migrate from this one, as this one does from the POJO format.
 */
public abstract class StateSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public abstract void serialize(T value, DataOutputView out) throws IOException;

    @Override
    public abstract T deserialize(DataInputView in) throws IOException;

    @Override
    public T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    /** A deep copy through the serialized form: only the heap backend and object reuse off call it, rarely. */
    @Override
    public T copy(T from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serialize(from, out);
            return deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy " + from, e);
        }
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return this; // stateless
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public boolean equals(Object obj) {
        return obj != null && obj.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    protected static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out); // null-safe
    }

    protected static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    /**
     * Restores a subclass from checkpoints and savepoints (each subclass has its own, with a public no-arg
     * constructor), and migrates state the PojoSerializer wrote.
     */
    public abstract static class Snapshot<T> extends SimpleTypeSerializerSnapshot<T> {
        protected Snapshot(Supplier<? extends TypeSerializer<T>> serializer) {
            super(serializer);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            if (old instanceof PojoSerializerSnapshot<?>)
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            return super.resolveSchemaCompatibility(old);
        }
    }
}
