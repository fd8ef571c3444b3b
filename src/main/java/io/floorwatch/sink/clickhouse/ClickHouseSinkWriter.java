package io.floorwatch.sink.clickhouse;

import io.floorwatch.event.RejectedEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@link ClickHouseSink}: one growing batch per table (RowBinary when the encoder is a
 * {@link RowBinaryEncoder}, else JSONEachRow), sent synchronously. Everything runs in the task's
 * mailbox thread (writes, the flush timer, checkpoint flushes), so there is no locking.
 */
final class ClickHouseSinkWriter<T> implements SinkWriter<T>, BatchInserter.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);
    private final ClickHouseClientSettings settings;
    private final RowEncoder<T> encoder;
    private final BatchInserter inserter;
    private final ProcessingTimeService time;
    private final long flushIntervalMs;
    private final Map<String, RowBatch<T>> batches = new LinkedHashMap<>();
    /** Rows of records that could not be encoded for their own table (at most one batch, rejected_events). */
    private final Map<String, RowBatch<RejectedEvent>> rejectedBatches = new LinkedHashMap<>();

    private boolean timerPending;

    // package-private: read by the tests
    final Counter rowsWritten;
    final Counter batchesWritten;
    final Counter insertRetries;
    final Counter insertFailures;
    final Counter rowsRejected;
    private final Counter recordsSend;
    private final Counter bytesSend;
    private volatile long lastInsertLatencyMs;

    ClickHouseSinkWriter(
            ClickHouseClientSettings settings,
            RowEncoder<T> encoder,
            ClickHouseHttp http,
            ProcessingTimeService time,
            SinkWriterMetricGroup metrics) {
        this.settings = settings;
        this.encoder = encoder;
        this.inserter = new BatchInserter(settings, http);
        this.time = time;
        this.flushIntervalMs = Math.max(1, settings.flushInterval().toMillis());
        this.rowsWritten = metrics.counter("rowsWritten");
        this.batchesWritten = metrics.counter("batchesWritten");
        this.insertRetries = metrics.counter("insertRetries");
        this.insertFailures = metrics.counter("insertFailures");
        this.rowsRejected = metrics.counter("rowsRejected");
        metrics.gauge("insertLatencyMs", () -> lastInsertLatencyMs);
        this.recordsSend = metrics.getNumRecordsSendCounter();
        this.bytesSend = metrics.getNumBytesSendCounter();
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        String table;
        try {
            table = encoder.table(element);
        } catch (RuntimeException e) {
            reject(encoder.unencodable(element, "(no table)", e));
            return;
        }
        RowBatch<T> batch = batchOf(batches, table, encoder);
        try {
            append(batch, element);
        } catch (IOException | RuntimeException e) {
            // the batch is unchanged (RowBatch.append); the record is kept in rejected_events instead
            reject(encoder.unencodable(element, table, e));
        }
    }

    /** A record that cannot be encoded goes to rejected_events: one odd value must never stop the output. */
    private void reject(RejectedEvent rejected) throws IOException, InterruptedException {
        rowsRejected.inc();
        LOG.warn("A row could not be encoded; kept in {}: {}", Tables.REJECTED_EVENTS, rejected.message);
        try {
            append(batchOf(rejectedBatches, Tables.REJECTED_EVENTS, ClickHouseSinks.REJECTED_EVENTS), rejected);
        } catch (IOException | RuntimeException e) {
            LOG.error(
                    "Could not even encode the rejected_events row of an unencodable record; dropped: {}", rejected, e);
        }
    }

    private static <R> RowBatch<R> batchOf(Map<String, RowBatch<R>> batches, String table, RowEncoder<R> encoder)
            throws IOException {
        RowBatch<R> batch = batches.get(table);
        if (batch == null) {
            batch = new RowBatch<>(table, encoder);
            batches.put(table, batch);
        }
        return batch;
    }

    private void append(RowBatch<?> batch, Object element) throws IOException, InterruptedException {
        boolean wasEmpty = batch.rows == 0;
        appendUnchecked(batch, element);
        if (wasEmpty && batch.rows > 0) {
            batch.firstRowAt = time.getCurrentProcessingTime();
            scheduleTimer(batch.firstRowAt + flushIntervalMs);
        }
        if (batch.rows >= settings.batchRows() || batch.size() >= settings.batchBytes()) {
            inserter.send(batch, this);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R> void appendUnchecked(RowBatch<R> batch, Object element) throws IOException {
        batch.append((R) element);
    }

    private Iterable<RowBatch<?>> allBatches() {
        java.util.List<RowBatch<?>> all = new java.util.ArrayList<>(batches.values());
        all.addAll(rejectedBatches.values());
        return all;
    }

    /** On every checkpoint barrier and at the end of input: nothing buffered may outlive a checkpoint. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        for (RowBatch<?> batch : allBatches()) {
            if (batch.rows > 0) inserter.send(batch, this);
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
        for (RowBatch<?> batch : allBatches()) {
            if (batch.rows == 0) continue;
            if (batch.firstRowAt + flushIntervalMs <= now) {
                inserter.send(batch, this);
            } else {
                next = Math.min(next, batch.firstRowAt + flushIntervalMs);
            }
        }
        if (next != Long.MAX_VALUE) scheduleTimer(next);
    }

    @Override
    public void retried() {
        insertRetries.inc();
    }

    @Override
    public void failed() {
        insertFailures.inc();
    }

    @Override
    public void written(int rows, int bytes, long latencyMs) {
        lastInsertLatencyMs = latencyMs;
        rowsWritten.inc(rows);
        recordsSend.inc(rows);
        bytesSend.inc(bytes);
        batchesWritten.inc();
    }

    @Override
    public void close() throws IOException {
        // Nothing is sent here: a clean end has flushed already, and on cancel or failure the rows
        // will be replayed from the last checkpoint.
        for (RowBatch<?> batch : allBatches()) batch.close();
        batches.clear();
        rejectedBatches.clear();
    }
}
