package io.floorwatch.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Wall-clock marks of a stream inside a local MiniCluster (which runs in the benchmark's own JVM, so a static
 * registry is shared by the subtasks and the benchmark): how many records passed, when the first one did,
 * when the last one did, and when the count crossed the half-way mark (the warm second half of a run).
 */
final class Timing {
    private static final Map<String, Timing> REGISTRY = new ConcurrentHashMap<>();

    final AtomicLong count = new AtomicLong();
    final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastNanos = new AtomicLong();
    final AtomicLong halfNanos = new AtomicLong();
    /** The count that counts as "half way"; 0 = not tracked. */
    volatile long half;

    static Timing create(String name, long expected) {
        Timing t = new Timing();
        t.half = expected / 2;
        REGISTRY.put(name, t);
        return t;
    }

    static Timing get(String name) {
        return REGISTRY.get(name);
    }

    static void remove(String name) {
        REGISTRY.remove(name);
    }

    void mark() {
        long now = System.nanoTime();
        long n = count.incrementAndGet();
        if (n == 1 || firstNanos.get() == Long.MAX_VALUE) firstNanos.accumulateAndGet(now, Math::min);
        lastNanos.accumulateAndGet(now, Math::max);
        if (n == half) halfNanos.set(now);
    }

    /** Seconds from the first record to the last one. */
    double busySeconds() {
        long first = firstNanos.get();
        return first == Long.MAX_VALUE ? 0 : (lastNanos.get() - first) / 1e9;
    }

    /** Seconds of the second half of the records (JIT warm), or 0 when the half mark was not seen. */
    double secondHalfSeconds() {
        long h = halfNanos.get();
        return h == 0 ? 0 : (lastNanos.get() - h) / 1e9;
    }

    /** A sink that discards every record after marking it in the named {@link Timing}. */
    static final class CountingSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final String name;

        CountingSink(String name) {
            this.name = name;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Timing timing = Timing.get(name);
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    timing.mark();
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
