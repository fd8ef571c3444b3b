package io.floorwatch.faults;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Notes when the first and the last record passed (wall clock, over all subtasks) and how many: a run's throughput without its start-up. */
final class TimingSink<T> implements Sink<T> {
    private record Marks(AtomicLong first, AtomicLong last, AtomicLong count) {}

    private static final Map<String, Marks> MARKS = new ConcurrentHashMap<>();
    private final String id = UUID.randomUUID().toString();

    TimingSink() {
        MARKS.put(id, new Marks(new AtomicLong(Long.MAX_VALUE), new AtomicLong(), new AtomicLong()));
    }

    long count() {
        return MARKS.get(id).count().get();
    }

    /** Records per second between the first and the last record. */
    double perSecond() {
        Marks m = MARKS.get(id);
        long nanos = Math.max(1, m.last().get() - m.first().get());
        return m.count().get() * 1e9 / nanos;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        Marks m = MARKS.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                long now = System.nanoTime();
                m.first().accumulateAndGet(now, Math::min);
                m.last().accumulateAndGet(now, Math::max);
                m.count().incrementAndGet();
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
