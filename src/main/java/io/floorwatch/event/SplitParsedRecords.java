package io.floorwatch.event;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Valid events go on; rejected records go to {@link #REJECTED} with their reason. Counts both. */
public class SplitParsedRecords extends ProcessFunction<ParsedRecord, FloorEvent> {
    public static final OutputTag<RejectedEvent> REJECTED =
            new OutputTag<>("rejected-events", TypeInformation.of(RejectedEvent.class));

    private transient Counter valid;
    private transient Counter rejected;

    @Override
    public void open(OpenContext openContext) {
        valid = getRuntimeContext().getMetricGroup().counter("eventsValid");
        rejected = getRuntimeContext().getMetricGroup().counter("eventsRejected");
    }

    @Override
    public void processElement(ParsedRecord r, Context ctx, Collector<FloorEvent> out) {
        if (r.isValid()) {
            valid.inc();
            out.collect(r.event);
        } else {
            rejected.inc();
            ctx.output(REJECTED, r.rejected);
        }
    }
}
