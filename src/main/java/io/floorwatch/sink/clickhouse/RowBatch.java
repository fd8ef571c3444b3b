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
    private JsonGenerator json;
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
            this.json = newGenerator();
        }
    }

    String format() {
        return binary != null ? "RowBinary" : "JSONEachRow";
    }

    /**
     * Encodes one row; when the encoder throws, the batch is left exactly as it was before the call (no partial row)
     * and the exception is passed on.
     */
    void append(T element) throws IOException {
        int mark = out.size() + (json == null ? 0 : json.getOutputBuffered());
        try {
            if (binary != null) {
                ((RowBinaryEncoder<T>) encoder).encodeBinary(element, binary);
            } else {
                encoder.encode(element, json);
                json.writeRaw('\n');
            }
        } catch (IOException | RuntimeException e) {
            if (json != null) {
                json.flush();
                out.truncate(mark);
                json = newGenerator(); // the old one is inside an unfinished object
            } else {
                out.truncate(mark);
            }
            throw e;
        }
        rows++;
    }

    private JsonGenerator newGenerator() throws IOException {
        JsonGenerator g = JSON.createGenerator(out);
        g.setRootValueSeparator(null); // rows are separated by the newline we write
        return g;
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
