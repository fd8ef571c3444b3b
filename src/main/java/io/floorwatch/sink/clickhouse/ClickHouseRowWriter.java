package io.floorwatch.sink.clickhouse;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched, best-effort ClickHouse writes from plain threads, for logs that live outside the Flink
 * dataflow: e.g. a webhook {@code DeliveryListener} writing {@code alert_deliveries}. Thread-safe;
 * {@link #add} never blocks on the network and never throws. Batches go out from one background
 * thread by size or after the flush interval, with the same retries and deduplication
 * tokens as {@link ClickHouseSink}. Not checkpointed: rows still buffered when the process dies, or
 * whose insert fails after all retries, are lost (counted in {@link #rowsDropped()}). For data that
 * must survive failures use {@link ClickHouseSink}.
 */
public final class ClickHouseRowWriter<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseRowWriter.class);
    /** Full batches waiting for the sender before new rows are dropped: bounds memory during an outage. */
    private static final int MAX_QUEUED_BATCHES = 16;

    private final ClickHouseClientSettings.Batching batching;
    private final Duration requestTimeout;
    private final RowEncoder<T> encoder;
    private final BatchInserter inserter;
    private final ScheduledExecutorService sender;
    private final Map<String, RowBatch<T>> batches = new HashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private boolean closed;

    public ClickHouseRowWriter(ClickHouseClientSettings settings, RowEncoder<T> encoder, String name) {
        this.batching = settings.batching();
        this.requestTimeout = settings.requestTimeout();
        this.encoder = encoder;
        this.inserter = new BatchInserter(settings, new ClickHouseHttp(settings));
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clickhouse-writer-" + name);
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(1, batching.flushInterval().toMillis());
        sender.scheduleWithFixedDelay(this::sendAged, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Buffers one row; a full batch is handed to the sender thread. */
    public void add(T record) {
        RowBatch<T> full = null;
        synchronized (this) {
            if (closed || queued.get() >= MAX_QUEUED_BATCHES) {
                dropped.incrementAndGet();
                return;
            }
            try {
                String table = encoder.table(record);
                RowBatch<T> batch = batches.computeIfAbsent(table, t -> new RowBatch<>(t, encoder));
                if (batch.rows == 0) batch.firstRowAt = System.currentTimeMillis();
                batch.append(record);
                if (batch.rows >= batching.rows() || batch.size() >= batching.bytes()) {
                    full = batch;
                    batches.remove(table);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not encode a row for ClickHouse, dropped: {}", e.toString());
                dropped.incrementAndGet();
                return;
            }
        }
        if (full != null) submit(full);
    }

    /** Sends everything buffered and waits until it is written (or dropped). */
    public void flush() throws InterruptedException {
        List<RowBatch<T>> all = takeAll(Long.MAX_VALUE);
        for (RowBatch<T> b : all) submit(b);
        try {
            sender.submit(() -> {}).get(); // the sender runs batches in order: this one comes last
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    public long rowsWritten() {
        return written.get();
    }

    public long rowsDropped() {
        return dropped.get();
    }

    private void sendAged() {
        long cutoff = System.currentTimeMillis() - batching.flushInterval().toMillis();
        for (RowBatch<T> b : takeAll(cutoff)) send(b);
    }

    /** Removes the batches with a first row at or before {@code cutoff}. */
    private synchronized List<RowBatch<T>> takeAll(long cutoff) {
        List<RowBatch<T>> out = new ArrayList<>();
        batches.values().removeIf(b -> {
            if (b.rows > 0 && b.firstRowAt <= cutoff) {
                out.add(b);
                return true;
            }
            return false;
        });
        return out;
    }

    private void submit(RowBatch<T> batch) {
        queued.incrementAndGet();
        try {
            sender.execute(() -> {
                queued.decrementAndGet();
                send(batch);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.decrementAndGet();
            dropped.addAndGet(batch.rows);
        }
    }

    /** In the sender thread. */
    private void send(RowBatch<T> batch) {
        int rows = batch.rows;
        try {
            inserter.send(batch.encoded(), new BatchInserter.Listener() {
                @Override
                public void retried() {}

                @Override
                public void failed() {}

                @Override
                public void written(int r, int bytes, long latencyMs) {
                    written.addAndGet(r);
                }
            });
        } catch (IOException e) {
            dropped.addAndGet(rows);
            LOG.error("Dropped {} rows for {}: {}", rows, batch.table, e.getMessage());
        } catch (InterruptedException e) {
            dropped.addAndGet(rows);
            Thread.currentThread().interrupt();
        }
    }

    /** Sends what is buffered (waiting up to the request timeout times the retries), then stops the sender. */
    @Override
    public void close() throws InterruptedException {
        List<RowBatch<T>> rest;
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        rest = takeAll(Long.MAX_VALUE);
        for (RowBatch<T> b : rest) submit(b);
        sender.shutdown();
        if (!sender.awaitTermination(Math.max(30, requestTimeout.toSeconds() * 2), TimeUnit.SECONDS)) {
            LOG.warn("ClickHouse writer still busy at close; giving up on its last rows");
            sender.shutdownNow();
        }
    }
}
