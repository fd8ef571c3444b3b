package io.floorwatch.topology;

import io.floorwatch.event.FloorEvent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

/**
 * Where the events that arrived behind the watermark of a window or pattern end: counted (metric {@code lateEvents}),
 * nothing more, for they are in the raw tables already.
 */
public class CountLateEvents implements Sink<FloorEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<FloorEvent> createWriter(WriterInitContext context) {
        Counter late = context.metricGroup().counter("lateEvents");
        return new SinkWriter<>() {
            @Override
            public void write(FloorEvent e, Context ctx) {
                late.inc();
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
