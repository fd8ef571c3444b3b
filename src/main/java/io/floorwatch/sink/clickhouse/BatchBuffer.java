package io.floorwatch.sink.clickhouse;

import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte buffer for one batch: unlike {@link java.io.ByteArrayOutputStream} not synchronized (RowBinary
 * writes many small values: flags, integers, short strings), and it hands its array to the HTTP client without a copy.
 */
final class BatchBuffer extends OutputStream {
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] bytes;
    private int size;

    BatchBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    /** A buffer holding {@code content} (not copied), e.g. a batch read back from a checkpoint. */
    static BatchBuffer holding(byte[] content) {
        BatchBuffer buffer = new BatchBuffer(0);
        buffer.bytes = content;
        buffer.size = content.length;
        return buffer;
    }

    @Override
    public void write(int b) {
        if (size == bytes.length) grow(size + 1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (size + len > bytes.length) grow(size + len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** {@code v}, little-endian, as RowBinary's integers are: one store, not four calls. */
    void writeIntLe(int v) {
        if (size + 4 > bytes.length) grow(size + 4);
        INT_LE.set(bytes, size, v);
        size += 4;
    }

    void writeLongLe(long v) {
        if (size + 8 > bytes.length) grow(size + 8);
        LONG_LE.set(bytes, size, v);
        size += 8;
    }

    /**
     * {@code s} as its UTF-8 bytes if every char is ASCII (one byte each), and true; false, with nothing written,
     * otherwise.
     */
    boolean writeAscii(String s) {
        int n = s.length();
        if (size + n > bytes.length) grow(size + n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) return false;
            bytes[size + i] = (byte) c;
        }
        size += n;
        return true;
    }

    private void grow(int needed) {
        bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
    }

    int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()} until the next write. */
    byte[] array() {
        return bytes;
    }

    /** Drops everything after the first {@code length} bytes. */
    void truncate(int length) {
        if (length < 0 || length > size) throw new IllegalArgumentException("truncate to " + length + " of " + size);
        size = length;
    }

    void reset() {
        size = 0;
    }
}
