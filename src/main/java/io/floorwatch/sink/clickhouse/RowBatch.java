package io.floorwatch.sink.clickhouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Encoded rows of one table waiting to be sent, in RowBinary. Not thread-safe: one thread at a time. */
final class RowBatch<T> {
    static final String FORMAT = "RowBinary";

    final String table;
    final List<String> columns;
    private final RowEncoder<T> encoder;
    private BatchBuffer out;
    private RowBinaryOutput binary;
    int rows;
    /** Processing time of the first row in the batch (for the flush interval). */
    long firstRowAt;

    RowBatch(String table, RowEncoder<T> encoder) {
        this(table, encoder, List.copyOf(encoder.columns(table)), new BatchBuffer(64 * 1024));
    }

    private RowBatch(String table, RowEncoder<T> encoder, List<String> columns, BatchBuffer out) {
        this.table = table;
        this.encoder = encoder;
        this.columns = columns;
        this.out = out;
        this.binary = new RowBinaryOutput(out);
    }

    /**
     * Encodes one row; when the encoder throws, the batch is left exactly as it was before the call (no partial row)
     * and the exception is passed on.
     */
    void append(T element) {
        int mark = out.size();
        try {
            encoder.encode(element, binary);
        } catch (RuntimeException e) {
            out.truncate(mark);
            throw e;
        }
        rows++;
    }

    /**
     * The rows so far as a batch of their own, to be sent by another thread; this batch goes on empty, in {@code spare}
     * (an empty buffer of a batch already sent) or a new buffer.
     */
    RowBatch<T> takeRows(BatchBuffer spare) {
        RowBatch<T> taken = new RowBatch<>(table, encoder, columns, out);
        taken.rows = rows;
        taken.firstRowAt = firstRowAt;
        out = spare != null ? spare : new BatchBuffer(64 * 1024);
        binary = new RowBinaryOutput(out);
        rows = 0;
        return taken;
    }

    /** The buffer, for another batch once this one is sent and cleared. */
    BatchBuffer buffer() {
        return out;
    }

    /** Encoded bytes so far. */
    int size() {
        return out.size();
    }

    /** The encoded rows; valid up to {@link #size()} until the next append. */
    byte[] bytes() {
        return out.array();
    }

    void clear() {
        out.reset();
        rows = 0;
    }

    /** Same table and same rows, same token: ClickHouse drops a batch it has already written. */
    static String deduplicationToken(String table, byte[] body, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(table.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(body, 0, length);
            return "fw-" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
