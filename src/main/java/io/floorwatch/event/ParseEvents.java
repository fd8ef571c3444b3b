package io.floorwatch.event;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Parses raw records: valid events go on, rejected ones to {@link #REJECTED} with their reason. */
public class ParseEvents extends ProcessFunction<RawRecord, FloorEvent> {
    public static final OutputTag<RejectedEvent> REJECTED =
            new OutputTag<>("rejected-events", TypeInformation.of(RejectedEvent.class));

    private final EventParser parser;
    private transient Counter valid;
    private transient Counter rejected;

    public ParseEvents(EventParser parser) {
        this.parser = parser;
    }

    @Override
    public void open(OpenContext openContext) {
        valid = getRuntimeContext().getMetricGroup().counter("eventsValid");
        rejected = getRuntimeContext().getMetricGroup().counter("eventsRejected");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<FloorEvent> out) {
        ParsedRecord r = parser.parse(raw, System.currentTimeMillis());
        if (r.isValid()) {
            valid.inc();
            out.collect(r.event);
        } else {
            rejected.inc();
            ctx.output(REJECTED, r.rejected);
        }
    }
}
