package io.floorwatch.sink.clickhouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Encoded rows of one table waiting to be sent, in RowBinary. Not thread-safe: one thread at a time. */
final class RowBatch<T> {
    static final String FORMAT = "RowBinary";
    /** A new batch's buffer; it grows as rows come. */
    private static final int INITIAL_BYTES = 64 * 1024;

    final String table;
    final List<String> columns;
    private final RowEncoder<T> encoder;
    private BatchBuffer out;
    private RowBinaryOutput binary;
    int rows;
    /** Processing time of the first row in the batch (for the flush interval). */
    long firstRowAt;

    RowBatch(String table, RowEncoder<T> encoder) {
        this.table = table;
        this.encoder = encoder;
        this.columns = List.copyOf(encoder.columns(table));
        this.out = new BatchBuffer(INITIAL_BYTES);
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

    /** The rows so far as one insert, for a batch that is not appended to again. */
    EncodedBatch encoded() {
        return new EncodedBatch(table, columns, rows, out);
    }

    /**
     * The rows so far as one insert, to be sent by another thread; this batch goes on empty, in {@code spare} (the
     * emptied buffer of a batch already stored) or a new buffer.
     */
    EncodedBatch takeRows(BatchBuffer spare) {
        EncodedBatch taken = encoded();
        out = spare != null ? spare : new BatchBuffer(INITIAL_BYTES);
        binary = new RowBinaryOutput(out);
        rows = 0;
        return taken;
    }

    /** Encoded bytes so far. */
    int size() {
        return out.size();
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
