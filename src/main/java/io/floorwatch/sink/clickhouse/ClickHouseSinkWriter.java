package io.floorwatch.sink.clickhouse;

import io.floorwatch.event.RejectedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@link ClickHouseSink}: one growing RowBinary batch per table, sent synchronously. Everything runs in
 * the task's mailbox thread (writes, the flush timer, checkpoint flushes), so there is no locking.
 */
final class ClickHouseSinkWriter<T> implements SinkWriter<T>, BatchInserter.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);
    private final ClickHouseClientSettings.Batching batching;
    private final RowEncoder<T> encoder;
    private final BatchInserter inserter;
    private final ProcessingTimeService time;
    private final long flushIntervalMs;
    private final Map<String, RowBatch<T>> batches = new LinkedHashMap<>();
    /** Rows of records that could not be encoded for their own table. */
    private RowBatch<RejectedEvent> rejectedBatch;

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
        this.batching = settings.batching();
        this.encoder = encoder;
        this.inserter = new BatchInserter(settings, http);
        this.time = time;
        this.flushIntervalMs = Math.max(1, batching.flushInterval().toMillis());
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
        String table = "(no table)";
        RowBatch<T> batch;
        try {
            table = encoder.table(element);
            batch = batches.computeIfAbsent(table, t -> new RowBatch<>(t, encoder));
            batch.append(element);
        } catch (RuntimeException e) {
            // the batch is unchanged (RowBatch.append); the record is kept in rejected_events instead
            reject(encoder.unencodable(element, table, e));
            return;
        }
        appended(batch);
    }

    /** A record that cannot be encoded goes to rejected_events: one odd value must never stop the output. */
    private void reject(RejectedEvent rejected) throws IOException, InterruptedException {
        rowsRejected.inc();
        LOG.warn("A row could not be encoded; kept in {}: {}", Tables.REJECTED_EVENTS, rejected.message());
        if (rejectedBatch == null)
            rejectedBatch = new RowBatch<>(Tables.REJECTED_EVENTS, ClickHouseSinks.REJECTED_EVENTS);
        try {
            rejectedBatch.append(rejected);
        } catch (RuntimeException e) {
            LOG.error(
                    "Could not even encode the rejected_events row of an unencodable record; dropped: {}", rejected, e);
            return;
        }
        appended(rejectedBatch);
    }

    /** After a row went into the batch: the flush interval starts with its first row, and a full batch goes out. */
    private void appended(RowBatch<?> batch) throws IOException, InterruptedException {
        if (batch.rows == 1) {
            batch.firstRowAt = time.getCurrentProcessingTime();
            scheduleTimer(batch.firstRowAt + flushIntervalMs);
        }
        if (batch.rows >= batching.rows() || batch.size() >= batching.bytes()) {
            inserter.send(batch, this);
        }
    }

    private List<RowBatch<?>> allBatches() {
        List<RowBatch<?>> all = new ArrayList<>(batches.values());
        if (rejectedBatch != null) all.add(rejectedBatch);
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
    public void close() {
        // Nothing is sent here: a clean end has flushed already, and on cancel or failure the rows
        // will be replayed from the last checkpoint.
        batches.clear();
        rejectedBatch = null;
    }
}
