package io.floorwatch.sink.clickhouse;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer for one batch: unlike {@link java.io.ByteArrayOutputStream} not synchronized
 * (RowBinary writes byte by byte), and it hands its array to the HTTP client without a copy.
 */
final class BatchBuffer extends OutputStream {
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
