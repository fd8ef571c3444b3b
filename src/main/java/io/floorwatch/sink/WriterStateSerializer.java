package io.floorwatch.sink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A sink writer's checkpointed state, written field by field in one versioned layout: subclasses write and read the
 * fields; this refuses a version it does not know rather than misread it.
 */
public abstract class WriterStateSerializer<T> implements SimpleVersionedSerializer<T> {
    private final int version;
    private final String what;

    /** @param what the state's name in the error for an unknown version, e.g. "webhook writer state" */
    protected WriterStateSerializer(int version, String what) {
        this.version = version;
        this.what = what;
    }

    protected abstract void write(T value, DataOutputStream out) throws IOException;

    protected abstract T read(DataInputStream in) throws IOException;

    /** The expected size in bytes, to size the buffer once. */
    protected int sizeHint(T value) {
        return 512;
    }

    @Override
    public final int getVersion() {
        return version;
    }

    @Override
    public final byte[] serialize(T value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint(value));
        DataOutputStream out = new DataOutputStream(bytes);
        write(value, out);
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public final T deserialize(int serializedVersion, byte[] serialized) throws IOException {
        if (serializedVersion != version) throw new IOException("unknown " + what + " version " + serializedVersion);
        return read(new DataInputStream(new ByteArrayInputStream(serialized)));
    }
}
