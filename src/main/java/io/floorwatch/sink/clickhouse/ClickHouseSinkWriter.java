package io.floorwatch.sink.clickhouse;

import io.floorwatch.event.RejectedEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@link ClickHouseSink}: one growing RowBinary batch per table. Rows are encoded in the task's mailbox
 * thread (writes, the flush timer, checkpoints); a batch that is due is handed to a sender thread of this writer, which
 * inserts the batches one at a time, in order. So an insert never holds up the operators chained with the sink (the
 * per-entity rules share its task): the task waits only when {@value #MAX_IN_FLIGHT} batches are still on their way
 * (ClickHouse slow or down: backpressure), and at the end of input, where everything must be stored. A checkpoint does
 * not wait: it hands the open batches over and keeps every batch not yet stored in the writer's state
 * ({@link #snapshotState}); after a restore they are sent again, and their deduplication tokens drop a repeat. A failed
 * insert (retries used up) fails the writer at its next call.
 */
final class ClickHouseSinkWriter<T> implements StatefulSinkWriter<T, EncodedBatch>, BatchInserter.Listener {
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

    /** At most this many batches on their way; beyond, the task waits (backpressure). */
    private static final int MAX_IN_FLIGHT = 8;

    /** Batches handed to {@link #sender} and not yet known to be stored, oldest first (they finish in this order). */
    private final ArrayDeque<Sending> inFlight = new ArrayDeque<>();
    /** Emptied buffers of batches already stored: the next batches need not grow a buffer again. */
    private final ArrayDeque<BatchBuffer> spareBuffers = new ArrayDeque<>();

    private record Sending(EncodedBatch batch, Future<?> stored) {}

    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "clickhouse-sender");
        t.setDaemon(true);
        return t;
    });

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
            SinkWriterMetricGroup metrics,
            Collection<EncodedBatch> restored)
            throws IOException {
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
        try {
            for (EncodedBatch batch : restored) submit(batch); // not known to be stored at the last checkpoint
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending the batches of the last checkpoint again", e);
        }
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        collectSent();
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
        if (batch.rows >= batching.rows() || batch.size() >= batching.bytes()) send(batch);
    }

    /** Hands the batch's rows to the sender thread. */
    private void send(RowBatch<?> batch) throws IOException, InterruptedException {
        submit(batch.takeRows(spareBuffers.poll()));
    }

    /** Waits while {@value #MAX_IN_FLIGHT} batches are on their way, then queues this one for the sender. */
    private void submit(EncodedBatch batch) throws IOException, InterruptedException {
        while (inFlight.size() >= MAX_IN_FLIGHT) awaitOldest();
        inFlight.add(new Sending(batch, sender.submit(() -> {
            inserter.send(batch, this);
            return null;
        })));
    }

    /** Forgets the batches already stored, and fails if one could not be. */
    private void collectSent() throws IOException, InterruptedException {
        while (!inFlight.isEmpty() && inFlight.peekFirst().stored().isDone()) awaitOldest();
    }

    /** Waits until every batch handed to the sender is stored; fails if one could not be. */
    void awaitSent() throws IOException, InterruptedException {
        while (!inFlight.isEmpty()) awaitOldest();
    }

    private void awaitOldest() throws IOException, InterruptedException {
        try {
            inFlight.peekFirst().stored().get();
            // Only now, in this thread, may the buffer be written again: until the batch left inFlight, a checkpoint
            // could still be copying it.
            BatchBuffer buffer = inFlight.removeFirst().batch().buffer();
            buffer.reset();
            spareBuffers.add(buffer);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("inserting into ClickHouse failed", e.getCause());
        }
    }

    private List<RowBatch<?>> allBatches() {
        List<RowBatch<?>> all = new ArrayList<>(batches.values());
        if (rejectedBatch != null) all.add(rejectedBatch);
        return all;
    }

    /**
     * Before every checkpoint barrier: the open batches go to the sender (the checkpoint keeps them until stored, see
     * {@link #snapshotState}). At the end of input: and waits until everything is stored.
     */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        sendOpenBatches();
        if (endOfInput) awaitSent();
    }

    private void sendOpenBatches() throws IOException, InterruptedException {
        for (RowBatch<?> batch : allBatches()) {
            if (batch.rows > 0) send(batch);
        }
    }

    /** Every row written so far and not yet stored, as the batches that carry it; the sender goes on meanwhile. */
    @Override
    public List<EncodedBatch> snapshotState(long checkpointId) throws IOException {
        try {
            sendOpenBatches(); // none after flush; kept so that no row can miss the checkpoint
            collectSent();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while taking the ClickHouse writer's checkpoint", e);
        }
        List<EncodedBatch> unstored = new ArrayList<>(inFlight.size());
        for (Sending s : inFlight) unstored.add(s.batch());
        return unstored;
    }

    private void scheduleTimer(long at) {
        if (timerPending) return;
        timerPending = true;
        time.registerTimer(at, this::onTimer);
    }

    /** Sends the batches whose first row waited a flush interval; re-arms for the rest. */
    private void onTimer(long now) throws IOException, InterruptedException {
        timerPending = false;
        collectSent();
        long next = Long.MAX_VALUE;
        for (RowBatch<?> batch : allBatches()) {
            if (batch.rows == 0) continue;
            if (batch.firstRowAt + flushIntervalMs <= now) {
                send(batch);
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
        // Nothing is sent here: a clean end has flushed already, and on cancel or failure the last checkpoint holds the
        // batches not yet stored and the sources replay the rest (an insert cut short is sent again; its token drops a
        // repeat).
        sender.shutdownNow();
        inFlight.clear();
        batches.clear();
        rejectedBatch = null;
    }
}
