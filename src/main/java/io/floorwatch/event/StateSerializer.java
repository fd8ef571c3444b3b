package io.floorwatch.event;

import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The serializer of a small mutable class kept in keyed state and read and written on every event: its public fields
 * in name order, each written by its kind, nested classes of the same sort included. Flink's PojoSerializer, which it
 * replaces, filled every field of a fresh instance (nested POJOs included) with a default by reflection before each
 * read, and wrote a null flag per field: a fifth of the entity chain's CPU in the profile (README, Performance).
 *
 * <p>The field list is the schema, kept in the {@link Snapshot}: state written by Flink's PojoSerializer (FloorWatch
 * 1.1 and before) or under another field list is migrated on restore, read with the old list and written with the new
 * one. A field added since keeps the value its class's constructor gives it; a removed one is dropped.
 */
public final class StateSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    /** The kinds of field a state class may have. */
    enum Kind {
        LONG,
        INT,
        BOOLEAN,
        STRING,
        LONG_ARRAY,
        BOXED_LONG,
        ENUM,
        NESTED
    }

    /** One field of a schema: its name and kind, the class of an enum or nested field, a nested field's own schema. */
    record Slot(String name, Kind kind, String typeName, List<Slot> nested) implements Serializable {}

    /** A slot and the field of the class now that has its name and kind (null: read and dropped, written as 0/null). */
    private record Bound(Slot slot, Field field, Constructor<?> nestedConstructor, List<Bound> nested) {}

    private final Class<T> type;
    private final List<Slot> schema;
    private transient List<Bound> bound;
    private transient Constructor<T> constructor;

    private StateSerializer(Class<T> type, List<Slot> schema) {
        this.type = type;
        this.schema = schema;
    }

    /** The serializer of {@code type} as it is now. */
    public static <T> StateSerializer<T> of(Class<T> type) {
        return new StateSerializer<>(type, schemaOf(type));
    }

    // ------------------------------------------------------------------------------------------------ schema

    static List<Slot> schemaOf(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && !Modifier.isStatic(m) && !Modifier.isTransient(m)) fields.add(f);
        }
        fields.sort(Comparator.comparing(Field::getName));
        List<Slot> slots = new ArrayList<>();
        for (Field f : fields) {
            Kind kind = kindOf(f.getType());
            boolean typed = kind == Kind.ENUM || kind == Kind.NESTED;
            List<Slot> nested = kind == Kind.NESTED ? schemaOf(f.getType()) : List.of();
            slots.add(new Slot(f.getName(), kind, typed ? f.getType().getName() : "", nested));
        }
        return slots;
    }

    private static Kind kindOf(Class<?> t) {
        if (t == long.class) return Kind.LONG;
        if (t == int.class) return Kind.INT;
        if (t == boolean.class) return Kind.BOOLEAN;
        if (t == String.class) return Kind.STRING;
        if (t == long[].class) return Kind.LONG_ARRAY;
        if (t == Long.class) return Kind.BOXED_LONG;
        if (t.isEnum()) return Kind.ENUM;
        if (t.isPrimitive() || t.isArray() || t.getName().startsWith("java.")) {
            throw new IllegalArgumentException("a state field of type " + t.getName() + " is not supported");
        }
        return Kind.NESTED;
    }

    /** {@code slots} (a schema, maybe restored) bound to the fields of {@code type} now (null: a class that is gone). */
    private static List<Bound> bind(Class<?> type, List<Slot> slots) {
        List<Bound> bound = new ArrayList<>();
        for (Slot s : slots) {
            Field f = null;
            try {
                Field candidate = type == null ? null : type.getField(s.name());
                boolean same = candidate != null
                        && kindOf(candidate.getType()) == s.kind()
                        && (s.typeName().isEmpty()
                                || candidate.getType().getName().equals(s.typeName()));
                if (same) {
                    f = candidate;
                    f.setAccessible(true); // public already: this only skips the access check on every get and set
                }
            } catch (NoSuchFieldException | IllegalArgumentException gone) {
                // a field the class no longer has (or of another kind): read and dropped
            }
            Class<?> nested = f == null || s.kind() != Kind.NESTED ? null : f.getType();
            bound.add(new Bound(s, f, nested == null ? null : constructorOf(nested), bind(nested, s.nested())));
        }
        return bound;
    }

    private List<Bound> bound() {
        if (bound == null) bound = bind(type, schema);
        return bound;
    }

    // ------------------------------------------------------------------------------------------------ format

    @Override
    public void serialize(T value, DataOutputView out) throws IOException {
        try {
            write(value, bound(), out);
        } catch (IllegalAccessException e) {
            throw new IOException("cannot read a field of " + type.getName(), e);
        }
    }

    @Override
    public T deserialize(DataInputView in) throws IOException {
        try {
            @SuppressWarnings("unchecked")
            T value = (T) read(constructor(), bound(), in);
            return value;
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot set a field of " + type.getName(), e);
        }
    }

    private static void write(Object value, List<Bound> fields, DataOutputView out)
            throws IOException, IllegalAccessException {
        for (Bound b : fields) {
            Field f = b.field(); // null: a field the class no longer has, written as 0 / false / null
            switch (b.slot().kind()) {
                case LONG -> out.writeLong(f == null ? 0 : f.getLong(value)); // primitives unboxed: no garbage
                case INT -> out.writeInt(f == null ? 0 : f.getInt(value));
                case BOOLEAN -> out.writeBoolean(f != null && f.getBoolean(value));
                case STRING -> FlinkStrings.write(f == null ? null : (String) f.get(value), out); // null-safe
                case ENUM -> {
                    Enum<?> v = f == null ? null : (Enum<?>) f.get(value);
                    FlinkStrings.write(v == null ? null : v.name(), out);
                }
                case BOXED_LONG, LONG_ARRAY, NESTED -> {
                    Object v = f == null ? null : f.get(value);
                    out.writeBoolean(v != null);
                    if (v instanceof Long boxed) out.writeLong(boxed);
                    else if (v instanceof long[] runs) writeLongs(runs, out);
                    else if (v != null) write(v, b.nested(), out);
                }
            }
        }
    }

    /** A new instance ({@code make}; null: only consume the bytes) with the fields of {@code fields} read. */
    private static Object read(Constructor<?> make, List<Bound> fields, DataInputView in)
            throws IOException, ReflectiveOperationException {
        Object value = make == null ? null : make.newInstance();
        for (Bound b : fields) {
            Field f = value == null ? null : b.field(); // null: read and dropped
            switch (b.slot().kind()) {
                case LONG -> {
                    long v = in.readLong();
                    if (f != null) f.setLong(value, v);
                }
                case INT -> {
                    int v = in.readInt();
                    if (f != null) f.setInt(value, v);
                }
                case BOOLEAN -> {
                    boolean v = in.readBoolean();
                    if (f != null) f.setBoolean(value, v);
                }
                default -> {
                    Object v = readObject(b, f, in);
                    if (f != null) f.set(value, v);
                }
            }
        }
        return value;
    }

    private static Object readObject(Bound b, Field f, DataInputView in)
            throws IOException, ReflectiveOperationException {
        return switch (b.slot().kind()) {
            case STRING -> FlinkStrings.read(in);
            case ENUM -> enumValue(f, FlinkStrings.read(in));
            case BOXED_LONG -> in.readBoolean() ? in.readLong() : null;
            case LONG_ARRAY -> in.readBoolean() ? readLongs(in) : null;
            case NESTED -> in.readBoolean() ? read(f == null ? null : b.nestedConstructor(), b.nested(), in) : null;
            default -> throw new IllegalStateException("not an object field: " + b.slot());
        };
    }

    private static void writeLongs(long[] runs, DataOutputView out) throws IOException {
        out.writeInt(runs.length);
        for (long t : runs) out.writeLong(t);
    }

    private static long[] readLongs(DataInputView in) throws IOException {
        long[] a = new long[in.readInt()];
        for (int i = 0; i < a.length; i++) a[i] = in.readLong();
        return a;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Field field, String name) {
        if (name == null || field == null) return null;
        try {
            return Enum.valueOf((Class<? extends Enum>) field.getType(), name);
        } catch (IllegalArgumentException gone) {
            return null; // a constant the enum no longer has
        }
    }

    /** The public no-argument constructor of a state class, found once (not on every read). */
    private static <C> Constructor<C> constructorOf(Class<C> type) {
        try {
            Constructor<C> constructor = type.getConstructor();
            constructor.setAccessible(true); // public already: skips the access check on every instance
            return constructor;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " needs a public no-argument constructor", e);
        }
    }

    private Constructor<T> constructor() {
        if (constructor == null) constructor = constructorOf(type);
        return constructor;
    }

    // ------------------------------------------------------------------------------------------------ TypeSerializer

    @Override
    public T createInstance() {
        try {
            return constructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create a " + type.getName(), e);
        }
    }

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
        return obj instanceof StateSerializer<?> s && s.type == type && s.schema.equals(schema);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, schema);
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(type, schema);
    }

    /**
     * The class and its schema, so that state written under another schema (or by Flink's PojoSerializer) is read
     * with it and migrated.
     */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private Class<T> type;
        private List<Slot> schema;

        public Snapshot() {} // restored by name

        Snapshot(Class<T> type, List<Slot> schema) {
            this.type = type;
            this.schema = schema;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(type.getName());
            writeSchema(schema, out);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readSnapshot(int version, DataInputView in, ClassLoader loader) throws IOException {
            String name = in.readUTF();
            try {
                type = (Class<T>) Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IOException("state class " + name + " is gone", e);
            }
            schema = readSchema(in);
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new StateSerializer<>(type, schema);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            if (old instanceof PojoSerializerSnapshot<?>)
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            if (!(old instanceof Snapshot<T> o) || o.type != type)
                return TypeSerializerSchemaCompatibility.incompatible();
            return o.schema.equals(schema)
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }

        private static void writeSchema(List<Slot> slots, DataOutputView out) throws IOException {
            out.writeInt(slots.size());
            for (Slot s : slots) {
                out.writeUTF(s.name());
                out.writeUTF(s.kind().name());
                out.writeUTF(s.typeName());
                writeSchema(s.nested(), out);
            }
        }

        private static List<Slot> readSchema(DataInputView in) throws IOException {
            int n = in.readInt();
            List<Slot> slots = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                Kind kind = Kind.valueOf(in.readUTF());
                String typeName = in.readUTF();
                slots.add(new Slot(name, kind, typeName, readSchema(in)));
            }
            return slots;
        }
    }
}
