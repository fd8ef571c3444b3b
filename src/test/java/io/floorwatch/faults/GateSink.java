package io.floorwatch.faults;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Puts a fault in the middle of a stream: the writer that sees the {@code at}-th raw event (counted over all
 * subtasks) holds the stream there until the test has injected its fault and calls {@link #release()}. One shot:
 * after a restart the stream flows. The latches live in the test JVM, which the MiniCluster shares.
 */
final class GateSink<T> implements Sink<T> {
    private record Gate(AtomicLong seen, CountDownLatch reached, CountDownLatch released) {}

    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final long at;

    GateSink(long at) {
        this.at = at;
        GATES.put(id, new Gate(new AtomicLong(), new CountDownLatch(1), new CountDownLatch(1)));
    }

    /** Waits until the stream has reached the gate. */
    void awaitReached(Duration timeout) throws InterruptedException {
        if (!GATES.get(id).reached().await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the stream did not reach " + at + " raw events within " + timeout);
        }
    }

    void release() {
        GATES.get(id).released().countDown();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Gate gate = GATES.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) throws InterruptedException {
                if (gate.seen().incrementAndGet() == at) {
                    gate.reached().countDown();
                    gate.released().await(5, TimeUnit.MINUTES);
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
