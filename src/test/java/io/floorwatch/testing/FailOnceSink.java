package io.floorwatch.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Injects one failure in the middle of a stream: the first writer to see {@code failAfter} records, once
 * {@code checkpointsBefore} checkpoints have started (it slows its input down until they have, for at most
 * {@link #MAX_WAIT_MS}), throws; the job restarts from its last checkpoint.
 * Fails once per instance (the flag lives in the test JVM, which the MiniCluster shares).
 */
public final class FailOnceSink<T> implements Sink<T> {
    private static final java.util.Map<String, AtomicBoolean> FAILED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How long a writer slows down at most, waiting for the checkpoints. A barrier waits behind every record buffered
     * ahead of it, each slowed down too: waiting longer could last past the end of the stream (and with 5 ms a record
     * once did, on a loaded machine), so it then fails without them.
     */
    static final long MAX_WAIT_MS = 5_000;

    private final String id = java.util.UUID.randomUUID().toString();
    private final long failAfter;
    private final int checkpointsBefore;

    public FailOnceSink(long failAfter, int checkpointsBefore) {
        this.failAfter = failAfter;
        this.checkpointsBefore = checkpointsBefore;
        FAILED.put(id, new AtomicBoolean(false));
    }

    public boolean hasFailed() {
        return FAILED.get(id).get();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        AtomicBoolean failed = FAILED.get(id);
        AtomicLong seen = new AtomicLong();
        int[] checkpoints = {0};
        long[] waitedMs = {0};
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) throws InterruptedException {
                if (seen.incrementAndGet() < failAfter || failed.get()) return;
                if (checkpoints[0] < checkpointsBefore && waitedMs[0] < MAX_WAIT_MS) {
                    // a fast machine may reach this point before any checkpoint: slow down until the barriers come
                    Thread.sleep(1);
                    waitedMs[0]++;
                    return;
                }
                failed.set(true);
                throw new IllegalStateException("injected failure after " + seen.get() + " records");
            }

            @Override
            public void flush(boolean endOfInput) {
                if (!endOfInput) checkpoints[0]++;
            }

            @Override
            public void close() {}
        };
    }
}
