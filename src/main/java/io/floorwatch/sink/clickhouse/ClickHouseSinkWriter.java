package io.floorwatch.sink.clickhouse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer of {@link ClickHouseSink}: one growing batch per table (RowBinary when the encoder is a
 * {@link RowBinaryEncoder}, else JSONEachRow), sent synchronously.
 * Everything runs in the task's mailbox thread (writes, the flush timer, checkpoint flushes), so
 * there is no locking.
 */
final class ClickHouseSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final ClickHouseClientSettings settings;
    private final RowEncoder<T> encoder;
    private final ClickHouseHttp http;
    private final ProcessingTimeService time;
    private final long flushIntervalMs;
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private boolean timerPending;

    // package-private: read by the tests
    final Counter rowsWritten;
    final Counter batchesWritten;
    final Counter insertRetries;
    final Counter insertFailures;
    private final Counter recordsSend;
    private final Counter bytesSend;
    private volatile long lastInsertLatencyMs;

    ClickHouseSinkWriter(ClickHouseClientSettings settings, RowEncoder<T> encoder, ClickHouseHttp http,
                         ProcessingTimeService time, SinkWriterMetricGroup metrics) {
        this.settings = settings;
        this.encoder = encoder;
        this.http = http;
        this.time = time;
        this.flushIntervalMs = Math.max(1, settings.flushInterval().toMillis());
        this.rowsWritten = metrics.counter("rowsWritten");
        this.batchesWritten = metrics.counter("batchesWritten");
        this.insertRetries = metrics.counter("insertRetries");
        this.insertFailures = metrics.counter("insertFailures");
        metrics.gauge("insertLatencyMs", () -> lastInsertLatencyMs);
        this.recordsSend = metrics.getNumRecordsSendCounter();
        this.bytesSend = metrics.getNumBytesSendCounter();
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        String table = encoder.table(element);
        Batch batch = batches.get(table);
        if (batch == null) {
            batch = new Batch(table);
            batches.put(table, batch);
        }
        if (batch.rows == 0) {
            batch.firstRowAt = time.getCurrentProcessingTime();
            scheduleTimer(batch.firstRowAt + flushIntervalMs);
        }
        batch.append(element);
        if (batch.rows >= settings.batchRows() || batch.size() >= settings.batchBytes()) {
            send(batch);
        }
    }

    /** On every checkpoint barrier and at the end of input: nothing buffered may outlive a checkpoint. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        for (Batch batch : batches.values()) {
            if (batch.rows > 0) send(batch);
        }
    }

    private void scheduleTimer(long at) {
        if (timerPending) return;
        timerPending = true;
        time.registerTimer(at, this::onTimer);
    }

    /** Sends the batches whose first row waited a flush interval; re-arms for the rest. */
    private void onTimer(long now) throws IOException, InterruptedException {
        timerPending = false;
        long next = Long.MAX_VALUE;
        for (Batch batch : batches.values()) {
            if (batch.rows == 0) continue;
            if (batch.firstRowAt + flushIntervalMs <= now) {
                send(batch);
            } else {
                next = Math.min(next, batch.firstRowAt + flushIntervalMs);
            }
        }
        if (next != Long.MAX_VALUE) scheduleTimer(next);
    }

    private void send(Batch batch) throws IOException, InterruptedException {
        int length = batch.size();
        byte[] body = batch.out.array();
        String token = deduplicationToken(batch.table, body, length);
        long backoff = Math.max(1, settings.retryBackoff().toMillis());
        long maxBackoff = Math.max(backoff, settings.maxRetryBackoff().toMillis());
        for (int attempt = 0; ; attempt++) {
            long started = System.nanoTime();
            try {
                http.insert(batch.table, batch.format(), batch.columns, body, 0, length, token);
                lastInsertLatencyMs = (System.nanoTime() - started) / 1_000_000;
                break;
            } catch (ClickHouseException e) {
                if (!e.retryable() || attempt >= settings.maxRetries()) {
                    insertFailures.inc();
                    throw new IOException("giving up on inserting " + batch.rows + " rows into " + batch.table
                            + " after " + (attempt + 1) + " attempt(s)", e);
                }
                insertRetries.inc();
                if (attempt == 0 && e.httpStatus() == 0) {
                    // Most likely a pooled keep-alive connection the server had already closed: try a fresh
                    // one at once, without alarming anybody.
                    LOG.debug("Insert into {} failed on the first attempt, retrying at once: {}", batch.table, e.getMessage());
                    continue;
                }
                long delay = Math.min(maxBackoff, backoff << Math.min(attempt, 20));
                LOG.warn("Insert of {} rows into {} failed (attempt {} of {}), retrying in {} ms: {}",
                        batch.rows, batch.table, attempt + 1, settings.maxRetries() + 1, delay, e.getMessage());
                Thread.sleep(delay);
            }
        }
        rowsWritten.inc(batch.rows);
        recordsSend.inc(batch.rows);
        bytesSend.inc(length);
        batchesWritten.inc();
        batch.clear();
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

    @Override
    public void close() throws IOException {
        // Nothing is sent here: a clean end has flushed already, and on cancel or failure the rows
        // will be replayed from the last checkpoint.
        for (Batch batch : batches.values()) batch.close();
        batches.clear();
    }

    /** Rows of one table waiting to be sent: RowBinary when the encoder can, else JSONEachRow. */
    private final class Batch {
        final String table;
        final BatchBuffer out = new BatchBuffer(64 * 1024);
        final List<String> columns;
        final JsonGenerator json;
        final RowBinaryOutput binary;
        int rows;
        long firstRowAt;

        Batch(String table) throws IOException {
            this.table = table;
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

        int size() throws IOException {
            if (json != null) json.flush();
            return out.size();
        }

        void clear() throws IOException {
            if (json != null) json.flush();
            out.reset();
            rows = 0;
        }

        void close() throws IOException {
            if (json != null) json.close();
        }
    }
}
