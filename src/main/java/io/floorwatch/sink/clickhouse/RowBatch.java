package io.floorwatch.sink.clickhouse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Encoded rows of one table waiting to be sent: RowBinary when the encoder can, else JSONEachRow. Not thread-safe. */
final class RowBatch<T> {
    private static final JsonFactory JSON = new JsonFactory();

    final String table;
    final List<String> columns;
    private final RowEncoder<T> encoder;
    private final BatchBuffer out = new BatchBuffer(64 * 1024);
    private final JsonGenerator json;
    private final RowBinaryOutput binary;
    int rows;
    /** Processing time of the first row in the batch (for the flush interval). */
    long firstRowAt;

    RowBatch(String table, RowEncoder<T> encoder) throws IOException {
        this.table = table;
        this.encoder = encoder;
        if (encoder instanceof RowBinaryEncoder<T> rowBinary) {
            this.columns = List.copyOf(rowBinary.columns(table));
            this.binary = new RowBinaryOutput(out);
            this.json = null;
        } else {
            this.columns = List.of();
            this.binary = null;
            this.json = JSON.createGenerator(out);
            this.json.setRootValueSeparator(null); // rows are separated by the newline we write
        }
    }

    String format() {
        return binary != null ? "RowBinary" : "JSONEachRow";
    }

    void append(T element) throws IOException {
        if (binary != null) {
            ((RowBinaryEncoder<T>) encoder).encodeBinary(element, binary);
        } else {
            encoder.encode(element, json);
            json.writeRaw('\n');
        }
        rows++;
    }

    /** Encoded bytes so far. */
    int size() throws IOException {
        if (json != null) json.flush();
        return out.size();
    }

    /** The encoded rows; valid up to {@link #size()} until the next append. */
    byte[] bytes() throws IOException {
        if (json != null) json.flush();
        return out.array();
    }

    void clear() throws IOException {
        if (json != null) json.flush();
        out.reset();
        rows = 0;
    }

    void close() throws IOException {
        if (json != null) json.close();
    }

    /** Same table and same rows, same token: ClickHouse drops a batch it has already written. */
    String deduplicationToken() throws IOException {
        return deduplicationToken(table, bytes(), size());
    }

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
